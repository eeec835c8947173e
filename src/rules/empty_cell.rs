//! Blank table cells where a blank means "unfinished".
//!
//! In an ITSM table every blank body cell is a gap: each row is a process
//! whose every column the page owes. In other tables a blank often means
//! "none", "no" or "same as above", so by default (`tables = "auto"`) only
//! two kinds of blank are reported there, each read by hand in real
//! repositories (README, "Precision"):
//!
//! - a row named in its first cell and otherwise left blank, in a table
//!   whose other rows fill those columns (`| Exposed by: | |`);
//! - a blank in a content column (`rules/empty-cell.toml`: Description,
//!   Documentation, ...) of a row the writer started.
//!
//! Never: spacer rows (all blank), continuation rows (first cell blank:
//! "same as above"), label rows (otherwise blank, with a first cell that is
//! a sentence, or the one bold name among plain ones: a group heading
//! spanning the row), and the
//! filler of a list laid out in columns (`Keyword | Keyword | Keyword`,
//! `Properties | Properties (continued)`). `tables = "all"` reports every
//! blank body cell of every table.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

use super::{cell_message, Context, Rule};
use crate::finding::Finding;
use crate::model::{Cell, Document, Table};
use crate::settings::TableScope;

pub struct EmptyCell;

impl Rule for EmptyCell {
    fn id(&self) -> &'static str {
        "empty-cell"
    }

    fn check(&self, doc: &Document, cx: &Context<'_>, out: &mut Vec<Finding>) {
        for table in cx.settings.tables(doc) {
            // Most tables have no blank cell: nothing to tell apart.
            let has_blank = table
                .rows
                .iter()
                .any(|row| row.cells.iter().any(|c| c.is_empty));
            if !has_blank {
                continue;
            }
            let every_blank =
                cx.settings.table_scope != TableScope::Auto || cx.settings.is_itsm_table(table);
            let gaps = (!every_blank).then(|| Gaps::of(doc, table));
            for (r, row) in table.rows.iter().enumerate() {
                // Cells a short row never wrote are table-shape's finding.
                for (c, cell) in row.cells.iter().enumerate().filter(|(_, c)| !c.is_missing) {
                    let unfinished = gaps.as_ref().is_none_or(|g| g.is_unfinished(r, c));
                    if cell.is_empty && unfinished {
                        let message = cell_message(table, r, c, "is empty");
                        out.push(Finding::new(self.id(), cell.span.clone(), message));
                    }
                }
            }
        }
    }
}

/// Which blanks of a table that is not an ITSM table are gaps.
struct Gaps {
    /// Per row: the row's blanks are gaps in every column (an unfilled row).
    unfilled: Vec<bool>,
    /// Per row: the writer started it (first cell filled, not a label).
    started: Vec<bool>,
    /// Per column: a content column, whose blanks in a started row are gaps.
    content: Vec<bool>,
    /// Per column: it continues a list from the column before.
    continuation: Vec<bool>,
}

