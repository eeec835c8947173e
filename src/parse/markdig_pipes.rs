//! markdig's pipe tables, where a `|` inside a code span is text, not a
//! column delimiter ("a backtick/code delimiter has a higher precedence than
//! a column delimiter", Rule #7 of markdig's
//! `src/Markdig.Tests/Specs/PipeTableSpecs.md`); GFM, and so pulldown-cmark,
//! splits the row there. On a markdig site such pipes are hidden from
//! pulldown-cmark behind a byte of the same length, so that every offset
//! stays exact, and given back in the text it returns.
//!
//! Code spans are found line by line: a table row is one line, and a code
//! span across lines of a paragraph has no pipe that could split a row.
//! Not modelled: Rules #8 and #9 (a `|` inside inline HTML or a link's text
//! does not split a row either).

use std::borrow::Cow;

/// What a hidden pipe is while pulldown-cmark reads the page: a control
/// character, which Markdown reads as an ordinary one.
const HIDDEN: u8 = 0x1f;

/// `source` with every `|` inside a code span hidden; borrowed when there
/// is none, or when the page itself holds the hiding byte (then nothing
/// could be told apart, and the page is read as GFM reads it).
pub(super) fn hide_code_pipes(source: &str) -> Cow<'_, str> {
    let bytes = source.as_bytes();
    if memchr::memchr(HIDDEN, bytes).is_some() || memchr::memchr(b'`', bytes).is_none() {
        return Cow::Borrowed(source);
    }
    let mut hidden: Option<Vec<u8>> = None;
    let mut line_start = 0;
    while line_start < bytes.len() {
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(bytes.len(), |at| line_start + at);
        let line = &bytes[line_start..line_end];
        if memchr::memchr(b'|', line).is_some() {
            for (from, to) in code_spans(line) {
                for at in memchr::memchr_iter(b'|', &line[from..to]) {
                    hidden.get_or_insert_with(|| bytes.to_vec())[line_start + from + at] = HIDDEN;
                }
            }
        }
        line_start = line_end + 1;
    }
    match hidden {
        // Only an ASCII byte was swapped for another.
        Some(bytes) => Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| source.to_string())),
        None => Cow::Borrowed(source),
    }
}

/// Text as pulldown-cmark gave it, with hidden pipes shown again.
pub(super) fn restore(text: &str) -> Cow<'_, str> {
    if memchr::memchr(HIDDEN, text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace(char::from(HIDDEN), "|"))
}

/// The content of each code span on one line, as byte ranges: a run of
/// backticks opens one, closed by the next run of the same length (a
/// backslash before the opening run makes its first backtick literal).
fn code_spans(line: &[u8]) -> Vec<(usize, usize)> {
    let run_at = |at: usize| line[at..].iter().take_while(|&&b| b == b'`').count();
    let mut spans = Vec::new();
    let mut at = 0;
    while at < line.len() {
        match line[at] {
            b'\\' => at += 2,
            b'`' => {
                let open = run_at(at);
                let content = at + open;
                let mut next = content;
                let mut close = None;
                while next < line.len() {
                    if line[next] != b'`' {
                        next += 1;
                        continue;
                    }
                    let run = run_at(next);
                    if run == open {
                        close = Some(next);
                        break;
                    }
                    next += run;
                }
                match close {
                    Some(close) => {
                        spans.push((content, close));
                        at = close + open;
                    }
                    None => at = content,
                }
            }
            _ => at += 1,
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipes_in_code_spans_are_hidden_and_nothing_else() {
        let page = "| `a|b` | c |\n| ``x`|`y`` | \\`d|e` |\n`open | not closed\n";
        let hidden = hide_code_pipes(page);
        assert_eq!(hidden.len(), page.len());
        assert_eq!(
            hidden,
            "| `a\x1fb` | c |\n| ``x`\x1f`y`` | \\`d|e` |\n`open | not closed\n"
        );
        assert_eq!(restore(&hidden), page);
        assert!(matches!(hide_code_pipes("| a | b |\n"), Cow::Borrowed(_)));
        assert!(matches!(hide_code_pipes("`a|b` \x1f\n"), Cow::Borrowed(_)));
    }
}
