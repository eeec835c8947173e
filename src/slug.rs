//! Heading anchor ids ("slugs"), as the site that publishes the docs makes them.
//!
//! Each style is one function from heading text to a base slug; [`Slugger`]
//! adds the `-1`, `-2` suffixes for duplicates, which every style shares.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SlugStyle {
    /// github-slugger, as GitHub renders Markdown.
    #[default]
    Github,
    /// Microsoft Learn and DocFX: markdig's auto identifiers in their GitHub mode.
    MicrosoftLearn,
}

impl SlugStyle {
    pub fn base_slug(self, text: &str) -> CompactString {
        match self {
            SlugStyle::Github => github_slug(text),
            SlugStyle::MicrosoftLearn => markdig_slug(text),
        }
    }
}

/// GitHub's algorithm: lower-case, drop every character that is not a letter,
/// mark, number, underscore, hyphen or space, then turn each space into a
/// hyphen (runs are kept: "Change & release" is `change--release`).
pub fn github_slug(text: &str) -> CompactString {
    let text = text.trim();
    if text.is_ascii() {
        // Most headings: the same rules, a byte at a time through a table,
        // with no branch on what each byte is, into a buffer on the stack
        // when the heading is short (most are), so that a slug of up to
        // 24 bytes is made with no allocation at all.
        let mut short = [0u8; 64];
        let mut long = Vec::new();
        let slug: &mut [u8] = if text.len() <= short.len() {
            &mut short[..text.len()]
        } else {
            long.resize(text.len(), 0);
            &mut long
        };
        let mut len = 0;
        for &byte in text.as_bytes() {
            let kept = GITHUB_ASCII[usize::from(byte)];
            if let Some(at) = slug.get_mut(len) {
                *at = kept;
            }
            len += usize::from(kept != 0);
        }
        // Only ASCII letters, digits, `-` and `_` were written.
        return std::str::from_utf8(&slug[..len])
            .map(CompactString::from)
            .unwrap_or_default();
    }
    github_slug_general(text).into()
}

/// What [`github_slug`] makes of each ASCII byte: a space becomes `-`,
/// letters are lower-cased, digits, `-` and `_` kept, and 0 (nothing) for
/// the rest.
const GITHUB_ASCII: [u8; 128] = {
    let mut table = [0u8; 128];
    let mut byte = 0;
    while byte < 128 {
        let b = byte as u8;
        table[byte] = match b {
            b' ' => b'-',
            b'-' | b'_' | b'0'..=b'9' | b'a'..=b'z' => b,
            b'A'..=b'Z' => b.to_ascii_lowercase(),
            _ => 0,
        };
        byte += 1;
    }
    table
};

fn github_slug_general(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() || is_mark(c) => Some(c),
            _ => None,
        })
        .collect()
}

/// Markdig's `LinkHelper.UrilizeAsGfm`, which DocFX (and so Microsoft Learn)
/// uses for heading ids: keep what .NET's `char.IsLetterOrDigit` accepts
/// (letters and decimal digits, but no marks, unlike GitHub), `-` and `_`,
/// lower-cased; each space becomes a hyphen; drop everything else.
pub fn markdig_slug(text: &str) -> CompactString {
    text.trim()
        .chars()
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if is_letter_or_decimal_digit(c) => {
                // .NET lower-cases one UTF-16 unit to one; keep `c` where Rust would expand it.
                let mut lower = c.to_lowercase();
                match (lower.next(), lower.next()) {
                    (Some(l), None) => Some(l),
                    _ => Some(c),
                }
            }
            _ => None,
        })
        .collect()
}

