#!/usr/bin/env bash
# itsmlint against its peers, on the same corpus, in one run.
#
#   benches/compare.sh [CORPUS] [RUNS]
#
# CORPUS defaults to ../shared/corpus (thousands of real Microsoft docs
# files), RUNS to 5 (3 for markdownlint-cli2, which takes minutes a run).
# PEERS="rumdl markdownlint-cli2" by default; name fewer to skip one.
# Not run by CI: it installs tools and takes many minutes.
#
# Installs what is missing, into benches/.tools/ (git-ignored):
#   markdownlint-cli2  from the npm registry  (npm install --prefix)
#   rumdl              from crates.io         (cargo install --root)
#   GNU time           from Debian            (apt-get install time) for peak memory
#   valgrind           from Debian            (apt-get install valgrind) to count instructions
# Then times, side by side: itsmlint check, rumdl check, markdownlint-cli2,
# and the floor (`itsmlint debug parse-only`: read + pulldown-cmark, no model,
# no rules). Prints median wall time, peak memory (max RSS) and the ratios
# (and, for itsmlint and its floor, median CPU time, which a busy shared
# machine sways less, and instructions executed, which it does not sway),
# then a scale series (1x, 4x, 16x the corpus) to show time grows linearly.
set -euo pipefail
# $EPOCHREALTIME and awk's numbers both with a decimal point.
export LC_NUMERIC=C

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/.." && pwd)"
corpus="$(cd "${1:-$repo/../shared/corpus}" && pwd)"
runs="${2:-5}"
peers="${PEERS:-rumdl markdownlint-cli2}"
wants() { [[ " $peers " == *" $1 "* ]]; }
tools="$here/.tools"
mkdir -p "$tools"

# --- tools ---------------------------------------------------------------
if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (apt) for peak-memory measurement" >&2
    apt-get install -y time >&2
fi
if ! command -v valgrind >/dev/null; then
    echo "installing valgrind (apt) to count instructions" >&2
    apt-get install -y valgrind >&2 || echo "no valgrind: instruction counts skipped" >&2
fi
if wants markdownlint-cli2 && [ ! -x "$tools/node_modules/.bin/markdownlint-cli2" ]; then
    echo "installing markdownlint-cli2 (npm) into $tools" >&2
    npm install --silent --prefix "$tools" markdownlint-cli2 >&2
fi
if wants rumdl && [ ! -x "$tools/cargo/bin/rumdl" ]; then
    echo "installing rumdl (cargo install) into $tools/cargo" >&2
    cargo install --quiet --locked --root "$tools/cargo" rumdl >&2
fi
echo "building itsmlint (release)" >&2
cargo build --quiet --release --manifest-path "$repo/Cargo.toml" >&2
itsmlint="$repo/target/release/itsmlint"
mdl="$tools/node_modules/.bin/markdownlint-cli2"
rumdl="$tools/cargo/bin/rumdl"

# --- measuring -----------------------------------------------------------
# One timed run: prints "seconds kilobytes cpu-seconds" (cpu: user plus
# system, over all threads). Exit codes are ignored (linters exit non-zero
# when they find things); output is discarded. Wall time is read from the
# shell's clock, to the microsecond: GNU time gives hundredths of a second,
# a tenth of the floor's run, too coarse a step for the ratio between them.
measure() {
    local log start end
    log="$(mktemp)"
    start=$EPOCHREALTIME
    /usr/bin/time -f "%M %U %S" -o "$log" "$@" >/dev/null 2>&1 || true
    end=$EPOCHREALTIME
    tail -n 1 "$log" | awk -v start="$start" -v end="$end" '{ printf "%.4f %s %.2f\n", end - start, $1, $2 + $3 }'
    rm -f "$log"
}

# Median wall seconds and median peak KB over $runs runs, after one warm-up
# run (so every tool reads from the page cache alike).
median_of() {
    measure "$@" >/dev/null
    local i samples
    samples="$(for ((i = 0; i < runs; i++)); do measure "$@"; done)"
    local mid=$(((runs + 1) / 2))
    echo "$(cut -d' ' -f1 <<<"$samples" | sort -n | sed -n "${mid}p") $(cut -d' ' -f2 <<<"$samples" | sort -n | sed -n "${mid}p")"
}

# markdownlint-cli2 reads its globs; a config file next to the corpus could
# change what it checks, so it is pointed at the corpus by glob from its root.
run_mdl() { (cd "$1" && "$mdl" "**/*.md"); }
export -f run_mdl
export mdl

files=$(find "$corpus" -name '*.md' | wc -l)
bytes=$(find "$corpus" -name '*.md' -exec cat {} + | wc -c | awk '{printf "%.1f MB", $1 / 1048576}')
echo
echo "machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GB RAM, $(uname -sr)"
echo "corpus:  $corpus ($files Markdown files, $bytes)"
versions="itsmlint $("$itsmlint" --version | cut -d' ' -f2)"
wants rumdl && versions+=", rumdl $("$rumdl" --version | awk '{print $2}')"
# (markdownlint-cli2 --help exits non-zero; its first line has the version.)
wants markdownlint-cli2 && versions+=", markdownlint-cli2 $({ "$mdl" --help 2>/dev/null || true; } | head -n 1 | awk '{print $2}')"
echo "tools:   $versions; median of $runs runs after a warm-up run ($((runs * 3)) in turns for itsmlint and its floor)"
echo