impl Gaps {
    fn of(doc: &Document, table: &Table) -> Gaps {
        let headers: Vec<String> = (0..table.columns)
            .map(|c| header_name(table.header.get(c)))
            .collect();
        let mut seen = HashSet::new();
        let continuation: Vec<bool> = headers
            .iter()
            .enumerate()
            .map(|(c, name)| {
                let repeated = !seen.insert(name.as_str());
                c > 0 && (name == "..." || name.ends_with("(continued)") || repeated)
            })
            .collect();
        let content = headers
            .iter()
            .zip(&continuation)
            .map(|(name, &cont)| !cont && content_headers().contains(name))
            .collect();
        let first_cells: Vec<Option<&Cell>> = table
            .rows
            .iter()
            .map(|row| row.cells.first().filter(|c| !c.is_empty))
            .collect();
        let named = first_cells.iter().flatten().count();
        let strong = first_cells
            .iter()
            .flatten()
            .filter(|c| is_strong(doc.text(&c.span)))
            .count();
        // A row the writer started: named in its first cell, and not a label
        // (a heading across the table, otherwise blank: a sentence, or the
        // one bold name among plain ones).
        let started: Vec<bool> = table
            .rows
            .iter()
            .zip(&first_cells)
            .map(|(row, first)| {
                first.is_some_and(|cell| {
                    let rest_blank = row.cells.iter().skip(1).all(|c| c.is_empty);
                    let text = cell.text.text.trim();
                    let sentence =
                        text.split_whitespace().count() >= 6 && text.ends_with(['.', ':']);
                    let lone_strong = is_strong(doc.text(&cell.span)) && strong * 2 < named;
                    !(rest_blank && (sentence || lone_strong))
                })
            })
            .collect();
        // Columns a row may be unfilled in: not continuations, and filled
        // in some other row (a column blank throughout is layout).
        let filled: Vec<bool> = (0..table.columns)
            .map(|c| {
                table
                    .rows
                    .iter()
                    .any(|row| row.cells.get(c).is_some_and(|cell| !cell.is_empty))
            })
            .collect();
        let owed: Vec<usize> = (1..table.columns).filter(|&c| !continuation[c]).collect();
        // Worked out once per table, not once per row: a long table whose
        // column is blank throughout would be read once per row.
        let owed_is_filled_somewhere = owed.iter().any(|&c| filled[c]);
        let unfilled = table
            .rows
            .iter()
            .zip(&started)
            .map(|(row, &started)| {
                started
                    && !owed.is_empty()
                    && owed
                        .iter()
                        .all(|&c| row.cells.get(c).is_none_or(|cell| cell.is_empty))
                    && owed_is_filled_somewhere
            })
            .collect();
        Gaps {
            unfilled,
            started,
            content,
            continuation,
        }
    }

    fn is_unfinished(&self, row: usize, column: usize) -> bool {
        if column == 0 || self.continuation[column] {
            return false;
        }
        self.unfilled[row] || (self.started[row] && self.content[column])
    }
}

/// A header's name as compared: its text, trimmed, without a trailing
/// colon, in lower case.
fn header_name(cell: Option<&Cell>) -> String {
    let text = cell.map_or("", |c| c.text.text.trim());
    text.trim_end_matches(':').trim().to_lowercase()
}

/// Whether a cell's source is all strong emphasis (`**Group**`), line
/// breaks after it aside.
fn is_strong(source: &str) -> bool {
    let mut text = source.trim();
    while let Some(rest) = ["<br/>", "<br>", "<br />"].iter().find_map(|br| {
        let at = text.len().checked_sub(br.len())?;
        let tail = text.get(at..)?;
        tail.eq_ignore_ascii_case(br).then(|| text[..at].trim_end())
    }) {
        text = rest;
    }
    text.len() > 4
        && ((text.starts_with("**") && text.ends_with("**"))
            || (text.starts_with("__") && text.ends_with("__")))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EmptyCellFile {
    content_headers: Vec<String>,
}

/// The content column names of `rules/empty-cell.toml`, in lower case.
fn content_headers() -> &'static [String] {
    static HEADERS: OnceLock<Vec<String>> = OnceLock::new();
    HEADERS.get_or_init(|| {
        let file: EmptyCellFile = toml::from_str(include_str!("../../rules/empty-cell.toml"))
            .expect("rules/empty-cell.toml loads (tested)");
        file.content_headers
            .iter()
            .map(|h| h.to_lowercase())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_headers_load() {
        assert!(content_headers().contains(&"description".to_string()));
    }

    #[test]
    fn strong_cells() {
        assert!(is_strong("**Online or offline** <br/>"));
        assert!(is_strong("__Group__"));
        assert!(!is_strong("**Bold** and plain"));
        assert!(!is_strong("Plain <br/>"));
        assert!(!is_strong("****"));
    }
}
