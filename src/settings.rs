//! The effective settings rules run with: the built-in rule pack, later
//! refined by a project's configuration.

use std::collections::HashMap;

use crate::finding::Severity;
use crate::pack::{PackError, Placeholders, RulePack};
use crate::slug::SlugStyle;

#[derive(Debug)]
pub struct Settings {
    pub placeholders: Placeholders,
    pub required_keys: Vec<String>,
    pub slug_style: SlugStyle,
    /// Severity per rule id; a rule absent here is off.
    pub severities: HashMap<String, Severity>,
}

impl Settings {
    /// The built-in defaults: every rule on at its default severity.
    pub fn builtin() -> Result<Settings, PackError> {
        let pack = RulePack::builtin();
        Ok(Settings {
            placeholders: Placeholders::new(
                pack.placeholder_specs.clone(),
                pack.allowed_phrases.clone(),
            )?,
            required_keys: pack.required_keys.clone(),
            slug_style: SlugStyle::default(),
            severities: pack.default_severities(),
        })
    }

    pub fn severity(&self, rule: &str) -> Option<Severity> {
        self.severities.get(rule).copied()
    }
}
