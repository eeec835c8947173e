//! The rules. Each is one small type in its own file; [`all`] lists them once.
//! Their metadata (summary, explanation, default severity) is data in
//! `rules/rules.toml`.

mod broken_anchor;
mod broken_link;
mod duplicate_row;
mod empty_cell;
mod front_matter;
mod link_cell;
mod missing_phase;
mod missing_process;
pub mod placeholder;
mod table_shape;
mod unknown_process;

pub(crate) use placeholder::matches as cell_placeholders;

use crate::finding::Finding;
use crate::itsm::ItsmDoc;
use crate::model::Document;
use crate::settings::Settings;

/// What a rule may read besides the document.
pub struct Context<'a> {
    pub settings: &'a Settings,
    /// The file being checked, as named; links resolve from its folder.
    pub path: &'a std::path::Path,
    /// Other files' anchors, for links across files; shared by the whole run.
    pub workspace: &'a crate::workspace::Workspace,
    /// The document's ITSM view, worked out once for the several rules that read it.
    itsm: std::cell::OnceCell<Option<ItsmDoc<'a>>>,
}

impl<'a> Context<'a> {
    pub fn new(
        settings: &'a Settings,
        path: &'a std::path::Path,
        workspace: &'a crate::workspace::Workspace,
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

/// Every built-in rule, in the order `itsmlint rules` lists them.
pub fn all() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(empty_cell::EmptyCell),
        Box::new(placeholder::Placeholder),
        Box::new(broken_anchor::BrokenAnchor),
        Box::new(front_matter::FrontMatterRule),
        Box::new(table_shape::TableShape),
        Box::new(missing_phase::MissingPhase),
        Box::new(missing_process::MissingProcess),
        Box::new(unknown_process::UnknownProcess),
        Box::new(duplicate_row::DuplicateRow),
        Box::new(link_cell::LinkCell),
        Box::new(broken_link::BrokenLink),
    ]
}

/// Rules whose findings the engine makes rather than a [`Rule`]: they are about
/// the run itself (suppressions), not one document's content.
pub const ENGINE_RULES: &[&str] = &[crate::suppress::UNUSED];

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
    use crate::knowledge::RulePack;

    #[test]
    fn every_rule_has_metadata_and_every_metadata_a_rule() {
        let pack = RulePack::builtin();
        let mut code: Vec<_> = super::all().iter().map(|r| r.id()).collect();
        code.extend(super::ENGINE_RULES);
        let mut data: Vec<_> = pack.rules.iter().map(|r| r.id.as_str()).collect();
        code.sort();
        data.sort();
        assert_eq!(code, data);
    }
}
