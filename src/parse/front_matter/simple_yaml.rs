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
use yaml_rust2::Yaml;

/// The keys and values of `yaml` (the text between the delimiter lines with
/// LF endings, trimmed) in their order, or `None` when it is not in the simple form.
pub fn read(yaml: &str) -> Option<Vec<(String, Pod)>> {
    let mut values = Vec::new();
    // The key whose value is a block list still being read, its items and their indent.
    let mut list: Option<(&str, Vec<Pod>, Option<usize>)> = None;
    for (_, line) in super::lines(yaml) {
        let line = line.strip_suffix('\n').unwrap_or(line);
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
            let (_, items, list_indent) = list.as_mut()?;
            if *list_indent.get_or_insert(indent) != indent {
                return None;
            }
            let item = match item.strip_prefix(' ') {
                Some(rest) => scalar(rest.trim())?,
                None if item.is_empty() => Pod::Null,
                None => return None,
            };
            items.push(item);
            continue;
        }
        if indent > 0 {
            // A continuation line or a nested mapping.
            return None;
        }
        if let Some((key, items, _)) = list.take() {
            insert(&mut values, key, list_value(items))?;
        }
        let (key, value) = split_key(content)?;
        match value {
            Some(value) => insert(&mut values, key, scalar(value)?)?,
            None => list = Some((key, Vec::new(), None)),
        }
    }
    if let Some((key, items, _)) = list {
        insert(&mut values, key, list_value(items))?;
    }
    (!values.is_empty()).then_some(values)
}

/// `key:` followed by items is a list; followed by nothing, null.
fn list_value(items: Vec<Pod>) -> Pod {
    if items.is_empty() {
        Pod::Null
    } else {
        Pod::Array(items)
    }
}

/// A second value for a key is an error to YAML: leave it to the engine to say so.
fn insert(values: &mut Vec<(String, Pod)>, key: &str, value: Pod) -> Option<()> {
    if values.iter().any(|(k, _)| k == key) {
        return None;
    }
    values.push((key.to_string(), value));
    Some(())
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
fn scalar(text: &str) -> Option<Pod> {
    let quoted = |quote: u8| {
        let inner = text.get(1..text.len() - 1)?;
        let closed = text.len() >= 2 && text.as_bytes()[text.len() - 1] == quote;
        (closed && !inner.bytes().any(|b| b == quote || b == b'\\'))
            .then(|| Pod::String(inner.to_string()))
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
        b'0'..=b'9' | b'+' | b'.' | b'~' => Some(Yaml::from_str(text).into()),
        _ if matches!(
            text,
            "null" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE"
        ) =>
        {
            Some(Yaml::from_str(text).into())
        }
        _ => Some(Pod::String(text.to_string())),
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

    #[test]
    fn reads_the_common_forms_as_the_engine_does() {
        let yaml = "title: \"Hello: world\"\nms.date: 03/09/2015\nms:assetid: c42d\n\
                    empty:\nquoted: ''\nf1_keywords:\n- Vis_DSS.chm82253253\n- two words\n  \n\
                    # a comment\nindented:\n  - a\n  - 'b'\nnull_value: ~\ncount: 12\nratio: 1.5\n\
                    flag: true\nhex: 0x1F\nbrackets: see [the docs] (here)\nunicode: café – “quoted”";
        let fast: HashMap<_, _> = read(yaml).expect("simple form").into_iter().collect();
        assert_eq!(fast, engine(yaml).unwrap());
        assert_eq!(fast["title"], Pod::String("Hello: world".into()));
        assert_eq!(fast["count"], Pod::Integer(12));
        assert_eq!(fast["empty"], Pod::Null);
        assert_eq!(fast["f1_keywords"].as_vec().unwrap().len(), 2);
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
            let Some((_, inner)) = super::super::locate(&text, start) else {
                continue;
            };
            let yaml = super::super::yaml_text(&text[inner]);
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
