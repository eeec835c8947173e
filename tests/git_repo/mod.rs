//! Real git repositories for the gating tests, built with the `git` command
//! in a temporary folder, away from the user's and the system's git config.
#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use assert_cmd::Command;
use serde_json::Value;

pub struct Repo {
    dir: tempfile::TempDir,
}

/// The environment git runs in, for the tests' own commands and for itsmlint's.
pub fn hermetic(cmd: &mut Process, dir: &Path) {
    cmd.env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Tester")
        .env("GIT_AUTHOR_EMAIL", "tester@example.com")
        .env("GIT_COMMITTER_NAME", "Tester")
        .env("GIT_COMMITTER_EMAIL", "tester@example.com")
        // Never find a repository above the test's folder.
        .env("GIT_CEILING_DIRECTORIES", dir.parent().unwrap())
        .env("NO_COLOR", "1")
        .current_dir(dir);
}

/// Runs git in `dir`; panics with its stderr when it fails.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let mut cmd = Process::new("git");
    hermetic(&mut cmd, dir);
    let out = cmd.args(args).output().expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

impl Repo {
    /// An empty folder, not yet a repository.
    pub fn folder() -> Repo {
        Repo {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A new repository on branch `main`, with no commit.
    pub fn new() -> Repo {
        let repo = Repo::folder();
        repo.git(&["init", "--quiet", "--initial-branch=main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn file(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.file(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.file(rel)).unwrap()
    }

    /// Replaces the first `from` in `rel` by `to`, which must be there.
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no {from:?}");
        self.write(rel, &text.replacen(from, to, 1));
    }

    pub fn commit_all(&self, message: &str) {
        self.git(&["add", "--all"]);
        self.git(&["commit", "--quiet", "-m", message]);
    }

    /// itsmlint run in the repository, with the same git environment.
    pub fn itsmlint(&self) -> Command {
        let mut process = Process::new(env!("CARGO_BIN_EXE_itsmlint"));
        hermetic(&mut process, self.path());
        Command::from_std(process)
    }

    /// `itsmlint check --no-config --format json ARGS .`: exit code, report, stderr.
    pub fn check_json(&self, args: &[&str]) -> (Option<i32>, Value, String) {
        let out = self
            .itsmlint()
            .args(["check", "--no-config", "--format", "json"])
            .args(args)
            .arg(".")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let report =
            serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
        (out.status.code(), report, stderr)
    }

    /// `itsmlint check --no-config --write-baseline baseline.json .`, which
    /// must succeed: the baseline it wrote.
    pub fn write_baseline_here(&self) -> Value {
        let out = self
            .itsmlint()
            .args([
                "check",
                "--no-config",
                "--write-baseline",
                "baseline.json",
                ".",
            ])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        serde_json::from_str(&self.read("baseline.json")).unwrap()
    }
}

/// (path, line, rule) of each finding of a JSON report, `./` dropped from paths.
pub fn findings(report: &Value) -> Vec<(String, u64, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let path = f["path"].as_str().unwrap();
            (
                path.trim_start_matches("./").to_string(),
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// A fixture's text without its front matter: lines can then be inserted at
/// its top without breaking it.
pub fn fixture_body(rel: &str) -> String {
    let text = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap();
    let rest = text
        .strip_prefix("---\n")
        .expect("a fixture with front matter");
    let end = rest.find("\n---\n").unwrap();
    rest[end + "\n---\n".len()..].to_string()
}