declare -A wall mem
record() {
    local name="$1"
    shift
    read -r w m < <(median_of "$@")
    wall[$name]=$w
    mem[$name]=$m
}
# itsmlint and its floor take a fraction of a second each: they run in
# turns, more times, so a slow minute of a shared machine weighs on both
# alike and the ratio between them holds.
pair_runs=$((runs * 3))
check_cmd=("$itsmlint" check --no-config --format json "$corpus")
floor_cmd=("$itsmlint" debug parse-only "$corpus")
measure "${check_cmd[@]}" >/dev/null
measure "${floor_cmd[@]}" >/dev/null
check_samples="" floor_samples=""
for ((i = 0; i < pair_runs; i++)); do
    check_samples+="$(measure "${check_cmd[@]}")"$'\n'
    floor_samples+="$(measure "${floor_cmd[@]}")"$'\n'
done
median_column() {
    local mid=$(((pair_runs + 1) / 2))
    grep . <<<"$1" | cut -d' ' -f"$2" | sort -n | sed -n "${mid}p"
}
wall["itsmlint check"]=$(median_column "$check_samples" 1)
mem["itsmlint check"]=$(median_column "$check_samples" 2)
wall["floor (parse only)"]=$(median_column "$floor_samples" 1)
mem["floor (parse only)"]=$(median_column "$floor_samples" 2)
# CPU time sways less than wall time with what else a shared machine runs.
check_cpu=$(median_column "$check_samples" 3)
floor_cpu=$(median_column "$floor_samples" 3)
names=("itsmlint check" "floor (parse only)")
if wants rumdl; then
    record "rumdl check" "$rumdl" check --no-cache "$corpus"
    names+=("rumdl check")
fi
if wants markdownlint-cli2; then
    all_runs=$runs
    runs=$((runs < 3 ? runs : 3))
    record "markdownlint-cli2" bash -c 'run_mdl "$0"' "$corpus"
    runs=$all_runs
    names+=("markdownlint-cli2")
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'; }
printf "| %-20s | %11s | %11s | %-28s |\n" "tool" "median wall" "peak memory" "itsmlint check is ..."
printf "|%s|%s|%s|%s|\n" "----------------------" "-------------" "-------------" "------------------------------"
for name in "${names[@]}"; do
    case "$name" in
        "itsmlint check") note="-" ;;
        "floor (parse only)") note="$(awk -v a="${wall[itsmlint check]}" -v b="${wall[$name]}" 'BEGIN { if (b > 0) printf "%.2fx the floor", a / b }')" ;;
        *) note="$(ratio "${wall[itsmlint check]}" "${wall[$name]}") faster" ;;
    esac
    printf "| %-20s | %9.3f s | %8d MB | %-28s |\n" "$name" "${wall[$name]}" "$((${mem[$name]} / 1024))" "$note"
done

echo
echo "CPU time (user + system, median): itsmlint check $check_cpu s, floor $floor_cpu s: $(awk -v a="$check_cpu" -v b="$floor_cpu" 'BEGIN { if (b > 0) printf "%.2fx", a / b }') the floor"
# How far the wall ratio moves between back-to-back runs: the check over the
# floor run just after it, each pair. On a shared or virtual machine the
# kernel's cost of fresh pages varies a lot from run to run.
pair_ratios="$(paste -d' ' <(grep . <<<"$check_samples" | cut -d' ' -f1) <(grep . <<<"$floor_samples" | cut -d' ' -f1) |
    awk '$2 > 0 { printf "%.3f\n", $1 / $2 }' | sort -n)"
quartile() { sed -n "$(((pair_runs * $1 + 3) / 4))p" <<<"$pair_ratios"; }
echo "Wall ratio of each of the $pair_runs pairs: quartiles $(quartile 1)x, $(quartile 2)x, $(quartile 3)x (lowest $(head -n 1 <<<"$pair_ratios")x, highest $(tail -n 1 <<<"$pair_ratios")x)"

# Instructions executed in user space, counted by callgrind: the one
# measure here that a busy machine does not move, so two builds compare
# by it to a fraction of a percent. It leaves out the kernel's share
# (opening and reading files, page faults) and stalls on memory.
if command -v valgrind >/dev/null; then
    instructions() {
        local out
        out="$(mktemp)"
        valgrind --tool=callgrind --callgrind-out-file="$out" "$@" >/dev/null 2>&1 || true
        awk '/^(summary|totals):/ { print $2; exit }' "$out"
        rm -f "$out"
    }
    check_ir=$(instructions "${check_cmd[@]}")
    floor_ir=$(instructions "${floor_cmd[@]}")
    echo "Instructions (user space, callgrind): itsmlint check $(awk -v n="$check_ir" 'BEGIN { printf "%.0f M", n / 1e6 }'), floor $(awk -v n="$floor_ir" 'BEGIN { printf "%.0f M", n / 1e6 }'): $(awk -v a="$check_ir" -v b="$floor_ir" 'BEGIN { if (b > 0) printf "%.2fx", a / b }') the floor"
