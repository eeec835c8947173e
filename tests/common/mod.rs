//! Helpers shared by the CLI test files (each `mod common;` uses what it needs).
#![allow(dead_code)]

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// Writes `text` to `root/rel`, creating the folders on the way.
pub fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// The built binary, run in `dir`, without colour.
pub fn itsmlint_in(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(dir).env("NO_COLOR", "1");
    cmd
}

/// The files `itsmlint check ARGS`, run in `dir`, checked: the JUnit
/// format's one test case per file, in the order reported.
pub fn checked_files(dir: &Path, args: &[&str]) -> Vec<String> {
    let out = itsmlint_in(dir)
        .args(["check", "--format", "junit"])
        .args(args)
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    doc.descendants()
        .filter(|n| n.has_tag_name("testcase"))
        .map(|n| n.attribute("name").unwrap().to_string())
        .collect()
}

/// `itsmlint report --format json ARGS`, run in `dir`, which must exit 0:
/// the score of the first document.
pub fn report_score(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = itsmlint_in(dir)
        .args(["report", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["documents"][0]["score"].clone()
}
