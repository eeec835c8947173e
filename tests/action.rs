//! The GitHub Action's script (.github/actions/itsmlint/run.sh) run as the
//! runner runs it, in a real repository with a base and a pull-request commit
//! and a faked `GITHUB_*` environment: annotations for the changed lines only,
//! a SARIF file, the step summary and the step's outputs.

mod git_repo;
mod schemas;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use git_repo::{fixture_body, hermetic, Repo};
use serde_json::Value;

/// A pull request adding one empty cell to a document with old findings;
/// `main` moves on after it branched (the base is the merge-base, not main's tip).
fn pull_request() -> (Repo, String) {
    let repo = Repo::new();
    repo.write("docs/draft.md", &fixture_body("fixtures/itsm/draft.md"));
    repo.write(
        "docs/rules/placeholder.md",
        &fs::read_to_string("fixtures/rules/placeholder.md").unwrap(),
    );
    repo.commit_all("docs");
    repo.git(&["checkout", "--quiet", "-b", "pr"]);
    repo.edit("docs/draft.md", "| Tracks uptime per region |", "|  |");
    repo.commit_all("the pull request");
    repo.git(&["checkout", "--quiet", "main"]);
    repo.write("docs/later.md", "# Later\n\nTBD\n");
    repo.commit_all("main moves on");
    let base = repo.git(&["rev-parse", "HEAD"]).trim().to_string();
    repo.git(&["checkout", "--quiet", "pr"]);
    (repo, base)
}

struct Ran {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    summary: String,
    outputs: String,
    sarif: PathBuf,
    _runner: tempfile::TempDir,
}

/// run.sh in `repo` as the Action's step runs it, the pull request's base
/// given by the event file, `inputs` as the runner passes them.
fn run_action(repo: &Repo, base: &str, inputs: &[(&str, &str)]) -> Ran {
    let runner = tempfile::tempdir().unwrap();
    let event = runner.path().join("event.json");
    let event_json = serde_json::json!({"pull_request": {"number": 7, "base": {"sha": base}}});
    fs::write(&event, event_json.to_string()).unwrap();
    let summary = runner.path().join("summary.md");
    let outputs = runner.path().join("output.txt");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/actions/itsmlint/run.sh");
    let mut bash = Command::new("bash");
    hermetic(&mut bash, repo.path());
    bash.arg(script)
        .env("ITSMLINT_BIN", env!("CARGO_BIN_EXE_itsmlint"))
        .env("GITHUB_WORKSPACE", repo.path())
        .env("GITHUB_EVENT_NAME", "pull_request")
        .env("GITHUB_EVENT_PATH", &event)
        .env("GITHUB_STEP_SUMMARY", &summary)
        .env("GITHUB_OUTPUT", &outputs)
        .env("RUNNER_TEMP", runner.path())
        .current_dir(runner.path());
    for (name, value) in inputs {
        bash.env(name, value);
    }
    let out = bash.output().unwrap();
    Ran {
        status: out.status.code(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        summary: fs::read_to_string(&summary).unwrap_or_default(),
        outputs: fs::read_to_string(&outputs).unwrap_or_default(),
        sarif: runner.path().join("itsmlint.sarif"),
        _runner: runner,
    }
}

#[test]
fn a_pull_request_gets_annotations_sarif_and_a_summary_for_its_changes_only() {
    let (repo, base) = pull_request();
    let line = 1 + repo
        .read("docs/draft.md")
        .lines()
        .position(|l| l.starts_with("| Availability management"))
        .unwrap();
    let ran = run_action(&repo, &base, &[("INPUT_PATHS", "docs")]);
    assert_eq!(ran.status, Some(1), "{}", ran.stderr);

    // The new row's three empty cells; the draft's older findings stay silent.
    let annotations: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(annotations.len(), 3, "{}", ran.stdout);
    for annotation in &annotations {
        assert!(
            annotation.starts_with(&format!("::error file=docs/draft.md,line={line},")),
            "{annotation}"
        );
        assert!(annotation.contains("title=itsmlint (empty-cell)"));
    }
    let (_, everything, _) = repo.check_json(&[]);
    assert!(everything["findings"].as_array().unwrap().len() > 10);

    let sarif: Value = serde_json::from_str(&fs::read_to_string(&ran.sarif).unwrap()).unwrap();
    assert!(schemas::sarif_validator().is_valid(&sarif));
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0]["ruleId"], "empty-cell");
    let sarif_path = ran.sarif.display().to_string();
    assert_eq!(
        ran.outputs,
        format!("sarif-file={sarif_path}\nsarif-results=3\n")
    );

    assert!(
        ran.summary.starts_with(&format!(
            "## itsmlint\n\n3 finding(s) on the lines changed since {}.\n\n## itsmlint completeness\n",
            &base[..12]
        )),
        "{}",
        ran.summary
    );
    // The base is the merge-base: main's later commit is not the PR's to answer for.
    let merge_base = repo.git(&["merge-base", &base, "HEAD"]);
    assert!(
        ran.summary
            .contains(&format!("merge-base-{}.json`", &merge_base[..12])),
        "{}",
        ran.summary
    );
    assert!(ran.summary.contains("### Worse (1)"), "{}", ran.summary);
    assert!(
        repo.git(&["worktree", "list"]).lines().count() == 1,
        "the base checkout is removed"
    );
}

