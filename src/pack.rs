//! The rule pack: rule metadata and knowledge (placeholder patterns,
//! required front-matter keys), as data from `rules/*.toml`, embedded in the
//! binary so itsmlint works with no configuration.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};
use regex_syntax::hir::Hir;
use serde::Deserialize;

use crate::finding::Severity;

const RULES_TOML: &str = include_str!("../rules/rules.toml");
const PLACEHOLDERS_TOML: &str = include_str!("../rules/placeholders.toml");
const FRONT_MATTER_TOML: &str = include_str!("../rules/front-matter.toml");
const TABLES_TOML: &str = include_str!("../rules/tables.toml");

/// Bad rule data: a pack file that does not load or a regex that does not compile.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    #[error("{file}: {source}")]
    Toml {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("placeholder pattern `{name}`: {source}")]
    Regex {
        name: String,
        #[source]
        source: regex::Error,
    },
    #[error(transparent)]
    Catalog(#[from] crate::catalog::CatalogError),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleInfo {
    pub id: String,
    pub severity: Severity,
    pub summary: String,
    pub explanation: String,
    #[serde(default)]
    pub example: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    rule: Vec<RuleInfo>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Cell,
    Prose,
    #[default]
    Any,
}

/// One placeholder pattern as written in TOML.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternSpec {
    pub name: String,
    pub regex: String,
    #[serde(default)]
    pub scope: Scope,
    #[serde(default)]
    pub unless_linked: bool,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct AllowSpec {
    #[serde(default)]
    phrases: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaceholdersFile {
    pattern: Vec<PatternSpec>,
    #[serde(default)]
    allow: AllowSpec,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatterFile {
    required: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct TablesFile {
    component_headers: Vec<String>,
    link_headers: Vec<String>,
    link_exempt: Vec<String>,
}

/// Placeholder patterns, ready to search with. Almost no text holds a
/// placeholder: a text is searched only with the patterns whose literals
/// it holds, and each pattern is compiled only when a text first needs it.
#[derive(Debug)]
pub struct Placeholders {
    pub specs: Vec<PatternSpec>,
    /// Per pattern, literals one of which every match holds (see
    /// [`Required`]), ready to search for: building a searcher for each
    /// text cost more than the search; `None` when the pattern has no such set.
    literals: Vec<Option<PatternLiterals>>,
    /// Which of many texts may hold a placeholder, asked of all at once
    /// (see [`Placeholders::candidates`]).
    prefilter: Prefilter,
    /// Each pattern, compiled when a text first needs it: most runs need
    /// few, and compiling them all (as one set) was most of a short run's
    /// start-up time.
    regexes: Vec<OnceLock<Option<Regex>>>,
    /// Lower-cased allowed phrases.
    allowed: Vec<String>,
}

/// Config-supplied regexes are capped so a pattern cannot blow up compile time or memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Which texts may hold a placeholder, found for many texts at once: almost
/// none do, and one search over all of them costs far less than one per text.
/// The texts are joined by line breaks and searched once.
#[derive(Debug)]
enum Prefilter {
    /// Every match starts with one of these literals, lower-cased in ASCII:
    /// the texts with none of them in their ASCII lower case are out.
    Literals(Literals),
    /// Every pattern's core in multi-line mode, where `^` and `$` match at
    /// every text's ends and a word boundary at a text's edge is one still,
    /// so a match in one text is a match in the joined ones: all texts are
    /// in, or none.
    Joined(RegexSet),
    /// Some pattern has no literal start and anchors to the whole text:
    /// every text is a candidate.
    Everything,
}

impl Prefilter {
    /// `literals` are each pattern's (see [`Placeholders::literals`]).
    fn new(specs: &[PatternSpec], literals: &[Option<Required>]) -> Prefilter {
        if let Some(all) = literals
            .iter()
            .map(Option::as_ref)
            .collect::<Option<Vec<_>>>()
        {
            if let Some(literals) = Literals::new(&all) {
                return Prefilter::Literals(literals);
            }
        }
        let cores: Vec<Hir> = specs.iter().filter_map(|s| core_of(&s.regex)).collect();
        if cores.len() != specs.len() {
            return Prefilter::Everything;
        }
        let cores: Vec<String> = cores.iter().map(Hir::to_string).collect();
        if !cores.iter().all(|core| survives_joining(core)) {
            return Prefilter::Everything;
        }
        match regex::RegexSetBuilder::new(&cores)
            .multi_line(true)
            .size_limit(REGEX_SIZE_LIMIT * 8)
            .build()
        {
            Ok(set) => Prefilter::Joined(set),
            Err(_) => Prefilter::Everything,
        }
    }

    /// Which texts may hold a placeholder: each of `texts`, then each of
    /// the texts already joined in `joined` (each followed by a line break,
    /// text `i` starting at `starts[i]`, in order). All are copied into
    /// one buffer and searched at once: a search costs most in setting out
    /// (its code and tables are cold by the next file), not per byte.
    fn candidates<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        joined: &str,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<bool> {
        if let Prefilter::Everything = self {
            let texts = texts.into_iter().count();
            return vec![true; texts + starts.into_iter().count()];
        }
        JOINED.with(|buffer| {
            let mut buffer = buffer.borrow_mut();
            buffer.clear();
            let starts = starts.into_iter();
            // Room for the joined texts and a table's worth of the others.
            let mut all_starts = Vec::with_capacity(starts.size_hint().0 + 64);
            for text in texts {
                all_starts.push(buffer.len());
                buffer.push_str(text);
                buffer.push('\n');
            }
            let (base, separate) = (buffer.len(), all_starts.len());
            buffer.push_str(joined);
            all_starts.extend(starts.map(|start| base + start));
            let marked = match self {
                Prefilter::Literals(literals) => literals.mark(&buffer, &all_starts),
                // Each part all in or all out, as when searched apart.
                Prefilter::Joined(set) => {
                    let mut marked = vec![set.is_match(&buffer[..base]); separate];
                    marked.resize(all_starts.len(), set.is_match(&buffer[base..]));
                    marked
                }
                Prefilter::Everything => vec![true; all_starts.len()],
            };
            if buffer.capacity() > KEPT_BUFFER_MAX_BYTES {
                *buffer = String::new();
            }
            marked
        })
    }
}

thread_local! {
    /// The texts a thread searches for literals, joined, kept from one
    /// file to the next rather than made anew.
    static JOINED: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
    /// The lower-cased copy of the texts a thread searches for folded
    /// literals, kept from one file to the next rather than made anew.
    static LOWER_CASED: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The joined texts and their lower-cased copy are kept for the next file
/// only up to this size, so that one huge file does not hold them for the
/// rest of the run.
const KEPT_BUFFER_MAX_BYTES: usize = 1 << 20;

/// The literals one of which every match of a pattern holds (see
/// [`required_literals`]), as they are best looked for.
#[derive(Debug, Clone)]
struct Required {
    literals: Vec<Vec<u8>>,
    /// Lower-cased in ASCII, to be looked for in lower-cased text: the
    /// pattern ignores case there, and its literals are every way of
    /// writing its word in capitals and small letters ("What is",
    /// "WHAT IS"...). Otherwise they are looked for as written ("TODO").
    folded: bool,
}

impl Required {
    fn of(hir: &Hir) -> Option<Required> {
        // Where the pattern ignores case, its letters are narrowed to small
        // ones first: the literals are then one word, not every way of
        // writing it in capitals and small letters (1,024 for "coming
        // soon", the most of a short run's start-up time to list and sort).
        let mut narrowed = false;
        let hir = small_letters_only(hir, &mut narrowed);
        let mut literals = required_literals(&hir)?;
        literals.sort_unstable();
        literals.dedup();
        let mut folded: Vec<Vec<u8>> = literals.iter().map(|l| l.to_ascii_lowercase()).collect();
        folded.sort_unstable();
        folded.dedup();
        // Letters narrowed, or two literals alike but for case: the pattern
        // ignores case. (Either way the search finds every match: a literal
        // set as written is exact, and a lower-cased one looked for in
        // lower-cased text finds all it found and more.)
        Some(if narrowed || folded.len() < literals.len() {
            Required {
                literals: without_longer(folded),
                folded: true,
            }
        } else {
            Required {
                literals: without_longer(literals),
                folded: false,
            }
        })
    }

    /// A searcher for each literal, for one text at a time.
    fn finders(&self) -> PatternLiterals {
        PatternLiterals {
            finders: self
                .literals
                .iter()
                .map(|l| memchr::memmem::Finder::new(l).into_owned())
                .collect(),
            folded: self.folded,
        }
    }
}

/// One pattern's literals, ready to search one text for.
#[derive(Debug, Clone)]
struct PatternLiterals {
    finders: Vec<memchr::memmem::Finder<'static>>,
    /// Looked for in the text lower-cased (see [`Required::folded`]).
    folded: bool,
}

/// Where any of a set of literals occurs: those written in one case looked
/// for in the text as it is, the others in its lower-cased copy; each set
/// in one pass.
#[derive(Debug)]
struct Literals {
    exact: Option<Searcher>,
    folded: Option<Searcher>,
}

impl Literals {
    fn new(required: &[&Required]) -> Option<Literals> {
        let set = |folded: bool| -> Vec<Vec<u8>> {
            let mut set: Vec<Vec<u8>> = required
                .iter()
                .filter(|r| r.folded == folded)
                .flat_map(|r| r.literals.iter().cloned())
                .collect();
            set.sort_unstable();
            set.dedup();
            set
        };
        // Words in capitals ("TODO", "TK") are rare in text as written, so
        // even two bytes of one pick out few places; in lower-cased text
        // "tk" and "tbd" would stop the shared search at every "t".
        let (exact, folded) = (set(false), set(true));
        if exact.is_empty() && folded.is_empty() {
            return None;
        }
        // A set that cannot be searched (aho-corasick refused it) leaves
        // the prefilter to the next kind, rather than missing its texts.
        let searcher = |set: Vec<Vec<u8>>, long_from| {
            if set.is_empty() {
                Some(None)
            } else {
                Searcher::new(set, long_from).map(Some)
            }
        };
        Some(Literals {
            exact: searcher(exact, 2)?,
            folded: searcher(folded, 4)?,
        })
    }

    /// Which of the texts in `joined` (joined as [`Prefilter::candidates`]
    /// says) hold a literal: the exact ones searched where the texts are,
    /// the folded ones in a lower-cased copy.
    fn mark(&self, joined: &str, starts: &[usize]) -> Vec<bool> {
        let mut marked = vec![false; starts.len()];
        if let Some(exact) = &self.exact {
            exact.mark(joined.as_bytes(), starts, &mut marked);
        }
        if let Some(folded) = &self.folded {
            LOWER_CASED.with(|lower| {
                let mut lower = lower.borrow_mut();
                lower.clear();
                lower.extend(joined.bytes().map(|b| b.to_ascii_lowercase()));
                folded.mark(&lower, starts, &mut marked);
                if lower.capacity() > KEPT_BUFFER_MAX_BYTES {
                    *lower = Vec::new();
                }
            });
        }
        marked
    }
}

/// Finds any of a set of literals. Those of `long_from` bytes or more are
/// found together with the SIMD search of aho-corasick (which too short
/// ones slow to a byte at a time), the others each with memchr's SIMD
/// substring search.
#[derive(Debug)]
struct Searcher {
    long: Option<AhoCorasick>,
    short: Vec<memchr::memmem::Finder<'static>>,
}

impl Searcher {
    /// `None` if aho-corasick cannot build its searcher.
    fn new(literals: Vec<Vec<u8>>, long_from: usize) -> Option<Searcher> {
        let (long, short): (Vec<_>, Vec<_>) =
            literals.into_iter().partition(|l| l.len() >= long_from);
        let long = if long.is_empty() {
            None
        } else {
            // Leftmost-first: the kind of search aho-corasick does with SIMD.
            let ac = AhoCorasick::builder()
                .match_kind(aho_corasick::MatchKind::LeftmostFirst)
                .build(&long)
                .ok()?;
            Some(ac)
        };
        let short = short
            .iter()
            .map(|l| memchr::memmem::Finder::new(l).into_owned())
            .collect();
        Some(Searcher { long, short })
    }

    /// Marks the texts of `text` (text `i` starting at `starts[i]`) that
    /// hold a literal. After a text is found to hold one, each search goes
    /// on from the next text: "link" may be in a paragraph many times.
    fn mark(&self, text: &[u8], starts: &[usize], marked: &mut [bool]) {
        // The text a match at `at` is in, and where the next one starts.
        let text_of = |at: usize| {
            let i = starts.partition_point(|&s| s <= at).checked_sub(1);
            let next = i.and_then(|i| starts.get(i + 1)).map_or(text.len(), |&s| s);
            (i, next)
        };
        if let Some(ac) = &self.long {
            let mut from = 0;
            while from < text.len() {
                let Some(found) = ac.find(aho_corasick::Input::new(text).range(from..)) else {
                    break;
                };
                let (i, next) = text_of(found.start());
                if let Some(i) = i {
                    marked[i] = true;
                }
                from = next.max(found.start() + 1);
            }
        }
        for finder in &self.short {
            let mut from = 0;
            while from < text.len() {
                let Some(at) = finder.find(&text[from..]) else {
                    break;
                };
                let (i, next) = text_of(from + at);
                if let Some(i) = i {
                    marked[i] = true;
                }
                from = next.max(from + at + 1);
            }
        }
    }
}

/// What every match of a pattern contains, as a pattern of its own: the
/// `ph` group, with the flags in force there, when every match must pass
/// through it; otherwise the whole pattern. The group alone starts with a
/// word ("what is", "TODO"), where the whole pattern starts with `^\s*`.
fn core_of(regex: &str) -> Option<Hir> {
    fn spine_group(hir: &Hir) -> Option<&Hir> {
        use regex_syntax::hir::HirKind;
        match hir.kind() {
            HirKind::Capture(c) if c.name.as_deref() == Some("ph") => Some(&c.sub),
            HirKind::Capture(c) => spine_group(&c.sub),
            HirKind::Concat(parts) => parts.iter().find_map(spine_group),
            HirKind::Repetition(r) if r.min >= 1 => spine_group(&r.sub),
            _ => None,
        }
    }
    let hir = regex_syntax::parse(regex).ok()?;
    Some(spine_group(&hir).cloned().unwrap_or(hir))
}

/// `literals` without those that hold another of them: a text holding
/// "links" holds "link", so looking for "link" alone finds the same texts.
fn without_longer(literals: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    let holds = |long: &[u8], short: &[u8]| {
        long.len() > short.len() && long.windows(short.len()).any(|w| w == short)
    };
    literals
        .iter()
        .filter(|long| !literals.iter().any(|short| holds(long, short)))
        .cloned()
        .collect()
}

/// `hir` with every class that holds both cases of an ASCII letter (`(?i)k`
/// is `[kK\u{212A}]`) left with the small one only; `narrowed` is set if
/// any was. The literals of the result, lower-cased, hold those of `hir`
/// lower-cased: what a search of lower-cased text for them needs. Other
/// members of a class (the Kelvin sign, the long s) are kept: lower-casing
/// ASCII leaves them as they are.
fn small_letters_only(hir: &Hir, narrowed: &mut bool) -> Hir {
    use regex_syntax::hir::{
        Capture, Class, ClassBytes, ClassBytesRange, ClassUnicode, ClassUnicodeRange, HirKind,
        Repetition,
    };
    let capitals_with_small = |holds: &dyn Fn(u8) -> bool| -> Vec<u8> {
        (b'A'..=b'Z')
            .filter(|&capital| holds(capital) && holds(capital.to_ascii_lowercase()))
            .collect()
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => {
            let holds = |b: u8| {
                let c = char::from(b);
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            let capitals = capitals_with_small(&holds);
            if capitals.is_empty() {
                return hir.clone();
            }
            *narrowed = true;
            let mut class = class.clone();
            class.difference(&ClassUnicode::new(
                capitals
                    .iter()
                    .map(|&b| ClassUnicodeRange::new(char::from(b), char::from(b))),
            ));
            Hir::class(Class::Unicode(class))
        }
        HirKind::Class(Class::Bytes(class)) => {
            let holds = |b: u8| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= b && b <= r.end())
            };
            let capitals = capitals_with_small(&holds);
            if capitals.is_empty() {
                return hir.clone();
            }
            *narrowed = true;
            let mut class = class.clone();
            class.difference(&ClassBytes::new(
                capitals.iter().map(|&b| ClassBytesRange::new(b, b)),
            ));
            Hir::class(Class::Bytes(class))
        }
        HirKind::Repetition(repetition) => Hir::repetition(Repetition {
            min: repetition.min,
            max: repetition.max,
            greedy: repetition.greedy,
            sub: Box::new(small_letters_only(&repetition.sub, narrowed)),
        }),
        HirKind::Capture(capture) => Hir::capture(Capture {
            index: capture.index,
            name: capture.name.clone(),
            sub: Box::new(small_letters_only(&capture.sub, narrowed)),
        }),
        HirKind::Concat(parts) => Hir::concat(
            parts
                .iter()
                .map(|part| small_letters_only(part, narrowed))
                .collect(),
        ),
        HirKind::Alternation(parts) => Hir::alternation(
            parts
                .iter()
                .map(|part| small_letters_only(part, narrowed))
                .collect(),
        ),
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => hir.clone(),
    }
}

/// Literals one of which every match of `hir` holds, as written:
/// the literals it starts with or, when those are short (a lone `[`), the
/// ones a later part of it starts with ("insert" in `\[\s*insert[^\]]*\]`).
/// A match of a concatenation holds a match of each of its parts, so the
/// literals of any suffix of it serve, and a longer literal marks fewer texts.
fn required_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    use regex_syntax::hir::HirKind;
    let shortest = |set: &[Vec<u8>]| set.iter().map(Vec::len).min().unwrap_or(0);
    let mut best = prefixes(hir);
    if let HirKind::Concat(parts) = hir.kind() {
        for from in 1..parts.len() {
            if best.as_deref().is_some_and(|b| shortest(b) >= 3) {
                break;
            }
            let Some(found) = prefixes(&Hir::concat(parts[from..].to_vec())) else {
                continue;
            };
            if best
                .as_deref()
                .is_none_or(|b| shortest(&found) > shortest(b))
            {
                best = Some(found);
            }
        }
    }
    best
}

/// Literals every match of `hir` starts with, as written; `None`
/// when there is no such finite set, or it holds the empty string (which
/// every text starts with) or a line break (which joining adds).
fn prefixes(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    // Room for the case variants of a word like "possible" (ſ is an s too).
    let seq = Extractor::new()
        .kind(ExtractKind::Prefix)
        .limit_total(4096)
        .extract(hir);
    let literals = seq.literals()?;
    literals
        .iter()
        .map(|l| {
            let bytes = l.as_bytes();
            (!bytes.is_empty() && !bytes.contains(&b'\n')).then(|| bytes.to_vec())
        })
        .collect()
}

/// Whether a pattern's matches in one text are still matches when that
/// text is a line among others and `^`/`$` mean line starts and ends: not
/// when it anchors to the whole text (`\A`, `\z`) or turns multi-line mode
/// off (`(?-m)`). Read by text, so a doubtful pattern is simply not joined.
fn survives_joining(regex: &str) -> bool {
    let turns_m_off = regex.match_indices("(?").any(|(at, _)| {
        let flags = regex[at + 2..].split([')', ':']).next().unwrap_or("");
        flags
            .split_once('-')
            .is_some_and(|(_, off)| off.contains('m'))
    });
    !turns_m_off && !regex.contains("\\A") && !regex.contains("\\z")
}

/// Compiles one pattern as [`Placeholders::new`] will, to report a bad one where it is written.
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
        for (index, spec) in placeholders.specs.iter().enumerate() {
            let regex = compile(&spec.regex).map_err(|source| PackError::Regex {
                name: spec.name.clone(),
                source,
            })?;
            let _ = placeholders.regexes[index].set(Some(regex));
        }
        Ok(placeholders)
    }

    /// Patterns that compile, known so before: the built-in pack's (its
    /// tests compile each) and a configuration's own (checked with
    /// [`check_pattern`] as the file loads). Each compiles when first needed.
    pub(crate) fn checked_before(specs: Vec<PatternSpec>, allowed: Vec<String>) -> Self {
        let literals: Vec<Option<Required>> = specs
            .iter()
            .map(|spec| Required::of(&core_of(&spec.regex)?))
            .collect();
        let finders = literals
            .iter()
            .map(|required| Some(required.as_ref()?.finders()))
            .collect();
        Placeholders {
            prefilter: Prefilter::new(&specs, &literals),
            regexes: specs.iter().map(|_| OnceLock::new()).collect(),
            literals: finders,
            specs,
            allowed: allowed.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    /// Pattern `index`, compiled on first use. Every pattern was checked to
    /// compile, so `None` is only a defensive answer.
    fn regex(&self, index: usize) -> Option<&Regex> {
        self.regexes[index]
            .get_or_init(|| compile(&self.specs[index].regex).ok())
            .as_ref()
    }

    /// Which of `texts` may hold a placeholder (`true` at their index), in
    /// one pass over all of them: a text marked `false` holds none.
    pub fn candidates(&self, texts: &[&str]) -> Vec<bool> {
        self.prefilter.candidates(texts.iter().copied(), "", [])
    }

    /// [`Placeholders::candidates`] for `texts` and then for texts already
    /// joined, each followed by a line break: text `i` of `joined` starts
    /// at `starts[i]`, in order.
    pub fn candidates_with_joined<'t>(
        &self,
        texts: impl IntoIterator<Item = &'t str>,
        joined: &str,
        starts: impl IntoIterator<Item = usize>,
    ) -> Vec<bool> {
        self.prefilter.candidates(texts, joined, starts)
    }

    /// Placeholder matches in `text` for the given scope: `(pattern index, byte range)`,
    /// without overlaps (the earliest, then longest, wins) and without allowed phrases.
    pub fn find(
        &self,
        text: &str,
        cell: bool,
        has_link: bool,
    ) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut found: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        let mut lower: Option<String> = None;
        for (index, spec) in self.specs.iter().enumerate() {
            let in_scope = match spec.scope {
                Scope::Any => true,
                Scope::Cell => cell,
                Scope::Prose => !cell,
            };
            if !in_scope || (spec.unless_linked && has_link) {
                continue;
            }
            // A pattern none of whose literals the text holds cannot match it.
            if let Some(literals) = &self.literals[index] {
                let searched = if literals.folded {
                    lower.get_or_insert_with(|| text.to_ascii_lowercase())
                } else {
                    text
                };
                if !literals
                    .finders
                    .iter()
                    .any(|literal| literal.find(searched.as_bytes()).is_some())
                {
                    continue;
                }
            }
            let Some(regex) = self.regex(index) else {
                continue;
            };
            for caps in regex.captures_iter(text) {
                let m = caps.name("ph").or_else(|| caps.get(0)).expect("group 0");
                if !m.is_empty() && !self.is_allowed(text, m.range()) {
                    found.push((index, m.range()));
                }
            }
        }
        found.sort_by_key(|(_, r)| (r.start, std::cmp::Reverse(r.end)));
        let mut kept: Vec<(usize, std::ops::Range<usize>)> = Vec::with_capacity(found.len());
        for (index, range) in found {
            if kept.last().is_none_or(|(_, last)| range.start >= last.end) {
                kept.push((index, range));
            }
        }
        kept
    }

    fn is_allowed(&self, text: &str, range: std::ops::Range<usize>) -> bool {
        if self.allowed.is_empty() {
            return false;
        }
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            // Lower-casing changed byte lengths; compare phrases anywhere in the text.
            return self.allowed.iter().any(|p| lower.contains(p.as_str()));
        }
        self.allowed.iter().any(|phrase| {
            lower
                .match_indices(phrase.as_str())
                .any(|(at, p)| at <= range.start && range.end <= at + p.len())
        })
    }
}

