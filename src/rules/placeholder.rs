use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::{Cell, Document, TextRun};

/// Text that stands in for content never written, in cells and in prose.
pub struct Placeholder;

const HELP: &str = "write the content this stands for, or remove it";

impl Rule for Placeholder {
    fn id(&self) -> &'static str {
        "placeholder"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let patterns = &cx.settings.placeholders;
        for table in cx.settings.tables(doc) {
            // A header naming a link column ("Link") is a column name, not a link stub.
            let headers = table
                .header
                .iter()
                .filter(|c| !cx.settings.is_link_column(&c.text.text));
            for cell in headers {
                for (text, span) in matches(patterns, cell, true) {
                    let message = format!("placeholder \"{text}\" in the header of a table");
                    out.push(Finding::new(self.id(), span, message).with_help(HELP));
                }
            }
            for (r, row) in table.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    for (text, span) in matches(patterns, cell, true) {
                        let message =
                            cell_message(table, r, c, &format!("holds placeholder \"{text}\""));
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
            }
        }
        for block in &doc.prose {
            for (text, span) in find(patterns, &block.text, false, false) {
                let message = format!("placeholder \"{text}\"");
                out.push(Finding::new(self.id(), span, message).with_help(HELP));
            }
        }
    }
}

pub(crate) fn matches(
    patterns: &crate::pack::Placeholders,
    cell: &Cell,
    in_cell: bool,
) -> Vec<(String, crate::model::Span)> {
    if cell.is_empty {
        return Vec::new();
    }
    find(patterns, &cell.text, in_cell, cell.has_link)
}

/// Matches outside inline code, as (matched text, source span).
fn find(
    patterns: &crate::pack::Placeholders,
    run: &TextRun,
    in_cell: bool,
    has_link: bool,
) -> Vec<(String, crate::model::Span)> {
    patterns
        .find(&run.text, in_cell, has_link)
        .into_iter()
        .filter(|(_, range)| !run.touches_code(range))
        .map(|(_, range)| {
            (
                run.text[range.clone()].trim().to_string(),
                run.source_span(range),
            )
        })
        .collect()
}
