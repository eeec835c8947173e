//! Front matter: values from gray_matter, spans from the lines themselves
//! (gray_matter cuts the block off and keeps no offsets).

use std::borrow::Cow;

use compact_str::CompactString;
use gray_matter::engine::{Engine, YAML};
use gray_matter::Pod;

use crate::model::{FrontMatter, FrontMatterEntry, Span};

/// Finds a front-matter block at `start` (just past any BOM): a `---` line,
/// YAML, and a closing `---` or `...` line. Returns the whole block (through
/// the closing line's ending) and the YAML between the delimiter lines.
pub fn locate(source: &str, start: usize) -> Option<(Span, Span)> {
    if !source[start..].starts_with("---") {
        return None; // most files: no need to find the first line's end
    }
    let mut lines = self::lines(source, start..source.len());
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let inner_start = start + first.len();
    for (offset, line) in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((start..offset + line.len(), inner_start..offset));
        }
    }
    None
}

/// The lines of `source[range]` with their endings, each with where it
/// starts: `split_inclusive('\n')` with offsets, by one SIMD search.
pub(super) fn lines(source: &str, range: Span) -> impl Iterator<Item = (usize, &str)> {
    let text = &source[range.clone()];
    let mut start = 0;
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    std::iter::from_fn(move || {
        let end = ends.next().map_or(text.len(), |at| at + 1);
        if start >= end {
            return None;
        }
        let line = (range.start + start, &text[start..end]);
        start = end;
        Some(line)
    })
}

/// Parses the YAML between the delimiters. `block` is the whole block with
/// its `---` lines; `inner` is the YAML text and where it starts in the file.
pub fn parse(source: &str, block: Span, inner: Span) -> FrontMatter {
    // The common simple form is read in one pass over the lines, values and
    // spans together (see `simple_yaml`); it answers only where it gives
    // what the general path below gives.
    if let Some(entries) = super::simple_yaml::read_in_place(source, inner.clone()) {
        return FrontMatter {
            span: block,
            entries: entries.into_iter().map(entry).collect(),
            error: None,
        };
    }
    parse_general(source, block, inner)
}

fn entry(e: super::simple_yaml::Entry<'_>) -> FrontMatterEntry {
    use super::simple_yaml::Value;
    let key_span = e.line_start..e.line_start + e.key.len();
    let (is_empty, value) = match e.value {
        Value::Str(text) => (text.trim().is_empty(), CompactString::from(text)),
        other => {
            let pod = other.into_pod();
            (is_empty(&pod), into_display(pod))
        }
    };
    FrontMatterEntry {
        key: CompactString::from(e.key),
        span: e.line_start..e.end,
        key_span,
        is_empty,
        value,
    }
}

/// Any YAML: values from gray_matter's engine, spans from the lines.
fn parse_general(source: &str, block: Span, inner: Span) -> FrontMatter {
    // gray_matter's YAML engine is called directly: `Matter::parse` would
    // re-find the delimiters found already, copy the text line by line and
    // convert the result once more, a fifth of all parsing time.
    let yaml = yaml_text(&source[inner.clone()]);
    let values = match values(yaml.trim()) {
        Ok(values) => values,
        Err(error) => {
            return FrontMatter {
                span: block,
                entries: Vec::new(),
                error: Some(error),
            }
        }
    };
    let mut values = values;
    let entries = key_lines(source, inner)
        .into_iter()
        .map(|(key, key_span, span)| {
            // Each key has one value (YAML refuses a second): take it rather than copy it.
            let value = values
                .iter_mut()
                .find(|(k, _)| *k == key)
                .map(|(_, v)| std::mem::replace(v, Pod::Null));
            FrontMatterEntry {
                is_empty: value.as_ref().is_none_or(is_empty),
                value: value.map(into_display).unwrap_or_default(),
                key: key.into(),
                key_span,
                span,
            }
        })
        .collect();
    FrontMatter {
        span: block,
        entries,
        error: None,
    }
}

/// The top-level keys and values of the YAML, or why it is not a mapping.
/// Few keys, so a list: looking one up is a short scan.
fn values(yaml: &str) -> Result<Vec<(String, Pod)>, String> {
    if yaml.is_empty() {
        return Ok(Vec::new());
    }
    if let Some(values) = super::simple_yaml::read(yaml) {
        return Ok(values);
    }
    match <YAML as Engine>::parse(yaml).map_err(|e| e.to_string())? {
        Pod::Hash(map) => Ok(map.into_iter().collect()),
        Pod::Null => Ok(Vec::new()),
        _ => Err("front matter is not a mapping of keys to values".into()),
    }
}