/// Everything the built-in rules know, before any project configuration.
#[derive(Debug)]
pub struct RulePack {
    pub rules: Vec<RuleInfo>,
    pub placeholder_specs: Vec<PatternSpec>,
    pub allowed_phrases: Vec<String>,
    pub required_keys: Vec<String>,
    pub component_headers: Vec<String>,
    pub link_headers: Vec<String>,
    pub link_exempt: Vec<String>,
}

impl RulePack {
    /// The pack embedded in the binary. Its loading is tested, so a failure
    /// here is a build defect, never a user's input.
    pub fn builtin() -> &'static RulePack {
        static PACK: OnceLock<RulePack> = OnceLock::new();
        PACK.get_or_init(|| RulePack::load().expect("the embedded rule pack loads (tested)"))
    }

    pub fn load() -> Result<RulePack, PackError> {
        let rules: RulesFile = parse("rules/rules.toml", RULES_TOML)?;
        let placeholders: PlaceholdersFile = parse("rules/placeholders.toml", PLACEHOLDERS_TOML)?;
        let front_matter: FrontMatterFile = parse("rules/front-matter.toml", FRONT_MATTER_TOML)?;
        let tables: TablesFile = parse("rules/tables.toml", TABLES_TOML)?;
        Ok(RulePack {
            rules: rules.rule,
            placeholder_specs: placeholders.pattern,
            allowed_phrases: placeholders.allow.phrases,
            required_keys: front_matter.required,
            component_headers: tables.component_headers,
            link_headers: tables.link_headers,
            link_exempt: tables.link_exempt,
        })
    }

    pub fn info(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    pub fn default_severities(&self) -> crate::settings::Severities {
        self.rules
            .iter()
            .map(|r| (r.id.clone(), r.severity))
            .collect()
    }
}

