//! The built-in rule knowledge: rule metadata, placeholder patterns,
//! required front-matter keys and the table header lists, as data from
//! `rules/*.toml`, embedded in the binary so itsmlint works with no
//! configuration.

use std::sync::OnceLock;

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

/// Severity per rule id, asked for every rule of every file: a fast hash.
pub type Severities = rustc_hash::FxHashMap<String, Severity>;

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

    pub fn default_severities(&self) -> Severities {
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

    /// Every entry loads, ids and pattern names are unique, every rule is
    /// explained. (That every pattern compiles is the matcher's test.)
    #[test]
    fn embedded_pack_loads_with_unique_ids() {
        let pack = RulePack::load().unwrap();
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
        assert!(!pack.required_keys.is_empty());
        assert!(!pack.component_headers.is_empty());
        assert!(!pack.link_headers.is_empty());
    }

    #[test]
    fn default_severities_cover_every_rule() {
        let pack = RulePack::load().unwrap();
        let severities = pack.default_severities();
        assert_eq!(severities.len(), pack.rules.len());
        for rule in &pack.rules {
            assert_eq!(severities[&rule.id], rule.severity, "{}", rule.id);
        }
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it() {
        let err = parse::<TablesFile>("rules/tables.toml", "component-headers = 1").unwrap_err();
        assert!(err.to_string().starts_with("rules/tables.toml: "), "{err}");
    }
}
