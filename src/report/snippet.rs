//! The part of a file one human diagnostic shows: the lines its label
//! touches, each cut to a window around the label when it is long (as rustc
//! and ruff do), so a finding on a megabyte-long line prints a few hundred
//! bytes, not the megabyte. codespan renders this, never the whole file.

use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};

use crate::source::SourceFile;

/// Characters of a line shown at most: a longer line is cut to this many
/// around the label, with `...` where it was cut.
pub(super) const WIDTH: usize = 140;

const CUT: &str = "...";

pub(super) struct Snippet<'a> {
    name: String,
    source: &'a SourceFile,
    /// The shown lines, one after the other, with their line endings.
    text: String,
    lines: Vec<ShownLine>,
    /// The label, in `text`.
    label: Range<usize>,
}

struct ShownLine {
    /// 0-based line of the file.
    line: usize,
    /// Where the shown line starts in `text`, and where its window's text
    /// starts (past a leading `...`).
    start: usize,
    content: usize,
    /// The file's bytes shown.
    window: Range<usize>,
}

impl<'a> Snippet<'a> {
    /// The snippet of `source` (named `name`) for a label over `span`.
    pub(super) fn new(name: String, source: &'a SourceFile, span: Range<usize>) -> Self {
        let text = source.text();
        let index = source.lines();
        let span = visible(source, span);
        let (first, last) = (index.line_of(span.start), index.line_of(span.end));
        let mut shown = String::new();
        let mut lines = Vec::with_capacity(last - first + 1);
        for line in first..=last {
            let mut content = index.line_range(text, line);
            // Line 1's BOM shows as nothing: it is not shown, nor pointed at.
            content.start = index.line_start(line).min(content.end);
            let ending = content.end..index.line_range_with_ending(text.len(), line).end;
            let focus = match (line == first, line == last) {
                (true, true) => span.clone(),
                (true, false) => span.start..span.start,
                (false, true) => span.end..span.end,
                (false, false) => content.start..content.start,
            };
            let window = window(text, content.clone(), focus);
            let start = shown.len();
            if window.start > content.start {
                shown.push_str(CUT);
            }
            let content_at = shown.len();
            shown.push_str(&text[window.clone()]);
            if window.end < content.end {
                shown.push_str(CUT);
            }
            shown.push_str(&text[ending]);
            lines.push(ShownLine {
                line,
                start,
                content: content_at,
                window,
            });
        }
        let into_shown = |line: &ShownLine, offset: usize| {
            line.content + offset.clamp(line.window.start, line.window.end) - line.window.start
        };
        let label =
            into_shown(&lines[0], span.start)..into_shown(&lines[lines.len() - 1], span.end);
        Snippet {
            name,
            source,
            text: shown,
            lines,
            label,
        }
    }

    /// The label's range in the snippet's text.
    pub(super) fn label(&self) -> Range<usize> {
        self.label.clone()
    }

    /// The file's byte offset a byte of the snippet stands for (a `...`
    /// stands for the edge of the window it marks).
    fn original(&self, line: &ShownLine, at: usize) -> usize {
        let into_window = at.saturating_sub(line.content);
        (line.window.start + into_window).min(line.window.end)
    }
}

/// A span as it is drawn: past the BOM (which shows as nothing, so a caret
/// on it would be invisible), within the text, and without a line ending
/// at its end (which would draw the label's end on the next line).
fn visible(source: &SourceFile, span: Range<usize>) -> Range<usize> {
    let text = source.text();
    let floor = source.lines().line_start(0);
    let start = crate::source::floor_char_boundary(text, span.start).max(floor);
    let end = crate::source::floor_char_boundary(text, span.end).max(start);
    start..crate::source::before_line_ending(text, start, end)
}

/// The part of the line `content` shown around `focus`: the whole line when
/// it has at most [`WIDTH`] characters, else [`WIDTH`] characters holding as
/// much of `focus` as fits and the context on either side of it. Each step
/// walks at most [`WIDTH`] characters, however long the line.
fn window(text: &str, content: Range<usize>, focus: Range<usize>) -> Range<usize> {
    if text[content.clone()].chars().nth(WIDTH).is_none() {
        return content;
    }
    let (focus_end, focused) = ahead(text, focus.start, focus.end.min(content.end), WIDTH);
    let room = WIDTH - focused;
    let (mut start, before) = behind(text, focus.start, content.start, room / 2);
    let (end, after) = ahead(text, focus_end, content.end, room - before);
    let unused = room - before - after;
    if unused > 0 {
        start = behind(text, start, content.start, unused).0;
    }
    start..end
}

