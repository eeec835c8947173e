//! Profiles (a config file's own settings, then its matching overrides, in
//! order) applied over the built-in defaults: the [`Settings`] a file runs with.

use super::Profile;
use crate::pack::{PackError, PatternSpec, Placeholders, RulePack};
use crate::settings::Settings;

/// Each profile refines what the ones before it set: scalars replace, rule
/// levels replace per rule, patterns and allowed phrases add up, a disabled
/// pattern is gone, `required` replaces the list.
pub fn settings(profiles: &[Profile<'_>]) -> Result<Settings, PackError> {
    let pack = RulePack::builtin();
    let mut settings = Settings::builtin()?;
    let mut specs = pack.placeholder_specs.clone();
    let mut allowed = pack.allowed_phrases.clone();
    for profile in profiles {
        if let Some(style) = profile.slug_style {
            settings.slug_style = style;
        }
        if let Some(scope) = profile.tables {
            settings.table_scope = scope;
        }
        for (id, setting) in profile.rules {
            match setting.level().severity() {
                Some(severity) => settings.severities.insert(id.get_ref().clone(), severity),
                None => settings.severities.remove(id.get_ref()),
            };
        }
        let placeholders = profile.placeholders;
        specs.retain(|spec| {
            !placeholders
                .disable
                .iter()
                .any(|d| *d.get_ref() == spec.name)
        });
        specs.extend(placeholders.pattern.iter().map(|p| PatternSpec {
            name: p.name.clone(),
            regex: p.regex.get_ref().clone(),
            scope: p.scope,
            unless_linked: p.unless_linked,
        }));
        allowed.extend(placeholders.allow.iter().cloned());
        if let Some(required) = &profile.front_matter.required {
            settings.required_keys = required.clone();
        }
    }
    settings.placeholders = Placeholders::new(specs, allowed)?;
    Ok(settings)
}
