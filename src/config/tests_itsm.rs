//! The `[itsm]` table: what it sets, and its errors (each at its line).

use std::fs;
use std::path::Path;

use super::*;
use crate::settings::Settings;

const CONTOSO: &str = r#"id = "contoso"
title = "Contoso service model"

[[phase]]
name = "Run"

[[phase.process]]
name = "Ticket triage"
"#;

/// A project folder with a catalog file and a `docs` folder.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join("catalogs")).unwrap();
    fs::create_dir_all(dir.path().join("docs")).unwrap();
    fs::write(dir.path().join("catalogs/contoso.toml"), CONTOSO).unwrap();
    dir
}

fn load(dir: &Path, text: &str) -> Result<Config, ConfigError> {
    parse_config(&dir.join("itsmlint.toml"), text)
}

fn settings(config: &Config, overrides: &[usize]) -> Settings {
    resolve::settings(&config.profiles(overrides)).unwrap()
}

/// The error, with the temporary folder written as `P`.
fn error(dir: &Path, text: &str) -> String {
    let shown = dir.display().to_string();
    load(dir, text)
        .unwrap_err()
        .to_string()
        .replace(&shown, "P")
}

#[test]
fn itsm_table_sets_every_setting() {
    let dir = project();
    let config = load(
        dir.path(),
        r#"
[itsm]
catalog = "contoso"
catalog-files = ["catalogs/contoso.toml"]
component-headers = ["Capability"]
link-headers = ["Guide"]
link-exempt = ["Out of reach"]
out-of-scope = ["Ticket triage", "Service strategy"]
site-root = "docs"

[[overrides]]
files = ["itsm/**"]
[overrides.itsm]
catalog = "auto"
out-of-scope = ["Change evaluation"]
link-headers = ["Docs", "Guide"]
"#,
    )
    .unwrap();
    let base = settings(&config, &[]);
    assert_eq!(base.catalog.as_deref(), Some("contoso"));
    let ids: Vec<&str> = base.catalogs.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["itil-v3", "itil-4", "contoso"]);
    assert_eq!(base.component_headers, ["Capability"]);
    assert_eq!(base.link_headers, ["Guide"]);
    assert_eq!(base.link_exempt, ["Out of reach"]);
    assert_eq!(base.out_of_scope, ["Ticket triage", "Service strategy"]);
    assert_eq!(base.site_root, Some(dir.path().join("docs")));
    base.check_catalog().unwrap();

    assert_eq!(config.overrides_for(Path::new("itsm/a.md")), [0]);
    let itsm = settings(&config, &[0]);
    // Scalars and lists replace, out-of-scope names add up.
    assert_eq!(itsm.catalog, None);
    assert_eq!(itsm.link_headers, ["Docs", "Guide"]);
    assert_eq!(itsm.component_headers, ["Capability"]);
    assert_eq!(
        itsm.out_of_scope,
        ["Ticket triage", "Service strategy", "Change evaluation"]
    );
    assert_eq!(itsm.site_root, base.site_root);
}

#[test]
fn a_catalog_file_with_a_builtin_id_replaces_it() {
    let dir = project();
    let replaced = CONTOSO.replace("contoso", "itil-4");
    fs::write(dir.path().join("catalogs/mine.toml"), replaced).unwrap();
    let config = load(
        dir.path(),
        "[itsm]\ncatalog = \"itil-4\"\ncatalog-files = [\"catalogs/mine.toml\"]\n",
    )
    .unwrap();
    let settings = settings(&config, &[]);
    let ids: Vec<&str> = settings.catalogs.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["itil-v3", "itil-4"]);
    let ours = settings.catalogs.iter().find(|c| c.id == "itil-4").unwrap();
    assert!(ours.find_process("Ticket triage").is_some());
}

#[test]
fn an_overrides_catalog_files_serve_its_paths_only() {
    let dir = project();
    let text = "[[overrides]]\nfiles = [\"run/**\"]\n[overrides.itsm]\n\
                catalog = \"contoso\"\ncatalog-files = [\"catalogs/contoso.toml\"]\n";
    let config = load(dir.path(), text).unwrap();
    assert_eq!(settings(&config, &[0]).catalog.as_deref(), Some("contoso"));
    let base = settings(&config, &[]);
    assert!(base.catalogs.iter().all(|c| c.id != "contoso"));
    // The file's own profile cannot choose a catalog only an override brings.
    let top = format!("[itsm]\ncatalog = \"contoso\"\n{text}");
    assert_eq!(
        error(dir.path(), &top),
        "P/itsmlint.toml:2:11: unknown catalog `contoso`; known: auto, itil-v3, itil-4"
    );
}

#[test]
fn unknown_catalog_and_out_of_scope_names_suggest() {
    let dir = project();
    assert_eq!(
        error(dir.path(), "[itsm]\ncatalog = \"itil4\"\n"),
        "P/itsmlint.toml:2:11: unknown catalog `itil4`, did you mean `itil-4`?; \
         known: auto, itil-v3, itil-4"
    );
    assert_eq!(
        error(
            dir.path(),
            "[itsm]\nout-of-scope = [\"Service strategy\", \"Change evalution\"]\n"
        ),
        "P/itsmlint.toml:2:37: out-of-scope `Change evalution` names no phase or process \
         of a catalog, did you mean `Change evaluation`?"
    );
    let phase = error(dir.path(), "[itsm]\nout-of-scope = [\"Service stratgy\"]\n");
    assert!(
        phase.ends_with("did you mean `Service strategy`?"),
        "{phase}"
    );
    // A name of the config's own catalog is known.
    load(
        dir.path(),
        "[itsm]\ncatalog-files = [\"catalogs/contoso.toml\"]\nout-of-scope = [\"ticket triage\"]\n",
    )
    .unwrap();
    let key = error(dir.path(), "[itsm]\ncomponent-header = [\"Area\"]\n");
    assert_eq!(
        key,
        "P/itsmlint.toml:2:1: unknown key `component-header`, did you mean `component-headers`?"
    );
}

#[test]
fn bad_catalog_files_and_site_root_name_their_file_and_line() {
    let dir = project();
    let missing = error(
        dir.path(),
        "[itsm]\ncatalog-files = [\"catalogs/contoso.toml\", \"catalogs/nope.toml\"]\n",
    );
    assert_eq!(
        missing,
        "P/itsmlint.toml:2:43: cannot read catalog file `catalogs/nope.toml`: no such file or directory"
    );
    let bad = CONTOSO.replace("[[phase.process]]\nname", "[[phase.process]]\nnmae");
    fs::write(dir.path().join("catalogs/bad.toml"), bad).unwrap();
    assert_eq!(
        error(
            dir.path(),
            "\n[itsm]\ncatalog-files = [\"catalogs/bad.toml\"]\n"
        ),
        "P/catalogs/bad.toml:8:1: unknown key `nmae`, did you mean `name`? \
         (catalog file named in P/itsmlint.toml:3)"
    );
    let twice = CONTOSO.to_string() + "\n[[phase.process]]\nname = \"Ticket-triage\"\n";
    fs::write(dir.path().join("catalogs/twice.toml"), twice).unwrap();
    let clash = error(
        dir.path(),
        "[itsm]\ncatalog-files = [\"catalogs/twice.toml\"]\n",
    );
    assert!(
        clash.starts_with("P/catalogs/twice.toml: \"Ticket-triage\" and"),
        "{clash}"
    );
    assert_eq!(
        error(dir.path(), "[itsm]\nsite-root = \"site\"\n"),
        "P/itsmlint.toml:2:13: site-root `site` is not a folder (looked for P/site)"
    );
}
