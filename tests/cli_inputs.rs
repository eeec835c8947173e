//! What a run reads: standard input, path-valued flags, symbolic links,
//! files named on the command line.

mod common;

use std::path::Path;

use common::{itsmlint_in as itsmlint, write};

/// A document with one placeholder, a link to a missing file and a broken
/// in-page anchor.
const DOC: &str =
    "---\ntitle: T\ndescription: D\n---\n\n# T\n\nTBD\n\n[a](missing.md) [b](#nowhere)\n";

const CLEAN: &str = "---\ntitle: A\ndescription: D\n---\n\n# A\n";

/// `(path, rule)` of each finding of `check --format json ARGS` run in `dir`
/// with `stdin`, and the exit code.
fn findings(dir: &Path, args: &[&str], stdin: &str) -> (Option<i32>, Vec<(String, String)>) {
    let out = itsmlint(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let found = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let field = |name: &str| f[name].as_str().unwrap().to_string();
            (field("path"), field("rule"))
        })
        .collect();
    (out.status.code(), found)
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(p, r)| (p.to_string(), r.to_string()))
        .collect()
}

#[test]
fn a_stdin_filename_alone_reads_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "other.md", DOC);
    let (code, found) = findings(dir.path(), &["--stdin-filename", "docs/a.md"], DOC);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        pairs(&[
            ("docs/a.md", "placeholder"),
            ("docs/a.md", "broken-link"),
            ("docs/a.md", "broken-anchor"),
        ]),
        "standard input as docs/a.md, not the folder"
    );
}

#[test]
fn a_stdin_filename_beside_paths_without_a_dash_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "other.md", DOC);
    let out = itsmlint(dir.path())
        .args(["check", "--stdin-filename", "docs/a.md", "other.md"])
        .write_stdin(DOC)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("add `-` to the paths"), "{stderr}");
    assert!(out.stdout.is_empty(), "nothing checked");
    // With `-`, both are checked.
    let (code, found) = findings(
        dir.path(),
        &["--stdin-filename", "docs/a.md", "-", "other.md"],
        CLEAN,
    );
    assert_eq!(code, Some(1));
    assert!(
        found.iter().all(|(path, _)| path == "other.md"),
        "{found:?}"
    );
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn unnamed_standard_input_does_not_resolve_links_to_files() {
    let dir = tempfile::tempdir().unwrap();
    let (code, found) = findings(dir.path(), &["-"], DOC);
    assert_eq!(code, Some(1));
    assert_eq!(
        found,
        pairs(&[("<stdin>", "placeholder"), ("<stdin>", "broken-anchor")]),
        "no folder to resolve missing.md from; in-page anchors still checked"
    );
    let help = itsmlint(dir.path())
        .args(["check", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let words: Vec<&str> = help.split_whitespace().collect();
    assert!(
        words
            .join(" ")
            .contains("Without it, links from standard input to other files are not checked"),
        "--help says so"
    );
}

#[test]
fn path_valued_flags_must_name_what_exists() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.md", CLEAN);
    let cases: [(&[&str], &str); 6] = [
        (
            &["--site-root", "nope"],
            "error: --site-root nope is not a folder",
        ),
        (
            &["--site-root", "a.md"],
            "error: --site-root a.md is not a folder",
        ),
        (
            &["--catalog-file", "nope.toml"],
            "error: --catalog-file nope.toml: cannot read the catalog: no such file or directory",
        ),
        (
            &["--config", "nope.toml"],
            "error: nope.toml: cannot read the config file: no such file or directory",
        ),
        (
            &["--files-from", "nope.txt"],
            "error: --files-from nope.txt: cannot read the path list: no such file or directory",
        ),
        (&["--site-root", "."], ""),
    ];
    for (flags, message) in cases {
        for command in ["check", "report"] {
            if command == "report" && flags[0] == "--files-from" {
                continue;
            }
            let out = itsmlint(dir.path())
                .arg(command)
                .args(flags)
                .arg("a.md")
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            if message.is_empty() {
                assert_eq!(out.status.code(), Some(0), "{command} {flags:?}: {stderr}");
            } else {
                assert_eq!(out.status.code(), Some(2), "{command} {flags:?}: {stderr}");
                assert_eq!(stderr.trim_end(), message, "{command} {flags:?}");
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn links_to_markdown_files_in_a_walked_folder_are_followed() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "shared/real.md", DOC);
    write(root, "docs/own.md", CLEAN);
    symlink(root.join("shared/real.md"), root.join("docs/link.md")).unwrap();
    // A folder linking to its parent: not walked, so the walk ends.
    symlink(root.join("docs"), root.join("docs/loop")).unwrap();
    let (code, found) = findings(root, &["docs"], "");
    assert_eq!(code, Some(1));
    assert!(
        !found.is_empty() && found.iter().all(|(path, _)| path == "docs/link.md"),
        "{found:?}"
    );
    // A link to nothing is an error naming it; the other files are still checked.
    symlink(root.join("gone.md"), root.join("docs/dangling.md")).unwrap();
    let out = itsmlint(root).args(["check", "docs"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("docs/dangling.md: a symbolic link to a file that does not exist"),
        "{stderr}"
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("2 files checked"), "{stdout}");
}

/// A Learn repository whose docfx.json and redirection file do not parse:
/// both commands name each file, check the pages anyway, and exit 2.
#[test]
fn site_files_that_do_not_read_are_errors_naming_them_in_check_and_report() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        ".openpublishing.redirection.json",
        "{ \"redirections\": [ ",
    );
    write(
        dir.path(),
        "docs/docfx.json",
        "{ \"build\": { \"content\": [ }",
    );
    write(dir.path(), "docs/a.md", DOC);
    for args in [&["check", "--format", "short"][..], &["report"][..]] {
        let out = itsmlint(dir.path())
            .args(args)
            .args(["--no-config", "docs"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8(out.stderr).unwrap();
        let docfx = Path::new("docs").join("docfx.json");
        assert!(
            stderr.contains(&format!("{}: not read as JSON (", docfx.display())),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(".openpublishing.redirection.json: cannot read its redirections"),
            "{args:?}: {stderr}"
        );
        assert_eq!(stderr.matches("docfx.json").count(), 1, "once: {stderr}");
        if args[0] == "check" {
            let stdout = String::from_utf8(out.stdout).unwrap();
            assert!(stdout.contains("a.md:8:1: error[placeholder]"), "{stdout}");
        }
    }
}
