//! Byte offsets to 1-based line and character columns.
//!
//! Every span in itsmlint is a byte range into the original file, BOM included.
//! People and CI tools want "line 3, column 7" counted in characters, so this
//! index converts once per lookup with a binary search over line starts.

use std::ops::Range;

/// UTF-8 byte order mark. It is kept in the source so byte offsets stay true,
/// but it is not a column: editors do not show it.
pub const BOM: &str = "\u{feff}";

thread_local! {
    /// One file's text buffer, kept emptied for the next file this thread
    /// reads (see [`recycle_text`]).
    static SPARE_TEXT: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
}

/// Text buffers larger than this are freed, not kept for the run.
const SPARE_TEXT_MAX_BYTES: usize = 1 << 18;

/// Keeps a file's text, no longer needed, as the buffer the next file this
/// thread reads goes into: it is warm in the cache, and reading into it
/// asks nothing of the allocator.
pub fn recycle_text(text: String) {
    let mut bytes = text.into_bytes();
    if bytes.capacity() > 0 && bytes.capacity() <= SPARE_TEXT_MAX_BYTES {
        bytes.clear();
        SPARE_TEXT.with(|spare| spare.set(bytes));
    }
}

/// An empty buffer to read a file into: this thread's spare one, or a new one.
pub fn text_buffer() -> Vec<u8> {
    SPARE_TEXT.with(|spare| spare.take())
}

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
}

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
        LineIndex { starts, skip }
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
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
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
        let start = self.line_start(line).min(offset);
        Position {
            line: line + 1,
            column: text[start..offset].chars().count() + 1,
        }
    }
}

/// The positions of `offsets` (sorted, each once), each with its offset,
/// as [`LineIndex::position`] gives them: in one pass over the text up to
/// the last of them, with no index of its lines kept. For a file whose
/// findings are all that is kept of it.
pub fn positions(text: &str, offsets: &[usize]) -> Vec<(usize, Position)> {
    let bytes = text.as_bytes();
    let skip = if text.starts_with(BOM) { BOM.len() } else { 0 };
    // The 0-based line the scan is on, where it starts, and how far the
    // text has been scanned for line breaks.
    let (mut line, mut line_start, mut scanned) = (0, 0, 0);
    let mut found = Vec::with_capacity(offsets.len());
    for &given in offsets {
        let offset = floor_char_boundary(text, given).max(scanned);
        for at in memchr::memchr2_iter(b'\n', b'\r', &bytes[scanned..offset]) {
            let at = scanned + at;
            if bytes[at] == b'\n' || bytes.get(at + 1) != Some(&b'\n') {
                line += 1;
                line_start = at + 1;
            }
        }
        scanned = offset;
        let start = if line == 0 { skip } else { line_start }.min(offset);
        let column = text[start..offset].chars().count() + 1;
        found.push((
            given,
            Position {
                line: line + 1,
                column,
            },
        ));
    }
    found
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
    fn offsets_inside_a_char_are_clamped() {
        let text = "é";
        assert_eq!(pos(text, 1), (1, 1));
        assert_eq!(pos(text, 99), (1, 2));
    }
}
