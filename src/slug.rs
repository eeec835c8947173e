//! Heading anchor ids ("slugs"), as the site that publishes the docs makes them.
//!
//! Each style is one function from heading text to a base slug; [`Slugger`]
//! adds the `-1`, `-2` suffixes for duplicates, which every style shares.

mod kramdown;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

pub use kramdown::{heading_as_written, kramdown_gfm_slug, kramdown_slug, typographic_text};

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SlugStyle {
    /// github-slugger, as GitHub renders Markdown (and GitLab since 17.0).
    #[default]
    Github,
    /// Microsoft Learn and DocFX: markdig's auto identifiers in their GitHub mode.
    MicrosoftLearn,
    /// mdBook's heading ids.
    Mdbook,
    /// MkDocs: Python-Markdown's `toc` extension with its default `slugify`.
    Mkdocs,
    /// kramdown's own parser (`input: kramdown`): `basic_generate_id` of
    /// the heading as written.
    Kramdown,
    /// Jekyll and GitHub Pages: kramdown with `input: GFM` (their default),
    /// whose ids are kramdown-parser-gfm's `generate_gfm_header_id`.
    KramdownGfm,
}

impl SlugStyle {
    /// The slug of a heading's text, before duplicates are told apart.
    pub fn base_slug(self, text: &str) -> CompactString {
        match self {
            SlugStyle::Github => github_slug(text),
            SlugStyle::MicrosoftLearn => markdig_slug(text),
            SlugStyle::Mdbook => mdbook_slug(text),
            SlugStyle::Mkdocs => python_markdown_slug(text),
            SlugStyle::Kramdown => kramdown_slug(text),
            SlugStyle::KramdownGfm => kramdown_gfm_slug(text),
        }
    }

    /// Whether ids are made from the heading's Markdown as written
    /// (kramdown's `raw_text`) rather than from its rendered text.
    pub fn slugs_source(self) -> bool {
        self == SlugStyle::Kramdown
    }

    /// Whether an image's alt text is part of the text the id is made of:
    /// markdig renders a heading with HTML off to make its id, and its
    /// image renderer then writes the alt text (`LinkInlineRenderer`).
    pub fn slugs_image_alt(self) -> bool {
        self == SlugStyle::MicrosoftLearn
    }

    /// Whether `--`, `---` and `<< `, ` >>` in prose are typographic
    /// symbols (dashes, guillemets) before the id is made, as kramdown's
    /// `typographic_syms` parser turns them.
    pub fn slugs_typographic(self) -> bool {
        self == SlugStyle::KramdownGfm
    }

    /// Whether a `|` inside a code span splits a table row, as in GFM. The
    /// style stands for its renderer here, as for heading attributes:
    /// markdig's pipe tables read such a pipe as text (see
    /// `parse::markdig_pipes`).
    pub fn code_pipes_split_rows(self) -> bool {
        self != SlugStyle::MicrosoftLearn
    }

    /// Whether a duplicate id is its base and the count of those before it
    /// and nothing more (kramdown), rather than a suffix found free.
    fn counts_duplicates(self) -> bool {
        matches!(self, SlugStyle::Kramdown | SlugStyle::KramdownGfm)
    }

    /// Whether `## Title {#id}` gives the heading the id `id`. GitHub and
    /// GitLab show the braces as heading text; markdig (generic
    /// attributes), mdBook, MkDocs (`attr_list`) and kramdown read them.
    pub fn reads_heading_ids(self) -> bool {
        !matches!(self, SlugStyle::Github)
    }

    /// The id of a heading with no slug characters at all (`` ## `$?` ``):
    /// markdig and mdBook name it "section"; GitHub leaves it empty (and
    /// Python-Markdown makes it unique as `_1`). kramdown says "section";
    /// kramdown-parser-gfm gives no id, then `-1`, `-2`.
    fn empty_slug(self) -> &'static str {
        match self {
            SlugStyle::MicrosoftLearn | SlugStyle::Mdbook | SlugStyle::Kramdown => "section",
            SlugStyle::Github | SlugStyle::Mkdocs | SlugStyle::KramdownGfm => "",
        }
    }
}

