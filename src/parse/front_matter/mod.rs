//! Front matter: the block and each key's span found in the lines themselves
//! (gray_matter keeps no offsets); the values from gray_matter's YAML engine,
//! or, for the simple form nearly every page has, read from the lines by
//! `simple_yaml`.

use std::borrow::Cow;
use std::collections::HashMap;

use gray_matter::engine::{Engine, YAML};
use gray_matter::Pod;

use crate::model::{FrontMatter, FrontMatterEntry, Span};

mod simple_yaml;

/// Finds a front-matter block at `start` (just past any BOM): a `---` line,
/// YAML, and a closing `---` or `...` line. Returns the whole block (through
/// the closing line's ending) and the YAML between the delimiter lines.
pub fn locate(source: &str, start: usize) -> Option<(Span, Span)> {
    let mut lines = lines(&source[start..]);
    let (_, first) = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let inner_start = start + first.len();
    for (offset, line) in lines {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some((
                start..start + offset + line.len(),
                inner_start..start + offset,
            ));
        }
    }
    None
}

/// The lines of `text` with their endings, each with where it starts.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |start, line| {
        let at = *start;
        *start += line.len();
        Some((at, line))
    })
}

/// Parses the YAML between the delimiters. `block` is the whole block with
/// its delimiter lines; `inner` is where the YAML lies in `source`.
pub fn parse(source: &str, block: Span, inner: Span) -> FrontMatter {
    // Without this reader the corpus check takes 1.35x the wall time.
    let (entries, error) = match simple_yaml::entries(source, inner.clone()) {
        Some(entries) => (entries, None),
        None => by_engine(source, inner),
    };
    FrontMatter {
        span: block,
        entries,
        error,
    }
}

/// The entries as gray_matter's YAML engine reads the values, each key's
/// spans found in the lines themselves; or why the YAML does not read.
fn by_engine(source: &str, inner: Span) -> (Vec<FrontMatterEntry>, Option<String>) {
    match values(&source[inner.clone()]) {
        Ok(mut values) => {
            let entries = key_lines(source, inner)
                .into_iter()
                .map(|(key, key_span, span)| {
                    // Each key has one value (YAML refuses a second): take it.
                    let value = values.remove(key);
                    FrontMatterEntry {
                        is_empty: value.as_ref().is_none_or(is_empty),
                        value: value.map(display).unwrap_or_default().into(),
                        key: key.into(),
                        key_span,
                        span,
                    }
                })
                .collect();
            (entries, None)
        }
        Err(error) => (Vec::new(), Some(error)),
    }
}

/// The top-level keys and values of the YAML, or why it is not a mapping.
fn values(inner: &str) -> Result<HashMap<String, Pod>, String> {
    let yaml = yaml_text(inner);
    let yaml = yaml.trim();
    if yaml.is_empty() {
        return Ok(HashMap::new());
    }
    match <YAML as Engine>::parse(yaml).map_err(|e| e.to_string())? {
        Pod::Hash(map) => Ok(map),
        Pod::Null => Ok(HashMap::new()),
        _ => Err("front matter is not a mapping of keys to values".into()),
    }
}

/// The YAML as `Matter::parse` gives it to the engine: LF endings (to be trimmed).
fn yaml_text(inner: &str) -> Cow<'_, str> {
    if inner.contains('\r') {
        Cow::Owned(inner.replace("\r\n", "\n"))
    } else {
        Cow::Borrowed(inner)
    }
}

/// Null, blank, `[]` and `{}` are empty.
fn is_empty(value: &Pod) -> bool {
    match value {
        Pod::Null => true,
        Pod::String(s) => s.trim().is_empty(),
        Pod::Array(items) => items.is_empty(),
        Pod::Hash(map) => map.is_empty(),
        _ => false,
    }
}

/// Scalars as text, lists joined with ", ", mappings as nothing.
fn display(value: Pod) -> String {
    match value {
        Pod::Null | Pod::Hash(_) => String::new(),
        Pod::String(s) => s,
        Pod::Integer(i) => i.to_string(),
        Pod::Float(f) => f.to_string(),
        Pod::Boolean(b) => b.to_string(),
        Pod::Array(items) => items
            .into_iter()
            .map(display)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// Top-level keys with their spans: `(key, key span, key-to-end-of-value span)`.
/// A key line starts in column 1 and is not a comment, a list item or a
/// continuation; its value runs until the next key line.
fn key_lines(source: &str, inner: Span) -> Vec<(&str, Span, Span)> {
    let mut keys: Vec<(&str, Span, Span)> = Vec::new();
    for (offset, line) in lines(&source[inner.clone()]) {
        let start = inner.start + offset;
        let content = line.trim_end_matches(['\n', '\r']);
        let content_end = start + content.len();
        let is_key = content.starts_with(|c: char| {
            !c.is_whitespace() && !matches!(c, '#' | '-' | '[' | '{' | ']' | '}')
        });
        let key = if is_key { key_of(content) } else { None };
        match key {
            Some((key, key_len)) => keys.push((key, start..start + key_len, start..content_end)),
            None if content.trim().is_empty() || content.trim_start().starts_with('#') => {}
            // A continuation line widens the value of the key above it.
            None => {
                if let Some(last) = keys.last_mut() {
                    last.2.end = content_end;
                }
            }
        }
    }
    keys
}

/// The key of a `key: value` line and its length. The separator is a colon
/// followed by white space or the line's end, so `ms:assetid: x` has the key `ms:assetid`.
fn key_of(line: &str) -> Option<(&str, usize)> {
    let bytes = line.as_bytes();
    let colon = memchr::memchr_iter(b':', bytes)
        .find(|&at| bytes.get(at + 1).is_none_or(|b| b.is_ascii_whitespace()))?;
    let key = line[..colon].trim().trim_matches(['"', '\'']);
    (!key.is_empty()).then_some((key, colon))
}