/// The offset up to `n` characters after `from` (not past `limit`), and how many it passed.
fn ahead(text: &str, from: usize, limit: usize, n: usize) -> (usize, usize) {
    let mut at = from;
    let mut walked = 0;
    for (i, c) in text[from..limit].char_indices().take(n) {
        at = from + i + c.len_utf8();
        walked += 1;
    }
    (at, walked)
}

/// The offset up to `n` characters before `from` (not before `limit`), and how many it passed.
fn behind(text: &str, from: usize, limit: usize, n: usize) -> (usize, usize) {
    let mut at = from;
    let mut walked = 0;
    for (i, _) in text[limit..from].char_indices().rev().take(n) {
        at = limit + i;
        walked += 1;
    }
    (at, walked)
}

impl<'a> Files<'a> for Snippet<'_> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, FilesError> {
        Ok(self
            .lines
            .partition_point(|l| l.start <= byte_index)
            .saturating_sub(1))
    }

    fn line_number(&'a self, (): (), line_index: usize) -> Result<usize, FilesError> {
        let line = self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len() - 1,
        })?;
        Ok(line.line + 1)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len() - 1,
        })?;
        let end = self
            .lines
            .get(line_index + 1)
            .map_or(self.text.len(), |next| next.start);
        Ok(line.start..end)
    }

    /// The column in the file, not in the snippet: the header's
    /// `file:line:column` agrees with every other format.
    fn column_number(
        &'a self,
        (): (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let line = self.lines.get(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: self.lines.len() - 1,
        })?;
        Ok(self.source.position(self.original(line, byte_index)).column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(text: &str, span: Range<usize>) -> (String, String) {
        let source = SourceFile::new(text.to_string());
        let snippet = Snippet::new("a.md".into(), &source, span);
        let label = snippet.text[snippet.label()].to_string();
        (snippet.text, label)
    }

    #[test]
    fn a_short_line_is_shown_whole() {
        let text = "# Title\nsome TODO here\nnext\n";
        let at = text.find("TODO").unwrap();
        assert_eq!(
            shown(text, at..at + 4),
            ("some TODO here\n".into(), "TODO".into())
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_label() {
        let text = format!("{}TODO{}\n", "é".repeat(1000), "x".repeat(1000));
        let at = text.find("TODO").unwrap();
        let (shown, label) = shown(&text, at..at + 4);
        assert_eq!(label, "TODO");
        let body = shown
            .strip_prefix(CUT)
            .and_then(|s| s.strip_suffix("...\n"))
            .unwrap();
        assert_eq!(body.chars().count(), WIDTH, "{shown}");
        let (before, after) = body.split_once("TODO").unwrap();
        assert_eq!(before.chars().count(), (WIDTH - 4) / 2);
        assert_eq!(after.chars().count(), WIDTH - 4 - (WIDTH - 4) / 2);
    }

    #[test]
    fn near_a_line_end_the_window_takes_more_before() {
        let text = format!("{}TODO.", "a".repeat(1000));
        let at = text.find("TODO").unwrap();
        let (shown, label) = shown(&text, at..at + 4);
        assert_eq!(label, "TODO");
        assert_eq!(shown, format!("...{}TODO.", "a".repeat(WIDTH - 5)));
    }

    #[test]
    fn a_label_longer_than_the_window_is_cut_too() {
        let text = format!("ab{}", "x".repeat(1000));
        let (shown, label) = shown(&text, 2..text.len());
        assert_eq!(label.len(), WIDTH);
        assert_eq!(shown, format!("...{label}..."));
    }

    #[test]
    fn a_label_on_the_bom_moves_past_it() {
        let text = "\u{feff}# Title\n";
        assert_eq!(shown(text, 0..0), ("# Title\n".into(), String::new()));
    }

    #[test]
    fn a_multi_line_label_ends_before_its_last_line_ending() {
        let text = "| a |\n|---|\n| b |\r\n\nafter\n";
        let end = text.find("\nafter").unwrap();
        let (shown, label) = shown(text, 0..end);
        assert_eq!(shown, "| a |\n|---|\n| b |\r\n");
        assert_eq!(label, "| a |\n|---|\n| b |");
    }
}
