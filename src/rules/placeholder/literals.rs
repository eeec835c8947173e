//! The placeholder prefilter: for each pattern, literals one of which every
//! match holds. One search of a document's texts tells, for each text, the
//! few patterns that may match it, and only those run: almost no text holds
//! a placeholder, and running every pattern on every text doubled the
//! check's time on the corpus.

use aho_corasick::AhoCorasick;
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::{Hir, HirKind};

use crate::knowledge::PatternSpec;

#[derive(Debug)]
pub(super) struct Literals {
    /// Literals of the patterns that respect case, as written ("TODO").
    exact: Searcher,
    /// Literals of the patterns that ignore case, lower-cased, looked for in
    /// the text case-folded: one word rather than its every way of being
    /// written ("to be determined" has 65,536).
    folded: Searcher,
    /// Patterns with no such literals (`\w{9,}`): tried on every text.
    everywhere: Vec<usize>,
}

/// One search for many literals, and the patterns each literal belongs to.
#[derive(Debug, Default)]
struct Searcher {
    ac: Option<AhoCorasick>,
    /// `owners[id]`: the patterns whose literals include literal `id`.
    owners: Vec<Vec<usize>>,
}

impl Literals {
    pub(super) fn new(specs: &[PatternSpec]) -> Literals {
        let (mut exact, mut folded, mut everywhere) = (Vec::new(), Vec::new(), Vec::new());
        for (index, spec) in specs.iter().enumerate() {
            match required_literals(&spec.regex) {
                Required::Exact(literals) => exact.extend(literals.into_iter().map(|l| (l, index))),
                Required::Folded(literals) => {
                    folded.extend(literals.into_iter().map(|l| (l, index)))
                }
                Required::None => everywhere.push(index),
            }
        }
        Literals {
            exact: Searcher::new(exact),
            folded: Searcher::new(folded),
            everywhere,
        }
    }

    /// Every pattern tried on every text, as if there were no prefilter.
    #[cfg(test)]
    pub(super) fn none(patterns: usize) -> Literals {
        Literals {
            exact: Searcher::default(),
            folded: Searcher::default(),
            everywhere: (0..patterns).collect(),
        }
    }

    /// For each of `texts`, the patterns that may match it, ascending,
    /// found with one search of them all joined by line breaks.
    pub(super) fn candidates(&self, texts: &[&str]) -> Vec<Vec<usize>> {
        let mut found = vec![self.everywhere.clone(); texts.len()];
        let (joined, starts) = joined_texts(texts, |out, text| out.push_str(text));
        self.exact.mark(&joined, &starts, &mut found);
        if self.folded.ac.is_some() {
            // ASCII lower-casing keeps every offset.
            let (folded, starts) = if has_ascii_fold_outside_ascii(&joined) {
                joined_texts(texts, fold_into)
            } else {
                (joined.to_ascii_lowercase(), starts)
            };
            self.folded.mark(&folded, &starts, &mut found);
        }
        for patterns in &mut found {
            patterns.sort_unstable();
            patterns.dedup();
        }
        found
    }
}

impl Searcher {
    fn new(mut literals: Vec<(Vec<u8>, usize)>) -> Searcher {
        literals.sort_unstable();
        literals.dedup();
        let mut words: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<usize>> = Vec::new();
        for (literal, pattern) in literals {
            if words.last() != Some(&literal) {
                words.push(literal);
                owners.push(Vec::new());
            }
            owners.last_mut().expect("pushed above").push(pattern);
        }
        if words.is_empty() {
            return Searcher::default();
        }
        // A search reports the longest literal starting at a place: it
        // stands for the shorter ones that start there too, its prefixes.
        let owners = words
            .iter()
            .map(|word| {
                let mut all: Vec<usize> = (0..words.len())
                    .filter(|&other| word.starts_with(&words[other]))
                    .flat_map(|other| owners[other].iter().copied())
                    .collect();
                all.sort_unstable();
                all.dedup();
                all
            })
            .collect();
        let ac = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .expect("literals of at most a few kilobytes");
        Searcher {
            ac: Some(ac),
            owners,
        }
    }

