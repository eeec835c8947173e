//! Golden tests of the default output, the one people read: the rendered
//! diagnostics of whole files, with the carets under the exact text they flag.
//! Review a changed snapshot by eye, then accept it with
//! `INSTA_UPDATE=always cargo test --test human_snapshots` (or `cargo insta review`).

use assert_cmd::Command;

/// `itsmlint check --color never FILE` from the repository root, with the
/// run's elapsed time (the one varying part) replaced by `[elapsed]`.
fn human_output(file: &str) -> String {
    let out = Command::cargo_bin("itsmlint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-config", "--color", "never", file])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the fixture has errors");
    let text = String::from_utf8(out.stdout).unwrap();
    let (body, summary) = text.trim_end().rsplit_once('\n').unwrap();
    let (counts, elapsed) = summary.rsplit_once(" in ").unwrap();
    assert!(elapsed.ends_with('s'), "{summary}");
    format!("{body}\n{counts} in [elapsed]\n")
}

/// A draft shaped like the seed: every kind of ITSM-table gap in one file.
/// A table's span ends after its last line ending; the closing `╰───^` of
/// missing-process still sits under the table's last row, not on the line after.
#[test]
fn seed_shaped_draft() {
    insta::assert_snapshot!(human_output("fixtures/itsm/draft.md"));
}

/// A byte order mark, CRLF line endings, CJK text (two columns wide each) and
/// tabs (shown up to the next stop of 4): the carets still sit under the flagged text.
/// The BOM is not shown, and the empty span of "no front matter" at byte 0
/// (under the BOM) gets its caret at the first character after it.
#[test]
fn bom_crlf_cjk_and_tabs() {
    insta::assert_snapshot!(human_output("fixtures/encoding/crlf-bom-cjk.md"));
}
