use super::{Context, Rule};
use crate::finding::Finding;
use crate::model::Document;

/// A table row with more or fewer cells than the header.
pub struct TableShape;

impl Rule for TableShape {
    fn id(&self) -> &'static str {
        "table-shape"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.settings.tables(doc) {
            for (r, row) in table.rows.iter().enumerate() {
                let (have, want) = (row.source_cells, table.columns);
                if have == want {
                    continue;
                }
                let name = row
                    .name()
                    .map_or(format!("row {}", r + 1), |n| format!("\"{n}\""));
                let (message, help) = if have < want {
                    (
                        format!("{name} has {have} of the header's {want} cells"),
                        "add the missing cells (an empty cell is `|  |`), or they are read as empty",
                    )
                } else {
                    (
                        format!("{name} has {have} cells, the header {want}"),
                        "cells past the header's width are dropped when the table is rendered",
                    )
                };
                out.push(Finding::new(self.id(), row.span.clone(), message).with_help(help));
            }
        }
    }
}
