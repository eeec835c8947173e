//! The placeholder rule, beside its matcher (the patterns, compiled) and
//! the matcher's prefilter (the literals every match holds).

mod literals;
mod matcher;

pub use matcher::{check_pattern, Placeholders, Spot};

use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::{Cell, Document, ProseKind, Span, Table, TextView};

/// Text that stands in for content never written, in cells and in prose.
pub struct Placeholder;

const HELP: &str = "write the content this stands for, or remove it";

impl Rule for Placeholder {
    fn id(&self) -> &'static str {
        "placeholder"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        let patterns = &cx.settings.placeholders;
        let places = places(doc, cx);
        let texts: Vec<&str> = places.iter().map(Place::text).collect();
        // Almost no text holds a placeholder: one search of all the
        // document's texts at once finds the few that may, and what may.
        let candidates = patterns.candidates(&texts);
        // Built on the first finding in prose: most documents have none.
        let links = std::cell::OnceCell::new();
        for (place, candidates) in places.into_iter().zip(candidates) {
            if candidates.is_empty() {
                continue;
            }
            match place {
                Place::Header(cell) => {
                    for (text, span) in patterns.in_cell_of(cell, false, &candidates) {
                        let message = format!("placeholder \"{text}\" in the header of a table");
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
                Place::Cell {
                    table,
                    row,
                    column,
                    cell,
                } => {
                    if is_code_in_a_code_column(table, row, column) {
                        continue;
                    }
                    let link_column = cx.settings.is_link_column(&table.column_name(column));
                    for (text, span) in patterns.in_cell_of(cell, link_column, &candidates) {
                        let predicate = format!("holds placeholder \"{text}\"");
                        let message = cell_message(table, row, column, &predicate);
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
                Place::Prose(view, kind) => {
                    // A list item's tail ("- Service design: link") is where a link goes.
                    let spot = Spot {
                        link_expected: matches!(kind, ProseKind::ListItem),
                        ..Spot::PROSE
                    };
                    for (text, span) in patterns.in_text(view, spot, &candidates) {
                        // A link's own text names the page it leads to
                        // ("- [Links](links.md)"): it stands in for nothing.
                        if is_link_text(links.get_or_init(|| link_spans(doc)), &span) {
                            continue;
                        }
                        let message = format!("placeholder \"{text}\"");
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
            }
        }
    }
}

/// A text the rule reads, and where it is.
enum Place<'d> {
    Header(&'d Cell),
    Cell {
        table: &'d Table,
        row: usize,
        column: usize,
        cell: &'d Cell,
    },
    Prose(TextView<'d>, ProseKind),
}

impl<'d> Place<'d> {
    fn text(&self) -> &'d str {
        match self {
            Place::Header(cell) | Place::Cell { cell, .. } => &cell.text.text,
            Place::Prose(view, _) => view.text,
        }
    }
}

/// The texts the rule reads, in the order it reports them: each table's
/// cells, header first, then the prose.
fn places<'d>(doc: &'d Document, cx: &'d Context<'_>) -> Vec<Place<'d>> {
    let mut places = Vec::new();
    for table in cx.settings.tables(doc) {
        places.extend(table.header.iter().map(Place::Header));
        for (row, table_row) in table.rows.iter().enumerate() {
            for (column, cell) in table_row.cells.iter().enumerate() {
                places.push(Place::Cell {
                    table,
                    row,
                    column,
                    cell,
                });
            }
        }
    }
    places.extend(
        doc.prose
            .iter()
            .map(|block| Place::Prose(doc.prose_text(block), block.kind)),
    );
    places
}

/// Whether `span` lies within one of `links`: the spans of the document's
/// links (not images, so none holds another), sorted by start.
fn is_link_text(links: &[Span], span: &Span) -> bool {
    let after = links.partition_point(|link| link.start <= span.start);
    after > 0 && span.end <= links[after - 1].end
}

/// The spans of the document's links, sorted, for [`is_link_text`].
fn link_spans(doc: &Document) -> Vec<Span> {
    let mut spans: Vec<Span> = doc
        .links
        .iter()
        .filter(|link| !link.is_image)
        .map(|link| link.span.clone())
        .collect();
    spans.sort_unstable_by_key(|span| span.start);
    spans
}

/// Whether the cell at `row` and `column` is exactly "XXX" among
/// three-letter codes: ISO 4217's code for "no currency" in a currency
/// table, not an editor's marker.
fn is_code_in_a_code_column(table: &Table, row: usize, column: usize) -> bool {
    let is_code = |text: &str| text.len() == 3 && text.bytes().all(|b| b.is_ascii_uppercase());
    let cell = table.rows.get(row).and_then(|r| r.cells.get(column));
    if cell.map(|cell| cell.text.text.trim()) != Some("XXX") {
        return false;
    }
    let others: Vec<&str> = (table.rows.iter().enumerate())
        .filter(|&(other, _)| other != row)
        .filter_map(|(_, other)| other.cells.get(column))
        .filter(|other| !other.is_empty)
        .map(|other| other.text.text.trim())
        .collect();
    // Most, not all: a code column often holds a "Reserved" row.
    let codes = others.iter().filter(|text| is_code(text)).count();
    codes >= 2 && codes * 4 >= others.len() * 3
}
