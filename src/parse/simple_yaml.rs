//! A fast reader for the front matter nearly every docs page has: flat
//! `key: value` lines whose values are one-line scalars (plain, `'single'`
//! or `"double"` quoted without escapes) or a block list of such scalars.
//!
//! Anything else, or anything doubtful, is `None` and goes to gray_matter's
//! YAML engine, which stays the authority: plain scalars are typed by the
//! same yaml-rust2 function the engine uses, and tests check that the two
//! agree on every front matter this reader accepts (the whole benchmark
//! corpus, and generated ones). It exists for speed: the engine's scanner
//! reads a character at a time and builds a tree, which cost more than
//! parsing the Markdown that follows.

use gray_matter::Pod;
use yaml_rust2::Yaml;

/// The keys and values of `yaml` (the text between the delimiter lines) in
/// their order, or `None` when it is not in the simple form.
pub fn read(yaml: &str) -> Option<Vec<(String, Pod)>> {
    let entries = scan(yaml.lines().map(|line| (0, line)))?;
    Some(
        entries
            .into_iter()
            .map(|e| (e.key.to_string(), e.value.into_pod()))
            .collect(),
    )
}

/// A value of the simple form. Strings stay where they are written: the
/// reader copies no value, and the model makes the one copy it keeps.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A string: a plain scalar, or the inside of a quoted one.
    Str(&'a str),
    /// Null, a number or a boolean, typed as the engine types it.
    Typed(Pod),
    /// A block list of scalars.
    List(Vec<Value<'a>>),
}

impl Value<'_> {
    /// The value as gray_matter's engine gives it.
    pub fn into_pod(self) -> Pod {
        match self {
            Value::Str(text) => Pod::String(text.to_string()),
            Value::Typed(pod) => pod,
            Value::List(items) => Pod::Array(items.into_iter().map(Value::into_pod).collect()),
        }
    }
}

/// One top-level key of the simple form, where it is written and its value.
pub struct Entry<'a> {
    pub key: &'a str,
    /// Where the key's line starts (the key is its first word).
    pub line_start: usize,
    /// Where the key's last line (its own, or its last list item) ends,
    /// before the line ending.
    pub end: usize,
    pub value: Value<'a>,
}

/// [`read`] over the lines of the file itself: `source[inner]`, the text
/// between the delimiter lines, with LF or CRLF endings. The entries keep
/// their places in the file, so the front matter is read in one pass.
pub fn read_in_place(source: &str, inner: std::ops::Range<usize>) -> Option<Vec<Entry<'_>>> {
    let lines = super::front_matter::lines(source, inner).map(|(start, line)| {
        let content = line.strip_suffix('\n').unwrap_or(line);
        (start, content.strip_suffix('\r').unwrap_or(content))
    });
    // `read` is given the block trimmed; a first key indented in the file
    // is the trimmed block's first key, which this reader would refuse.
    scan(lines)
}

/// The reader itself, over `(line start, line without its ending)`.
fn scan<'a>(lines: impl Iterator<Item = (usize, &'a str)>) -> Option<Vec<Entry<'a>>> {
    // A docs page has a dozen keys or so: one allocation, not four.
    let mut entries: Vec<Entry<'a>> = Vec::with_capacity(16);
    // The entry whose value is a block list still being read, its items and their indent.
    let mut list: Option<(Entry<'a>, Vec<Value<'a>>, Option<usize>)> = None;
    for (line_start, line) in lines {
        if !is_plain_line(line) {
            return None;
        }
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        if let Some(item) = content.strip_prefix('-') {
            // An item of the list under the key just read.
            let (entry, items, list_indent) = list.as_mut()?;
            if *list_indent.get_or_insert(indent) != indent {
                return None;
            }
            let item = match item.strip_prefix(' ') {
                Some(rest) => scalar(rest.trim())?,
                None if item.is_empty() => Value::Typed(Pod::Null),
                None => return None,
            };
            items.push(item);
            entry.end = line_start + line.len();
            continue;
        }
        if indent > 0 {
            // A continuation line or a nested mapping.
            return None;
        }
        if let Some((mut entry, items, _)) = list.take() {
            entry.value = list_value(items);
            insert(&mut entries, entry)?;
        }
        let (key, value) = split_key(content)?;
        let entry = Entry {
            key,
            line_start,
            end: line_start + line.len(),
            value: Value::Typed(Pod::Null),
        };
        match value {
            Some(value) => insert(
                &mut entries,
                Entry {
                    value: scalar(value)?,
                    ..entry
                },
            )?,
            None => list = Some((entry, Vec::new(), None)),
        }
    }
    if let Some((mut entry, items, _)) = list {
        entry.value = list_value(items);
        insert(&mut entries, entry)?;
    }
    (!entries.is_empty()).then_some(entries)
}

