//! `check` and `report` run one pipeline: they read the same files, whatever
//! the config's include/exclude and the command line's choice of config.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::{itsmlint_in as itsmlint, write};

/// An ITSM document with one gap: `report` scores it, `check` flags it.
const ITSM: &str = "| ITSM component | Description |\n|---|---|\n| Change management |  |\n";

/// The files `check` read: JUnit names every file checked, findings or not.
fn checked(root: &Path, args: &[&str]) -> BTreeSet<String> {
    common::checked_files(root, args).into_iter().collect()
}

/// The files `report` scored.
fn scored(root: &Path, args: &[&str]) -> BTreeSet<String> {
    let out = itsmlint(root)
        .args(["report", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    json["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect()
}

fn set(paths: &[&str]) -> BTreeSet<String> {
    paths.iter().map(|p| p.to_string()).collect()
}

#[test]
fn report_skips_what_the_config_excludes() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "itsmlint.toml", "exclude = [\"docs/skip.md\"]\n");
    write(root, "docs/skip.md", ITSM);
    write(root, "docs/keep.md", ITSM);
    assert_eq!(scored(root, &["docs"]), set(&["docs/keep.md"]));
    assert_eq!(checked(root, &["docs"]), set(&["docs/keep.md"]));
}

#[test]
fn check_and_report_read_the_same_files_in_every_combination() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "itsmlint.toml", "exclude = [\"docs/skip.md\"]\n");
    write(root, "docs/sub/itsmlint.toml", "include = [\"in/**\"]\n");
    write(root, "strict.toml", "exclude = [\"docs/keep.md\"]\n");
    for file in [
        "docs/skip.md",
        "docs/keep.md",
        "docs/sub/in/a.md",
        "docs/sub/out.md",
        "other/b.md",
    ] {
        write(root, file, ITSM);
    }
    let combinations: [&[&str]; 8] = [
        &["docs"],
        &["."],
        &["docs", "other"],
        &["docs/skip.md", "docs/sub"],
        &["docs", "--no-config"],
        &["docs", "--config", "strict.toml"],
        &["docs/sub", "--config", "strict.toml"],
        &["other/b.md", "docs/sub/out.md"],
    ];
    for args in combinations {
        let read = checked(root, args);
        assert!(!read.is_empty(), "{args:?} read nothing");
        assert_eq!(read, scored(root, args), "{args:?}");
    }
    // The config decides: the nearest one's include and exclude, or the one named.
    assert_eq!(
        checked(root, &["."]),
        set(&["./docs/keep.md", "./docs/sub/in/a.md", "./other/b.md"])
    );
    assert_eq!(
        checked(root, &["docs", "--config", "strict.toml"]),
        set(&["docs/skip.md", "docs/sub/in/a.md", "docs/sub/out.md"])
    );
    assert_eq!(checked(root, &["docs", "--no-config"]).len(), 4);
}

#[test]
fn a_file_named_on_the_command_line_is_checked_unless_force_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "itsmlint.toml", "exclude = [\"docs/skip.md\"]\n");
    write(root, "docs/skip.md", ITSM);
    write(root, "docs/keep.md", ITSM);
    let named = ["docs/skip.md", "docs/keep.md"];
    let both = set(&named);
    assert_eq!(checked(root, &named), both, "named files win, as in ruff");
    assert_eq!(scored(root, &named), both);
    let forced = ["--force-exclude", "docs/skip.md", "docs/keep.md"];
    assert_eq!(checked(root, &forced), set(&["docs/keep.md"]));
    assert_eq!(scored(root, &forced), set(&["docs/keep.md"]));
    // A folder's files are found, not named: the config still leaves them out.
    assert_eq!(checked(root, &["docs"]), set(&["docs/keep.md"]));
}

#[test]
fn dot_folders_are_walked_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in [
        "docs/a.md",
        ".github/ISSUE_TEMPLATE/bug.md",
        "docs/.drafts/b.md",
    ] {
        write(root, file, ITSM);
    }
    assert_eq!(checked(root, &["."]), set(&["./docs/a.md"]));
    assert_eq!(
        checked(root, &[".", "--hidden"]),
        set(&[
            "./.github/ISSUE_TEMPLATE/bug.md",
            "./docs/.drafts/b.md",
            "./docs/a.md"
        ])
    );
    // A dot-folder named on the command line is walked either way.
    assert_eq!(
        checked(root, &[".github"]),
        set(&[".github/ISSUE_TEMPLATE/bug.md"])
    );
}

#[test]
fn node_modules_folders_are_walked_only_when_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for file in [
        "docs/a.md",
        "node_modules/pkg/README.md",
        "docs/node_modules/x/README.md",
        "docs/node_modules.md",
    ] {
        write(root, file, ITSM);
    }
    assert_eq!(
        checked(root, &["."]),
        set(&["./docs/a.md", "./docs/node_modules.md"])
    );
    assert_eq!(
        checked(root, &["node_modules"]),
        set(&["node_modules/pkg/README.md"])
    );
}
