//! The core CLI contract: subcommands, exit codes, error reporting, output shapes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn itsmlint() -> Command {
    Command::cargo_bin("itsmlint").unwrap()
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

fn json_of(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = itsmlint().args(args).output().unwrap();
    (
        out.status.code(),
        serde_json::from_slice(&out.stdout).expect("stdout is JSON"),
    )
}

#[test]
fn rules_lists_every_rule_with_severity() {
    itsmlint()
        .arg("rules")
        .assert()
        .success()
        .stdout(predicate::str::contains("empty-cell").and(predicate::str::contains("error")))
        .stdout(predicate::str::contains("broken-anchor"))
        .stdout(predicate::str::contains("front-matter"));
}

#[test]
fn explain_shows_the_long_text_and_rejects_unknown_ids() {
    itsmlint()
        .args(["explain", "placeholder"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rules/placeholders.toml"));
    itsmlint()
        .args(["explain", "empty-cel"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean `empty-cell`"));
}

#[test]
fn exit_0_when_clean_1_with_errors_2_for_bad_usage() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.md");
    std::fs::write(
        &clean,
        "---\ntitle: T\ndescription: D\n---\n\n# T\n\nAll written.\n",
    )
    .unwrap();
    itsmlint().arg("check").arg(&clean).assert().code(0);
    itsmlint()
        .arg("check")
        .arg(fixture("itsm/draft.md"))
        .assert()
        .code(1);
    itsmlint()
        .args(["check", "--format", "nope"])
        .assert()
        .code(2);
    itsmlint().arg("frobnicate").assert().code(2);
}

#[test]
fn unreadable_and_non_utf8_files_are_named_and_the_rest_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.md");
    std::fs::write(&bad, b"# Title\n\ncaf\xe9\n").unwrap();
    let missing = dir.path().join("missing.md");
    let out = itsmlint()
        .args(["check", "--format", "json"])
        .arg(&bad)
        .arg(&missing)
        .arg(fixture("itsm/draft.md"))
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unreadable file is exit 2 even with findings"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("latin1.md: not valid UTF-8 (line 3"),
        "{stderr}"
    );
    assert!(
        stderr.contains("missing.md: no such file or directory"),
        "{stderr}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["files_checked"], 1);
    assert_eq!(json["summary"]["files_unreadable"], 2);
    assert_eq!(json["summary"]["files_with_errors"], 1, "draft.md");
    assert!(json["summary"]["by_rule"]["empty-cell"].as_u64().unwrap() > 0);
}

#[test]
fn json_findings_are_sorted_and_complete() {
    let (code, json) = json_of(&[
        "check",
        "--format",
        "json",
        fixture("rules").to_str().unwrap(),
    ]);
    assert_eq!(code, Some(1));
    let findings = json["findings"].as_array().unwrap();
    let keys: Vec<(String, u64)> = findings
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["start_byte"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    for f in findings {
        for key in [
            "path",
            "rule",
            "severity",
            "message",
            "line",
            "column",
            "end_line",
            "end_column",
            "start_byte",
            "end_byte",
        ] {
            assert!(!f[key].is_null(), "{key} missing in {f}");
        }
    }
    let total: u64 = json["summary"]["by_rule"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, findings.len());
}

#[test]
fn spans_are_exact_with_crlf_bom_tabs_and_non_ascii() {
    let (_, json) = json_of(&[
        "check",
        "--format",
        "json",
        fixture("encoding").to_str().unwrap(),
    ]);
    let find = |path: &str, rule: &str, line: u64| {
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| {
                f["path"].as_str().unwrap().ends_with(path)
                    && f["rule"] == rule
                    && f["line"] == line
            })
            .unwrap_or_else(|| panic!("no {rule} at {path}:{line}"))
            .clone()
    };
    // CRLF: `| Störungsmanagement | TBD |` on line 16; columns count characters.
    let tbd = find("crlf.md", "placeholder", 16);
    assert_eq!(
        (tbd["column"].as_u64(), tbd["end_column"].as_u64()),
        (Some(24), Some(27))
    );
    let crlf = std::fs::read(fixture("encoding/crlf.md")).unwrap();
    let (s, e) = (
        tbd["start_byte"].as_u64().unwrap() as usize,
        tbd["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(&crlf[s..e], b"TBD");
    // BOM and tabs: `-\tTabbed item:\twhat is` on line 9; the BOM is not a column.
    let what = find("bom-tabs.md", "placeholder", 9);
    assert_eq!(what["column"].as_u64(), Some(16));
    let bom = std::fs::read(fixture("encoding/bom-tabs.md")).unwrap();
    let (s, e) = (
        what["start_byte"].as_u64().unwrap() as usize,
        what["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bom[s..e], b"what is");
    // The empty cell after a CJK cell: between the pipes, tabs included.
    let empty = find("bom-tabs.md", "empty-cell", 14);
    let (s, e) = (
        empty["start_byte"].as_u64().unwrap() as usize,
        empty["end_byte"].as_u64().unwrap() as usize,
    );
    assert_eq!(&bom[s..e], b"\t\t");
    assert_eq!(empty["column"].as_u64(), Some(8));
}

#[test]
fn human_output_shows_source_caret_rule_and_help() {
    let out = itsmlint()
        .args(["check", "--color", "never"])
        .arg(fixture("itsm/draft.md"))
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("error[placeholder]: \"High-level\" holds placeholder \"link to SD\" for \"Service-level management\""));
    assert!(text.contains("fixtures/itsm/draft.md:28:47"));
    assert!(text.contains("^^^^^^^^^^"));
    assert!(text.contains("= help: write the content this stands for"));
    assert!(
        !text.contains('\u{1b}'),
        "no colour codes with --color never"
    );
    assert!(text
        .trim_end()
        .lines()
        .last()
        .unwrap()
        .starts_with("1 file checked: 30 errors, 12 warnings"));
    let coloured = itsmlint()
        .args(["check", "--color", "always"])
        .arg(fixture("itsm/draft.md"))
        .output()
        .unwrap();
    assert!(String::from_utf8(coloured.stdout)
        .unwrap()
        .contains('\u{1b}'));
}

#[test]
fn folders_are_walked_for_markdown_respecting_gitignore() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join(".gitignore"), "ignored.md\n").unwrap();
    let page = "---\ntitle: T\ndescription:\n---\n";
    std::fs::write(dir.path().join("docs/a.md"), page).unwrap();
    std::fs::write(dir.path().join("ignored.md"), page).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "TODO").unwrap();
    let (code, json) = json_of(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code, Some(1));
    assert_eq!(json["summary"]["files_checked"], 1);
    assert!(json["findings"][0]["path"]
        .as_str()
        .unwrap()
        .ends_with("a.md"));
}

/// The walk runs as a job of the checking pool, or inline when the pool has
/// one thread: either way every file is checked once and the report is the
/// same, byte for byte (elapsed time aside).
#[test]
fn the_report_does_not_depend_on_the_number_of_threads() {
    let run = |threads: &str| {
        let out = itsmlint()
            .env("RAYON_NUM_THREADS", threads)
            .args(["check", "--format", "json"])
            .arg(fixture(""))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{threads} threads");
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run("1");
    let files: u64 = serde_json::from_str::<serde_json::Value>(&one).unwrap()["summary"]
        ["files_checked"]
        .as_u64()
        .unwrap();
    assert!(files > 20, "{files} files");
    for threads in ["2", "3", "8"] {
        assert_eq!(run(threads), one, "{threads} threads");
    }
}