/// `key:` followed by items is a list; followed by nothing, null.
fn list_value(items: Vec<Value<'_>>) -> Value<'_> {
    if items.is_empty() {
        Value::Typed(Pod::Null)
    } else {
        Value::List(items)
    }
}

/// A second value for a key is an error to YAML: leave it to the engine to say so.
fn insert<'a>(entries: &mut Vec<Entry<'a>>, entry: Entry<'a>) -> Option<()> {
    if entries.iter().any(|e| e.key == entry.key) {
        return None;
    }
    entries.push(entry);
    Some(())
}

/// Bytes a key holds after its first, `:` aside: letters, digits, `_`,
/// `-` and `.`. A table: one load a byte, where the key is most of the
/// time this reader takes.
const KEY_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'.');
        b += 1;
    }
    table
};

/// `key: value` or `key:` (value `None`). The key is a plain word that YAML
/// reads as a string: a letter or `_`, then letters, digits, `_`, `-`, `.`
/// and `:` (not last), and not `null`, `true` or `false`.
fn split_key(line: &str) -> Option<(&str, Option<&str>)> {
    // One pass over the key: it ends at the first `: `, or at a final `:`;
    // a byte no key may hold ends the answer at once.
    let bytes = line.as_bytes();
    if !bytes
        .first()
        .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
    {
        return None;
    }
    let mut at = 1;
    let (key, rest) = loop {
        while bytes.get(at).is_some_and(|&b| KEY_BYTES[usize::from(b)]) {
            at += 1;
        }
        match bytes.get(at) {
            // No `:` at all: not a key line.
            None => return None,
            Some(b':') => match bytes.get(at + 1) {
                Some(b' ') => break (&line[..at], Some(line[at + 2..].trim())),
                // A final `:` ends the key with no value.
                None => break (&line[..at], None),
                Some(_) => at += 1,
            },
            Some(_) => return None,
        }
    };
    let word = !key.ends_with(':')
        && !matches!(
            key,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        );
    word.then(|| (key, rest.filter(|v| !v.is_empty())))
}

/// One scalar on one line, typed as the YAML engine types it.
fn scalar(text: &str) -> Option<Value<'_>> {
    let quoted = |quote: u8| {
        let inner = text.get(1..text.len() - 1)?;
        let closed = text.len() >= 2 && text.as_bytes()[text.len() - 1] == quote;
        (closed && !inner.bytes().any(|b| b == quote || b == b'\\')).then_some(Value::Str(inner))
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
        b'0'..=b'9' | b'+' | b'.' | b'~' => Some(typed(text)),
        _ if matches!(
            text,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ) =>
        {
            Some(typed(text))
        }
        _ => Some(Value::Str(text)),
    }
}

/// A plain scalar typed by the engine's own function; a string stays borrowed.
fn typed(text: &str) -> Value<'_> {
    // Every null, boolean and number the engine reads (`0x1F`, `-1.5e3`,
    // `.inf`...) is written with letters, digits and `+-.~` alone: a date
    // such as `04/20/2016` is a string without trying each reading.
    if !text
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.' | b'~'))
    {
        return Value::Str(text);
    }
    match Yaml::from_str(text).into() {
        Pod::String(_) => Value::Str(text),
        pod => Value::Typed(pod),
    }
}

/// `: ` (a nested key), ` #` (a comment) or a final `:` inside a plain scalar.
fn ends_plain_scalar_early(text: &str) -> bool {
    let bytes = text.as_bytes();
    // Every pair of neighbours looked at, without stopping at the first
    // found: most values have neither, and the fold runs without branches.
    let pairs = bytes.iter().zip(bytes.iter().skip(1));
    bytes.last() == Some(&b':')
        || pairs.fold(false, |found, (&a, &b)| {
            found | ((a == b':') & (b == b' ')) | ((a == b' ') & (b == b'#'))
        })
}

