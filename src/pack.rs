//! The rule pack: rule metadata and knowledge (placeholder patterns,
//! required front-matter keys), as data from `rules/*.toml`, embedded in the
//! binary so itsmlint works with no configuration.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex::{Regex, RegexSet};
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

/// Compiled placeholder patterns. A `RegexSet` answers "does anything match"
/// in one pass, so most text costs one scan.
#[derive(Debug)]
pub struct Placeholders {
    pub specs: Vec<PatternSpec>,
    set: RegexSet,
    regexes: Vec<Regex>,
    /// Lower-cased allowed phrases.
    allowed: Vec<String>,
}

/// Config-supplied regexes are capped so a pattern cannot blow up compile time or memory.
const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// Compiles one pattern as [`Placeholders::new`] will, to report a bad one where it is written.
pub fn check_pattern(regex: &str) -> Result<(), regex::Error> {
    regex::RegexBuilder::new(regex)
        .size_limit(REGEX_SIZE_LIMIT)
        .build()
        .map(drop)
}

impl Placeholders {
    pub fn new(specs: Vec<PatternSpec>, allowed: Vec<String>) -> Result<Self, PackError> {
        let mut regexes = Vec::with_capacity(specs.len());
        for spec in &specs {
            let re = regex::RegexBuilder::new(&spec.regex)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .map_err(|source| PackError::Regex {
                    name: spec.name.clone(),
                    source,
                })?;
            regexes.push(re);
        }
        let set = regex::RegexSetBuilder::new(specs.iter().map(|s| &s.regex))
            .size_limit(REGEX_SIZE_LIMIT * 8)
            .build()
            .map_err(|source| PackError::Regex {
                name: "(all patterns)".into(),
                source,
            })?;
        Ok(Placeholders {
            specs,
            set,
            regexes,
            allowed: allowed.iter().map(|p| p.to_lowercase()).collect(),
        })
    }

    /// Placeholder matches in `text` for the given scope: `(pattern index, byte range)`,
    /// without overlaps (the earliest, then longest, wins) and without allowed phrases.
    pub fn find(
        &self,
        text: &str,
        cell: bool,
        has_link: bool,
    ) -> Vec<(usize, std::ops::Range<usize>)> {
        // Almost no text holds a placeholder. `is_match` stops at the first
        // hit with the fast engines; `matches` must try every pattern to the end.
        if !self.set.is_match(text) {
            return Vec::new();
        }
        let mut found: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for index in self.set.matches(text).iter() {
            let spec = &self.specs[index];
            let in_scope = match spec.scope {
                Scope::Any => true,
                Scope::Cell => cell,
                Scope::Prose => !cell,
            };
            if !in_scope || (spec.unless_linked && has_link) {
                continue;
            }
            for caps in self.regexes[index].captures_iter(text) {
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

    pub fn default_severities(&self) -> HashMap<String, Severity> {
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
