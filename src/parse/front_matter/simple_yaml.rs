//! A fast reader for the front matter nearly every docs page has: flat
//! `key: value` lines whose values are one-line scalars (plain, `'single'`
//! or `"double"` quoted without escapes) or a block list of such scalars.
//!
//! Anything else, or anything doubtful, is `None` and goes to gray_matter's
//! YAML engine, which stays the authority: plain scalars are typed by the
//! same yaml-rust2 function the engine uses, and tests check that the two
//! agree on every front matter this reader accepts (the benchmark corpus,
//! and generated ones). It exists for speed: the engine's scanner reads a
//! character at a time and builds a tree, which costs more than parsing the
//! Markdown that follows.

use gray_matter::Pod;
use rustc_hash::FxHashSet;
use yaml_rust2::Yaml;

use super::{display, is_empty, lines};
use crate::model::{FrontMatterEntry, Span};

/// The entries of the front matter whose YAML lies at `inner` in `source`,
/// read from its lines, or `None` when it is not in the simple form (or
/// holds no key).
pub fn entries(source: &str, inner: Span) -> Option<Vec<FrontMatterEntry>> {
    let mut entries: Vec<FrontMatterEntry> = Vec::new();
    let mut keys: FxHashSet<&str> = FxHashSet::default();
    // The block list being read under the last key: its items and their indent.
    let mut list: Option<(Vec<Scalar<'_>>, Option<usize>)> = None;
    for (offset, line) in lines(&source[inner.clone()]) {
        let start = inner.start + offset;
        let line = line.strip_suffix('\n').unwrap_or(line);
        let line = line.strip_suffix('\r').unwrap_or(line);
        if !is_plain_line(line) {
            return None;
        }
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        let line_end = start + line.len();
        if let Some(item) = content.strip_prefix('-') {
            // An item of the list under the key just read.
            let (items, list_indent) = list.as_mut()?;
            if *list_indent.get_or_insert(indent) != indent {
                return None;
            }
            items.push(match item.strip_prefix(' ') {
                Some(rest) => scalar(rest.trim())?,
                None if item.is_empty() => Scalar::Typed(Pod::Null),
                None => return None,
            });
            entries.last_mut()?.span.end = line_end;
            continue;
        }
        if indent > 0 {
            // A continuation line or a nested mapping.
            return None;
        }
        if let Some((items, _)) = list.take() {
            set_list(entries.last_mut()?, items);
        }
        let (key, value) = split_key(content)?;
        if !keys.insert(key) {
            // A second value for a key is an error to YAML: the engine says so.
            return None;
        }
        let mut entry = FrontMatterEntry {
            key: key.into(),
            span: start..line_end,
            key_span: start..start + key.len(),
            is_empty: true,
            value: Default::default(),
        };
        match value {
            Some(value) => scalar(value)?.set(&mut entry),
            None => list = Some((Vec::new(), None)),
        }
        entries.push(entry);
    }
    if let Some((items, _)) = list {
        set_list(entries.last_mut()?, items);
    }
    (!entries.is_empty()).then_some(entries)
}

/// A one-line scalar: text as written, or typed as the YAML engine types it.
enum Scalar<'a> {
    Text(&'a str),
    Typed(Pod),
}

impl Scalar<'_> {
    fn display(self) -> String {
        match self {
            Scalar::Text(text) => text.to_string(),
            Scalar::Typed(value) => display(value),
        }
    }

    fn set(self, entry: &mut FrontMatterEntry) {
        match self {
            Scalar::Text(text) => {
                entry.is_empty = text.trim().is_empty();
                entry.value = text.into();
            }
            Scalar::Typed(value) => {
                entry.is_empty = is_empty(&value);
                entry.value = display(value).into();
            }
        }
    }
}

/// `key:` followed by items is a list, its items joined with ", ";
/// followed by nothing, null.
fn set_list(entry: &mut FrontMatterEntry, items: Vec<Scalar<'_>>) {
    if !items.is_empty() {
        entry.is_empty = false;
        entry.value = items
            .into_iter()
            .map(Scalar::display)
            .collect::<Vec<_>>()
            .join(", ")
            .into();
    }
}

/// `key: value` or `key:` (value `None`). The key is a plain word that YAML
/// reads as a string: a letter or `_`, then letters, digits, `_`, `-`, `.`
/// and `:` (not last), and not `null`, `true` or `false`.
fn split_key(line: &str) -> Option<(&str, Option<&str>)> {
    let (key, rest) = match colon_space(line) {
        Some(at) => (&line[..at], Some(line[at + 2..].trim())),
        None => (line.strip_suffix(':')?, None),
    };
    let bytes = key.as_bytes();
    let word = bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b':'))
        && !key.ends_with(':')
        && !matches!(
            key,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        );
    word.then(|| (key, rest.filter(|v| !v.is_empty())))
}

