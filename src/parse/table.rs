//! Table cells and rows: their exact spans, blanks, and the cells a row
//! line holds as written.

use super::Builder;
use crate::model::{Cell, Row, Span, TextBuf};

impl Builder<'_> {
    pub(super) fn close_cell(&mut self, range: Span, has_link: bool, text: &TextBuf) {
        let raw = &self.source[range.clone()];
        let content = raw.trim_start();
        let start = range.start + (raw.len() - content.len());
        let content = content.trim_end();
        let is_empty = is_blank_cell(content);
        // A cell with content is its content; an empty one is the space between its pipes.
        let span = if is_empty {
            range
        } else {
            start..start + content.len()
        };
        self.row.push(Cell {
            is_empty,
            is_missing: false,
            has_link,
            span,
            text: text.to_run(),
        });
    }

    pub(super) fn close_row(&mut self, range: Span) {
        let Some(table) = &mut self.table else { return };
        let mut cells = std::mem::replace(&mut self.row, Vec::with_capacity(table.columns));
        let row_text = &self.read[range.clone()];
        let content_end = range.start + row_text.trim_end().len();
        let source_cells = count_cells(row_text);
        for (i, cell) in cells.iter_mut().enumerate() {
            if i >= source_cells {
                cell.is_missing = true;
                cell.is_empty = true;
                cell.span = content_end..content_end;
            }
        }
        table.rows.push(Row {
            span: range.start..content_end,
            cells,
            source_cells,
        });
    }
}

/// A cell with nothing but white space, `&nbsp;` or `<br>` in it, given
/// with the white space around it trimmed.
pub(super) fn is_blank_cell(content: &str) -> bool {
    // Every blank form starts with `&` or `<`: most cells are words.
    if !content.is_empty() && !content.starts_with(['&', '<']) {
        return false;
    }
    let mut rest = content;
    while !rest.is_empty() {
        let Some(after) = ["&nbsp;", "<br>", "<br/>", "<br />"]
            .iter()
            .find_map(|blank| strip_prefix_ignoring_ascii_case(rest, blank))
        else {
            return false;
        };
        rest = after.trim_start();
    }
    true
}

/// `text` after `prefix` (ASCII), matched in any case.
fn strip_prefix_ignoring_ascii_case<'t>(text: &'t str, prefix: &str) -> Option<&'t str> {
    let head = text.as_bytes().get(..prefix.len())?;
    // An ASCII match ends on a char boundary.
    head.eq_ignore_ascii_case(prefix.as_bytes())
        .then(|| &text[prefix.len()..])
}

/// Cells written on one table row line: unescaped pipes split it, and one
/// leading and one trailing pipe are borders.
pub(super) fn count_cells(row: &str) -> usize {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let bytes = row.as_bytes();
    let (mut pipes, mut last_pipe) = (0, None);
    // A backslash escapes the byte after it, which may be a pipe.
    let mut escaped_until = 0;
    for at in memchr::memchr2_iter(b'\\', b'|', bytes) {
        if at < escaped_until {
            continue;
        }
        if bytes[at] == b'\\' {
            escaped_until = at + 2;
        } else {
            pipes += 1;
            last_pipe = Some(at);
        }
    }
    let trailing = last_pipe == Some(row.len().saturating_sub(1)) && !row.is_empty();
    pipes + 1 - usize::from(trailing)
}