/// Unicode letters (L*) and decimal digits (Nd), as .NET's `char.IsLetterOrDigit`.
fn is_letter_or_decimal_digit(c: char) -> bool {
    use std::sync::OnceLock;
    static LETTER_OR_DIGIT: OnceLock<regex::Regex> = OnceLock::new();
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    let re =
        LETTER_OR_DIGIT.get_or_init(|| regex::Regex::new(r"^[\p{L}\p{Nd}]$").expect("valid regex"));
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Unicode marks (Mn, Mc, Me): combining accents and the vowel signs of
/// Indic scripts, which slugs keep.
fn is_mark(c: char) -> bool {
    use std::sync::OnceLock;
    static MARK: OnceLock<regex::Regex> = OnceLock::new();
    if c.is_ascii() {
        return false;
    }
    let re = MARK.get_or_init(|| regex::Regex::new(r"^\p{M}$").expect("valid regex"));
    let mut buf = [0u8; 4];
    re.is_match(c.encode_utf8(&mut buf))
}

/// Makes unique slugs for the headings of one document, in order.
#[derive(Debug, Default)]
pub struct Slugger {
    style: SlugStyle,
    /// Slugs given so far, each with the last suffix its base was given.
    /// Short slugs are kept inline (no allocation per heading).
    seen: rustc_hash::FxHashMap<CompactString, usize>,
}

impl Slugger {
    pub fn new(style: SlugStyle) -> Self {
        Slugger {
            style,
            seen: Default::default(),
        }
    }

    /// Reserves an id that is already taken (an explicit `{#id}`), so later
    /// duplicates skip it.
    pub fn reserve(&mut self, id: &str) {
        self.make_room();
        self.seen.entry(id.into()).or_insert(0);
    }

    pub fn slug(&mut self, text: &str) -> CompactString {
        self.make_room();
        let base = self.style.base_slug(text);
        let Some(&count) = self.seen.get(&base) else {
            // Most headings: the first of their name.
            self.seen.insert(base.clone(), 0);
            return base;
        };
        let mut n = count;
        let slug = loop {
            n += 1;
            let slug = compact_str::format_compact!("{base}-{n}");
            if !self.seen.contains_key(&slug) {
                break slug;
            }
        };
        self.seen.insert(base, n);
        self.seen.insert(slug.clone(), 0);
        slug
    }

    /// Room for a page's headings at the first one, rather than growing
    /// the table three times over a page's first dozen.
    fn make_room(&mut self) {
        if self.seen.capacity() == 0 {
            self.seen.reserve(16);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_ascii_path_slugs_as_the_general_one(text in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(github_slug(&text), github_slug_general(&text));
        }
    }

    #[test]
    fn github_examples() {
        assert_eq!(github_slug("Service design"), "service-design");
        assert_eq!(github_slug("Change & release"), "change--release");
        assert_eq!(github_slug("What's new in v2.0?"), "whats-new-in-v20");
        assert_eq!(
            github_slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(github_slug("Überblick: Größe"), "überblick-größe");
        assert_eq!(github_slug("日本語 の 見出し"), "日本語-の-見出し");
        assert_eq!(github_slug("नमस्ते दुनिया"), "नमस्ते-दुनिया");
        assert_eq!(github_slug("  Trimmed  "), "trimmed");
        assert_eq!(github_slug("\u{a0}Ascii inside\u{2003}"), "ascii-inside");
        assert_eq!(
            github_slug("Tab\there, CAPS & 2_x-y"),
            "tabhere-caps--2_x-y"
        );
    }

    #[test]
    fn microsoft_learn_examples() {
        assert_eq!(markdig_slug("Service design"), "service-design");
        assert_eq!(markdig_slug("Change & release"), "change--release");
        assert_eq!(markdig_slug("What's new in v2.0?"), "whats-new-in-v20");
        assert_eq!(
            markdig_slug("snake_case and kebab-case"),
            "snake_case-and-kebab-case"
        );
        assert_eq!(markdig_slug("Überblick: Größe"), "überblick-größe");
        // Where the two differ: marks (Devanagari vowel signs) and non-decimal numbers.
        assert_eq!(markdig_slug("नमस्ते दुनिया"), "नमसत-दनय");
        assert_eq!(github_slug("Level ²"), "level-²");
        assert_eq!(markdig_slug("Level ²"), "level-");
        let mut s = Slugger::new(SlugStyle::MicrosoftLearn);
        assert_eq!(s.slug("Notes"), "notes");
        assert_eq!(s.slug("Notes"), "notes-1");
    }

    #[test]
    fn duplicates_get_suffixes() {
        let mut s = Slugger::new(SlugStyle::Github);
        assert_eq!(s.slug("Notes"), "notes");
        assert_eq!(s.slug("Notes"), "notes-1");
        assert_eq!(s.slug("Notes"), "notes-2");
        assert_eq!(s.slug("Notes 1"), "notes-1-1");
    }
}
