//! The CLI with itsmlint.toml: discovery, --config, overrides, config errors
//! (exit 2, naming file, line and column), severities and exit codes, init.

mod common;

use std::fs;

use predicates::prelude::*;
use predicates::str::contains;

const EMPTY_CELL: &str = "---\ntitle: T\ndescription: D\n---\n\n| ITSM component | Description |\n|---|---|\n| Change management |  |\n";

use common::{itsmlint_in as itsmlint, write};

#[test]
fn config_is_found_by_walking_up_and_the_nearest_wins() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/deep/er/a.md", EMPTY_CELL);
    // No config anywhere in the temp tree: the defaults make it an error.
    itsmlint(root)
        .args(["check", "docs"])
        .assert()
        .code(1)
        .stdout(contains("empty-cell"));
    write(root, "itsmlint.toml", "[rules]\nempty-cell = \"off\"\n");
    itsmlint(root).args(["check", "docs"]).assert().code(0);
    // Checking from inside the tree finds the same file.
    itsmlint(&root.join("docs/deep"))
        .args(["check", "."])
        .assert()
        .code(0);
    // A nearer config wins, without merging with the one above.
    write(root, "docs/deep/itsmlint.toml", "tables = \"all\"\n");
    itsmlint(root).args(["check", "docs"]).assert().code(1);
}

#[test]
fn explicit_config_overrides_discovery() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", EMPTY_CELL);
    write(root, "itsmlint.toml", "[rules]\nempty-cell = \"off\"\n");
    write(root, "ci/strict.toml", "[rules]\nempty-cell = \"error\"\n");
    itsmlint(root).args(["check", "a.md"]).assert().code(0);
    itsmlint(root)
        .args(["check", "a.md", "--config", "ci/strict.toml"])
        .assert()
        .code(1)
        .stdout(contains("empty-cell"));
    itsmlint(root)
        .args(["check", "a.md", "--config", "ci/missing.toml"])
        .assert()
        .code(2)
        .stderr(contains(
            "ci/missing.toml: cannot read the config file: no such file",
        ));
    // --no-config: the defaults, whatever is on disk.
    itsmlint(root)
        .args(["check", "a.md", "--no-config"])
        .assert()
        .code(1);
}

#[test]
fn per_path_override_applies_only_under_its_glob() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "itsmlint.toml",
        "[rules]\nempty-cell = \"off\"\n\n[[overrides]]\nfiles = [\"docs/itsm/**\"]\n[overrides.rules]\nempty-cell = \"error\"\n",
    );
    write(root, "docs/guide/a.md", EMPTY_CELL);
    write(root, "docs/itsm/b.md", EMPTY_CELL);
    let out = itsmlint(root)
        .args(["check", "docs", "--format", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let paths: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths.len(), 1, "{json}");
    assert!(paths[0].ends_with("b.md"), "{json}");
}

#[test]
fn unknown_key_is_exit_2_with_file_line_column_and_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", EMPTY_CELL);
    write(
        root,
        "itsmlint.toml",
        "tables = \"all\"\n\n[rules.empty-cell]\nsevrity = \"warning\"\n",
    );
    itsmlint(root)
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "itsmlint.toml:4:1: unknown key `sevrity`, did you mean `severity`?",
        ));
}

#[test]
fn unknown_rule_and_bad_regex_are_exit_2_with_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", EMPTY_CELL);
    write(root, "itsmlint.toml", "[rules]\nempty-cells = \"off\"\n");
    itsmlint(root)
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stderr(contains(
            "itsmlint.toml:2:1: unknown rule `empty-cells`, did you mean `empty-cell`?",
        ));
    write(
        root,
        "itsmlint.toml",
        "[[placeholders.pattern]]\nname = \"ticket\"\nregex = 'TICKET-(\\d+'\n",
    );
    itsmlint(root)
        .args(["check", "a.md"])
        .assert()
        .code(2)
        .stderr(contains(
            "itsmlint.toml:3:9: placeholder pattern `ticket`: bad regex",
        ));
}