/// Characters YAML takes as they are: printable ASCII and most of the rest of
/// Unicode. Tabs, control characters, the BOM and Unicode line breaks are
/// left to the engine.
fn is_plain_line(line: &str) -> bool {
    // Folded rather than `all`, which stops early and so cannot be
    // vectorised: most lines are printable ASCII through to their end.
    let outside = line.bytes().fold(0u8, |outside, b| {
        outside | u8::from(!(b' '..=b'~').contains(&b))
    });
    if outside == 0 {
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

#[cfg(test)]
mod tests {
    use super::*;
    use gray_matter::engine::{Engine, YAML};
    use std::collections::HashMap;

    /// What gray_matter's engine makes of `yaml`, as a map.
    fn engine(yaml: &str) -> Option<HashMap<String, Pod>> {
        match <YAML as Engine>::parse(yaml) {
            Ok(Pod::Hash(map)) => Some(map),
            _ => None,
        }
    }

    fn fast(yaml: &str) -> Option<HashMap<String, Pod>> {
        read(yaml).map(|values| values.into_iter().collect())
    }

    #[test]
    fn reads_the_common_forms_as_the_engine_does() {
        let yaml = "title: \"Hello: world\"\nms.date: 03/09/2015\nms:assetid: c42d\n\
                    empty:\nquoted: ''\nf1_keywords:\n- Vis_DSS.chm82253253\n- two words\n  \n\
                    # a comment\nindented:\n  - a\n  - 'b'\nnull_value: ~\ncount: 12\nratio: 1.5\n\
                    flag: true\nhex: 0x1F\nbrackets: see [the docs] (here)\nunicode: café – “quoted”";
        let fast = fast(yaml).expect("simple form");
        assert_eq!(fast, engine(yaml).unwrap());
        assert_eq!(fast["title"], Pod::String("Hello: world".into()));
        assert_eq!(fast["count"], Pod::Integer(12));
        assert_eq!(fast["empty"], Pod::Null);
        assert_eq!(fast["f1_keywords"].as_vec().unwrap().len(), 2);
    }

    /// The key splitter as first written: find the first `: `, then check
    /// the key. The one-pass splitter must answer as it does.
    fn split_key_in_two_passes(line: &str) -> Option<(&str, Option<&str>)> {
        let separator = memchr::memchr_iter(b':', line.as_bytes())
            .find(|&at| line.as_bytes().get(at + 1) == Some(&b' '));
        let (key, rest) = match separator {
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

    proptest::proptest! {
        #[test]
        fn keys_split_in_one_pass_as_in_two(
            line in "(true|null|[a_.:\u{e9}\t-]){0,5}(: |:|::| |:: )?([a #:\t]){0,5}"
        ) {
            proptest::prop_assert_eq!(split_key(&line), split_key_in_two_passes(&line));
        }
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
            assert_eq!(read(yaml), None, "{yaml:?}");
        }
    }
}

/// The reader against the engine: wherever the reader answers, the answers agree.
#[cfg(test)]
#[allow(clippy::print_stderr)]
mod agreement {
    use super::*;
    use gray_matter::engine::{Engine, YAML};
    use proptest::prelude::*;

    fn engine(yaml: &str) -> Result<Pod, String> {
        <YAML as Engine>::parse(yaml).map_err(|e| e.to_string())
    }

    fn assert_agrees(yaml: &str) -> bool {
        let Some(fast) = read(yaml) else {
            return false;
        };
        assert_eq!(
            engine(yaml),
            Ok(Pod::Hash(fast.into_iter().collect())),
            "the engine reads {yaml:?} differently"
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
            let Some((_, inner)) = super::super::front_matter::locate(&text, start) else {
                continue;
            };
            let yaml = super::super::front_matter::yaml_text(&text[inner]);
            blocks += 1;
            simple += usize::from(assert_agrees(yaml.trim()));
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
            lines in prop::collection::vec(line(), 1..8)
        ) {
            let yaml = lines.join("\n");
            assert_agrees(yaml.trim());
            // The one-pass reader, in a file with either line ending.
            let lf = format!("---\n{yaml}\n---\n");
            super::super::front_matter::assert_same_entries(&lf);
            super::super::front_matter::assert_same_entries(&lf.replace('\n', "\r\n"));
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
            assert!(assert_agrees(yaml), "{yaml:?}");
        }
    }
}