/// One scalar on one line, typed as the YAML engine types it.
fn scalar(text: &str) -> Option<Scalar<'_>> {
    let quoted = |quote: u8| {
        let inner = text.get(1..text.len() - 1)?;
        let closed = text.len() >= 2 && text.as_bytes()[text.len() - 1] == quote;
        (closed && !inner.bytes().any(|b| b == quote || b == b'\\')).then_some(Scalar::Text(inner))
    };
    let first = *text.as_bytes().first()?;
    match first {
        b'"' | b'\'' => quoted(first),
        // Indicators: flow collections, anchors, tags, block scalars, comments...
        b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!'
        | b'|' | b'>' | b'%' | b'@' | b'`' => None,
        _ if ends_plain_scalar_early(text) => None,
        // Only these can be read as a number, a boolean or null: type them
        // as the engine does. Everything else is a string.
        b'0'..=b'9' | b'+' | b'.' | b'~' => Some(Scalar::Typed(Yaml::from_str(text).into())),
        _ if matches!(
            text,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ) =>
        {
            Some(Scalar::Typed(Yaml::from_str(text).into()))
        }
        _ => Some(Scalar::Text(text)),
    }
}

/// `: ` (a nested key), ` #` (a comment) or a final `:` inside a plain scalar.
fn ends_plain_scalar_early(text: &str) -> bool {
    let bytes = text.as_bytes();
    let space_hash = memchr::memchr_iter(b'#', bytes).any(|at| at > 0 && bytes[at - 1] == b' ');
    text.ends_with(':') || colon_space(text).is_some() || space_hash
}

/// Where the first `: ` is. memchr finds the few colons; `str::find` would
/// first build a searcher for a pattern of any length, on every line.
fn colon_space(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b':', bytes).find(|&at| bytes.get(at + 1) == Some(&b' '))
}

/// Characters YAML takes as they are: printable ASCII and most of the rest of
/// Unicode. Tabs, control characters, the BOM and Unicode line breaks are
/// left to the engine.
fn is_plain_line(line: &str) -> bool {
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return true;
    }
    line.chars().all(|c| {
        matches!(c, ' '..='~')
            || (c >= '\u{a0}'
                && !matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ))
    })
}

