//! Comments that cut a table short: a comment on a line of its own between
//! two rows ends a GFM table, so a `disable-next-line` above a row would
//! silently turn the rows below it into a paragraph.

use crate::finding::Finding;
use crate::model::{Document, Span};
use crate::settings::Settings;

/// The rule that reports a comment line cutting a table short: the table's
/// shape, as the reader sees it, is not the one written.
const SPLIT: &str = "table-shape";

/// Comments on lines of their own right below a table's last row and right
/// above a line that is plainly another row of it (leading `|`, as many
/// cells as the header): GFM ends the table at the comment, so those rows
/// become a paragraph, out of the table and its score, without a word.
pub(super) fn split_tables(doc: &Document, settings: &Settings) -> Vec<Finding> {
    let Some(severity) = settings.severity(SPLIT) else {
        return Vec::new();
    };
    let text = doc.source.as_str();
    let mut found = Vec::new();
    for table in settings.tables(doc) {
        // Byte offsets, not the line index: most files have tables and no
        // finding, and the index is built only for a file that needs it.
        let mut line = next_line_start(text, table.span.end);
        let mut comments: Option<Span> = None;
        while let Some(comment) = comment_filling_line(doc, line) {
            let start = comments.map_or(comment.start, |c| c.start);
            comments = Some(start..comment.end);
            line = next_line_start(text, comment.end);
        }
        let Some(span) = comments else {
            continue;
        };
        let end = line
            + memchr::memchr2(b'\n', b'\r', &text.as_bytes()[line..]).unwrap_or(text.len() - line);
        let row = text[line..end].trim();
        let starts_a_table = doc
            .tables
            .iter()
            .any(|t| (line..=end).contains(&t.span.start));
        if row.starts_with('|') && cells(row) == table.columns && !starts_a_table {
            let mut finding = Finding::new(
                SPLIT,
                span,
                "this comment ends the table above it: the rows below it are not part of the table",
            )
            .with_help(
                "move the comment out of the table; to silence one row, put \
                 `<!-- itsmlint-disable-line RULE -->` in the row's first cell",
            );
            finding.severity = severity;
            found.push(finding);
        }
    }
    found
}

/// Where the line after the one `offset` is on starts; `offset` itself
/// when a line starts there (a table's span may end after its line ending).
fn next_line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let starts_a_line = offset == 0
        || bytes[offset - 1] == b'\n'
        || (bytes[offset - 1] == b'\r' && bytes.get(offset) != Some(&b'\n'));
    if starts_a_line {
        return offset;
    }
    match memchr::memchr2(b'\n', b'\r', &bytes[offset..]) {
        Some(i) if bytes[offset + i] == b'\r' && bytes.get(offset + i + 1) == Some(&b'\n') => {
            offset + i + 2
        }
        Some(i) => offset + i + 1,
        None => bytes.len(),
    }
}

/// The span of the comment that fills the line starting at `line` (white
/// space aside), if one does.
fn comment_filling_line(doc: &Document, line: usize) -> Option<Span> {
    let text = doc.source.as_str();
    let rest = text.get(line..)?;
    let start = line + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    if !text[start..].starts_with("<!--") {
        return None;
    }
    let at = doc.comments.partition_point(|c| c.span.start < start);
    let comment = doc.comments.get(at).filter(|c| c.span.start == start)?;
    let after = &text[comment.span.end..next_line_start(text, comment.span.end)];
    after.trim().is_empty().then(|| comment.span.clone())
}

/// Cells of a table row written with a leading pipe: `| a | b |` has 2.
fn cells(row: &str) -> usize {
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner
        .strip_suffix('|')
        .filter(|i| !i.ends_with('\\'))
        .unwrap_or(inner);
    let bytes = inner.as_bytes();
    1 + (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::SlugStyle;

    fn splits(text: &str) -> Vec<Span> {
        let doc = crate::parse::parse(text.to_string(), SlugStyle::default());
        let settings = Settings::builtin().unwrap();
        split_tables(&doc, &settings)
            .into_iter()
            .map(|f| f.span)
            .collect()
    }

    #[test]
    fn a_comment_between_rows_is_found_with_any_line_ending() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = [
                "| a | b |",
                "|---|---|",
                "| 1 | 2 |",
                "  <!-- x -->",
                "| 3 | 4 |",
                "",
            ]
            .join(ending);
            let comment = text.find("<!--").unwrap();
            let found = splits(&text);
            assert_eq!(found.len(), 1, "{ending:?}");
            assert_eq!(found[0], comment..comment + 10, "{ending:?}");
        }
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n<!-- x -->\n| 3 |\n").is_empty());
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n<!-- x --> text\n| 3 | 4 |\n").is_empty());
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- x -->\n| 3 | 4 |\n").is_empty());
    }

    #[test]
    fn cells_of_a_row() {
        assert_eq!(cells("| a | b |"), 2);
        assert_eq!(cells("| a | b"), 2);
        assert_eq!(cells(r"| a \| b |"), 1);
        assert_eq!(cells(r"| a | b \|"), 2);
    }
}
