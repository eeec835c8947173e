//! `itsmlint report --compare BASE.json [--fail-on-drop]`: two report JSONs
//! compared, per document and in total, in each format.

mod common;

use std::path::Path;

use common::{itsmlint_in, write};
use serde_json::Value;

const FIXTURES: &str = env!("CARGO_MANIFEST_DIR");

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(Path::new(FIXTURES).join(rel)).unwrap()
}

/// A folder with three ITSM documents and their base report, then changed:
/// `better.md` gets a row filled, `worse.md` loses a cell, `gone.md` is
/// removed and `new.md` added.
fn two_reports() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/better.md", &fixture("fixtures/itsm/draft.md"));
    write(
        root,
        "docs/worse.md",
        &fixture("fixtures/catalog/itil-4.md"),
    );
    write(
        root,
        "docs/gone.md",
        &fixture("fixtures/catalog/complete.md"),
    );
    let base = report(root, &["--format", "json"], 0);
    std::fs::write(root.join("base.json"), base).unwrap();
    edit(
        &root.join("docs/better.md"),
        "| Capacity management |  |  |  |",
        "| Capacity management | Plans | [Plan](plan.md) | [Steps](steps.md) |",
    );
    edit(
        &root.join("docs/worse.md"),
        "| Deployment management | Deploys in rings. |",
        "| Deployment management |  |",
    );
    std::fs::remove_file(root.join("docs/gone.md")).unwrap();
    write(root, "docs/new.md", &fixture("fixtures/itsm/draft.md"));
    dir
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// `itsmlint report --no-config ARGS docs`, which must exit with `code`: its stdout.
fn report(root: &Path, args: &[&str], code: i32) -> String {
    let out = itsmlint_in(root)
        .args(["report", "--no-config"])
        .args(args)
        .arg("docs")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{stderr}");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn json_compare_gives_each_documents_movement_and_the_totals() {
    let dir = two_reports();
    let json: Value = serde_json::from_str(&report(
        dir.path(),
        &["--compare", "base.json", "--format", "json"],
        0,
    ))
    .unwrap();
    let moved: Vec<(&str, &str)> = json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["movement"].as_str().unwrap()))
        .collect();
    assert_eq!(
        moved,
        [
            ("docs/better.md", "better"),
            ("docs/gone.md", "removed"),
            ("docs/new.md", "new"),
            ("docs/worse.md", "worse"),
        ]
    );
    let better = &json["documents"][0];
    assert_eq!(
        better["before"]["cells"],
        serde_json::json!({"filled": 9, "total": 30})
    );
    assert_eq!(
        better["after"]["cells"],
        serde_json::json!({"filled": 12, "total": 30})
    );
    assert_eq!(json["documents"][1]["after"], Value::Null);
    let summary = &json["summary"];
    assert_eq!(summary["dropped"], true);
    assert_eq!(
        (summary["better"].as_u64(), summary["worse"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(
        summary["before"]["cells"]["total"].as_u64(),
        Some(30 + 4 + 81)
    );
}

#[test]
fn fail_on_drop_exits_1_only_when_a_document_fell() {
    let dir = two_reports();
    let root = dir.path();
    let out = itsmlint_in(root)
        .args([
            "report",
            "--no-config",
            "--compare",
            "base.json",
            "--fail-on-drop",
            "docs",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: coverage fell in 1 document against base.json (--fail-on-drop)\n"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("Completeness against base.json:\n"),
        "{text}"
    );
    assert!(
        text.contains("  docs/worse.md   worse      cells 4/4 (100.0%) -> 3/4 (75.0%)  processes 2/3 -> 2/3\n"),
        "{text}"
    );
    assert!(
        text.contains("1 better, 1 worse, 1 new, 1 removed, 0 unchanged\n"),
        "{text}"
    );
    // The drop repaired: only better, new and removed documents remain.
    edit(
        &root.join("docs/worse.md"),
        "| Deployment management |  |",
        "| Deployment management | Deploys in rings. |",
    );
    report(root, &["--compare", "base.json", "--fail-on-drop"], 0);
    // Without --fail-on-drop a drop is reported, not failed.
    edit(
        &root.join("docs/worse.md"),
        "| Deployment management | Deploys in rings. |",
        "| Deployment management |  |",
    );
    report(root, &["--compare", "base.json"], 0);
}

#[test]
fn markdown_compare_is_a_pull_request_comment() {
    let dir = two_reports();
    let text = report(
        dir.path(),
        &["--compare", "base.json", "--format", "markdown"],
        0,
    );
    assert!(
        text.starts_with("## itsmlint completeness\n\nAgainst `base.json`: body cells filled "),
        "{text}"
    );
    for expected in [
        "### Worse (1)\n\n| Document | Cells filled | Processes |\n|---|---|---|\n| `docs/worse.md` | 100.0% → 75.0% (-25.0) | 2/3 → 2/3 |\n",
        "### Better (1)\n\n| Document | Cells filled | Processes |\n|---|---|---|\n| `docs/better.md` | 30.0% → 40.0% (+10.0) | 10/20 → 10/20 |\n",
        "### New (1)\n",
        "### Removed (1)\n",
        "### Still missing (3)\n",
        "| `docs/worse.md` | 1 | 0 | Software development and management | none |\n",
    ] {
        assert!(text.contains(expected), "no {expected:?} in\n{text}");
    }
}

#[test]
fn a_base_that_is_not_a_report_is_an_error() {
    let dir = two_reports();
    let root = dir.path();
    std::fs::write(root.join("base.json"), "{\"findings\": []}").unwrap();
    let out = itsmlint_in(root)
        .args(["report", "--compare", "base.json", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(
        "base.json: not the output of `itsmlint report --format json`: missing field `documents`"
    ));
    let out = itsmlint_in(root)
        .args(["report", "--fail-on-drop", "docs"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "--fail-on-drop needs --compare");
}