/// The pull request with a baseline written at its head: the check has nothing to say.
fn baselined_pull_request() -> (Repo, String) {
    let (repo, base) = pull_request();
    let out = repo
        .itsmlint()
        .args(["check", "--write-baseline", "baseline.json", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    (repo, base)
}

#[test]
fn a_clean_pull_request_passes_with_an_empty_sarif_not_uploaded() {
    let (repo, base) = baselined_pull_request();
    let ran = run_action(
        &repo,
        &base,
        &[("INPUT_PATHS", "docs"), ("INPUT_BASELINE", "baseline.json")],
    );
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
    assert_eq!(ran.stdout, "");
    assert!(
        ran.outputs.ends_with("sarif-results=0\n"),
        "{}",
        ran.outputs
    );
    assert!(
        ran.summary
            .contains("0 finding(s) not in the baseline on the lines changed since"),
        "{}",
        ran.summary
    );
}

#[test]
fn fail_on_drop_fails_a_pull_request_that_empties_a_cell() {
    let (repo, base) = baselined_pull_request();
    let inputs = [
        ("INPUT_PATHS", "docs"),
        ("INPUT_BASELINE", "baseline.json"),
        ("INPUT_FAIL_ON_DROP", "true"),
    ];
    let ran = run_action(&repo, &base, &inputs);
    assert_eq!(
        (ran.status, ran.stdout.as_str()),
        (Some(1), ""),
        "{}",
        ran.stderr
    );
    assert!(ran.summary.contains("### Worse (1)"), "{}", ran.summary);
    // Against its own head nothing fell.
    let head = repo.git(&["rev-parse", "HEAD"]);
    let ran = run_action(&repo, head.trim(), &inputs);
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
}

#[test]
fn config_and_min_completeness_reach_the_check() {
    let (repo, base) = pull_request();
    // A config (in a subfolder, named from the workspace) that turns the new findings into warnings.
    repo.write("ci/itsmlint.toml", "[rules]\nempty-cell = \"warning\"\n");
    let ran = run_action(
        &repo,
        &base,
        &[
            ("INPUT_PATHS", "docs"),
            ("INPUT_CONFIG", "ci/itsmlint.toml"),
        ],
    );
    assert_eq!(ran.status, Some(0), "{}", ran.stderr);
    assert!(
        ran.stdout.starts_with("::warning file=docs/draft.md,"),
        "{}",
        ran.stdout
    );

    let ran = run_action(
        &repo,
        &base,
        &[
            ("INPUT_PATHS", "docs"),
            ("INPUT_CONFIG", "ci/itsmlint.toml"),
            ("INPUT_MIN_COMPLETENESS", "90"),
        ],
    );
    assert_eq!(ran.status, Some(1));
    assert!(
        ran.stderr.contains("below --min-completeness 90"),
        "{}",
        ran.stderr
    );
}
