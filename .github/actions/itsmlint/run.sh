#!/usr/bin/env bash
# The itsmlint Action's work (action.yml calls it; tests/action.rs runs it
# with a faked GitHub environment): annotations on the pull request's changed
# lines, a SARIF file for code scanning, the completeness delta in the step
# summary. Inputs arrive as INPUT_* variables; ITSMLINT_BIN names the binary.
set -euo pipefail

itsmlint="${ITSMLINT_BIN:-itsmlint}"
cd "${GITHUB_WORKSPACE:-$PWD}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"
outputs="${GITHUB_OUTPUT:-/dev/null}"
sarif_file="${INPUT_SARIF_FILE:-${RUNNER_TEMP:-/tmp}/itsmlint.sarif}"

# Paths are separated by whitespace or newlines, as a YAML block gives them.
read -r -d '' -a paths <<<"${INPUT_PATHS:-.}" || true
[ "${#paths[@]}" -gt 0 ] || paths=(.)

# The base: the input, else the pull request's base from the event. A push
# has none: then every finding counts (less what the baseline holds).
base="${INPUT_DIFF_BASE:-}"
if [ -z "$base" ] && [ -n "${GITHUB_EVENT_PATH:-}" ] && [ -f "$GITHUB_EVENT_PATH" ]; then
  base="$(jq -r '.pull_request.base.sha // empty' "$GITHUB_EVENT_PATH")"
fi

# Both commands score with the workspace's config, so the delta is the documents' own.
config=()
if [ -n "${INPUT_CONFIG:-}" ]; then
  config=(--config "$(realpath "$INPUT_CONFIG")")
fi
check=(check "${config[@]}")
[ -n "${INPUT_BASELINE:-}" ] && check+=(--baseline "$INPUT_BASELINE")
[ -n "$base" ] && check+=(--diff-base "$base")

# Annotations: the gate. Exit 1 (findings) or 2 (trouble) fails the step, at the end.
status=0
gate=("${check[@]}" --format github)
[ -n "${INPUT_MIN_COMPLETENESS:-}" ] && gate+=(--min-completeness "$INPUT_MIN_COMPLETENESS")
"$itsmlint" "${gate[@]}" -- "${paths[@]}" || status=$?

# SARIF: the same findings for code scanning, written whatever they are.
sarif_status=0
"$itsmlint" "${check[@]}" --exit-zero --format sarif --output-file "$sarif_file" -- "${paths[@]}" ||
  sarif_status=$?
[ "$status" -ne 0 ] || status=$sarif_status
results=0
if [ -s "$sarif_file" ]; then
  results="$(jq '[.runs[].results | length] | add // 0' "$sarif_file")"
fi
{
  echo "sarif-file=$sarif_file"
  echo "sarif-results=$results"
} >>"$outputs"

# The completeness delta: this commit against the merge-base, as a Markdown table.
{
  echo "## itsmlint"
  echo
  echo "$results finding(s)${INPUT_BASELINE:+ not in the baseline}${base:+ on the lines changed since ${base:0:12}}."
  echo
} >>"$summary"
report=(report "${config[@]}")
scratch="$(mktemp -d "${RUNNER_TEMP:-/tmp}/itsmlint.XXXXXX")"
trap 'rm -rf "$scratch"' EXIT
scored_base=false
if [ -n "$base" ]; then
  merge_base="$(git merge-base "$base" HEAD)"
  git worktree add --quiet --detach "$scratch/base" "$merge_base"
  # Named after the commit: the summary shows the name.
  base_report="$scratch/merge-base-${merge_base:0:12}.json"
  # Scored from inside the base checkout, so that its paths match this one's.
  if (cd "$scratch/base" && "$itsmlint" "${report[@]}" --format json -- "${paths[@]}") \
    >"$base_report"; then
    scored_base=true
  fi
  git worktree remove --force "$scratch/base"
fi
if $scored_base; then
  compare=("${report[@]}" --format markdown --compare "$base_report")
  [ "${INPUT_FAIL_ON_DROP:-false}" = "true" ] && compare+=(--fail-on-drop)
  drop=0
  "$itsmlint" "${compare[@]}" -- "${paths[@]}" >>"$summary" || drop=$?
  [ "$status" -ne 0 ] || status=$drop
else
  # No base to compare with (a push, or the paths are new): today's coverage.
  "$itsmlint" "${report[@]}" --format markdown -- "${paths[@]}" >>"$summary" || true
fi
exit "$status"