/// The YAML text as `Matter::parse` would give it to the engine: the lines
/// without their endings (CRLF files parse like LF ones), to be trimmed.
pub(super) fn yaml_text(inner: &str) -> Cow<'_, str> {
    if inner.contains('\r') {
        Cow::Owned(inner.lines().collect::<Vec<_>>().join("\n"))
    } else {
        Cow::Borrowed(inner)
    }
}

fn is_empty(value: &Pod) -> bool {
    match value {
        Pod::Null => true,
        Pod::String(s) => s.trim().is_empty(),
        Pod::Array(items) => items.is_empty(),
        Pod::Hash(map) => map.is_empty(),
        _ => false,
    }
}

fn into_display(value: Pod) -> CompactString {
    match value {
        Pod::String(s) => s.into(),
        other => display(&other).into(),
    }
}

fn display(value: &Pod) -> String {
    match value {
        Pod::Null => String::new(),
        Pod::String(s) => s.clone(),
        Pod::Integer(i) => i.to_string(),
        Pod::Float(f) => f.to_string(),
        Pod::Boolean(b) => b.to_string(),
        Pod::Array(items) => items.iter().map(display).collect::<Vec<_>>().join(", "),
        Pod::Hash(_) => String::new(),
    }
}

/// Top-level keys with their spans: `(key, key span, key-to-end-of-value span)`.
/// A key line starts in column 1 and is not a comment, a list item or a
/// continuation; its value runs until the next key line.
fn key_lines(source: &str, inner: Span) -> Vec<(String, Span, Span)> {
    let mut keys: Vec<(String, Span, Span)> = Vec::new();
    let mut offset = inner.start;
    for line in source[inner.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let content_end = start + content.len();
        let first = content.chars().next();
        let is_key = matches!(first, Some(c) if !c.is_whitespace() && !matches!(c, '#' | '-' | '[' | '{' | ']' | '}'));
        match (is_key, key_of(content)) {
            (true, Some((key, key_len))) => {
                keys.push((key, start..start + key_len, start..content_end));
            }
            _ if !content.trim().is_empty() && !content.trim_start().starts_with('#') => {
                // A continuation line widens the value of the key above it.
                if let Some(last) = keys.last_mut() {
                    last.2.end = content_end;
                }
            }
            _ => {}
        }
    }
    keys
}

/// The key of a `key: value` line and its length. The separator is a colon
/// followed by white space or the line's end, so `ms:assetid: x` has the key `ms:assetid`.
fn key_of(line: &str) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    let colon = (0..bytes.len())
        .find(|&i| bytes[i] == b':' && bytes.get(i + 1).is_none_or(|b| b.is_ascii_whitespace()))?;
    let key = line[..colon].trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then(|| (key.to_string(), colon))
}

