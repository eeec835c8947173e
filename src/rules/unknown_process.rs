use std::collections::HashMap;

use super::{Context, Rule};
use crate::finding::Finding;
use crate::itsm::{cell_state, CellState};
use crate::model::Document;
use crate::suggest::FILE_BUDGET;

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
        // A name repeated in many tables is looked up once.
        let mut suggestions: HashMap<&str, Option<&str>> = HashMap::new();
        let mut budget = FILE_BUDGET;
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
                if cell_state(cx.settings, table.table, 0, cell) == CellState::Placeholder {
                    continue;
                }
                let message = format!("\"{name}\" is not a process of {}", itsm.catalog.title);
                let suggestion = *suggestions
                    .entry(name)
                    .or_insert_with(|| itsm.catalog.suggest_process_within(name, &mut budget));
                let help = match suggestion {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Settings;

    #[test]
    fn a_misspelt_trailing_word_gets_a_suggestion() {
        let settings = Settings::builtin().unwrap();
        let text = "## Service operation\n\n| ITSM component | x |\n|---|---|\n\
                    | Incident management | a |\n| Problem managment | b |\n\
                    | Incidnet management | c |\n| Coffee management | d |\n";
        let doc = crate::parse::parse(text.to_string(), settings.slug_style);
        let workspace = crate::rules::links::workspace::Workspace::new();
        let cx = Context::new(&settings, std::path::Path::new("a.md"), &workspace);
        let mut out = Vec::new();
        UnknownProcess.check(&doc, &cx, &mut out);
        let helps: Vec<_> = out.iter().map(|f| f.help.as_deref().unwrap()).collect();
        assert_eq!(helps.len(), 3);
        assert_eq!(helps[0], "did you mean \"Problem management\"?");
        assert_eq!(helps[1], "did you mean \"Incident management\"?");
        assert!(
            helps[2].starts_with("use the catalog's name"),
            "{}",
            helps[2]
        );
    }
}
