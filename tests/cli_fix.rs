//! `--fix` and `--diff`: before/after content, idempotence, untouched files.

use std::path::Path;
use std::time::{Duration, SystemTime};

use assert_cmd::Command;
use predicates::prelude::*;

const BEFORE: &str = "\
---
title: Design
description: Service design in Contoso Desk.
---

# Design

## Service design

See [design](#service-desing) and [top](#design).
Also [catalog](#service-catalogue).

## Service catalog

[elsewhere](#completely-unrelated-target)

By reference: [design][d] and <a href='#servce-catalog'>the catalog</a>.

[d]: #service-desgn
";

const AFTER: &str = "\
---
title: Design
description: Service design in Contoso Desk.
---

# Design

## Service design

See [design](#service-design) and [top](#design).
Also [catalog](#service-catalog).

## Service catalog

[elsewhere](#completely-unrelated-target)

By reference: [design][d] and <a href='#service-catalog'>the catalog</a>.

[d]: #service-design
";

fn itsmlint() -> Command {
    Command::cargo_bin("itsmlint").unwrap()
}

/// A file whose modification time is set in the past, so a rewrite would show.
fn write_old(path: &Path, text: &str) -> SystemTime {
    std::fs::write(path, text).unwrap();
    let old = SystemTime::now() - Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    std::fs::metadata(path).unwrap().modified().unwrap()
}

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path).unwrap().modified().unwrap()
}

#[test]
fn fix_rewrites_unambiguous_anchors_and_reports_what_remains() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("design.md");
    let clean = dir.path().join("clean.md");
    write_old(&doc, BEFORE);
    let clean_time = write_old(&clean, "---\ntitle: T\ndescription: D\n---\n\n# T\n");
    let out = itsmlint()
        .args(["check", "--fix", "--format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "the unfixable anchor remains");
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), AFTER);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.contains("design.md:15:13: error[broken-anchor]"),
        "{stdout}"
    );
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("fixed 4 findings in 1 file"));
    assert_eq!(mtime(&clean), clean_time, "nothing to fix: not written");

    // A second run changes nothing and writes nothing.
    let fixed_time = write_old(&doc, AFTER);
    itsmlint()
        .args(["check", "--fix"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("fixed 0 findings in 0 files"));
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), AFTER);
    assert_eq!(mtime(&doc), fixed_time);
}

#[test]
fn diff_shows_the_fix_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("design.md");
    let time = write_old(&doc, BEFORE);
    let out = itsmlint()
        .current_dir(dir.path())
        .args(["check", "--diff", "design.md"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a fix is available");
    let diff = String::from_utf8(out.stdout).unwrap();
    assert!(
        diff.starts_with("--- a/design.md\n+++ b/design.md\n@@ "),
        "{diff}"
    );
    assert!(diff.contains("\n-See [design](#service-desing) and [top](#design).\n"));
    assert!(diff.contains("\n+See [design](#service-design) and [top](#design).\n"));
    assert!(diff.contains("\n+Also [catalog](#service-catalog).\n"));
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), BEFORE);
    assert_eq!(mtime(&doc), time);

    // Applying the diff's result leaves nothing for --diff to show.
    std::fs::write(&doc, AFTER).unwrap();
    itsmlint()
        .current_dir(dir.path())
        .args(["check", "--diff", "design.md"])
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn diff_reads_stdin_but_fix_refuses_it() {
    itsmlint()
        .args(["check", "--diff", "--stdin-filename", "docs/d.md", "-"])
        .write_stdin(BEFORE)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("+++ b/docs/d.md"));
    itsmlint()
        .args(["check", "--fix", "-"])
        .write_stdin(BEFORE)
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--fix cannot write back to standard input",
        ));
    itsmlint()
        .args(["check", "--fix", "--diff", "-"])
        .write_stdin(BEFORE)
        .assert()
        .code(2);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.md");
    std::fs::write(&real, BEFORE).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("link.md");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    itsmlint()
        .args(["check", "--fix"])
        .arg(&link)
        .assert()
        .code(1);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), AFTER);
    assert_eq!(
        std::fs::metadata(&real).unwrap().permissions().mode() & 0o777,
        0o600
    );
}

#[test]
fn a_read_only_file_is_left_alone_and_its_findings_reported() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked.md");
    let open = dir.path().join("open.md");
    std::fs::write(&locked, BEFORE).unwrap();
    std::fs::write(&open, BEFORE).unwrap();
    let mut permissions = std::fs::metadata(&locked).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&locked, permissions).unwrap();
    let out = itsmlint()
        .args(["check", "--fix", "--format", "short"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "a file not fixed is trouble");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains(&format!(
            "{}: not fixed: the file is read-only",
            locked.display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), BEFORE);
    assert_eq!(std::fs::read_to_string(&open).unwrap(), AFTER);
    let stdout = String::from_utf8(out.stdout).unwrap();
    let locked_findings: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with(&locked.display().to_string()))
        .collect();
    assert_eq!(locked_findings.len(), 5, "all as before --fix:\n{stdout}");
    assert!(stdout.contains("#service-desing"), "{stdout}");
}
