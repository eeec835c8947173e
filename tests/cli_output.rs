//! Where output goes and how a run ends when it cannot go there: a reader
//! that stopped early, a full disk.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

/// `itsmlint ARGS` in the crate's folder, its standard output sent to `stdout`.
fn run_into(args: &[&str], stdout: Stdio) -> Output {
    Command::new(assert_cmd::cargo::cargo_bin("itsmlint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

/// The write end of a pipe whose reader has already exited, as after
/// `| head -1`: every write to it fails with a broken pipe, at once.
#[cfg(unix)]
fn closed_pipe() -> Stdio {
    let mut reader = Command::new("true").stdin(Stdio::piped()).spawn().unwrap();
    let write_end = reader.stdin.take().unwrap();
    reader.wait().unwrap();
    Stdio::from(write_end)
}

#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let draft = "fixtures/itsm/draft.md";
    let runs: [(&[&str], i32); 6] = [
        (&["completions", "bash"], 0),
        (&["completions", "zsh"], 0),
        (&["rules"], 0),
        // A check keeps its verdict: the findings are there, read or not.
        (&["check", draft], 1),
        (&["check", "--format", "json", draft], 1),
        (&["check", "--diff", "fixtures/rules/broken-anchor.md"], 1),
    ];
    for (args, code) in runs {
        let out = run_into(args, closed_pipe());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(
            !stderr.contains("error") && !stderr.contains("panicked"),
            "{args:?}: {stderr}"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_is_an_error() {
    let runs: [&[&str]; 3] = [
        &["completions", "zsh"],
        &["rules"],
        &["check", "fixtures/itsm/draft.md"],
    ];
    for args in runs {
        let full = std::fs::File::create(Path::new("/dev/full")).unwrap();
        let out = run_into(args, Stdio::from(full));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("error: writing to standard output: No space left on device"),
            "{args:?}: {stderr}"
        );
    }
}

/// `itsmlint ARGS` in the crate's folder, with colour left to the environment.
fn itsmlint() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("itsmlint").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR")
        .env_remove("CLICOLOR_FORCE");
    cmd
}

const DRAFT: &str = "fixtures/itsm/draft.md";

#[test]
fn output_file_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("findings.json");
    let out = itsmlint()
        .args(["check", "--output-format", "json", "--output-file"])
        .arg(&file)
        .arg(DRAFT)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "findings still set the exit code"
    );
    assert!(out.stdout.is_empty(), "the report went to the file");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert!(json["findings"].as_array().unwrap().len() > 10);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temp file left"
    );
    // A folder that does not exist: an error naming the flag, and no file.
    let missing = dir.path().join("no/such/folder/out.txt");
    let out = itsmlint()
        .args(["check", "--output-file"])
        .arg(&missing)
        .arg(DRAFT)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!(
            "error: --output-file {}: cannot write it: no such file or directory\n",
            missing.display()
        )
    );
    assert!(!dir.path().join("no").exists());
}

#[test]
fn statistics_count_findings_per_rule_most_first() {
    let out = itsmlint()
        .args(["check", "--statistics", "fixtures/rules/broken-anchor.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "7  broken-anchor  error    (4 fixable with --fix)\n1  broken-link    error\n"
    );
    let out = itsmlint()
        .args(["check", "--statistics", "--format", "json", DRAFT])
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows
        .windows(2)
        .all(|w| w[0]["count"].as_u64() >= w[1]["count"].as_u64()));
    assert!(rows
        .iter()
        .any(|r| r["rule"] == "empty-cell" && r["severity"] == "error"));
    itsmlint()
        .args(["check", "--statistics", "--format", "sarif", DRAFT])
        .assert()
        .code(2);
}

#[test]
fn exit_zero_hides_findings_from_the_exit_code_not_trouble() {
    itsmlint()
        .args(["check", "--exit-zero", "--quiet", DRAFT])
        .assert()
        .code(0);
    itsmlint()
        .args(["check", "--exit-zero", DRAFT, "no-such-file.md"])
        .assert()
        .code(2);
}

#[test]
fn colour_follows_the_flag_then_no_color_then_force_color() {
    let coloured = |envs: &[(&str, &str)], flags: &[&str]| -> bool {
        let out = itsmlint()
            .arg("check")
            .args(flags)
            .arg(DRAFT)
            .envs(envs.iter().copied())
            .output()
            .unwrap();
        out.stdout.contains(&0x1b)
    };
    assert!(!coloured(&[], &[]), "not a terminal");
    assert!(coloured(&[("FORCE_COLOR", "1")], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(&[("FORCE_COLOR", "1"), ("NO_COLOR", "1")], &[]));
    assert!(coloured(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(!coloured(&[("FORCE_COLOR", "1")], &["--color", "never"]));
}
