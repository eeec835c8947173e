//! Project configuration: `itsmlint.toml`, as the user writes it.
//!
//! These types are the file format (serde) and its JSON Schema (schemars);
//! [`load`] reads and validates a file, [`discover`] finds the file that
//! governs each checked path and turns it into [`crate::settings::Settings`].

mod discover;
mod itsm;
mod load;
mod messages;
mod resolve;

use std::collections::BTreeMap;
use std::path::Path;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::catalog::Catalog;
use crate::finding::Severity;
use crate::knowledge::Scope;
use crate::settings::TableScope;
use crate::site::{Case, Site};
use crate::slug::SlugStyle;

pub use discover::Configs;
pub use itsm::ItsmConfig;
pub use load::{load_file, parse_config, Config, ConfigError};

/// The file name looked for in each folder, from the checked file's folder upwards.
pub const FILE_NAME: &str = "itsmlint.toml";

/// The whole of an `itsmlint.toml`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
#[schemars(title = "itsmlint configuration")]
pub struct ConfigFile {
    /// Globs of the files to check, relative to this file's folder. Empty: every
    /// Markdown file found.
    #[schemars(with = "Vec<String>")]
    pub include: Vec<Spanned<String>>,
    /// Globs of files never to check, relative to this file's folder.
    #[schemars(with = "Vec<String>")]
    pub exclude: Vec<Spanned<String>>,
    /// The site that publishes these pages. Unset, each folder's is found from
    /// the files above it: docfx.json means Learn, book.toml mdBook, mkdocs.yml
    /// MkDocs, else GitHub.
    pub site: Option<Site>,
    /// How heading ids are made (unset: as the site makes them).
    pub slug_style: Option<SlugStyle>,
    /// Whether a link's #fragment must match its anchor's case (unset: as the site does).
    pub anchor_case: Option<Case>,
    /// Whether a link's path must match its file's case (unset: as the site does).
    pub link_case: Option<Case>,
    /// Which tables the table rules read, and which blanks empty-cell reports:
    /// "auto" (every table; every blank of ITSM tables, only the unfinished ones
    /// elsewhere), "all" (every blank of every table), or "itsm" (only ITSM
    /// tables, whose first header cell names the component column).
    pub tables: Option<TableScope>,
    /// Severity per rule id: "error", "warning" or "off".
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<Spanned<String>, RuleSetting>,
    pub placeholders: PlaceholderConfig,
    pub front_matter: FrontMatterConfig,
    pub itsm: ItsmConfig,
    /// Settings for some paths only, applied in order over the ones above.
    #[schemars(with = "Vec<Override>")]
    pub overrides: Vec<Spanned<Override>>,
}

/// The settings a profile (the whole file, or one override) sets; `None` and
/// empty leave what is below unchanged.
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    pub site: Option<Site>,
    pub slug_style: Option<SlugStyle>,
    pub anchor_case: Option<Case>,
    pub link_case: Option<Case>,
    pub tables: Option<TableScope>,
    pub rules: &'a BTreeMap<Spanned<String>, RuleSetting>,
    pub placeholders: &'a PlaceholderConfig,
    pub front_matter: &'a FrontMatterConfig,
    pub itsm: &'a ItsmConfig,
    /// The config file's folder: `site-root` is relative to it.
    pub dir: &'a Path,
    /// The catalogs this profile's `catalog-files` hold, loaded.
    pub catalogs: &'a [Catalog],
}

/// A stricter or looser profile for some paths, e.g. `docs/itsm/**`.
#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Override {
    /// Globs of the files this override applies to, relative to the config file's folder.
    #[schemars(with = "Vec<String>")]
    pub files: Vec<Spanned<String>>,
    /// The site that publishes these pages. Unset, each folder's is found from
    /// the files above it: docfx.json means Learn, book.toml mdBook, mkdocs.yml
    /// MkDocs, else GitHub.
    pub site: Option<Site>,
    /// How heading ids are made (unset: as the site makes them).
    pub slug_style: Option<SlugStyle>,
    /// Whether a link's #fragment must match its anchor's case (unset: as the site does).
    pub anchor_case: Option<Case>,
    /// Whether a link's path must match its file's case (unset: as the site does).
    pub link_case: Option<Case>,
    /// Which tables the table rules read, and which blanks empty-cell reports:
    /// "auto" (every table; every blank of ITSM tables, only the unfinished ones
    /// elsewhere), "all" (every blank of every table), or "itsm" (only ITSM
    /// tables, whose first header cell names the component column).
    pub tables: Option<TableScope>,
    /// Severity per rule id: "error", "warning" or "off".
    #[schemars(schema_with = "rules_schema")]
    pub rules: BTreeMap<Spanned<String>, RuleSetting>,
    pub placeholders: PlaceholderConfig,
    pub front_matter: FrontMatterConfig,
    pub itsm: ItsmConfig,
}

