//! Byte offsets to 1-based line and character columns.
//!
//! Every span in itsmlint is a byte range into the original file, BOM included.
//! People and CI tools want "line 3, column 7" counted in characters, so this
//! index converts once per lookup with a binary search over line starts, and
//! counts characters from a checkpoint at most a few KB back on a long line.

use std::ops::Range;

/// UTF-8 byte order mark. It is kept in the source so byte offsets stay true,
/// but it is not a column: editors do not show it.
pub const BOM: &str = "\u{feff}";

/// A 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Line starts of one file. `\n`, `\r\n` and a lone `\r` all end a line, as in CommonMark.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Bytes at the start of the file that are not columns (the BOM).
    skip: usize,
    /// `(offset, characters from its line's start)` every [`CHECKPOINT_STRIDE`]
    /// bytes of the lines longer than that, in order: a column is counted from
    /// the nearest one, so thousands of findings on one megabyte-long line
    /// cost linear time, not a count from the line's start each.
    checkpoints: Vec<(usize, usize)>,
}

/// Bytes between two checkpoints: the most a position lookup counts.
const CHECKPOINT_STRIDE: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        // memchr skips the bytes between line endings a word at a time.
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        let skip = if text.starts_with(BOM) { BOM.len() } else { 0 };
        let mut index = LineIndex {
            starts,
            skip,
            checkpoints: Vec::new(),
        };
        index.checkpoints = index.long_line_checkpoints(text);
        index
    }

    fn long_line_checkpoints(&self, text: &str) -> Vec<(usize, usize)> {
        let mut checkpoints = Vec::new();
        for line in 0..self.starts.len() {
            let start = self.line_start(line);
            let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
            if end.saturating_sub(start) <= CHECKPOINT_STRIDE {
                continue;
            }
            let (mut at, mut column) = (start, 0);
            loop {
                let next = floor_char_boundary(text, at + CHECKPOINT_STRIDE);
                if next >= end || next <= at {
                    break;
                }
                column += text[at..next].chars().count();
                checkpoints.push((next, column));
                at = next;
            }
        }
        checkpoints
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line index of a byte offset.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte range of a 0-based line, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        start..before_line_ending(text, start, end)
    }

    /// Byte range of a 0-based line including its line ending.
    pub fn line_range_with_ending(&self, text_len: usize, line: usize) -> Range<usize> {
        let start = self.starts[line.min(self.starts.len() - 1)];
        start..self.starts.get(line + 1).copied().unwrap_or(text_len)
    }

    /// Byte offset where a 0-based line starts (past the BOM on the first line).
    pub fn line_start(&self, line: usize) -> usize {
        let start = self.starts[line.min(self.starts.len() - 1)];
        if start == 0 {
            self.skip
        } else {
            start
        }
    }

    /// 1-based line and character column of a byte offset. An offset inside a
    /// multi-byte character or past the end is clamped to the nearest boundary before it.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let mut start = self.line_start(line).min(offset);
        let mut column = 1;
        let nearest = self.checkpoints.partition_point(|&(at, _)| at <= offset);
        if let Some(&(at, before)) = nearest.checked_sub(1).map(|i| &self.checkpoints[i]) {
            if at > start {
                (start, column) = (at, before + 1);
            }
        }
        Position {
            line: line + 1,
            column: column + text[start..offset].chars().count(),
        }
    }
}

/// A file's text with its line index: what a report keeps of a checked
/// file once its model is gone, to show and locate its findings.
#[derive(Debug)]
pub struct SourceFile {
    text: String,
    /// Built on first use: most files have no finding and never need it.
    lines: std::sync::OnceLock<LineIndex>,
}

impl SourceFile {
    pub fn new(text: String) -> SourceFile {
        SourceFile::with_lines(text, std::sync::OnceLock::new())
    }

    /// The text with a line index already built (or not yet) for it.
    pub(crate) fn with_lines(text: String, lines: std::sync::OnceLock<LineIndex>) -> SourceFile {
        SourceFile { text, lines }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn into_text(self) -> String {
        self.text
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines().position(&self.text, offset)
    }
}

/// `end` moved back over a line ending (`\n`, `\r\n` or `\r`) just before
/// it, never before `start`.
pub fn before_line_ending(text: &str, start: usize, mut end: usize) -> usize {
    let bytes = text.as_bytes();
    if end > start && bytes[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && bytes[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(text: &str, offset: usize) -> (usize, usize) {
        let p = LineIndex::new(text).position(text, offset);
        (p.line, p.column)
    }

    #[test]
    fn lf_and_crlf_lines() {
        let text = "ab\r\ncd\nef";
        assert_eq!(pos(text, 0), (1, 1));
        assert_eq!(pos(text, 2), (1, 3));
        assert_eq!(pos(text, 4), (2, 1));
        assert_eq!(pos(text, 8), (3, 2));
        let index = LineIndex::new(text);
        assert_eq!(index.line_range(text, 0), 0..2);
        assert_eq!(index.line_range(text, 1), 4..6);
        assert_eq!(index.line_range(text, 2), 7..9);
    }

    #[test]
    fn lone_cr_ends_a_line() {
        assert_eq!(pos("a\rb", 2), (2, 1));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}# Héllo";
        assert_eq!(pos(text, 3), (1, 1));
        assert_eq!(pos(text, 5), (1, 3));
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "| É | 日本 | x |";
        let x = text.find('x').unwrap();
        assert_eq!(pos(text, x), (1, 12));
        // Tabs are one character.
        assert_eq!(pos("\tx", 1), (1, 2));
    }

    #[test]
    fn long_lines_count_from_checkpoints_as_from_the_line_start() {
        let line = "word é TODO 日本 ".repeat(2000);
        let text = format!("\u{feff}{line}\n{line}\r\nshort");
        let index = LineIndex::new(&text);
        assert!(index.checkpoints.len() > 10, "{}", index.checkpoints.len());
        let mut offset = 0;
        while offset <= text.len() {
            let line = index.line_of(offset);
            let start = index.line_start(line).min(offset);
            let counted = text[start..floor_char_boundary(&text, offset)]
                .chars()
                .count()
                + 1;
            assert_eq!(index.position(&text, offset).column, counted, "at {offset}");
            offset += 97;
        }
    }

    #[test]
    fn offsets_inside_a_char_are_clamped() {
        let text = "é";
        assert_eq!(pos(text, 1), (1, 1));
        assert_eq!(pos(text, 99), (1, 2));
    }
}