    /// Adds to `found[i]` the owners of every literal in text `i` of
    /// `joined` (texts starting at `starts`).
    fn mark(&self, joined: &str, starts: &[usize], found: &mut [Vec<usize>]) {
        let Some(ac) = &self.ac else { return };
        let mut input = aho_corasick::Input::new(joined);
        // Every place a literal starts, once: a literal inside another
        // ("link" in "possible link") may be another pattern's.
        while let Some(hit) = ac.find(input.clone()) {
            // A hit marks every text it overlaps: one across a line break may
            // hide the start of another in the next text.
            let first = starts.partition_point(|&s| s <= hit.start()) - 1;
            let last = starts.partition_point(|&s| s < hit.end()) - 1;
            for patterns in &mut found[first..=last] {
                patterns.extend(&self.owners[hit.pattern().as_usize()]);
            }
            input.set_start(hit.start() + 1);
        }
    }
}

/// `texts` joined, each written by `write` and followed by a line break, and
/// where each starts.
fn joined_texts(texts: &[&str], mut write: impl FnMut(&mut String, &str)) -> (String, Vec<usize>) {
    let mut joined = String::with_capacity(texts.iter().map(|t| t.len() + 1).sum());
    let mut starts = Vec::with_capacity(texts.len());
    for text in texts {
        starts.push(joined.len());
        write(&mut joined, text);
        joined.push('\n');
    }
    (joined, starts)
}

/// The two letters outside ASCII that a pattern ignoring case reads as
/// ASCII ones: the long s (`ſ`, an s) and the Kelvin sign (`K`, a k).
const FOLDED_ONTO_ASCII: [(char, char); 2] = [('\u{17F}', 's'), ('\u{212A}', 'k')];

fn has_ascii_fold_outside_ascii(text: &str) -> bool {
    FOLDED_ONTO_ASCII.iter().any(|(from, _)| {
        memchr::memmem::find(text.as_bytes(), from.encode_utf8(&mut [0; 4]).as_bytes()).is_some()
    })
}

/// `text` as a pattern ignoring case reads it against ASCII literals:
/// ASCII letters lower-cased, and [`FOLDED_ONTO_ASCII`] mapped.
fn fold_into(out: &mut String, text: &str) {
    for c in text.chars() {
        let folded = FOLDED_ONTO_ASCII
            .iter()
            .find(|(from, _)| *from == c)
            .map_or(c.to_ascii_lowercase(), |(_, to)| *to);
        out.push(folded);
    }
}

/// What every match of a pattern holds.
#[derive(Debug, PartialEq)]
enum Required {
    /// One of these literals, as written.
    Exact(Vec<Vec<u8>>),
    /// One of these ASCII literals, in the text case-folded.
    Folded(Vec<Vec<u8>>),
    /// No finite set of literals.
    None,
}

/// What every match of `regex` holds. A pattern that ignores case as a
/// whole (`(?i)...`) is read without it, for its literals as written: with
/// it, each literal comes in every case, and the extractor, capped, keeps
/// only short prefixes of them ("to be " rather than "to be determined").
fn required_literals(regex: &str) -> Required {
    if let Some(rest) = regex.strip_prefix("(?i)") {
        if let Some(literals) = literals_of(rest) {
            if literals.iter().all(|l| l.is_ascii()) {
                let lower = literals.iter().map(|l| l.to_ascii_lowercase()).collect();
                return Required::Folded(lower);
            }
        }
    }
    match literals_of(regex) {
        Some(literals) => Required::Exact(literals),
        None => Required::None,
    }
}