/// The one-pass reader and the general path give the same entries
/// wherever the reader answers; the YAML values themselves are checked
/// against the engine in `simple_yaml`'s agreement tests.
#[cfg(test)]
pub(super) fn assert_same_entries(text: &str) -> bool {
    let Some((block, inner)) = locate(text, 0) else {
        return false;
    };
    let Some(fast) = crate::parse::simple_yaml::read_in_place(text, inner.clone()) else {
        return false;
    };
    let fast: Vec<String> = fast
        .into_iter()
        .map(|e| format!("{:?}", entry(e)))
        .collect();
    let general: Vec<String> = parse_general(text, block, inner)
        .entries
        .iter()
        .map(|e| format!("{e:?}"))
        .collect();
    assert_eq!(fast, general, "{text:?}");
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(text: &str) -> FrontMatter {
        let (block, inner) = locate(text, 0).expect("front matter");
        parse(text, block, inner)
    }

    /// Each entry as (key, key span, value, is_empty), once its key span is
    /// checked to hold the key.
    fn entries<'a>(text: &str, fm: &'a FrontMatter) -> Vec<(&'a str, Span, &'a str, bool)> {
        assert_eq!(fm.error, None);
        let entries = fm.entries.iter();
        entries
            .inspect(|e| assert_eq!(&text[e.key_span.clone()], e.key))
            .map(|e| {
                (
                    e.key.as_str(),
                    e.key_span.clone(),
                    e.value.as_str(),
                    e.is_empty,
                )
            })
            .collect()
    }

    #[test]
    fn locates_blocks_with_any_line_ending() {
        let text = "---\r\ntitle: x\r\n...\r\n# Body";
        let (block, inner) = locate(text, 0).unwrap();
        assert_eq!(&text[inner], "title: x\r\n");
        assert_eq!(&text[block.end..], "# Body");
        assert!(
            locate("---\ntitle: x\n", 0).is_none(),
            "unclosed is not front matter"
        );
        assert!(locate("# Title\n---\n", 0).is_none());
        assert!(locate("---", 0).is_none());
        assert!(locate("----\ntitle: x\n---\n", 0).is_none());
    }

    #[test]
    fn dots_close_the_block() {
        let text = "---\ntitle: T\n...\n---\n# Body\n";
        let fm = fm(text);
        assert_eq!(&text[fm.span.clone()], "---\ntitle: T\n...\n");
        assert_eq!(entries(text, &fm), [("title", 4..9, "T", false)]);
    }

    #[test]
    fn crlf_lines_read_as_lf_ones() {
        let text = "---\r\ntitle: Hello\r\nkeywords:\r\n  - a\r\n  - b\r\n---\r\n# Body\r\n";
        let fm = fm(text);
        let expected = [
            ("title", 5..10, "Hello", false),
            ("keywords", 19..27, "a, b", false),
        ];
        assert_eq!(entries(text, &fm), expected);
        let keywords = fm.get("keywords").unwrap();
        assert_eq!(&text[keywords.span.clone()], "keywords:\r\n  - a\r\n  - b");
    }

    #[test]
    fn empty_values_of_every_kind() {
        let text = "---\na:\nb:  \nc: ''\nd: []\ne: {}\nf: ~\ng: 0\n---\n";
        let fm = fm(text);
        let expected = [
            ("a", 4..5, "", true),
            ("b", 7..8, "", true),
            ("c", 12..13, "", true),
            ("d", 18..19, "", true),
            ("e", 24..25, "", true),
            ("f", 30..31, "", true),
            ("g", 35..36, "0", false),
        ];
        assert_eq!(entries(text, &fm), expected);
        assert_eq!(&text[fm.get("b").unwrap().span.clone()], "b:  ");
    }

    #[test]
    fn lists_are_joined_and_span_their_items() {
        let text = "---\nkeywords:\n  - a\n  # aside\n  - 2\ntags: [x, true, 1.5]\n---\n";
        let fm = fm(text);
        let expected = [
            ("keywords", 4..12, "a, 2", false),
            ("tags", 36..40, "x, true, 1.5", false),
        ];
        assert_eq!(entries(text, &fm), expected);
        let keywords = fm.get("keywords").unwrap();
        assert_eq!(
            &text[keywords.span.clone()],
            "keywords:\n  - a\n  # aside\n  - 2"
        );
    }

    #[test]
    fn keys_may_contain_colons() {
        let text = "---\nms:assetid: 79a1\nurl: https://x.test/a\n---\n";
        let fm = fm(text);
        let expected = [
            ("ms:assetid", 4..14, "79a1", false),
            ("url", 21..24, "https://x.test/a", false),
        ];
        assert_eq!(entries(text, &fm), expected);
    }

    #[test]
    fn invalid_yaml_is_an_error_with_its_line() {
        // The engine counts lines from the first line of the YAML, the one after `---`.
        let fm = fm("---\ntitle: T\nkeywords: a: b\n---\n");
        assert!(fm.entries.is_empty());
        assert_eq!(
            fm.error.as_deref(),
            Some("Deserialize error: mapping values are not allowed in this context at byte 20 line 2 column 12")
        );
        let fm = self::fm("---\n- a list\n---\n");
        assert!(fm.entries.is_empty());
        assert_eq!(
            fm.error.as_deref(),
            Some("front matter is not a mapping of keys to values")
        );
    }

    #[test]
    fn comments_alone_are_no_keys_and_no_error() {
        let text = "---\n# nothing yet\n\n---\n";
        assert_eq!(entries(text, &fm(text)), []);
    }

    #[test]
    fn one_pass_reader_gives_the_general_entries() {
        for text in [
            "---\ntitle: Hello\ndescription:  \nkeywords:\n  - a\n  - b\n---\n",
            "---\r\ntitle: x\r\nlist:\r\n- 1\r\n- two\r\n\r\n# c\r\nn: 0x1F\r\n---\r\n",
            "---\n\n# lead\nms:assetid: a:b\nempty:\nq: ''\nnum: 1.5\n---\n",
        ] {
            assert!(assert_same_entries(text), "{text:?} is simple");
        }
        for text in ["---\n  title: x\n---\n", "---\ntitle: a # c\n---\n"] {
            assert!(!assert_same_entries(text), "{text:?} is not");
        }
    }

    #[test]
    fn one_pass_reader_agrees_on_the_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.exists() {
            return;
        }
        let mut read = 0;
        for path in crate::walk::discover(&[corpus]).files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let text = text.strip_prefix(crate::source::BOM).unwrap_or(&text);
            read += usize::from(assert_same_entries(text));
        }
        assert!(read > 5000, "only {read} front matters read in one pass");
    }
}
