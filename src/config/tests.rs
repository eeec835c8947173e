use std::path::Path;

use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    parse_config(Path::new("cfg/itsmlint.toml"), text)
}

fn error(text: &str) -> String {
    parse(text).unwrap_err().to_string()
}

#[test]
fn full_config_loads() {
    let config = parse(
        r#"
include = ["docs/**"]
exclude = ["docs/drafts/**"]
slug-style = "microsoft-learn"
tables = "itsm"

[rules]
empty-cell = "warning"
placeholder = { severity = "off" }

[rules.table-shape]
severity = "error"

[placeholders]
allow = ["to be determined by the customer"]
disable = ["what is"]

[[placeholders.pattern]]
name = "fill in"
regex = '(?i)\bfill in\b'
scope = "cell"

[front-matter]
required = ["title", "ms.date"]

[[overrides]]
files = ["docs/itsm/**"]
tables = "all"
[overrides.rules]
empty-cell = "error"
"#,
    )
    .unwrap();
    assert!(config.excludes(Path::new("docs/drafts/a.md")));
    assert!(config.excludes(Path::new("other/a.md")));
    assert!(!config.excludes(Path::new("docs/a.md")));
    assert_eq!(config.overrides_for(Path::new("docs/itsm/x/a.md")), vec![0]);
    assert!(config.overrides_for(Path::new("docs/a.md")).is_empty());
    let profiles = config.profiles(&[0]);
    let settings = resolve::settings(&profiles).unwrap();
    use crate::finding::Severity;
    assert_eq!(settings.severity("empty-cell"), Some(Severity::Error));
    assert_eq!(settings.severity("placeholder"), None);
    assert_eq!(settings.table_scope, crate::settings::TableScope::All);
    assert_eq!(settings.slug_style, crate::slug::SlugStyle::MicrosoftLearn);
    assert_eq!(
        settings.required_keys.as_deref(),
        Some(&["title".to_string(), "ms.date".to_string()][..])
    );
    let names: Vec<_> = settings
        .placeholders
        .specs
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert!(names.contains(&"fill in") && !names.contains(&"what is"));
    let base = resolve::settings(&config.profiles(&[])).unwrap();
    assert_eq!(base.severity("empty-cell"), Some(Severity::Warning));
    assert_eq!(base.table_scope, crate::settings::TableScope::Itsm);
}

#[test]
fn unknown_key_names_line_column_and_suggests() {
    assert_eq!(
        error("[rules.empty-cell]\nsevrity = \"warning\"\n"),
        "cfg/itsmlint.toml:2:1: unknown key `sevrity`, did you mean `severity`?"
    );
    assert_eq!(
        error("slug_style = \"github\"\n"),
        "cfg/itsmlint.toml:1:1: unknown key `slug_style`, did you mean `slug-style`?"
    );
    let far = error("colour = 1\n");
    assert!(
        far.starts_with("cfg/itsmlint.toml:1:1: unknown key `colour`; expected one of"),
        "{far}"
    );
}

#[test]
fn unknown_rule_and_bad_level_are_errors() {
    assert_eq!(
        error("[rules]\nempty-cel = \"off\"\n"),
        "cfg/itsmlint.toml:2:1: unknown rule `empty-cel`, did you mean `empty-cell`?"
    );
    let bad = error("[rules]\nempty-cell = \"warn\"\n");
    assert!(bad.starts_with("cfg/itsmlint.toml:2:14: "), "{bad}");
    // `warn` is too far from `warning` to guess at (3 edits in 4 letters): the list says it.
    assert!(
        bad.ends_with("unknown value `warn`; expected one of `error`, `warning`, `off`"),
        "{bad}"
    );
    let bad = error("tables = \"itsn\"\n");
    assert!(
        bad.starts_with("cfg/itsmlint.toml:1:10: unknown value `itsn`, did you mean `itsm`?"),
        "{bad}"
    );
}

#[test]
fn bad_regex_and_glob_name_their_line() {
    let bad = error("[[placeholders.pattern]]\nname = \"x\"\nregex = '(unclosed'\n");
    assert!(
        bad.starts_with("cfg/itsmlint.toml:3:9: placeholder pattern `x`: bad regex"),
        "{bad}"
    );
    let huge =
        error("[[placeholders.pattern]]\nname = \"x\"\nregex = '\\w{1000}\\w{1000}\\w{1000}'\n");
    assert!(huge.starts_with("cfg/itsmlint.toml:3:9: "), "{huge}");
    let glob = error("exclude = [\"ok/**\", \"a[b\"]\n");
    assert!(
        glob.starts_with("cfg/itsmlint.toml:1:21: bad glob"),
        "{glob}"
    );
    let none = error("[[overrides]]\ntables = \"itsm\"\n");
    assert!(
        none.starts_with("cfg/itsmlint.toml:1:1: an override needs `files"),
        "{none}"
    );
    let disable = error("[placeholders]\ndisable = [\"what-is\"]\n");
    assert!(disable.ends_with("did you mean `what is`?"), "{disable}");
}

