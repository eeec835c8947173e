//! The `[itsm]` table of itsmlint.toml from the command line: site root,
//! catalog files, out of scope, component and link headers, override
//! profiles, and the flags winning over the config.

mod common;

use std::fs;
use std::path::Path;

use predicates::str::contains;

use common::{itsmlint_in as itsmlint, write};

/// `check --format short --select RULE`: the lines of the findings.
fn findings(dir: &Path, rule: &str, extra: &[&str]) -> Vec<String> {
    let out = itsmlint(dir)
        .args(["check", "--format", "short", "--select", rule])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.contains(&format!("[{rule}]")))
        .map(str::to_string)
        .collect()
}

/// `report --format json` of one file: its score.
fn score(dir: &Path, file: &str, extra: &[&str]) -> serde_json::Value {
    let args: Vec<&str> = std::iter::once(file).chain(extra.iter().copied()).collect();
    common::report_score(dir, &args)
}

const LINKS: &str = "# Links\n\n[Page](/office/page.md) and [gone](/office/missing.md).\n";

#[test]
fn site_root_in_config_makes_root_relative_links_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/a.md", LINKS);
    write(root, "site/office/page.md", "# Page\n");
    // No site root: root-relative links are not checked.
    assert!(findings(root, "broken-link", &["docs"]).is_empty());
    // Relative to the config file, wherever itsmlint runs from.
    write(root, "itsmlint.toml", "[itsm]\nsite-root = \"site\"\n");
    let found = findings(&root.join("docs"), "broken-link", &["a.md"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("/office/missing.md"), "{found:?}");
    // The flag wins: under an empty folder both links are broken.
    fs::create_dir_all(root.join("empty")).unwrap();
    let flag = findings(root, "broken-link", &["docs", "--site-root", "empty"]);
    assert_eq!(flag.len(), 2, "{flag:?}");
}

const CONTOSO: &str = r#"id = "contoso"
title = "Contoso service model"

[[phase]]
name = "Run"

[[phase.process]]
name = "Ticket triage"

[[phase.process]]
name = "Service desk"
"#;

const RUN_DOC: &str = "# Contoso\n\n## Run\n\n| ITSM component | Description |\n|---|---|\n| Service desk | The desk. |\n";

#[test]
fn a_catalog_file_in_config_is_used_and_flags_win() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/run.md", RUN_DOC);
    write(root, "catalogs/contoso.toml", CONTOSO);
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncatalog = \"contoso\"\ncatalog-files = [\"catalogs/contoso.toml\"]\n",
    );
    let contoso = score(root, "docs/run.md", &[]);
    assert_eq!(contoso["catalog"], "contoso");
    assert_eq!(contoso["tables"][0]["phase"], "Run");
    assert_eq!(
        contoso["tables"][0]["missing"],
        serde_json::json!(["Ticket triage"])
    );
    let missing = findings(root, "missing-process", &["docs"]);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("Ticket triage"), "{missing:?}");
    // `--catalog` wins over the config, `auto` too; it may name the config's catalog.
    let forced = score(root, "docs/run.md", &["--catalog", "itil-4"]);
    assert_eq!(forced["catalog"], "itil-4");
    assert_eq!(
        score(root, "docs/run.md", &["--catalog", "auto"])["catalog"],
        "contoso"
    );
    // A --catalog-file with the same id replaces the config's catalog.
    let lean = CONTOSO.replace(
        "name = \"Ticket triage\"",
        "name = \"Ticket triage\"\nrequired = false",
    );
    write(root, "lean.toml", &lean);
    let replaced = score(root, "docs/run.md", &["--catalog-file", "lean.toml"]);
    assert_eq!(replaced["catalog"], "contoso");
    assert_eq!(replaced["tables"][0]["missing"], serde_json::json!([]));
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncatalog-files = [\"catalogs/contoso.toml\"]\n",
    );
    assert_eq!(
        score(root, "docs/run.md", &["--catalog", "contoso"])["catalog"],
        "contoso"
    );
    itsmlint(root)
        .args(["check", "docs", "--catalog", "contsoo"])
        .assert()
        .code(2)
        .stderr(contains(
            "error: --catalog: unknown catalog `contsoo`; known: auto, itil-v3, itil-4, contoso",
        ));
    // A bad catalog file stops the run, naming its own line and the config's.
    write(
        root,
        "catalogs/contoso.toml",
        &CONTOSO.replace("title", "titel"),
    );
    itsmlint(root)
        .args(["check", "docs"])
        .assert()
        .code(2)
        .stderr(contains(
            "catalogs/contoso.toml:2:1: unknown key `titel`, did you mean `title`? \
             (catalog file named in itsmlint.toml:2)",
        ));
}

