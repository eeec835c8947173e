//! `itsmlint config [PATH]`: which config file governs PATH, and the
//! settings a file there is checked with, as `check` would resolve them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use itsmlint::config::Configs;
use itsmlint::gate::{EXIT_CLEAN, EXIT_TROUBLE};
use itsmlint::rules;
use itsmlint::settings::Settings;

use super::args::ConfigArgs;
use super::output::to_stdout;

pub(crate) fn show_config(args: ConfigArgs) -> anyhow::Result<u8> {
    let path = args.path.unwrap_or_else(|| PathBuf::from("."));
    // A folder's settings are those of a Markdown file in it: `*.md` is
    // matched by folder-wide globs (`docs/**`) and by no file's own name.
    let (file, for_folder) = if path.is_dir() {
        (path.join("*.md"), true)
    } else {
        (path.clone(), false)
    };
    let configs = if args.no_config {
        None
    } else if let Some(config) = &args.config {
        Some(Configs::explicit(config)?)
    } else {
        Some(Configs::discover())
    };
    let resolved = match &configs {
        None => Ok((None, Arc::new(Settings::builtin()?), false)),
        Some(configs) => configs.config_for(&file).and_then(|config| {
            let settings = configs.settings_for(&file)?;
            let excluded = configs.is_excluded(&file)?;
            Ok((config.map(|c| c.path.clone()), settings, excluded))
        }),
    };
    let (config_file, settings, excluded) = match resolved {
        Ok(resolved) => resolved,
        Err(error) => {
            eprintln!("error: {error}");
            return Ok(EXIT_TROUBLE);
        }
    };
    let source = match (&config_file, args.no_config) {
        (_, true) => "none (--no-config): the built-in defaults".to_string(),
        (Some(config), false) => config.display().to_string(),
        (None, false) => "none found above it: the built-in defaults".to_string(),
    };
    to_stdout(|out| {
        let path_note = if for_folder {
            " (a Markdown file in this folder; an override may differ for some files: name one)"
        } else {
            ""
        };
        field(out, "path", &format!("{}{path_note}", path.display()))?;
        field(out, "config file", &source)?;
        if excluded {
            let note = "yes, by the config's include/exclude (checked only when named on the command line, without --force-exclude)";
            field(out, "excluded", note)?;
        }
        write_settings(out, &path, &settings)
    })?;
    Ok(EXIT_CLEAN)
}

/// One line: the label, then the value in a column.
fn field(out: &mut dyn Write, label: &str, value: &str) -> std::io::Result<()> {
    writeln!(out, "{:19}{value}", format!("{label}:"))
}

fn write_settings(out: &mut dyn Write, path: &Path, settings: &Settings) -> std::io::Result<()> {
    let list = |items: &[String]| match items {
        [] => "(none)".to_string(),
        items => items.join(", "),
    };
    let catalogs: Vec<String> = settings.catalogs.iter().map(|c| c.id.clone()).collect();
    let patterns: Vec<String> = settings
        .placeholders
        .specs
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let site_root = match &settings.site_root {
        Some(root) => root.display().to_string(),
        None => "(not set: root-relative links are not checked)".into(),
    };
    field(out, "slug-style", &name(settings.slug_style))?;
    field(out, "tables", &name(settings.table_scope))?;
    field(
        out,
        "catalog",
        settings.catalog.as_deref().unwrap_or("auto"),
    )?;
    field(out, "catalogs known", &list(&catalogs))?;
    field(out, "site-root", &site_root)?;
    let required: Vec<String> = settings
        .required_keys_for(path)
        .into_iter()
        .map(str::to_string)
        .collect();
    field(out, "site", settings.site.site.name())?;
    field(out, "front matter", &list(&required))?;
    field(out, "component headers", &list(&settings.component_headers))?;
    field(out, "link headers", &list(&settings.link_headers))?;
    field(out, "link exempt", &list(&settings.link_exempt))?;
    field(out, "out of scope", &list(&settings.out_of_scope))?;
    field(out, "placeholders", &list(&patterns))?;
    writeln!(out, "rules:")?;
    let width = rules::infos().map(|r| r.id.len()).max().unwrap_or(0);
    for rule in rules::infos() {
        let severity = settings.severity(&rule.id).map_or("off", |s| s.as_str());
        writeln!(out, "  {:width$}  {severity}", rule.id)?;
    }
    Ok(())
}

/// A setting's name as a config file spells it (`microsoft-learn`).
fn name(value: impl serde::Serialize) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(name)) => name,
        other => format!("{other:?}"),
    }
}
