//! The placeholder matcher: the patterns of `rules/placeholders.toml` and a
//! project's own, compiled when first needed and asked of one text at a time.

use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;

use super::literals::Literals;
use crate::knowledge::{PackError, PatternSpec, Scope};
use crate::model::{Cell, Span, TextView};

/// Config-supplied regexes are capped so a pattern cannot blow up compile time or memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Where a text is read, which decides the patterns that apply to it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spot {
    pub in_cell: bool,
    /// A cell of a link column or a list item: the only places a link
    /// stub ("links", "link to SD") stands for a link never added.
    pub link_expected: bool,
    /// The text holds a real link, so a link stub there is not one.
    pub has_link: bool,
}

impl Spot {
    pub const PROSE: Spot = Spot {
        in_cell: false,
        link_expected: false,
        has_link: false,
    };
}

/// Placeholder patterns, ready to search with.
#[derive(Debug)]
pub struct Placeholders {
    pub specs: Vec<PatternSpec>,
    /// Each pattern, compiled when a text first needs it: a run whose
    /// files hold no table never compiles the cell-only ones. `None` only
    /// for a pattern that does not compile, which loading has refused.
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// Looked for before any pattern, to learn which may match; built when
    /// first needed.
    literals: OnceLock<Literals>,
    /// Lower-cased allowed phrases.
    allowed: Vec<String>,
}

/// Compiles one pattern as [`Placeholders`] will, to report a bad one where it is written.
pub fn check_pattern(regex: &str) -> Result<(), regex::Error> {
    compile(regex).map(drop)
}

/// One placeholder pattern, compiled under the size cap.
fn compile(regex: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(regex)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
}

impl Placeholders {
    /// Compiles every pattern, so that a bad one is an error here, naming it.
    pub fn new(specs: Vec<PatternSpec>, allowed: Vec<String>) -> Result<Self, PackError> {
        let placeholders = Placeholders::checked_before(specs, allowed);
        for (spec, slot) in placeholders.specs.iter().zip(&placeholders.regexes) {
            let regex = compile(&spec.regex).map_err(|source| PackError::Regex {
                name: spec.name.clone(),
                source,
            })?;
            let _ = slot.set(Some(regex));
        }
        Ok(placeholders)
    }