fn parse<T: serde::de::DeserializeOwned>(file: &'static str, text: &str) -> Result<T, PackError> {
    toml::from_str(text).map_err(|source| PackError::Toml { file, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_core_of_a_pattern_is_its_placeholder_group() {
        let pack = RulePack::load().unwrap();
        for spec in &pack.placeholder_specs {
            let core = core_of(&spec.regex).unwrap();
            assert!(prefixes(&core).is_some(), "{}: {core}", spec.name);
        }
        let core = |regex: &str| core_of(regex).unwrap().to_string();
        // Optional or alternative groups are not on every match: the whole pattern stands.
        for regex in [r"a(?P<ph>b)?", r"a|(?P<ph>b)", r"(?P<ph>b)*"] {
            assert_eq!(core(regex), core(&format!("(?:{regex})")), "{regex}");
        }
        assert_eq!(core(r"^\s*(?P<ph>TBD)$"), "(?:TBD)");
        assert_eq!(prefixes(&core_of(r"\w+").unwrap()), None);
        assert_eq!(prefixes(&core_of(r"x?").unwrap()), None, "the empty prefix");
    }

    #[test]
    fn patterns_that_anchor_to_the_whole_text_are_not_joined() {
        for regex in [r"^\s*TBD$", r"(?i)(?-u:\b)todo", r"(?P<ph>x)", r"(?im)^a$"] {
            assert!(survives_joining(regex), "{regex}");
        }
        for regex in [
            r"\Afoo",
            r"foo\z",
            r"(?-m)^foo$",
            r"(?i-m:^foo)",
            r"(?s-im)x",
        ] {
            assert!(!survives_joining(regex), "{regex}");
        }
    }

    /// The one-pass question never says no where a text holds a placeholder,
    /// whichever prefilter the patterns allow.
    #[test]
    fn candidates_keep_every_match() {
        let pack = RulePack::load().unwrap();
        let builtin = &pack.placeholder_specs;
        let anchored = PatternSpec {
            name: "anchored".into(),
            regex: r"\A\w{9,}\z".into(),
            ..builtin[0].clone()
        };
        // No literal anywhere: no finite set of words holds every match.
        let wide = PatternSpec {
            name: "any word".into(),
            regex: r"(?i)\w{9,}".into(),
            ..builtin[0].clone()
        };
        // A literal inside, not at the start.
        let inner = PatternSpec {
            name: "starts anywhere".into(),
            regex: r"(?i)\w*fixme".into(),
            ..builtin[0].clone()
        };
        let mut with_anchored = builtin.clone();
        with_anchored.push(anchored);
        let mut with_wide = builtin.clone();
        with_wide.push(wide);
        let mut with_inner = builtin.clone();
        with_inner.push(inner);
        let pieces = [
            "what is",
            "Service design: what is",
            "links",
            "link to SD",
            "sort of",
            "TBD",
            "XXX",
            "TK: add",
            "lorem ipsum",
            "???",
            "[insert link]",
            "Link to process?",
            "possible link to x?",
            "plain text",
            "",
            " ",
            "a",
            "é",
            "todo",
            "whole text",
            "prefixme",
            "nothing to see",
            "a [ bracket",
            "[ Insert the figure]",
            "prefixme and more",
        ];
        for (specs, kind) in [
            (builtin.clone(), "literals"),
            (with_inner, "literals"),
            (with_wide, "joined"),
            (with_anchored, "everything"),
        ] {
            let patterns = Placeholders::new(specs, vec![]).unwrap();
            let actual = match &patterns.prefilter {
                Prefilter::Literals(_) => "literals",
                Prefilter::Joined(_) => "joined",
                Prefilter::Everything => "everything",
            };
            assert_eq!(actual, kind);
            // Searching only with the patterns whose literals a text holds
            // finds what searching with every pattern finds.
            let mut every = Placeholders::checked_before(patterns.specs.clone(), vec![]);
            every.literals = vec![None; every.specs.len()];
            for a in pieces {
                for b in pieces {
                    for text in [a.to_string(), format!("{a} {b}"), format!("{a}: {b}?")] {
                        for (cell, linked) in [(true, false), (true, true), (false, false)] {
                            assert_eq!(
                                patterns.find(&text, cell, linked),
                                every.find(&text, cell, linked),
                                "{kind}: {text:?}"
                            );
                        }
                    }
                }
            }
            for a in pieces {
                for b in pieces {
                    let texts = [a, b, "plain"];
                    let marked = patterns.candidates(&texts);
                    for (text, marked) in texts.iter().zip(marked) {
                        let holds = !patterns.find(text, true, false).is_empty()
                            || !patterns.find(text, false, false).is_empty();
                        assert!(marked || !holds, "{kind}: {text:?} in {texts:?}");
                    }
                }
            }
        }
        let patterns = Placeholders::new(builtin.clone(), vec![]).unwrap();
        assert_eq!(
            patterns.candidates(&["plain text", "a TODO here", "nothing to see"]),
            [false, true, false]
        );
        // A search goes on from the next text after a hit: texts after one
        // holding a literal twice are still searched.
        assert_eq!(
            patterns.candidates(&["link, link", "a link", "plain", "TODO TODO", "x TODO", "y"]),
            [true, true, false, true, true, false]
        );
        // "[insert ...]" is looked for by its word, not by every `[`.
        assert_eq!(
            patterns.candidates(&["> [!NOTE]", "[insert a link]"]),
            [false, true]
        );
    }

    #[test]
    fn required_literals_come_from_the_most_telling_part() {
        let literals = |regex: &str| {
            let mut found = required_literals(&regex_syntax::parse(regex).unwrap()).unwrap();
            found.sort();
            found.dedup();
            found
        };
        // (The long s, ſ, is an s to a case-insensitive pattern.)
        assert_eq!(
            literals(r"TODO|FIXME"),
            [b"FIXME".to_vec(), b"TODO".to_vec()]
        );
        assert_eq!(literals(r"\w*fixme"), [b"fixme".to_vec()]);
        assert!(required_literals(&regex_syntax::parse(r"\w{9,}").unwrap()).is_none());
        // Every case variant of a word, when the pattern ignores case.
        assert_eq!(literals(r"(?i)tk").len(), 6, "t, T and k, K, K (Kelvin)");
    }

    /// A pattern that ignores case is looked for lower-cased; one that does
    /// not, as written, in any mix of the two.
    #[test]
    fn literals_are_folded_only_where_case_is_ignored() {
        let required = |regex: &str| {
            let r = Required::of(&regex_syntax::parse(regex).unwrap()).unwrap();
            let words: Vec<String> = r
                .literals
                .iter()
                .map(|l| String::from_utf8_lossy(l).into())
                .collect();
            (words, r.folded)
        };
        // (The long s, ſ, is an s to a case-insensitive pattern.)
        assert_eq!(
            required(r"(?i)\[\s*insert(?-u:\b)[^\]]*\]"),
            (vec!["insert".into(), "inſert".into()], true)
        );
        assert_eq!(
            required(r"TODO|FIXME"),
            (vec!["FIXME".into(), "TODO".into()], false)
        );
        // (And K, the Kelvin sign, is a k.)
        assert_eq!(
            required(r"(?i)TK"),
            (vec!["tk".into(), "t\u{212A}".into()], true)
        );
        assert_eq!(
            required(r"T(?i:k)"),
            (vec!["tk".into(), "t\u{212A}".into()], true)
        );
        assert_eq!(required(r"\?{3,}"), (vec!["???".into()], false));
        assert_eq!(required(r"(?i)\?{3,}"), (vec!["???".into()], false));
        // Two spellings alike but for case: one lower-cased search finds both.
        assert_eq!(required(r"Tk|tK"), (vec!["tk".into()], true));
        // A word that ignores case is one literal (and its long-s form), not
        // its 1,024 ways of being written; a longer literal holding a
        // shorter one is left out.
        assert_eq!(
            required(r"(?i)coming soon"),
            (vec!["coming soon".into(), "coming \u{17F}oon".into()], true)
        );
        assert_eq!(
            required(r"(?i)links?"),
            (vec!["link".into(), "lin\u{212A}".into()], true)
        );
        // Both cases of a letter written out are narrowed too; capitals
        // alone are not.
        assert_eq!(required(r"[Tt]odo"), (vec!["todo".into()], true));
        assert_eq!(required(r"[A-Z]ODO"), (vec!["ODO".into()], false));
        // Byte classes (Unicode off) alike.
        assert_eq!(required(r"(?i-u)tk"), (vec!["tk".into()], true));
    }

    #[test]
    fn narrowed_literals_still_find_every_way_of_writing_the_word() {
        let patterns = Placeholders::new(
            vec![PatternSpec {
                name: "todo".into(),
                regex: r"(?P<ph>[Tt]odo)|(?i:coming soon)".into(),
                scope: Scope::Any,
                unless_linked: false,
            }],
            vec![],
        )
        .unwrap();
        assert_eq!(
            patterns.candidates(&[
                "Todo",
                "todo",
                "COMING SOON",
                "Coming ſoon",
                "to do",
                "soon"
            ]),
            [true, true, true, true, false, false]
        );
    }

    #[test]
    fn a_literal_holding_another_is_left_out() {
        let words = |words: &[&str]| words.iter().map(|w| w.as_bytes().to_vec()).collect();
        assert_eq!(
            without_longer(words(&["ab", "link", "links", "xlinky"])),
            words(&["ab", "link"]) as Vec<Vec<u8>>
        );
        assert_eq!(
            without_longer(words(&["tk", "tK"])),
            words(&["tk", "tK"]) as Vec<Vec<u8>>
        );
    }

    #[test]
    fn embedded_pack_loads_and_compiles() {
        let pack = RulePack::load().unwrap();
        Placeholders::new(pack.placeholder_specs.clone(), pack.allowed_phrases.clone()).unwrap();
        let mut ids: Vec<_> = pack.rules.iter().map(|r| r.id.as_str()).collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "rule ids are unique");
        let mut names: Vec<_> = pack
            .placeholder_specs
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            pack.placeholder_specs.len(),
            "pattern names are unique"
        );
        assert!(pack
            .rules
            .iter()
            .all(|r| !r.summary.is_empty() && !r.explanation.is_empty()));
    }

    #[test]
    fn bad_regex_is_an_error_naming_the_pattern() {
        let spec = PatternSpec {
            name: "broken".into(),
            regex: "(".into(),
            scope: Scope::Any,
            unless_linked: false,
        };
        let err = Placeholders::new(vec![spec], vec![]).unwrap_err();
        assert!(err.to_string().contains("broken"));
    }

    #[test]
    fn huge_regex_is_refused() {
        let spec = PatternSpec {
            name: "huge".into(),
            regex: r"\w{1000}\w{1000}\w{1000}".into(),
            scope: Scope::Any,
            unless_linked: false,
        };
        assert!(Placeholders::new(vec![spec], vec![]).is_err());
    }
}