fi

# --- scale series ----------------------------------------------------------
# The corpus copied 1, 4 and 16 times into a scratch folder: time per file
# should stay flat if nothing grows faster than the input.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
echo
printf "| %-6s | %8s | %11s | %11s | %13s |\n" "scale" "files" "median wall" "peak memory" "us per file"
printf "|%s|%s|%s|%s|%s|\n" "--------" "----------" "-------------" "-------------" "---------------"
copies=0
for scale in 1 4 16; do
    while [ "$copies" -lt "$scale" ]; do
        cp -r "$corpus" "$scratch/copy$copies"
        copies=$((copies + 1))
    done
    read -r w m < <(median_of "$itsmlint" check --no-config --format json "$scratch")
    n=$((files * scale))
    printf "| %5dx | %8d | %9.3f s | %8d MB | %13.0f |\n" "$scale" "$n" "$w" "$((m / 1024))" "$(awk -v w="$w" -v n="$n" 'BEGIN { print w * 1e6 / n }')"
done

# --- pathological inputs (single files, and one folder) ----------------
echo
printf "| %-32s | %11s |\n" "pathological file" "wall"
printf "|%s|%s|\n" "----------------------------------" "-------------"
gen() { python3 -c "$1" >"$scratch/$2"; }
gen 'print("[" * 100000)' brackets.md
gen 'print("| a | b |\n|---|---|"); [print(f"| {i} |  |") for i in range(10000)]' table.md
gen 'import sys; p = "Incident management restores service. See [it](#x). TODO\n\n"; sys.stdout.write(p * (50 * 1024 * 1024 // len(p)))' big.md
gen 'print(">" * 50000 + " deep")' quotes.md
# 8,000 headings and 8,000 broken anchors, each a typo of one: neither the
# look-up nor the "did you mean" may compare every pair.
gen 'for i in range(8000): print(f"## Heading number {i}\n\nSee [it](#heading-numbr-{i}).\n")' anchors.md
# 20,000 suppression comments, each over a finding: a finding must not be
# compared with every suppression.
gen 'for i in range(20000): print(f"<!-- itsmlint-disable-next-line placeholder -->\nTODO {i}\n")' suppressions.md
# 40,000 front-matter keys: telling a repeated key must not read every
# key before it.
gen 'print("---"); [print(f"k{i}: v") for i in range(40000)]; print("---\n# T")' front-matter.md
# A table 40,000 columns wide with a blank row: telling a repeated column
# name must not read every name before it.
gen 'n = 40000; print("|" + "|".join(f"h{i}" for i in range(n)) + "|"); print("|---" * n + "|"); print("|" * (n + 1))' wide.md
# 16,000 links into another file's 16,000 headings: each link must not read
# every id of the file it points into.
mkdir -p "$scratch/cross"
gen 'for i in range(16000): print(f"## Heading number {i}\n")' cross/target.md
gen 'for i in range(16000): print(f"See [it](target.md#heading-number-{i}).\n")' cross/links.md
# 20 MB of small ITSM tables, each under a heading of its own with a misspelt row:
# finding each table's phase must not walk back over every heading.
gen 'import sys; p = "## Part\n\n| ITSM component | Feature |\n|---|---|\n| Incident managment | x |\n\n"; sys.stdout.write(p * (20 * 1024 * 1024 // len(p)))' itsm-tables.md
# 80,000 findings on one 800 KB line: locating each must not count from
# the line's start, nor may the human format print the whole line each time.
gen 'print("word TODO " * 80000)' line.md
# 60,000 commented lines and links in one HTML block: each link must not be
# compared with every comment.
gen 'print("<div>"); [print(f"<!-- c{i} --> <a href=\"#x{i}\">x</a>") for i in range(60000)]; print("</div>")' html-block.md
# 80,000 "(TODO)" on one line: telling a defined abbreviation must not read
# every word before each.
gen 'print("word (TODO) " * 80000)' parens.md
for case in brackets.md:json table.md:json big.md:json quotes.md:json anchors.md:json cross:json suppressions.md:json front-matter.md:json wide.md:json itsm-tables.md:json line.md:json line.md:human html-block.md:json parens.md:json; do
    f="${case%:*}" format="${case#*:}"
    read -r w _ < <(median_of "$itsmlint" check --no-config --color never --format "$format" "$scratch/$f")
    printf "| %-32s | %9.3f s |\n" "$f ($(du -h "$scratch/$f" | cut -f1), $format)" "$w"
done
