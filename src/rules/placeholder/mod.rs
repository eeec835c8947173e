//! The placeholder rule, beside its matcher (the patterns, compiled) and
//! the matcher's prefilter (the literals every match holds).

mod literals;
mod matcher;

pub use matcher::{check_pattern, Placeholders};

use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::{Cell, Document, Table, TextView};

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
        // document's texts at once finds the few that may.
        let may_match = patterns.may_match_each(&texts);
        for (place, may_match) in places.into_iter().zip(may_match) {
            if !may_match {
                continue;
            }
            match place {
                Place::Header(cell) => {
                    for (text, span) in patterns.in_cell(cell) {
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
                    for (text, span) in patterns.in_cell(cell) {
                        let predicate = format!("holds placeholder \"{text}\"");
                        let message = cell_message(table, row, column, &predicate);
                        out.push(Finding::new(self.id(), span, message).with_help(HELP));
                    }
                }
                Place::Prose(view) => {
                    for (text, span) in patterns.in_text(view, false, false) {
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
    Prose(TextView<'d>),
}

impl<'d> Place<'d> {
    fn text(&self) -> &'d str {
        match self {
            Place::Header(cell) | Place::Cell { cell, .. } => &cell.text.text,
            Place::Prose(view) => view.text,
        }
    }
}

/// The texts the rule reads, in the order it reports them: each table's
/// cells, header first, then the prose.
fn places<'d>(doc: &'d Document, cx: &'d Context<'_>) -> Vec<Place<'d>> {
    let mut places = Vec::new();
    for table in cx.settings.tables(doc) {
        for cell in &table.header {
            // A header naming a link column ("Link") is a column name, not a link stub.
            if !cx.settings.is_link_column(&cell.text.text) {
                places.push(Place::Header(cell));
            }
        }
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
            .map(|block| Place::Prose(doc.prose_text(block))),
    );
    places
}
