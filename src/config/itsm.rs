//! The `[itsm]` table: the catalog ITSM tables are checked against (and a
//! project's own catalog files), the headers the ITSM rules read, what is out
//! of scope, and where root-relative links resolve. Its values name things
//! outside the TOML (catalog entries, files, folders), so they are checked
//! here, when the config loads, each error at its own line.

use std::ops::Range;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::messages::{did_you_mean, explain_toml_error};
use super::ConfigError;
use crate::catalog::{Catalog, CatalogError};
use crate::source::LineIndex;

/// The value of `catalog` that lets each document pick its catalog.
pub const AUTO: &str = "auto";

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct ItsmConfig {
    /// The process catalog ITSM tables are checked against: "auto" (per
    /// document, from its phase headings, else its rows), "itil-v3", "itil-4",
    /// or the id of a catalog in `catalog-files`.
    #[schemars(with = "Option<String>")]
    pub catalog: Option<Spanned<String>>,
    /// Catalogs of your own (TOML, in the format of rules/catalogs/), relative to
    /// this file's folder. A catalog with a built-in id replaces that catalog.
    #[schemars(with = "Vec<String>")]
    pub catalog_files: Vec<Spanned<String>>,
    /// First-header-cell names that make a table an ITSM table, compared
    /// case-insensitively (replaces the built-in list).
    pub component_headers: Option<Vec<String>>,
    /// Headers of the columns whose cells should hold a link, compared
    /// case-insensitively (replaces the built-in list).
    pub link_headers: Option<Vec<String>>,
    /// Cell text in a link column that says there is nothing to link to, on
    /// purpose: a case-insensitive prefix (replaces the built-in list).
    pub link_exempt: Option<Vec<String>>,
    /// Processes or phases out of scope for every document, added to those a
    /// document declares itself. Each must name a catalog entry.
    #[schemars(with = "Vec<String>")]
    pub out_of_scope: Vec<Spanned<String>>,
    /// Where root-relative links (`/office/...`, `~/...`) resolve, relative to
    /// this file's folder; unset, they are not checked.
    #[schemars(with = "Option<String>")]
    pub site_root: Option<Spanned<String>>,
}

/// Makes an error at a span of the config file.
pub type At<'a> = &'a dyn Fn(Option<Range<usize>>, String) -> ConfigError;

/// Reads and loads the catalogs `catalog-files` names. A file that cannot be
/// read is an error at its entry; a bad catalog names the catalog file and
/// its own line, and the config line that named it.
pub fn load_catalogs(
    itsm: &ItsmConfig,
    dir: &Path,
    at: At<'_>,
) -> Result<Vec<Catalog>, ConfigError> {
    let mut catalogs = Vec::new();
    for file in &itsm.catalog_files {
        let path = under(dir, file.get_ref());
        let named_at = at(Some(file.span()), String::new());
        let text = std::fs::read_to_string(&path).map_err(|e| {
            let reason = crate::input::io_reason(&e);
            let message = format!("cannot read catalog file `{}`: {reason}", file.get_ref());
            at(Some(file.span()), message)
        })?;
        let catalog = Catalog::from_toml(&path.display().to_string(), &text)
            .map_err(|e| catalog_error(&path, &text, e, &named_at))?;
        catalogs.push(catalog);
    }
    Ok(catalogs)
}

/// A catalog file's error as a [`ConfigError`] of that file, at its line when
/// TOML gave one.
fn catalog_error(
    path: &Path,
    text: &str,
    error: CatalogError,
    named_at: &ConfigError,
) -> ConfigError {
    let (location, message) = match &error {
        CatalogError::Toml { source, .. } => {
            let location = source.span().map(|s| {
                let p = LineIndex::new(text).position(text, s.start.min(text.len()));
                (p.line, p.column)
            });
            (location, explain_toml_error(source.message()))
        }
        // These messages start with the file name, which the error's path says already.
        other => {
            let full = other.to_string();
            let prefix = format!("{}: ", path.display());
            (
                None,
                full.strip_prefix(&prefix).unwrap_or(&full).to_string(),
            )
        }
    };
    let line = named_at
        .location
        .map(|(l, _)| format!(":{l}"))
        .unwrap_or_default();
    ConfigError {
        path: path.to_path_buf(),
        location,
        message: format!(
            "{message} (catalog file named in {}{line})",
            named_at.path.display()
        ),
    }
}

/// Checks one profile's `[itsm]` values. `known` are the catalogs this
/// profile may choose (built-in, the file's own, the profile's own); `all`
/// every catalog the config knows, which `out-of-scope` names are looked up in.
pub fn check(
    itsm: &ItsmConfig,
    dir: &Path,
    known: &[&Catalog],
    all: &[&Catalog],
    at: At<'_>,
) -> Result<(), ConfigError> {
    if let Some(id) = &itsm.catalog {
        let id_str = id.get_ref().as_str();
        let mut ids: Vec<&str> = vec![AUTO];
        for catalog in known {
            if !ids.contains(&catalog.id.as_str()) {
                ids.push(&catalog.id);
            }
        }
        if !ids.contains(&id_str) {
            let hint = did_you_mean(id_str, &ids);
            let message = format!(
                "unknown catalog `{id_str}`{hint}; known: {}",
                ids.join(", ")
            );
            return Err(at(Some(id.span()), message));
        }
    }
    for name in &itsm.out_of_scope {
        let name_str = name.get_ref().as_str();
        if all.iter().any(|c| c.find_any(name_str).is_some()) {
            continue;
        }
        let message = format!(
            "out-of-scope `{name_str}` names no phase or process of a catalog{}",
            suggest_entry(name_str, all)
        );
        return Err(at(Some(name.span()), message));
    }
    if let Some(root) = &itsm.site_root {
        let path = under(dir, root.get_ref());
        if !path.is_dir() {
            let message = format!(
                "site-root `{}` is not a folder (looked for {})",
                root.get_ref(),
                path.display()
            );
            return Err(at(Some(root.span()), message));
        }
    }
    Ok(())
}

/// `rel` in `dir`, without a leading `./` in messages when `dir` is the current folder.
fn under(dir: &Path, rel: &str) -> PathBuf {
    if dir == Path::new(".") {
        PathBuf::from(rel)
    } else {
        dir.join(rel)
    }
}

/// A "did you mean" for an out-of-scope name: the closest process, else phase.
fn suggest_entry(name: &str, catalogs: &[&Catalog]) -> String {
    catalogs
        .iter()
        .find_map(|c| c.suggest_process(name))
        .or_else(|| catalogs.iter().find_map(|c| c.suggest_phase(name)))
        .map(|entry| format!(", did you mean `{entry}`?"))
        .unwrap_or_default()
}
