use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Document;

/// An ITSM table row that names no process of the catalog.
pub struct UnknownProcess;

impl Rule for UnknownProcess {
    fn id(&self) -> &'static str {
        "unknown-process"
    }

    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>) {
        let Some(itsm) = cx.itsm(doc) else {
            return;
        };
        // A table none of whose rows names a catalog process maps something
        // else (one process's activities, say): its rows are not misspellings.
        for table in itsm
            .tables
            .iter()
            .filter(|t| t.rows.iter().any(Option::is_some))
        {
            for (row, matched) in table.table.rows.iter().zip(&table.rows) {
                let (Some(name), None) = (row.name(), matched) else {
                    continue;
                };
                let Some(cell) = row.cells.first() else {
                    continue;
                };
                // A placeholder in the first cell is the placeholder rule's finding.
                if !super::cell_placeholders(&cx.settings.placeholders, cell, true).is_empty() {
                    continue;
                }
                let message = format!("\"{name}\" is not a process of {}", itsm.catalog.title);
                let help = match itsm.catalog.suggest(name) {
                    Some(known) => format!("did you mean \"{known}\"?"),
                    None => "use the catalog's name or a known alias; `itsmlint explain \
                             unknown-process` says how to add your own"
                        .to_string(),
                };
                out.push(Finding::new(self.id(), cell.span.clone(), message).with_help(help));
            }
        }
    }
}
