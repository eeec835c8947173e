//! The effective settings rules run with: the built-in rule pack, later
//! refined by a project's configuration.

use std::collections::HashMap;

use crate::finding::Severity;
use crate::model::{Document, Table};
use crate::pack::{PackError, Placeholders, RulePack};
use crate::slug::SlugStyle;

/// Which tables the table rules (empty-cell, placeholder in cells, table-shape) read.
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
    #[default]
    All,
    /// Only ITSM tables: those whose first header cell names the component column.
    Itsm,
}

#[derive(Debug)]
pub struct Settings {
    pub placeholders: Placeholders,
    pub required_keys: Vec<String>,
    pub slug_style: SlugStyle,
    /// Severity per rule id; a rule absent here is off.
    pub severities: HashMap<String, Severity>,
    pub table_scope: TableScope,
    /// First-header-cell names that make a table an ITSM table (compared
    /// case-insensitively): "ITSM component", "ITIL process", "Practice".
    pub component_headers: Vec<String>,
}

impl Settings {
    /// The built-in defaults: every rule on at its default severity.
    pub fn builtin() -> Result<Settings, PackError> {
        let pack = RulePack::builtin();
        Ok(Settings {
            placeholders: Placeholders::new(
                pack.placeholder_specs.clone(),
                pack.allowed_phrases.clone(),
            )?,
            required_keys: pack.required_keys.clone(),
            slug_style: SlugStyle::default(),
            severities: pack.default_severities(),
            table_scope: TableScope::default(),
            component_headers: pack.component_headers.clone(),
        })
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

    /// The tables the table rules read under the configured scope.
    pub fn tables<'d>(&'d self, doc: &'d Document) -> impl Iterator<Item = &'d Table> + 'd {
        doc.tables
            .iter()
            .filter(move |t| self.table_scope == TableScope::All || self.is_itsm_table(t))
    }
}
