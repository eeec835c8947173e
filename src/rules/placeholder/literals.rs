//! The placeholder prefilter: literals one of which every match of every
//! pattern holds, looked for before any pattern. Almost no text holds a
//! placeholder, and asking every pattern of every text doubled the check's
//! time on the corpus; one search of a document's texts joined keeps it
//! within 3% of the hand-tuned search it replaced.

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use crate::knowledge::PatternSpec;

#[derive(Debug)]
pub(super) struct Literals {
    /// Those of the patterns that respect case, as written ("TODO").
    exact: Option<AhoCorasick>,
    /// Those of the patterns that ignore case, lower-cased in ASCII, looked
    /// for in the text lower-cased: one word rather than its every way of
    /// being written. Kept apart from the exact ones, as "tk" would stop
    /// the search at every "t" of lower-cased text, where "TK" is rare.
    folded: Option<AhoCorasick>,
}

impl Literals {
    /// `None` when some pattern has no required literals (`\w{9,}`).
    pub(super) fn new(specs: &[PatternSpec]) -> Option<Literals> {
        let (mut exact, mut folded) = (Vec::new(), Vec::new());
        for spec in specs {
            let literals = required_literals(&spec.regex)?;
            let mut lower: Vec<Vec<u8>> = literals.iter().map(|l| l.to_ascii_lowercase()).collect();
            lower.sort_unstable();
            lower.dedup();
            // Fewer once lower-cased: the pattern ignores case there.
            if lower.len() < literals.len() {
                folded.extend(lower);
            } else {
                exact.extend(literals);
            }
        }
        Some(Literals {
            exact: searcher(exact)?,
            folded: searcher(folded)?,
        })
    }

    /// Whether `text` holds one of the literals.
    pub(super) fn in_text(&self, text: &str) -> bool {
        self.exact.as_ref().is_some_and(|ac| ac.is_match(text))
            || self
                .folded
                .as_ref()
                .is_some_and(|ac| ac.is_match(&text.to_ascii_lowercase()))
    }

    /// Whether each of `texts` holds one of the literals, found with one
    /// search of them all joined by line breaks.
    pub(super) fn in_each(&self, texts: &[&str]) -> Vec<bool> {
        let mut joined = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
        let mut starts = Vec::with_capacity(texts.len());
        for text in texts {
            starts.push(joined.len());
            joined.push_str(text);
            joined.push('\n');
        }
        let mut holds = vec![false; texts.len()];
        // A hit marks every text it overlaps: one across a line break may
        // hide the start of another in the next text.
        let mut mark = |hit: aho_corasick::Match| {
            let first = starts.partition_point(|&s| s <= hit.start()) - 1;
            let last = starts.partition_point(|&s| s < hit.end()) - 1;
            holds[first..=last].fill(true);
        };
        if let Some(exact) = &self.exact {
            exact.find_iter(&joined).for_each(&mut mark);
        }
        if let Some(folded) = &self.folded {
            folded
                .find_iter(&joined.to_ascii_lowercase())
                .for_each(&mut mark);
        }
        holds
    }
}

/// A searcher for any of `literals`: `Some(None)` when there are none,
/// `None` when aho-corasick cannot build one.
fn searcher(mut literals: Vec<Vec<u8>>) -> Option<Option<AhoCorasick>> {
    if literals.is_empty() {
        return Some(None);
    }
    literals.sort_unstable();
    literals.dedup();
    // Leftmost-first: the kind of search aho-corasick does with SIMD.
    let ac = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(literals)
        .ok()?;
    Some(Some(ac))
}

/// Literals one of which every match of `regex` holds, as written; `None`
/// when there is no such finite set.
fn required_literals(regex: &str) -> Option<Vec<Vec<u8>>> {
    // The `ph` group when every match passes through it: the pattern
    // around it often starts with `^\s*`, which has no literal.
    fn ph_group(hir: &Hir) -> Option<&Hir> {
        match hir.kind() {
            HirKind::Capture(c) if c.name.as_deref() == Some("ph") => Some(&c.sub),
            HirKind::Capture(c) => ph_group(&c.sub),
            HirKind::Concat(parts) => parts.iter().find_map(ph_group),
            HirKind::Repetition(r) if r.min >= 1 => ph_group(&r.sub),
            _ => None,
        }
    }
    let hir = regex_syntax::parse(regex).ok()?;
    let core = ph_group(&hir).unwrap_or(&hir);
    // A match of a concatenation holds a match of each of its tails: the
    // first tail to start with literals of 3 bytes or more serves best
    // ("insert" in `\[\s*insert[^\]]*\]`, rather than every "[").
    let long_enough = |literals: &Vec<Vec<u8>>| literals.iter().all(|l| l.len() >= 3);
    let whole = prefixes(core);
    if whole.as_ref().is_some_and(long_enough) {
        return whole;
    }
    let HirKind::Concat(parts) = core.kind() else {
        return whole;
    };
    (1..parts.len())
        .filter_map(|from| prefixes(&Hir::concat(parts[from..].to_vec())))
        .find(long_enough)
        .or(whole)
}