#[test]
fn a_warning_severity_makes_the_run_pass() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", EMPTY_CELL);
    itsmlint(root).args(["check", "a.md"]).assert().code(1);
    write(
        root,
        "itsmlint.toml",
        "[rules]\nempty-cell = { severity = \"warning\" }\n",
    );
    itsmlint(root)
        .args(["check", "a.md"])
        .assert()
        .code(0)
        .stdout(contains("warning[empty-cell]").and(contains("0 errors, 1 warning")));
}

#[test]
fn excluded_files_are_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "itsmlint.toml", "exclude = [\"drafts/**\"]\n");
    write(root, "drafts/a.md", EMPTY_CELL);
    write(
        root,
        "done/b.md",
        "---\ntitle: T\ndescription: D\n---\n\nDone.\n",
    );
    itsmlint(root)
        .args(["check", "."])
        .assert()
        .code(0)
        .stdout(contains("1 file checked"));
}

#[test]
fn init_writes_a_starter_that_loads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    itsmlint(root).arg("init").assert().code(0);
    let written = fs::read_to_string(root.join("itsmlint.toml")).unwrap();
    assert!(written.contains("[rules]") && written.contains("empty-cell"));
    // The starter is the defaults: an empty cell is still an error under it.
    write(root, "a.md", EMPTY_CELL);
    itsmlint(root).args(["check", "a.md"]).assert().code(1);
    fs::write(root.join("itsmlint.toml"), "# mine\n").unwrap();
    itsmlint(root)
        .arg("init")
        .assert()
        .code(2)
        .stderr(contains("itsmlint.toml already exists"));
    assert_eq!(
        fs::read_to_string(root.join("itsmlint.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn select_and_stdin_use_each_files_config() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "docs/itsmlint.toml",
        "[rules]\nempty-cell = \"off\"\n",
    );
    write(root, "docs/a.md", EMPTY_CELL);
    itsmlint(root).args(["check", "docs"]).assert().code(0);
    // --select narrows on top of the config, and naming a rule asks for it.
    itsmlint(root)
        .args(["check", "docs", "--select", "empty-cell"])
        .assert()
        .code(1);
    // Standard input is governed by the config of the name it is reported under.
    itsmlint(root)
        .args(["check", "-", "--stdin-filename", "docs/b.md"])
        .write_stdin(EMPTY_CELL)
        .assert()
        .code(0);
    itsmlint(root)
        .args(["check", "-", "--stdin-filename", "b.md"])
        .write_stdin(EMPTY_CELL)
        .assert()
        .code(1);
    write(root, "docs/itsmlint.toml", "[rule]\n");
    itsmlint(root)
        .args(["check", "-", "--stdin-filename", "docs/b.md"])
        .write_stdin(EMPTY_CELL)
        .assert()
        .code(2)
        .stderr(contains(
            "docs/itsmlint.toml:1:2: unknown key `rule`, did you mean `rules`?",
        ));
}

#[test]
fn config_named_without_a_folder_anchors_globs_at_the_current_folder() {
    // `--config itsmlint.toml` once had the folder "", so no glob matched.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.md", EMPTY_CELL);
    write(root, "strict/b.md", EMPTY_CELL);
    write(
        root,
        "ci.toml",
        "exclude = [\"a.md\"]\n[rules]\nempty-cell = \"off\"\n\
         [[overrides]]\nfiles = [\"strict/**\"]\n[overrides.rules]\nempty-cell = \"error\"\n",
    );
    itsmlint(root)
        .args(["check", ".", "--config", "ci.toml", "--format", "short"])
        .assert()
        .code(1)
        .stdout(contains("strict/b.md:8:"))
        .stdout(
            predicate::str::is_match("(?m)^(\\./)?a\\.md")
                .unwrap()
                .not(),
        );
}

#[test]
fn a_hidden_itsmlint_toml_is_a_config_too_but_not_beside_the_plain_one() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/a.md", EMPTY_CELL);
    write(root, ".itsmlint.toml", "[rules]\nempty-cell = \"off\"\n");
    itsmlint(root).args(["check", "docs"]).assert().code(0);
    itsmlint(root)
        .arg("init")
        .assert()
        .code(2)
        .stderr(contains(".itsmlint.toml already exists"));
    write(root, "itsmlint.toml", "[rules]\nempty-cell = \"warning\"\n");
    itsmlint(&root.join("docs"))
        .args(["check", "."])
        .assert()
        .code(2)
        .stdout("")
        .stderr(contains(
            "/.itsmlint.toml: both itsmlint.toml and .itsmlint.toml are in this folder; keep one",
        ));
}

