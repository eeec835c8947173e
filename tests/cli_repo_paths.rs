//! Outputs read against a checkout name files from the repository's top:
//! `--diff` (for `git apply`), GitHub annotations and SARIF URIs, whatever
//! the working folder and however the path was named.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{itsmlint_in as itsmlint, write};

/// A fixable anchor (`#service-desing`) in `itsm/overview.md`.
const FIXABLE: &str = "# Design\n\n## Service design\n\nSee [d](#service-desing).\n";

/// A temporary git repository with `itsm/overview.md` in it.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    write(dir.path(), "itsm/overview.md", FIXABLE);
    dir
}

/// `git apply --check` of `patch`, run in `dir`: whether git would apply it.
fn git_apply_check(dir: &Path, patch: &[u8]) -> (bool, String) {
    let mut git = Command::new("git")
        .args(["apply", "--check", "-"])
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    git.stdin.take().unwrap().write_all(patch).unwrap();
    let out = git.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn diff_applies_with_git_from_the_top_and_from_a_subfolder() {
    let dir = repo();
    let root = dir.path();
    let subfolder = root.join("itsm");
    let absolute = root.join("itsm/overview.md");
    let runs: [(&Path, Vec<&str>); 4] = [
        (root, vec!["."]),
        (root, vec![]),
        (&subfolder, vec!["."]),
        (&subfolder, vec![absolute.to_str().unwrap()]),
    ];
    for (cwd, args) in runs {
        let out = itsmlint(cwd)
            .args(["check", "--diff"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}: there is a fix");
        let patch = String::from_utf8(out.stdout.clone()).unwrap();
        assert!(
            patch.starts_with("--- a/itsm/overview.md\n+++ b/itsm/overview.md\n"),
            "{args:?} in {cwd:?}:\n{patch}"
        );
        let (applies, why) = git_apply_check(cwd, &out.stdout);
        assert!(applies, "{args:?} in {cwd:?}: {why}\n{patch}");
    }
}

/// The `file=` of each GitHub annotation and the URI of each SARIF result.
fn annotated_paths(cwd: &Path, path: &str) -> (Vec<String>, Vec<String>) {
    let github = itsmlint(cwd)
        .args(["check", "--format", "github", path])
        .output()
        .unwrap();
    let files = String::from_utf8(github.stdout)
        .unwrap()
        .lines()
        .map(|l| l.split_once(" file=").unwrap().1)
        .map(|rest| rest.split(',').next().unwrap().to_string())
        .collect();
    let sarif = itsmlint(cwd)
        .args(["check", "--format", "sarif", path])
        .output()
        .unwrap();
    let log: serde_json::Value = serde_json::from_slice(&sarif.stdout).unwrap();
    let uris = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let artifact = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            assert_eq!(artifact["uriBaseId"], "%SRCROOT%", "{artifact}");
            artifact["uri"].as_str().unwrap().to_string()
        })
        .collect();
    (files, uris)
}

#[test]
fn github_and_sarif_paths_are_repository_relative() {
    let dir = repo();
    let root = dir.path();
    let absolute = root.join("itsm");
    for (cwd, path) in [
        (root.to_path_buf(), "."),
        (root.join("itsm"), "."),
        (root.join("itsm"), "overview.md"),
        (root.to_path_buf(), absolute.to_str().unwrap()),
    ] {
        let (files, uris) = annotated_paths(&cwd, path);
        assert!(!files.is_empty() && !uris.is_empty(), "{path} in {cwd:?}");
        assert!(
            files.iter().chain(&uris).all(|p| p == "itsm/overview.md"),
            "{path} in {cwd:?}: {files:?} {uris:?}"
        );
    }
}

#[test]
fn outside_a_repository_paths_are_relative_to_the_working_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "docs/a.md", FIXABLE);
    let (files, uris) = annotated_paths(dir.path(), "./docs");
    assert!(!files.is_empty() && !uris.is_empty());
    assert!(
        files.iter().chain(&uris).all(|p| p == "docs/a.md"),
        "{files:?} {uris:?}"
    );
}