    /// Patterns known to compile: the built-in pack's (tested below) and a
    /// configuration's own (checked with [`check_pattern`] as its file loads).
    pub(crate) fn checked_before(specs: Vec<PatternSpec>, allowed: Vec<String>) -> Self {
        Placeholders {
            regexes: specs.iter().map(|_| OnceLock::new()).collect(),
            literals: OnceLock::new(),
            specs,
            allowed: allowed.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    /// Pattern `index`, compiled on first use.
    fn regex(&self, index: usize) -> Option<&Regex> {
        self.regexes[index]
            .get_or_init(|| compile(&self.specs[index].regex).ok())
            .as_ref()
    }

    /// For each of `texts`, the patterns that may match it (their indexes,
    /// ascending), whatever the scope: asked of all of a document's texts at
    /// once.
    pub fn candidates(&self, texts: &[&str]) -> Vec<Vec<usize>> {
        self.literals
            .get_or_init(|| Literals::new(&self.specs))
            .candidates(texts)
    }

    /// Placeholder matches in `text` for the given scope: `(pattern index, byte range)`,
    /// without overlaps (the earliest, then longest, wins) and without allowed phrases.
    pub fn find(&self, text: &str, spot: Spot) -> Vec<(usize, Range<usize>)> {
        let candidates = self.candidates(&[text]).pop().unwrap_or_default();
        self.find_among(text, spot, &candidates)
    }

    /// [`Placeholders::find`], trying only the patterns `candidates` (those
    /// [`Placeholders::candidates`] gave for `text`).
    fn find_among(
        &self,
        text: &str,
        spot: Spot,
        candidates: &[usize],
    ) -> Vec<(usize, Range<usize>)> {
        let mut found: Vec<(usize, Range<usize>)> = Vec::new();
        let mut allowed = None;
        for &index in candidates {
            let spec = &self.specs[index];
            let in_scope = match spec.scope {
                Scope::Any => true,
                Scope::Cell => spot.in_cell,
                Scope::Prose => !spot.in_cell,
            };
            let link_stub_out_of_place = !spot.link_expected || spot.has_link;
            if !in_scope || (spec.unless_linked && link_stub_out_of_place) {
                continue;
            }
            let Some(regex) = self.regex(index) else {
                continue;
            };
            for caps in regex.captures_iter(text) {
                let m = caps.name("ph").or_else(|| caps.get(0)).expect("group 0");
                if m.is_empty() || is_named(text, m.range()) {
                    continue;
                }
                let allowed = allowed.get_or_insert_with(|| self.allowed_in(text));
                if !allowed.holds(m.range()) {
                    found.push((index, m.range()));
                }
            }
        }
        found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
        let mut kept: Vec<(usize, Range<usize>)> = Vec::with_capacity(found.len());
        for (index, range) in found {
            if kept.last().is_none_or(|(_, last)| range.start >= last.end) {
                kept.push((index, range));
            }
        }
        kept
    }

    /// Where `text` holds an allowed phrase, found once per text.
    fn allowed_in(&self, text: &str) -> Allowed {
        if self.allowed.is_empty() {
            return Allowed::default();
        }
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            // Lower-casing changed byte lengths; a phrase anywhere covers the text.
            let anywhere = self.allowed.iter().any(|p| lower.contains(p.as_str()));
            return Allowed {
                spans: if anywhere {
                    vec![Range {
                        start: 0,
                        end: text.len(),
                    }]
                } else {
                    vec![]
                },
                longest: text.len(),
            };
        }
        let mut spans: Vec<Range<usize>> = self
            .allowed
            .iter()
            .flat_map(|phrase| lower.match_indices(phrase.as_str()))
            .map(|(at, phrase)| at..at + phrase.len())
            .collect();
        spans.sort_by_key(|span| span.start);
        Allowed {
            spans,
            longest: self.allowed.iter().map(String::len).max().unwrap_or(0),
        }
    }
}

/// The stretches of one text that allowed phrases cover, by start.
#[derive(Default)]
struct Allowed {
    spans: Vec<Range<usize>>,
    /// The longest phrase: a span holding a match starts at most this far before it.
    longest: usize,
}

impl Allowed {
    /// Whether an allowed phrase covers `range`.
    fn holds(&self, range: Range<usize>) -> bool {
        let from = self
            .spans
            .partition_point(|s| s.start < range.start.saturating_sub(self.longest));
        let to = self.spans.partition_point(|s| s.start <= range.start);
        self.spans[from..to.max(from)]
            .iter()
            .any(|s| range.end <= s.end)
    }
}

/// Whether the marker word at `range` ("TBD", "FIXME") is named rather
/// than used: after "see" ("see FIXME above"), or in parentheses after the
/// words it abbreviates ("To Be Determined (TBD)").
fn is_named(text: &str, range: Range<usize>) -> bool {
    let marker = &text[range.clone()];
    if marker.len() < 2 || !marker.bytes().all(|b| b.is_ascii_uppercase()) {
        return false;
    }
    let before = &text[..range.start];
    let word = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    let previous = before.split_whitespace().next_back().map(word);
    if before.ends_with(char::is_whitespace)
        && previous
            .as_deref()
            .is_some_and(|w| w.eq_ignore_ascii_case("see"))
    {
        return true;
    }
    let Some(opened) = before.strip_suffix('(') else {
        return false;
    };
    if !text[range.end..].starts_with(')') {
        return false;
    }
    // The words just before, last first: only as many as the marker has letters.
    let initials: String = opened
        .split_whitespace()
        .rev()
        .take(marker.len())
        .filter_map(|w| word(w).chars().next())
        .collect();
    initials
        .chars()
        .rev()
        .collect::<String>()
        .eq_ignore_ascii_case(marker)
}

impl Placeholders {
    /// The placeholders in a table cell, in a link column or not, as
    /// (matched text, source span).
    pub fn in_cell(&self, cell: &Cell, link_column: bool) -> Vec<(String, Span)> {
        let candidates = self
            .candidates(&[&cell.text.text])
            .pop()
            .unwrap_or_default();
        self.in_cell_of(cell, link_column, &candidates)
    }

    /// The placeholders in a table cell, in a link column or not, trying
    /// `candidates` (see [`Placeholders::candidates`]).
    pub fn in_cell_of(
        &self,
        cell: &Cell,
        link_column: bool,
        candidates: &[usize],
    ) -> Vec<(String, Span)> {
        if cell.is_empty {
            return Vec::new();
        }
        let spot = Spot {
            in_cell: true,
            link_expected: link_column,
            has_link: cell.has_link,
        };
        self.in_text(cell.text.view(), spot, candidates)
    }

    /// The placeholders in rendered text, outside inline code, as (matched
    /// text, source span), trying `candidates` (see [`Placeholders::candidates`]).
    pub fn in_text(
        &self,
        run: TextView<'_>,
        spot: Spot,
        candidates: &[usize],
    ) -> Vec<(String, Span)> {
        self.find_among(run.text, spot, candidates)
            .into_iter()
            .filter(|(_, range)| !run.touches_code(range))
            .map(|(_, range)| {
                (
                    run.text[range.clone()].trim().to_string(),
                    run.source_span(range),
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
