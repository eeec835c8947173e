use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::{Cell, Document, TextView};

/// Text that stands in for content never written, in cells and in prose.
pub struct Placeholder;

const HELP: &str = "write the content this stands for, or remove it";

impl Rule for Placeholder {
    fn id(&self) -> &'static str {
        "placeholder"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let patterns = &cx.settings.placeholders;
        let tables: Vec<_> = cx.settings.tables(doc).collect();
        // Almost no text holds a placeholder: ask once for all the cells of
        // the document, in the order they are visited below, and all its prose.
        let cells = tables
            .iter()
            .flat_map(|t| t.header.iter().chain(t.rows.iter().flat_map(|r| &r.cells)))
            .map(|c| c.text.text.as_str());
        let mut candidates = patterns
            .candidates_with_joined(cells, doc.joined_prose_text(), doc.prose_starts())
            .into_iter();
        let mut next_is_candidate = || candidates.next().unwrap_or(true);
        for table in tables {
            for cell in &table.header {
                // A header naming a link column ("Link") is a column name, not a link stub.
                if !next_is_candidate() || cx.settings.is_link_column(&cell.text.text) {
                    continue;
                }
                for (text, span) in matches(patterns, cell, true) {
                    let message = format!("placeholder \"{text}\" in the header of a table");
                    out.push(Finding::new(self.id(), span, message).with_help(HELP));
                }
            }
            for (r, row) in table.rows.iter().enumerate() {
                for (c, cell) in row.cells.iter().enumerate() {
                    if !next_is_candidate() {
                        continue;
                    }
                    for (text, span) in matches(patterns, cell, true) {
                        let message =
                            cell_message(table, r, c, &format!("holds placeholder \"{text}\""));
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
            }
        }
        for block in &doc.prose {
            if !next_is_candidate() {
                continue;
            }
            for (text, span) in find(patterns, doc.prose_text(block), false, false) {
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
    find(patterns, cell.text.view(), in_cell, cell.has_link)
}

/// Matches outside inline code, as (matched text, source span).
fn find(
    patterns: &crate::pack::Placeholders,
    run: TextView<'_>,
    in_cell: bool,
    has_link: bool,
) -> Vec<(String, crate::model::Span)> {
    patterns
        .find(run.text, in_cell, has_link)
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
