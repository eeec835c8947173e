use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::Document;

/// A table body cell with no content.
pub struct EmptyCell;

impl Rule for EmptyCell {
    fn id(&self) -> &'static str {
        "empty-cell"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.settings.tables(doc) {
            for (r, row) in table.rows.iter().enumerate() {
                // Cells a short row never wrote are table-shape's finding.
                for (c, cell) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_missing) {
                    if cell.is_empty {
                        let message = cell_message(table, r, c, "is empty");
                        out.push(Finding::new(self.id(), cell.span.clone(), message));
                    }
                }
            }
        }
    }
}
