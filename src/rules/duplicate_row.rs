use std::collections::HashMap;

use super::{Context, Rule};
use crate::catalog::normalise;
use crate::finding::Finding;
use crate::model::Document;

/// The same process twice in one ITSM table.
pub struct DuplicateRow;

impl Rule for DuplicateRow {
    fn id(&self) -> &'static str {
        "duplicate-row"
    }

    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>) {
        let Some(itsm) = cx.itsm(doc) else {
            return;
        };
        for table in &itsm.tables {
            // A row is its catalog process when known ("Change control" and
            // "Change management" are one), else its normalised name.
            let mut seen: HashMap<Key, usize> = HashMap::new();
            for (r, (row, matched)) in table.table.rows.iter().zip(&table.rows).enumerate() {
                let Some(name) = row.name() else { continue };
                let key = match matched {
                    Some(id) => Key::Process(*id),
                    None => Key::Name(normalise(name)),
                };
                if let Some(first) = seen.get(&key) {
                    let first_row = &table.table.rows[*first];
                    let line = doc.position(first_row.span.start).line;
                    let message = match matched {
                        Some(id) => format!(
                            "\"{name}\" repeats \"{}\" (line {line})",
                            itsm.catalog.process(*id).name
                        ),
                        None => format!("\"{name}\" repeats the row on line {line}"),
                    };
                    out.push(
                        Finding::new(self.id(), row.span.clone(), message)
                            .with_help("merge the two rows into one"),
                    );
                } else {
                    seen.insert(key, r);
                }
            }
        }
    }
}

#[derive(PartialEq, Eq, Hash)]
enum Key {
    Process(crate::catalog::ProcessId),
    Name(String),
}