/// Literals one of which every match of `regex` holds, as written; `None`
/// when there is no such finite set.
fn literals_of(regex: &str) -> Option<Vec<Vec<u8>>> {
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

    fn words(literals: &[&str]) -> Vec<Vec<u8>> {
        literals.iter().map(|l| l.as_bytes().to_vec()).collect()
    }

    #[test]
    fn literals_come_from_the_ph_group_or_a_telling_tail() {
        assert_eq!(
            required_literals(r"(?i)(?:^|:)\s*(?P<ph>what is)[\s?.…:]*$"),
            Required::Folded(words(&["what is"]))
        );
        assert_eq!(
            required_literals(r"(?i)(?P<ph>\[\s*insert(?-u:\b)[^\]]*\])"),
            Required::Folded(words(&["insert"]))
        );
        // Whole, not cut short by the cases they come in.
        assert_eq!(
            required_literals(r"(?i)^(?P<ph>to be (?:determined|added))\b"),
            Required::Folded(words(&["to be determined", "to be added"]))
        );
        assert_eq!(
            required_literals(r"TODO|FIXME"),
            Required::Exact(words(&["TODO", "FIXME"]))
        );
        // A group that may be skipped is not on every match: the whole
        // pattern stands, short as its literals are.
        assert_eq!(
            required_literals(r"a(?P<ph>bcd)?"),
            Required::Exact(words(&["abcd", "a"]))
        );
        assert_eq!(
            required_literals(r"\w{9,}"),
            Required::None,
            "no finite set"
        );
        assert_eq!(
            required_literals(r"x?"),
            Required::None,
            "the empty literal"
        );
        // Case ignored for a word outside ASCII: every case of it, as written.
        assert_eq!(
            required_literals("(?i)été"),
            Required::Exact(words(&[
                "ÉTÉ", "ÉTé", "ÉtÉ", "Été", "éTÉ", "éTé", "étÉ", "été"
            ]))
        );
        // Every built-in pattern has literals.
        for spec in RulePack::load().unwrap().placeholder_specs {
            assert_ne!(
                required_literals(&spec.regex),
                Required::None,
                "{}",
                spec.name
            );
        }
    }

    #[test]
    fn case_is_folded_only_where_the_pattern_ignores_it() {
        let literals = Literals::new(&[spec("TODO"), spec("(?i)coming soon")]);
        let texts = [
            "a TODO here",
            "a todo here",
            "Coming soon",
            "COMING SOON",
            "coming ſoon",
            "coming later",
        ];
        assert_eq!(
            literals.candidates(&texts),
            [vec![0], vec![], vec![1], vec![1], vec![1], vec![]]
        );
        let kelvin = Literals::new(&[spec("(?i)kb")]);
        assert_eq!(
            kelvin.candidates(&["1 \u{212A}B", "1 kB", "1 MB"]),
            [vec![0], vec![0], vec![]]
        );
    }

    #[test]
    fn a_pattern_without_literals_is_tried_everywhere() {
        let literals = Literals::new(&[spec("TODO"), spec(r"\w{9,}")]);
        assert_eq!(literals.candidates(&["TODO", "x"]), [vec![0, 1], vec![1]]);
    }

    #[test]
    fn each_text_gets_the_patterns_it_may_match() {
        let builtin = RulePack::load().unwrap().placeholder_specs;
        let index = |name: &str| builtin.iter().position(|s| s.name == name).unwrap();
        let literals = Literals::new(&builtin);
        let (marker, stub, unsure, possible) = (
            index("marker"),
            index("link stub"),
            index("unsure link"),
            index("possible link"),
        );
        let mut links = vec![stub, unsure];
        links.sort();
        assert_eq!(
            literals.candidates(&["plain text", "a TODO here", "nothing to see"]),
            [vec![], vec![marker], vec![]]
        );
        // Texts after one holding a literal twice are still searched.
        assert_eq!(
            literals.candidates(&["link, link", "a link", "plain", "TODO TODO", "x TODO", "y"]),
            [
                links.clone(),
                links.clone(),
                vec![],
                vec![marker],
                vec![marker],
                vec![]
            ]
        );
        // A literal inside another is found too: "link" in "possible link".
        let mut all_three = vec![stub, unsure, possible];
        all_three.sort();
        assert_eq!(literals.candidates(&["possible link to x?"]), [all_three]);
        // "[insert ...]" is looked for by its word, not by every `[`.
        assert_eq!(
            literals.candidates(&["> [!NOTE]", "[insert a link]"]),
            [vec![], {
                let mut v = vec![index("insert"), stub, unsure];
                v.sort();
                v
            }]
        );
        assert!(literals.candidates(&[]).is_empty());
        // A literal across the line break that joins two texts marks both.
        let across = Literals::new(&[spec(r"a\nb")]);
        assert_eq!(
            across.candidates(&["a", "b", "c"]),
            [vec![0], vec![0], vec![]]
        );
    }
}
