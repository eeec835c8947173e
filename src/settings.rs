//! The effective settings rules run with: the built-in rule knowledge,
//! later refined by a project's configuration.

use std::path::{Path, PathBuf};

use crate::catalog::Catalog;
use crate::finding::Severity;
use crate::knowledge::{PackError, RulePack};
use crate::model::{Document, Table};
use crate::rules::placeholder::Placeholders;
use crate::site::{Case, SiteChoice};
use crate::slug::SlugStyle;

/// Which tables the table rules (empty-cell, placeholder in cells, table-shape)
/// read, and which blanks empty-cell reports in them.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TableScope {
    /// Every table; in ITSM tables every blank body cell, in the others only
    /// the blanks that mean "unfinished" (see `itsmlint explain empty-cell`).
    #[default]
    Auto,
    /// Every table, every blank body cell.
    All,
    /// Only ITSM tables: those whose first header cell names the component column.
    Itsm,
}

pub use crate::knowledge::Severities;

#[derive(Debug)]
pub struct Settings {
    pub placeholders: Placeholders,
    /// Keys a published page's metadata must have, as the config lists
    /// them; `None`: the site's own (see [`Settings::required_keys_for`]).
    pub required_keys: Option<Vec<String>>,
    /// The site that publishes the file, which gave the defaults of the
    /// slug style and the two cases below.
    pub site: SiteChoice,
    pub slug_style: SlugStyle,
    /// How a link's `#fragment` finds its anchor.
    pub anchor_case: Case,
    /// How a link's path finds its file.
    pub link_case: Case,
    /// Severity per rule id; a rule absent here is off.
    pub severities: Severities,
    pub table_scope: TableScope,
    /// First-header-cell names that make a table an ITSM table (compared
    /// case-insensitively): "ITSM component", "ITIL process", "Practice".
    pub component_headers: Vec<String>,
    /// The id of the catalog ITSM tables are checked against ("itil-v3",
    /// "itil-4", or a loaded catalog file's id); `None` is `auto`: per
    /// document, from its phase headings, else from its rows.
    pub catalog: Option<String>,
    /// Every catalog known: the built-in ones, then any loaded from files.
    pub catalogs: Vec<Catalog>,
    /// Header names of columns whose cells should hold links (case-insensitive).
    pub link_headers: Vec<String>,
    /// Cell text that says "nothing to link to" on purpose (case-insensitive prefix).
    pub link_exempt: Vec<String>,
    /// Processes or phases out of scope for every document (besides those a
    /// document declares itself).
    pub out_of_scope: Vec<String>,
    /// Where root-relative links (`/office/...`, `~/...`) resolve; unset, they are not checked.
    pub site_root: Option<PathBuf>,
}

impl Settings {
    /// The built-in defaults: every rule on at its default severity.
    pub fn builtin() -> Result<Settings, PackError> {
        let pack = RulePack::builtin();
        Ok(Settings {
            placeholders: Placeholders::checked_before(
                pack.placeholder_specs.clone(),
                pack.allowed_phrases.clone(),
            ),
            required_keys: None,
            site: SiteChoice::default(),
            slug_style: SlugStyle::default(),
            anchor_case: SiteChoice::default().site.anchor_case(),
            link_case: SiteChoice::default().site.link_case(),
            severities: pack.default_severities(),
            table_scope: TableScope::default(),
            component_headers: pack.component_headers.clone(),
            catalog: None,
            catalogs: crate::catalog::builtin()?,
            link_headers: pack.link_headers.clone(),
            link_exempt: pack.link_exempt.clone(),
            out_of_scope: Vec::new(),
            site_root: None,
        })
    }

    /// Checks files as published by `site`: its slug style and cases.
    pub fn use_site(&mut self, site: SiteChoice) {
        self.slug_style = site.site.slug_style();
        self.anchor_case = site.site.anchor_case();
        self.link_case = site.site.link_case();
        self.site = site;
    }

    /// The keys `file`'s front matter must have: those required (by the
    /// config, else by a site that reads front matter: Learn's list in
    /// `rules/front-matter.toml`) that its `docfx.json` does not give it.
    /// None for a file the site does not publish as a page. A requirement
    /// `a|b` is met by either key.
    pub fn required_keys_for(&self, file: &Path) -> Vec<&str> {
        let required: &[String] = match &self.required_keys {
            Some(keys) => keys,
            None if self.site.site.reads_front_matter() => &RulePack::builtin().required_keys,
            None => &[],
        };
        if required.is_empty() || !self.site.publishes(file) {
            return Vec::new();
        }
        let Some(docfx) = &self.site.docfx else {
            return required.iter().map(String::as_str).collect();
        };
        let file = crate::paths::absolute(file);
        required
            .iter()
            .filter(|keys| !keys.split('|').any(|key| docfx.supplies(key, &file)))
            .map(String::as_str)
            .collect()
    }

    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.severities.get(rule).copied()
    }

    /// Whether a table is an ITSM table: its first header cell names the component column.
    pub fn is_itsm_table(&self, table: &Table) -> bool {
        let first = table
            .header
            .first()
            .map(|c| c.text.text.trim())
            .unwrap_or("");
        self.component_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(first))
    }

    /// Adds a catalog from a TOML file's text (the format of `rules/catalogs/`);
    /// a catalog with the id of an earlier one replaces it.
    pub fn add_catalog(&mut self, file: &str, text: &str) -> Result<(), PackError> {
        self.insert_catalog(Catalog::from_toml(file, text)?);
        Ok(())
    }

    /// Adds a loaded catalog; one with the id of an earlier one replaces it.
    pub fn insert_catalog(&mut self, catalog: Catalog) {
        self.catalogs.retain(|c| c.id != catalog.id);
        self.catalogs.push(catalog);
    }

    /// Checks that the chosen catalog is one of those known (a `--catalog`
    /// may name a catalog only a config file's `catalog-files` brings).
    pub fn check_catalog(&self) -> Result<(), String> {
        match &self.catalog {
            Some(id) if !self.catalogs.iter().any(|c| &c.id == id) => {
                let ids: Vec<&str> = self.catalogs.iter().map(|c| c.id.as_str()).collect();
                Err(format!(
                    "unknown catalog `{id}`; known: auto, {}",
                    ids.join(", ")
                ))
            }
            _ => Ok(()),
        }
    }

    /// Whether a header names a link column.
    pub fn is_link_column(&self, header: &str) -> bool {
        let header = header.trim();
        self.link_headers
            .iter()
            .any(|h| h.eq_ignore_ascii_case(header))
    }

    /// The tables the table rules read under the configured scope.
    pub fn tables<'d>(&'d self, doc: &'d Document) -> impl Iterator<Item = &'d Table> + 'd {
        doc.tables
            .iter()
            .filter(move |t| self.table_scope != TableScope::Itsm || self.is_itsm_table(t))
    }
}