const DESIGN: &str =
    "# Design\n\n## Service design\n\n| ITSM component | Description |\n|---|---|\n\
| Design coordination | Yes. |\n| Service catalogue management | Yes. |\n\
| Service level management | Yes. |\n| Availability management | Yes. |\n\
| Capacity management | Yes. |\n| IT service continuity management | Yes. |\n\
| Information security management | Yes. |\n";

#[test]
fn out_of_scope_in_config_moves_a_process_to_the_out_of_scope_list() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/design.md", DESIGN);
    let before = score(root, "docs/design.md", &[]);
    assert_eq!(
        before["tables"][0]["missing"],
        serde_json::json!(["Supplier management"])
    );
    assert_eq!(findings(root, "missing-process", &["docs"]).len(), 1);
    write(
        root,
        "itsmlint.toml",
        "[itsm]\nout-of-scope = [\"supplier management\"]\n",
    );
    let after = score(root, "docs/design.md", &[]);
    assert_eq!(after["tables"][0]["missing"], serde_json::json!([]));
    assert_eq!(
        after["out_of_scope"],
        serde_json::json!(["Supplier management"])
    );
    assert!(findings(root, "missing-process", &["docs"]).is_empty());
    // A misspelt name is a config error, with a suggestion.
    write(
        root,
        "itsmlint.toml",
        "[itsm]\nout-of-scope = [\"Suplier management\"]\n",
    );
    itsmlint(root)
        .args(["check", "docs"])
        .assert()
        .code(2)
        .stderr(contains(
            "itsmlint.toml:2:17: out-of-scope `Suplier management` names no phase or process \
             of a catalog, did you mean `Supplier management`?",
        ));
}

const CAPABILITIES: &str = "# Capabilities\n\n| Capability | Guide |\n|---|---|\n\
| Incident management | See the admin guide |\n| Problem management | Internal only |\n";

#[test]
fn component_and_link_headers_choose_the_tables_and_columns_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "docs/caps.md", CAPABILITIES);
    // "Capability" is no ITSM table by default: nothing to score, no link column.
    assert!(findings(root, "link-cell", &["docs"]).is_empty());
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncomponent-headers = [\"Capability\"]\n",
    );
    assert_eq!(score(root, "docs/caps.md", &[])["cells"]["total"], 2);
    // An ITSM table now, but "Guide" is not a link column.
    assert!(findings(root, "link-cell", &["docs"]).is_empty());
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncomponent-headers = [\"Capability\"]\nlink-headers = [\"guide\"]\n",
    );
    let found = findings(root, "link-cell", &["docs"]);
    assert_eq!(found.len(), 2, "{found:?}");
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncomponent-headers = [\"Capability\"]\nlink-headers = [\"Guide\"]\n\
         link-exempt = [\"Internal only\"]\n",
    );
    let found = findings(root, "link-cell", &["docs"]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("docs/caps.md:5:"), "{found:?}");
}

const PRACTICES: &str = "# Map\n\n| ITSM component | Description |\n|---|---|\n\
| Incident management | Yes. |\n| Problem management | Yes. |\n";

#[test]
fn an_override_profile_sets_itsm_keys_for_its_paths() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for folder in ["itsm", "other"] {
        write(root, &format!("{folder}/map.md"), PRACTICES);
        write(root, &format!("{folder}/caps.md"), CAPABILITIES);
    }
    write(
        root,
        "itsmlint.toml",
        "[itsm]\ncatalog = \"itil-v3\"\n\n[[overrides]]\nfiles = [\"itsm/**\"]\n\
         [overrides.itsm]\ncatalog = \"itil-4\"\n\
         component-headers = [\"ITSM component\", \"Capability\"]\nlink-headers = [\"Guide\"]\n",
    );
    assert_eq!(score(root, "other/map.md", &[])["catalog"], "itil-v3");
    assert_eq!(score(root, "itsm/map.md", &[])["catalog"], "itil-4");
    assert_eq!(score(root, "itsm/caps.md", &[])["catalog"], "itil-4");
    // other/caps.md is no ITSM table outside the override.
    let out = itsmlint(root)
        .args(["report", "--format", "json", "other", "itsm"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["summary"]["documents"], 3);
    // Found by discovery or named with --config, the override applies by path.
    for extra in [&[][..], &["--config", "itsmlint.toml"][..]] {
        let mut args = vec!["itsm", "other"];
        args.extend(extra);
        let found = findings(root, "link-cell", &args);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found.iter().all(|f| f.starts_with("itsm/caps.md:")),
            "{found:?}"
        );
    }
}
