//! Selection and gating: --select/--ignore, --max-warnings, --quiet, standard
//! input, --files-from and --shard, with the exit-code contract.

mod common;

use std::collections::BTreeSet;

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn itsmlint() -> Command {
    let mut cmd = Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd
}

/// (exit code, JSON report) of `itsmlint check --format json ARGS`.
fn json(args: &[&str], stdin: Option<&str>) -> (Option<i32>, Value) {
    let mut cmd = itsmlint();
    cmd.args(["check", "--format", "json"]).args(args);
    if let Some(input) = stdin {
        cmd.write_stdin(input);
    }
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).unwrap(),
    )
}

fn rules_of(report: &Value) -> BTreeSet<String> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// (path, line, column, rule) of every finding.
fn findings(report: &Value) -> BTreeSet<(String, u64, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().into(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[test]
fn select_and_ignore_choose_the_rules() {
    let (_, all) = json(&["fixtures"], None);
    assert!(rules_of(&all).len() >= 4);
    let (code, only) = json(&["--select", "empty-cell,broken-anchor", "fixtures"], None);
    assert_eq!(code, Some(1));
    assert_eq!(
        rules_of(&only),
        BTreeSet::from(["broken-anchor".into(), "empty-cell".into()])
    );
    let (_, ignored) = json(
        &[
            "--ignore",
            "empty-cell",
            "--ignore",
            "placeholder",
            "fixtures",
        ],
        None,
    );
    let mut expected = rules_of(&all);
    expected.remove("empty-cell");
    expected.remove("placeholder");
    assert_eq!(rules_of(&ignored), expected);
    // Ignoring every rule that fires on the draft leaves it clean.
    let (code, _) = json(
        &[
            "--ignore",
            "empty-cell,placeholder,front-matter,table-shape,broken-anchor,broken-link",
            "fixtures/itsm",
        ],
        None,
    );
    assert_eq!(code, Some(0));
}

#[test]
fn unknown_rule_ids_exit_2_with_a_suggestion() {
    for flag in ["--select", "--ignore"] {
        itsmlint()
            .args(["check", flag, "placeholdr", "fixtures/clean"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(
                "unknown rule `placeholdr` (did you mean `placeholder`?)",
            ));
    }
}

#[test]
fn rule_ids_are_read_in_any_case_and_all_selects_every_rule() {
    let (_, all) = json(&["--select", "ALL", "fixtures"], None);
    let (_, defaults) = json(&["fixtures"], None);
    assert!(rules_of(&all).is_superset(&rules_of(&defaults)));
    let (_, upper) = json(&["--select", "Empty-Cell,BROKEN-ANCHOR", "fixtures"], None);
    assert_eq!(
        rules_of(&upper),
        BTreeSet::from(["broken-anchor".into(), "empty-cell".into()])
    );
    let (_, ignored) = json(&["--ignore", "all", "fixtures"], None);
    assert!(rules_of(&ignored).is_empty());
    itsmlint()
        .args(["check", "--ignore", "Placeholdr", "fixtures/clean"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(did you mean `placeholder`?)"));
    itsmlint()
        .args(["explain", "Empty-Cell"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("empty-cell ("));
}

#[test]
fn max_warnings_does_not_excuse_errors_and_zero_warnings_pass() {
    itsmlint()
        .args(["check", "--max-warnings", "0", "fixtures/clean"])
        .assert()
        .code(0);
    itsmlint()
        .args(["check", "--max-warnings", "1000", "fixtures/itsm"])
        .assert()
        .code(1);
    itsmlint()
        .args(["check", "--max-warnings", "-1", "fixtures/clean"])
        .assert()
        .code(2);
}

#[test]
fn quiet_prints_findings_without_the_summary() {
    let loud = itsmlint()
        .args(["check", "--color", "never", "fixtures/itsm"])
        .output()
        .unwrap();
    let quiet = itsmlint()
        .args(["check", "--color", "never", "-q", "fixtures/itsm"])
        .output()
        .unwrap();
    assert_eq!(quiet.status.code(), Some(1));
    let (loud, quiet) = (
        String::from_utf8(loud.stdout).unwrap(),
        String::from_utf8(quiet.stdout).unwrap(),
    );
    assert!(loud.contains(" checked: "));
    assert!(!quiet.contains(" checked: "), "{quiet}");
    assert!(quiet.contains("error[placeholder]"));
    itsmlint()
        .args(["check", "--quiet", "fixtures/clean"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn stdin_is_checked_under_its_given_name() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/itsm/draft.md"),
    )
    .unwrap();
    let (code, from_file) = json(&["fixtures/itsm/draft.md"], None);
    assert_eq!(code, Some(1));
    let (code, from_stdin) = json(
        &["--stdin-filename", "fixtures/itsm/draft.md", "-"],
        Some(&text),
    );
    assert_eq!(code, Some(1));
    assert_eq!(findings(&from_stdin), findings(&from_file));
    let (_, unnamed) = json(&["-"], Some("# T\n\n[x](#nope)\n"));
    assert_eq!(unnamed["findings"][0]["path"], "<stdin>");
    // Not UTF-8 on stdin: named, exit 2.
    itsmlint()
        .args(["check", "-"])
        .write_stdin(b"caf\xe9".to_vec())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("<stdin>: not valid UTF-8"));
}

#[test]
fn files_from_lists_paths_and_reports_missing_ones() {
    let (_, direct) = json(
        &["fixtures/itsm/draft.md", "fixtures/clean/complete.md"],
        None,
    );
    let list = "fixtures/itsm/draft.md\n\nsrc/main.rs\nfixtures/clean/complete.md\r\n";
    let (code, listed) = json(&["--files-from", "-"], Some(list));
    assert_eq!(code, Some(1));
    assert_eq!(findings(&listed), findings(&direct));
    assert_eq!(
        listed["summary"]["files_checked"], 2,
        "src/main.rs is skipped"
    );

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("changed.txt");
    std::fs::write(&file, "fixtures/clean/complete.md\nfixtures/gone.md\n").unwrap();
    itsmlint()
        .args(["check", "--files-from"])
        .arg(&file)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "fixtures/gone.md: no such file or directory",
        ));
    // An empty list (no Markdown changed) checks nothing and passes.
    let (code, empty) = json(&["--files-from", "-"], Some("README.txt\n"));
    assert_eq!(
        (code, empty["summary"]["files_checked"].as_u64()),
        (Some(0), Some(0))
    );
    itsmlint()
        .args(["check", "--files-from", "-", "-"])
        .write_stdin("x.md\n")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("standard input can hold either"));
}

/// The files a run in the repository checked.
fn checked_files(args: &[&str]) -> Vec<String> {
    common::checked_files(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

#[test]
fn shards_split_the_files_disjointly() {
    let full = checked_files(&["fixtures"]);
    let mut union: Vec<String> = Vec::new();
    for index in 1..=3 {
        let part = checked_files(&["--shard", &format!("{index}/3"), "fixtures"]);
        assert!(!part.is_empty() && part.len() <= full.len().div_ceil(3));
        assert!(
            part.iter().all(|f| !union.contains(f)),
            "shard {index} overlaps"
        );
        union.extend(part);
    }
    // Compared as strings: the report lists them in path order.
    let mut full = full;
    full.sort();
    union.sort();
    assert_eq!(union, full);
}

#[test]
fn shards_are_disjoint_and_their_union_is_the_full_run() {
    let (_, full) = json(&["fixtures"], None);
    let files_total = full["summary"]["files_checked"].as_u64().unwrap();
    assert!(files_total >= 4, "enough fixtures to split");
    let mut union = BTreeSet::new();
    let mut files = 0;
    for index in 1..=3 {
        let shard = format!("{index}/3");
        let (_, part) = json(&["--shard", &shard, "fixtures"], None);
        files += part["summary"]["files_checked"].as_u64().unwrap();
        let paths: BTreeSet<String> = findings(&part).into_iter().map(|f| f.0).collect();
        let before = union.len();
        let part = findings(&part);
        union.extend(part.iter().cloned());
        assert_eq!(
            union.len(),
            before + part.len(),
            "shard {shard} overlaps another: {paths:?}"
        );
    }
    assert_eq!(files, files_total);
    assert_eq!(union, findings(&full));
    // Same arguments, same shard.
    assert_eq!(
        json(&["--shard", "2/3", "fixtures"], None).1["findings"],
        json(&["--shard", "2/3", "fixtures"], None).1["findings"]
    );
    itsmlint()
        .args(["check", "--shard", "4/3", "fixtures"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a shard"));
}

/// A run checks files as the walk finds them; `--shard` (and a progress
/// bar) walk first and check the sorted list. Both give the same report,
/// byte for byte, with overlapping, missing and empty paths named.
#[test]
fn checking_as_found_and_walking_first_agree() {
    let empty = tempfile::tempdir().unwrap();
    let empty = empty.path().to_str().unwrap();
    let run = |extra: &[&str]| {
        let out = itsmlint()
            .args(["check", "--format", "json"])
            .args(extra)
            .args([
                "fixtures",
                "fixtures/rules",
                "fixtures/rules/placeholder.md",
                "no/such/path.md",
                empty,
            ])
            .output()
            .unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let as_found = run(&[]);
    let walked_first = run(&["--shard", "1/1"]);
    assert_eq!(as_found.0, Some(2), "a missing path is an I/O error");
    assert_eq!(as_found.0, walked_first.0);
    assert_eq!(
        String::from_utf8_lossy(&as_found.1),
        String::from_utf8_lossy(&walked_first.1)
    );
    assert_eq!(
        String::from_utf8_lossy(&as_found.2),
        String::from_utf8_lossy(&walked_first.2)
    );
    let stderr = String::from_utf8_lossy(&as_found.2);
    assert!(stderr.contains("no Markdown files found"), "{stderr}");
    assert!(stderr.contains("no/such/path.md"), "{stderr}");
}