#[test]
fn starter_config_loads_and_equals_the_defaults() {
    let text = starter();
    let config = parse(&text).unwrap();
    let ours = resolve::settings(&config.profiles(&[])).unwrap();
    let builtin = crate::settings::Settings::builtin().unwrap();
    assert_eq!(ours.severities, builtin.severities);
    assert_eq!(ours.required_keys, builtin.required_keys);
    assert_eq!(ours.slug_style, builtin.slug_style);
    assert_eq!(ours.site.site, builtin.site.site);
    assert_eq!(ours.anchor_case, builtin.anchor_case);
    assert_eq!(ours.link_case, builtin.link_case);
    assert_eq!(ours.table_scope, builtin.table_scope);
    assert_eq!(ours.catalog, builtin.catalog);
    let ids = |s: &crate::settings::Settings| -> Vec<String> {
        s.catalogs.iter().map(|c| c.id.clone()).collect()
    };
    assert_eq!(ids(&ours), ids(&builtin));
    assert_eq!(ours.component_headers, builtin.component_headers);
    assert_eq!(ours.link_headers, builtin.link_headers);
    assert_eq!(ours.link_exempt, builtin.link_exempt);
    assert_eq!(ours.out_of_scope, builtin.out_of_scope);
    assert_eq!(ours.site_root, builtin.site_root);
    let names = |s: &crate::settings::Settings| -> Vec<String> {
        s.placeholders
            .specs
            .iter()
            .map(|p| p.name.clone())
            .collect()
    };
    assert_eq!(names(&ours), names(&builtin));
    // Every rule is spelled out, so a writer sees what there is to change.
    for rule in &crate::knowledge::RulePack::builtin().rules {
        assert!(
            text.contains(&format!("\n{} ", rule.id)),
            "{} missing",
            rule.id
        );
    }
}

#[test]
fn a_named_site_wins_over_the_detected_one_and_its_keys_refine_it() {
    use crate::site::{Case, Detected, Site};
    use crate::slug::SlugStyle;
    let learn = Detected {
        site: Site::Learn,
        marker: Some("/r/docfx.json".into()),
        docfx: None,
        jekyll: None,
    };
    let config = parse("site = \"mdbook\"\n").unwrap();
    let file = Some(Path::new("cfg/itsmlint.toml"));
    let settings = resolve::settings_for_site(&config.profiles(&[]), &learn, file).unwrap();
    assert_eq!(settings.site.site, Site::Mdbook);
    assert_eq!(settings.slug_style, SlugStyle::Mdbook);
    assert_eq!(settings.anchor_case, Case::Sensitive);
    assert_eq!(settings.site.reason(), "named in cfg/itsmlint.toml");
    // Unnamed, the detected site gives the defaults; the keys refine them.
    let config = parse("anchor-case = \"sensitive\"\nslug-style = \"github\"\n").unwrap();
    let settings = resolve::settings_for_site(&config.profiles(&[]), &learn, file).unwrap();
    assert_eq!(settings.site.site, Site::Learn);
    assert_eq!(settings.link_case, Case::Insensitive);
    assert_eq!(settings.anchor_case, Case::Sensitive);
    assert_eq!(settings.slug_style, SlugStyle::Github);
    assert!(error("site = \"confluence\"\n").contains("unknown value `confluence`"));
    // A Jekyll site makes kramdown-parser-gfm's ids; a site on kramdown's
    // own parser (`input: kramdown`) says so with the slug style.
    let config = parse("site = \"jekyll\"\n").unwrap();
    let settings = resolve::settings_for_site(&config.profiles(&[]), &learn, file).unwrap();
    assert_eq!(settings.slug_style, SlugStyle::KramdownGfm);
    let config = parse("site = \"jekyll\"\nslug-style = \"kramdown\"\n").unwrap();
    let settings = resolve::settings_for_site(&config.profiles(&[]), &learn, file).unwrap();
    assert_eq!(settings.slug_style, SlugStyle::Kramdown);
}