/// A front matter block around `yaml`, and where its YAML is.
#[cfg(test)]
fn block(yaml: &str) -> (String, Span) {
    let source = format!("---\n{yaml}\n---\n");
    let (_, inner) = super::locate(&source, 0).expect("a block");
    (source, inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_common_forms_as_the_engine_does() {
        let yaml = "title: \"Hello: world\"\nms.date: 03/09/2015\nms:assetid: c42d\n\
                    empty:\nquoted: ''\nf1_keywords:\n- Vis_DSS.chm82253253\n- two words\n  \n\
                    # a comment\nindented:\n  - a\n  - 'b'\nnull_value: ~\ncount: 12\nratio: 1.5\n\
                    flag: true\nhex: 0x1F\nbrackets: see [the docs] (here)\nunicode: café – “quoted”";
        let (source, inner) = block(yaml);
        let fast = entries(&source, inner.clone()).expect("simple form");
        assert_eq!(fast, super::super::by_engine(&source, inner).0);
        let value = |key: &str| {
            let entry = fast.iter().find(|e| e.key == key).unwrap();
            (entry.value.as_str(), entry.is_empty)
        };
        assert_eq!(value("title"), ("Hello: world", false));
        assert_eq!(value("count"), ("12", false));
        assert_eq!(value("hex"), ("31", false));
        assert_eq!(value("empty"), ("", true));
        assert_eq!(value("quoted"), ("", true));
        assert_eq!(value("null_value"), ("", true));
        assert_eq!(
            value("f1_keywords"),
            ("Vis_DSS.chm82253253, two words", false)
        );
        // A list's span runs to its last item; a blank line or a comment
        // after it does not widen it.
        let keywords = fast.iter().find(|e| e.key == "f1_keywords").unwrap();
        assert_eq!(
            &source[keywords.span.clone()],
            "f1_keywords:\n- Vis_DSS.chm82253253\n- two words"
        );
        assert_eq!(&source[keywords.key_span.clone()], "f1_keywords");
    }

    #[test]
    fn spans_exclude_crlf_endings() {
        let source = "---\r\ntitle: x\r\nlist:\r\n- a\r\n---\r\n";
        let (_, inner) = super::super::locate(source, 0).unwrap();
        let fast = entries(source, inner.clone()).expect("simple form");
        assert_eq!(fast, super::super::by_engine(source, inner).0);
        assert_eq!(&source[fast[0].span.clone()], "title: x");
        assert_eq!(&source[fast[1].span.clone()], "list:\r\n- a");
    }

    #[test]
    fn leaves_everything_else_to_the_engine() {
        for yaml in [
            "title: a # comment",
            "title: \"escaped \\\" quote\"",
            "title: 'it''s'",
            "title: [a, b]",
            "title: {a: 1}",
            "title: |\n  block",
            "title: >\n  folded",
            "title: &anchor x\nother: *anchor",
            "title: !!str 12",
            "title: two\n  lines",
            "parent:\n  child: x",
            "list:\n  - a\n - b",
            "list:\n- a: 1",
            "title: a\ntitle: b",
            "\"quoted key\": x",
            "key with space: x",
            "true: x",
            "123: x",
            "title:\tx",
            "title: a: b",
            "- a\n- b",
            "# only a comment",
            "",
            "title: x\u{2028}y",
            "key:value",
        ] {
            let (source, inner) = block(yaml);
            assert_eq!(entries(&source, inner), None, "{yaml:?}");
        }
    }
}

/// The reader against the engine: wherever the reader answers, the entries agree.
#[cfg(test)]
#[allow(clippy::print_stderr)]
mod agreement {
    use super::*;
    use proptest::prelude::*;

    fn assert_agrees(source: &str, inner: Span) -> bool {
        let Some(fast) = entries(source, inner.clone()) else {
            return false;
        };
        let (by_engine, error) = super::super::by_engine(source, inner.clone());
        assert_eq!(error, None, "the engine refuses {:?}", &source[inner]);
        assert_eq!(
            fast, by_engine,
            "the engine reads {:?} differently",
            &source[inner]
        );
        true
    }

    /// Every front matter in the benchmark corpus the reader accepts.
    #[test]
    fn agrees_with_the_engine_on_the_corpus() {
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        if !corpus.exists() {
            eprintln!("skipped: {} is absent", corpus.display());
            return;
        }
        let (mut blocks, mut simple) = (0, 0);
        for path in crate::pipeline::discover(&[corpus]).files {
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let start = if text.starts_with(crate::source::BOM) {
                3
            } else {
                0
            };
            let Some((_, inner)) = super::super::locate(&text, start) else {
                continue;
            };
            blocks += 1;
            simple += usize::from(assert_agrees(&text, inner));
        }
        eprintln!("{simple} of {blocks} front matters read by the fast reader");
        assert!(
            simple * 10 >= blocks * 9,
            "only {simple} of {blocks} simple"
        );
    }

    fn scalar() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "b c",
            "Title",
            "0",
            "12",
            "-3",
            "1.5",
            "1e3",
            "0x1F",
            "0o7",
            "+4",
            ".inf",
            "~",
            "null",
            "Null",
            "true",
            "False",
            "yes",
            "-",
            "#",
            " #",
            "'",
            "\"",
            ":",
            ": ",
            "[",
            "]",
            "{",
            "}",
            ",",
            "\\",
            "&a",
            "*a",
            "!",
            "|",
            ">",
            "%",
            "@",
            "`",
            "?",
            " ",
            "  ",
            "\t",
            "é",
            "–",
            "“",
            "\u{85}",
            "\u{feff}",
            "x:y",
            "03/09/2015",
            "/",
            "_",
            "1_0",
            "2f6d1e2c-0b3a",
            "inf",
            "NaN",
        ]);
        prop::collection::vec(pieces, 0..5).prop_map(|p| p.concat())
    }

    fn line() -> impl Strategy<Value = String> {
        let key = prop::sample::select(vec![
            "title",
            "ms.date",
            "ms:assetid",
            "_x",
            "Key-2",
            "true",
            "null",
            "e1",
            "a b",
            "1",
            "\"q\"",
            "t:",
        ]);
        let indent = prop::sample::select(vec!["", " ", "  ", "    "]);
        prop_oneof![
            4 => (key, prop::option::of(scalar())).prop_map(|(k, v)| match v {
                Some(v) => format!("{k}: {v}"),
                None => format!("{k}:"),
            }),
            2 => (indent.clone(), prop::option::of(scalar())).prop_map(|(i, v)| match v {
                Some(v) => format!("{i}- {v}"),
                None => format!("{i}-"),
            }),
            1 => (indent, scalar()).prop_map(|(i, v)| format!("{i}{v}")),
            1 => Just("# comment".to_string()),
            1 => Just(String::new()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: crate::robustness::proptest_cases(2000), ..ProptestConfig::default() })]

        #[test]
        fn agrees_with_the_engine_on_generated_front_matter(
            lines in prop::collection::vec(line(), 1..8),
            crlf in any::<bool>(),
        ) {
            let yaml = lines.join(if crlf { "\r\n" } else { "\n" });
            let (source, inner) = block(&yaml);
            assert_agrees(&source, inner);
        }
    }

    /// The generator above is not all rejects: most simple lines are read.
    #[test]
    fn the_generated_simple_forms_are_read() {
        for yaml in [
            "title: Title",
            "title:\n- a\n- 12",
            "ms:assetid: x:y",
            "e1: 1e3",
        ] {
            let (source, inner) = block(yaml);
            assert!(assert_agrees(&source, inner), "{yaml:?}");
        }
    }
}