/// Literals every match of `hir` starts with, as written; `None` when there
/// is no such finite set or it holds the empty string.
fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let prefixes = Extractor::new().kind(ExtractKind::Prefix).extract(hir);
    let literals: Vec<Vec<u8>> = prefixes
        .literals()?
        .iter()
        .map(|l| l.as_bytes().to_vec())
        .collect();
    if literals.iter().any(Vec::is_empty) {
        return None;
    }
    Some(literals)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::knowledge::{RulePack, Scope};

    fn spec(regex: &str) -> PatternSpec {
        PatternSpec {
            name: regex.into(),
            regex: regex.into(),
            scope: Scope::Any,
            unless_linked: false,
        }
    }

    /// The literals of `regex`, lower-cased, as text.
    fn lowered(regex: &str) -> Option<Vec<String>> {
        let mut words: Vec<String> = required_literals(regex)?
            .iter()
            .map(|l| String::from_utf8_lossy(&l.to_ascii_lowercase()).into_owned())
            .collect();
        words.sort();
        words.dedup();
        Some(words)
    }

    #[test]
    fn literals_come_from_the_ph_group_or_a_telling_tail() {
        // (The long s, ſ, is an s to a pattern that ignores case.)
        assert_eq!(
            lowered(r"(?i)(?:^|:)\s*(?P<ph>what is)[\s?.…:]*$").unwrap(),
            ["what is", "what iſ"]
        );
        assert_eq!(
            lowered(r"(?i)(?P<ph>\[\s*insert(?-u:\b)[^\]]*\])").unwrap(),
            ["insert", "inſert"]
        );
        assert_eq!(lowered(r"TODO|FIXME").unwrap(), ["fixme", "todo"]);
        // A group that may be skipped is not on every match: the whole
        // pattern stands, short as its literals are.
        assert_eq!(lowered(r"a(?P<ph>bcd)?").unwrap(), ["a", "abcd"]);
        assert_eq!(lowered(r"\w{9,}"), None, "no finite set");
        assert_eq!(lowered(r"x?"), None, "the empty literal");
        // Every built-in pattern has literals, or the prefilter is off.
        for spec in RulePack::load().unwrap().placeholder_specs {
            assert!(required_literals(&spec.regex).is_some(), "{}", spec.name);
        }
    }

    #[test]
    fn case_is_folded_only_where_the_pattern_ignores_it() {
        let literals = Literals::new(&[spec("TODO"), spec("(?i)coming soon")]).unwrap();
        assert!(literals.in_text("a TODO here"));
        assert!(!literals.in_text("a todo here"));
        for text in ["Coming soon", "COMING SOON", "coming ſoon"] {
            assert!(literals.in_text(text), "{text}");
        }
        assert!(!literals.in_text("coming later"));
    }

    #[test]
    fn no_literals_for_some_pattern_is_no_prefilter() {
        assert!(Literals::new(&[spec("TODO"), spec(r"\w{9,}")]).is_none());
    }

    #[test]
    fn each_text_is_marked_on_its_own() {
        let builtin = RulePack::load().unwrap().placeholder_specs;
        let literals = Literals::new(&builtin).unwrap();
        assert_eq!(
            literals.in_each(&["plain text", "a TODO here", "nothing to see"]),
            [false, true, false]
        );
        // Texts after one holding a literal twice are still searched.
        assert_eq!(
            literals.in_each(&["link, link", "a link", "plain", "TODO TODO", "x TODO", "y"]),
            [true, true, false, true, true, false]
        );
        // "[insert ...]" is looked for by its word, not by every `[`.
        assert_eq!(
            literals.in_each(&["> [!NOTE]", "[insert a link]"]),
            [false, true]
        );
        assert_eq!(literals.in_each(&[]), [] as [bool; 0]);
        // A literal across the line break that joins two texts marks both.
        let across = Literals::new(&[spec(r"a\nb")]).unwrap();
        assert_eq!(across.in_each(&["a", "b", "c"]), [true, true, false]);
    }
}
