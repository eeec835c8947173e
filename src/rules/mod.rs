//! The rules. Each is one small type in its own file; [`REGISTRY`] lists them
//! once. Their metadata (summary, explanation, default severity) is data in
//! `rules/rules.toml`, found by id: `itsmlint rules`, `explain`, SARIF, the
//! config schema and the README's rule table all read it through the registry.

mod broken_anchor;
mod broken_link;
mod duplicate_row;
mod empty_cell;
mod front_matter;
mod link_cell;
pub mod links;
mod missing_phase;
mod missing_process;
pub mod placeholder;
mod table_shape;
mod unknown_process;

use crate::finding::Finding;
use crate::itsm::ItsmDoc;
use crate::knowledge::{RuleInfo, RulePack};
use crate::model::Document;
use crate::settings::Settings;

/// What a rule may read besides the document.
pub struct Context<'a> {
    pub settings: &'a Settings,
    /// The file being checked, as named; links resolve from its folder.
    pub path: &'a std::path::Path,
    /// Other files' anchors, for links across files; shared by the whole run.
    pub workspace: &'a crate::rules::links::workspace::Workspace,
    /// The document's ITSM view, worked out once for the several rules that read it.
    itsm: std::cell::OnceCell<Option<ItsmDoc<'a>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        settings: &'a Settings,
        path: &'a std::path::Path,
        workspace: &'a crate::rules::links::workspace::Workspace,
    ) -> Self {
        Context {
            settings,
            path,
            workspace,
            itsm: std::cell::OnceCell::new(),
        }
    }

    /// The ITSM tables of `doc` with their phases and processes, or `None`
    /// when it has no ITSM table. `doc` must be the document being checked.
    pub fn itsm(&self, doc: &'a Document) -> Option<&ItsmDoc<'a>> {
        self.itsm
            .get_or_init(|| ItsmDoc::of(doc, self.settings))
            .as_ref()
    }
}

pub trait Rule: Send + Sync {
    /// The stable id users select, configure and suppress the rule by.
    fn id(&self) -> &'static str;
    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>);
}

/// One registered rule: what makes its findings. Its metadata is the entry of
/// the same id in `rules/rules.toml`.
#[derive(Clone, Copy)]
pub enum Registered {
    /// A [`Rule`], run over each document.
    Document(fn() -> Box<dyn Rule>),
    /// A rule whose findings the linter makes: it is about the run itself
    /// (suppressions), not one document's content.
    Engine(&'static str),
}

use Registered::{Document as Doc, Engine};

/// Every rule, once, in the order `itsmlint rules`, SARIF and the README list them.
pub const REGISTRY: &[Registered] = &[
    Doc(|| Box::new(empty_cell::EmptyCell)),
    Doc(|| Box::new(placeholder::Placeholder)),
    Doc(|| Box::new(broken_anchor::BrokenAnchor)),
    Doc(|| Box::new(front_matter::FrontMatterRule)),
    Doc(|| Box::new(table_shape::TableShape)),
    Engine(crate::suppress::UNUSED),
    Doc(|| Box::new(missing_phase::MissingPhase)),
    Doc(|| Box::new(missing_process::MissingProcess)),
    Doc(|| Box::new(unknown_process::UnknownProcess)),
    Doc(|| Box::new(duplicate_row::DuplicateRow)),
    Doc(|| Box::new(link_cell::LinkCell)),
    Doc(|| Box::new(broken_link::BrokenLink)),
];

impl Registered {
    pub fn id(&self) -> &'static str {
        match self {
            Doc(make) => make().id(),
            Engine(id) => id,
        }
    }

    /// Its metadata, from `rules/rules.toml`.
    pub fn info(&self) -> &'static RuleInfo {
        RulePack::builtin()
            .info(self.id())
            .expect("every registered rule has metadata (tested)")
    }
}

/// The rules run over each document, in registry order.
pub fn all() -> Vec<Box<dyn Rule>> {
    REGISTRY
        .iter()
        .filter_map(|rule| match rule {
            Doc(make) => Some(make()),
            Engine(_) => None,
        })
        .collect()
}

/// The metadata of every registered rule, in registry order.
pub fn infos() -> impl Iterator<Item = &'static RuleInfo> {
    REGISTRY.iter().map(Registered::info)
}

/// The metadata of the registered rule `id`.
pub fn info(id: &str) -> Option<&'static RuleInfo> {
    REGISTRY
        .iter()
        .find(|rule| rule.id() == id)
        .map(Registered::info)
}

/// The README's rule table: id, default severity and summary of each rule.
pub fn markdown_table() -> String {
    let mut table = String::from("| id | default | what it finds |\n|---|---|---|\n");
    for rule in infos() {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id,
            rule.severity.as_str(),
            rule.summary.replace('|', "\\|")
        ));
    }
    table
}

/// A message about one body cell, named by its column and its row:
/// `"Description" is empty for "Capacity management"`.
pub(crate) fn cell_message(
    table: &crate::model::Table,
    row_index: usize,
    column: usize,
    predicate: &str,
) -> String {
    let column_name = table.column_name(column);
    match table.rows.get(row_index).and_then(|r| r.name()) {
        Some(row) if column > 0 => format!("\"{column_name}\" {predicate} for \"{row}\""),
        _ => format!("\"{column_name}\" {predicate} in row {}", row_index + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_registered_once_with_metadata_and_every_metadata_registered() {
        let mut registered: Vec<&str> = REGISTRY.iter().map(Registered::id).collect();
        let mut described: Vec<&str> = RulePack::builtin()
            .rules
            .iter()
            .map(|r| r.id.as_str())
            .collect();
        registered.sort_unstable();
        described.sort_unstable();
        let count = registered.len();
        registered.dedup();
        assert_eq!(registered.len(), count, "a rule is registered twice");
        let count = described.len();
        described.dedup();
        assert_eq!(
            described.len(),
            count,
            "rules/rules.toml describes a rule twice"
        );
        assert_eq!(
            registered, described,
            "the registry and rules/rules.toml name different rules"
        );
    }
}
