//! Inline suppressions end to end: what they silence, what the exit code
//! becomes, and unused suppressions reported (and configurable) like any rule.

use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;

fn run(dir: &std::path::Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("itsmlint")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .assert()
}

const DRAFT: &str = "---\ntitle: T\ndescription: D\n---\n\n| ITSM component | Description |\n|---|---|\n| Change management |  |\n\nThe escalation path is TBD.\n";

#[test]
fn suppressions_silence_findings_and_change_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fs::write(root.join("a.md"), DRAFT).unwrap();
    run(root, &["check", "a.md"])
        .code(1)
        .stdout(contains("empty-cell").and(contains("placeholder")));

    let silenced = DRAFT
        .replace(
            "\n| ITSM",
            "\n<!-- itsmlint-disable empty-cell -- filled in by the service owners -->\n| ITSM",
        )
        .replace(
            "The escalation",
            "<!-- itsmlint-disable-next-line placeholder -->\nThe escalation",
        );
    fs::write(root.join("a.md"), silenced).unwrap();
    run(root, &["check", "a.md"])
        .code(0)
        .stdout(contains("0 errors, 0 warnings"));
}

#[test]
fn unused_suppression_is_a_warning_and_can_be_made_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = "---\ntitle: T\ndescription: D\n---\n\n<!-- itsmlint-disable-next-line placeholder -->\nAll written.\n";
    fs::write(root.join("a.md"), text).unwrap();
    let out = run(root, &["check", "a.md", "--format", "json"])
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "unused-suppression", "{json}");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(6), Some(33))
    );

    fs::write(
        root.join("itsmlint.toml"),
        "[rules]\nunused-suppression = \"error\"\n",
    )
    .unwrap();
    run(root, &["check", "a.md"])
        .code(1)
        .stdout(contains("error[unused-suppression]"));
    fs::write(
        root.join("itsmlint.toml"),
        "[rules]\nunused-suppression = \"off\"\n",
    )
    .unwrap();
    run(root, &["check", "a.md"])
        .code(0)
        .stdout(contains("0 errors, 0 warnings"));
}

#[test]
fn disable_file_covers_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text =
        "---\ntitle: T\ndescription:\n---\n\n<!-- itsmlint-disable-file front-matter -->\nBody.\n";
    fs::write(root.join("a.md"), text).unwrap();
    run(root, &["check", "a.md"]).code(0);
    fs::write(
        root.join("a.md"),
        text.replace("<!-- itsmlint-disable-file front-matter -->\n", ""),
    )
    .unwrap();
    run(root, &["check", "a.md"])
        .code(1)
        .stdout(contains("front-matter"));
}

#[test]
fn a_suppression_of_a_rule_turned_off_is_not_unused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let text = "---\ntitle: T\ndescription: D\n---\n\n<!-- itsmlint-disable-next-line placeholder -->\nThe plan is TBD.\n";
    fs::write(root.join("a.md"), text).unwrap();
    // Off by --ignore (or --select of other rules): nothing to silence, nothing to report.
    for off in [
        ["--ignore", "placeholder"],
        ["--select", "unused-suppression"],
    ] {
        run(root, &["check", "a.md", off[0], off[1]])
            .code(0)
            .stdout(contains("0 errors, 0 warnings"));
    }
    // On, it silences the TBD; with the TBD gone it is reported.
    run(root, &["check", "a.md"]).code(0);
    fs::write(root.join("a.md"), text.replace(" is TBD", " is set")).unwrap();
    run(root, &["check", "a.md"])
        .code(0)
        .stdout(contains("warning[unused-suppression]"));
}