macro_rules! profile_of {
    ($ty:ty) => {
        impl $ty {
            pub fn profile<'a>(&'a self, dir: &'a Path, catalogs: &'a [Catalog]) -> Profile<'a> {
                Profile {
                    site: self.site,
                    slug_style: self.slug_style,
                    anchor_case: self.anchor_case,
                    link_case: self.link_case,
                    tables: self.tables,
                    rules: &self.rules,
                    placeholders: &self.placeholders,
                    front_matter: &self.front_matter,
                    itsm: &self.itsm,
                    dir,
                    catalogs,
                }
            }
        }
    };
}
profile_of!(ConfigFile);
profile_of!(Override);

/// A rule's level as configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Error,
    Warning,
    Off,
}

impl Level {
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

/// `rule = "warning"`, or the table form `[rules.rule] severity = "warning"`.
/// Deserialized by hand: serde's untagged enums lose the inner error
/// (a misspelt key or level) that the user needs to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, JsonSchema)]
#[serde(untagged)]
pub enum RuleSetting {
    Level(Level),
    Table(RuleTable),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleTable {
    pub severity: Level,
}

impl<'de> Deserialize<'de> for RuleSetting {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = RuleSetting;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#""error", "warning", "off", or a table { severity = ... }"#)
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RuleSetting, E> {
                use serde::de::IntoDeserializer;
                Level::deserialize(v.into_deserializer()).map(RuleSetting::Level)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<RuleSetting, A::Error> {
                RuleTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(RuleSetting::Table)
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

impl RuleSetting {
    pub fn level(self) -> Level {
        match self {
            RuleSetting::Level(level) | RuleSetting::Table(RuleTable { severity: level }) => level,
        }
    }
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct PlaceholderConfig {
    /// Extra placeholder patterns, added to the built-in ones.
    pub pattern: Vec<PatternConfig>,
    /// Phrases that are real content even where a pattern matches inside them.
    pub allow: Vec<String>,
    /// Built-in patterns to turn off, by name (`itsmlint explain placeholder`).
    #[schemars(with = "Vec<String>")]
    pub disable: Vec<Spanned<String>>,
}

/// One extra placeholder pattern.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternConfig {
    /// Shown in messages; unique among the patterns.
    pub name: String,
    /// A Rust `regex`; a named group `ph` marks the part to point at.
    #[schemars(with = "String")]
    pub regex: Spanned<String>,
    /// Where it applies: "cell", "prose" or "any" (the default).
    #[serde(default)]
    pub scope: Scope,
    /// Skip a cell that holds a real link.
    #[serde(default)]
    pub unless_linked: bool,
}

#[derive(Debug, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct FrontMatterConfig {
    /// The keys every published page's front matter must have (`a|b`: either
    /// one); replaces the site's own list (Learn's; none on other sites).
    pub required: Option<Vec<String>>,
}

/// `[rules]`: the known rule ids and nothing else, so an editor flags a typo.
fn rules_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let setting = generator.subschema_for::<RuleSetting>();
    let properties: serde_json::Map<String, serde_json::Value> = crate::rules::infos()
        .map(|rule| {
            let mut schema = setting.clone();
            schema.insert("description".into(), rule.summary.clone().into());
            (rule.id.clone(), schema.into())
        })
        .collect();
    schemars::json_schema!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    })
}

/// The JSON Schema of `itsmlint.toml`, as committed in `rules/itsmlint.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serializes");
    text.push('\n');
    text
}

/// The commented starter config `itsmlint init` writes: the built-in defaults,
/// spelled out, with every rule at its default severity.
pub fn starter() -> String {
    let pack = crate::knowledge::RulePack::builtin();
    let width = crate::rules::infos().map(|r| r.id.len()).max().unwrap_or(0);
    let rules: String = crate::rules::infos()
        .map(|r| {
            let value = format!("{:?}", r.severity.as_str());
            format!("{:width$} = {value:9} # {}\n", r.id, r.summary)
        })
        .collect();
    let list = |items: &[String]| -> String {
        let quoted: Vec<String> = items.iter().map(|k| format!("{k:?}")).collect();
        quoted.join(", ")
    };
    include_str!("starter.toml")
        .replace("{rules}\n", &rules)
        .replace("{required}", &list(&pack.required_keys))
        .replace("{component_headers}", &list(&pack.component_headers))
        .replace("{link_headers}", &list(&pack.link_headers))
        .replace("{link_exempt}", &list(&pack.link_exempt))
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_itsm;
