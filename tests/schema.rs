//! The committed JSON Schema of itsmlint.toml must be what the Rust types
//! generate. Regenerate it with `UPDATE_SCHEMA=1 cargo test --test schema`.

use std::path::Path;

#[test]
fn committed_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/itsmlint.schema.json");
    let generated = itsmlint::config::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `UPDATE_SCHEMA=1 cargo test --test schema` and commit it",
        path.display()
    );
}

#[test]
fn schema_knows_every_key_and_rule() {
    let schema: serde_json::Value = serde_json::from_str(&itsmlint::config::json_schema()).unwrap();
    let top = schema["properties"].as_object().unwrap();
    for key in [
        "include",
        "exclude",
        "slug-style",
        "tables",
        "rules",
        "placeholders",
        "front-matter",
        "itsm",
        "overrides",
    ] {
        assert!(top.contains_key(key), "{key} missing from the schema");
    }
    let itsm = &schema["$defs"]["ItsmConfig"];
    assert_eq!(itsm["additionalProperties"], false);
    for key in [
        "catalog",
        "catalog-files",
        "component-headers",
        "link-headers",
        "link-exempt",
        "out-of-scope",
        "site-root",
    ] {
        assert!(
            itsm["properties"].get(key).is_some(),
            "itsm.{key} missing from the schema"
        );
    }
    assert_eq!(schema["additionalProperties"], false);
    let rules = top["rules"]["properties"].as_object().unwrap();
    for rule in &itsmlint::knowledge::RulePack::builtin().rules {
        assert!(rules.contains_key(&rule.id), "{} missing", rule.id);
    }
}

#[test]
fn readme_config_example_loads() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("## Configuration")
        .expect("a Configuration section");
    let block = readme[start..]
        .split("```toml\n")
        .nth(1)
        .expect("a toml example");
    let example = &block[..block.find("```").unwrap()];
    // The example names a catalog file and a site root: lay them out as it
    // says, the catalog being the README's own catalog example.
    let catalog_start = readme
        .find("### Your own catalog")
        .expect("a catalog section");
    let catalog = readme[catalog_start..]
        .split("```toml\n")
        .nth(1)
        .expect("a catalog example");
    let catalog = &catalog[..catalog.find("```").unwrap()];
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("catalogs")).unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("catalogs/contoso.toml"), catalog).unwrap();
    let path = dir.path().join("itsmlint.toml");
    let config = itsmlint::config::parse_config(&path, example).unwrap();
    assert_eq!(config.file.overrides.len(), 1);
}
