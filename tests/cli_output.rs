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