/// GitHub's algorithm: lower-case, drop every character that is not a letter,
/// mark, number, underscore, hyphen or space, then turn each space into a
/// hyphen (runs are kept: "Change & release" is `change--release`). Nothing
/// is trimmed: the Markdown parser already dropped the spaces around a
/// heading's text, and a space it kept (before a trailing HTML comment or
/// image) is a hyphen on GitHub too (github-slugger's "final space" case).
pub fn github_slug(text: &str) -> CompactString {
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
    text.to_lowercase()
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
/// lower-cased; each space becomes a hyphen; drop everything else. Like
/// GitHub's, it trims nothing (markdig's test: "* Dogs*?--in *my* house?"
/// is `-dogs--in-my-house`).
pub fn markdig_slug(text: &str) -> CompactString {
    text.chars()
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

/// mdBook's `id_from_content`: trimmed and lower-cased; letters, numbers,
/// `_` and `-` kept (no marks); each white-space character a hyphen.
pub fn mdbook_slug(text: &str) -> CompactString {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| match c {
            c if c.is_alphanumeric() || c == '_' || c == '-' => Some(c),
            c if c.is_whitespace() => Some('-'),
            _ => None,
        })
        .collect()
}

/// Python-Markdown's `toc.slugify` (MkDocs' default): the text decomposed
/// (NFKD) and cut to ASCII, so `žlutý` is `zluty` and CJK is dropped; then
/// every character but a word character, white space or `-` removed, the
/// rest stripped and lower-cased, and each run of white space and hyphens
/// one hyphen.
pub fn python_markdown_slug(text: &str) -> CompactString {
    use unicode_normalization::UnicodeNormalization;
    let ascii: String = text
        .nfkd()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-') || is_python_space(*c))
        .collect();
    let mut slug = CompactString::default();
    let mut in_run = false;
    for c in ascii.trim_matches(is_python_space).chars() {
        if c == '-' || is_python_space(c) {
            if !in_run {
                slug.push('-');
            }
            in_run = true;
        } else {
            slug.push(c.to_ascii_lowercase());
            in_run = false;
        }
    }
    slug
}

/// ASCII white space as Python's `\s` and `str.strip` know it.
fn is_python_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0b' | '\x0c')
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

    /// Notes a heading's explicit id (`{#id}`). Python-Markdown's `toc`
    /// counts every id already in the page, so a later duplicate skips it;
    /// markdig and mdBook number their automatic ids among themselves only.
    pub fn reserve(&mut self, id: &str) {
        if self.style == SlugStyle::Mkdocs {
            self.make_room();
            self.seen.entry(id.into()).or_insert(0);
        }
    }

    /// The id of the next heading whose text is `text`.
    pub fn slug(&mut self, text: &str) -> CompactString {
        self.make_room();
        let mut base = self.style.base_slug(text);
        if base.is_empty() {
            base = self.style.empty_slug().into();
        }
        if self.style == SlugStyle::Mkdocs {
            return self.python_markdown_unique(base);
        }
        if self.style.counts_duplicates() {
            // kramdown numbers each base on its own and checks nothing
            // else: a third "A" is `a-2` even after a heading "A 2".
            let count = self.seen.entry(base.clone()).or_insert(usize::MAX);
            *count = count.wrapping_add(1);
            return match *count {
                0 => base,
                n => compact_str::format_compact!("{base}-{n}"),
            };
        }
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

    /// Python-Markdown's `unique`: an id taken (or empty) gets `_1`, and an
    /// id that ends in `_N` gets `_N+1`, until it is free.
    fn python_markdown_unique(&mut self, mut id: CompactString) -> CompactString {
        while id.is_empty() || self.seen.contains_key(&id) {
            let numbered = id.rsplit_once('_').and_then(|(stem, n)| {
                let digits = !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
                digits.then(|| (stem, n.parse::<u64>().unwrap_or(u64::MAX - 1)))
            });
            id = match numbered {
                Some((stem, n)) => compact_str::format_compact!("{stem}_{}", n + 1),
                None => compact_str::format_compact!("{id}_1"),
            };
        }
        self.seen.insert(id.clone(), 0);
        id
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
        // The parser trims a heading's text; what it keeps is slugged as it is.
        assert_eq!(github_slug(" Kept "), "-kept-");
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