#[test]
fn config_shows_the_governing_file_and_its_settings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "docs/itsmlint.toml",
        "slug-style = \"microsoft-learn\"\nexclude = [\"drafts/**\"]\n\
         [rules]\nempty-cell = \"warning\"\n\
         [[overrides]]\nfiles = [\"strict/**\"]\n[overrides.rules]\nempty-cell = \"error\"\n",
    );
    write(root, "docs/a.md", EMPTY_CELL);
    let show = |args: &[&str]| -> String {
        let out = itsmlint(root).arg("config").args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    let shown = show(&["docs/a.md"]);
    assert!(
        shown.contains("config file:       docs/itsmlint.toml\n"),
        "{shown}"
    );
    assert!(
        shown.contains("slug-style:        microsoft-learn\n"),
        "{shown}"
    );
    assert!(shown.contains("  empty-cell          warning\n"), "{shown}");
    assert!(!shown.contains("excluded:"), "{shown}");
    let strict = show(&["docs/strict/b.md"]);
    assert!(
        strict.contains("  empty-cell          error\n"),
        "the override applies: {strict}"
    );
    write(root, "docs/drafts/x.md", EMPTY_CELL);
    let drafts = show(&["docs/drafts"]);
    assert!(drafts.contains("excluded:          yes"), "{drafts}");
    let top = show(&[]);
    assert!(
        top.contains("config file:       none found above it: the built-in defaults\n"),
        "{top}"
    );
    assert!(top.contains("slug-style:        github\n"), "{top}");
    let defaults = show(&["--no-config", "docs/a.md"]);
    assert!(
        defaults.contains("  empty-cell          error\n"),
        "{defaults}"
    );
    write(root, "bad/itsmlint.toml", "nonsense = 1\n");
    itsmlint(root)
        .args(["config", "bad"])
        .assert()
        .code(2)
        .stderr(contains("bad/itsmlint.toml:1:1"));
}

#[test]
fn a_file_singled_out_leaves_its_neighbours_alone() {
    // Files of one folder share settings unless the config singles one out
    // (an exclude, an override): whichever is looked up first, each gets its own.
    for (config, singled_out) in [
        ("exclude = [\"docs/f30.md\"]\n", "docs/f30.md"),
        (
            "[[overrides]]\nfiles = [\"docs/f20.md\"]\n[overrides.rules]\nempty-cell = \"off\"\n",
            "docs/f20.md",
        ),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let names: Vec<String> = (0..40).map(|i| format!("docs/f{i:02}.md")).collect();
        for name in &names {
            write(root, name, EMPTY_CELL);
        }
        write(root, "itsmlint.toml", config);
        let output = itsmlint(root)
            .args(["check", "docs", "--format", "short"])
            .output()
            .unwrap();
        let stdout = String::from_utf8(output.stdout).unwrap();
        let flagged: Vec<&str> = stdout
            .lines()
            .filter(|line| line.contains("empty-cell"))
            .map(|line| line.split(':').next().unwrap())
            .collect();
        let expected: Vec<&str> = names
            .iter()
            .map(String::as_str)
            .filter(|name| *name != singled_out)
            .collect();
        assert_eq!(flagged, expected, "{config}\n{stdout}");
    }
}
