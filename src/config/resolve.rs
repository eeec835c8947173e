//! Profiles (a config file's own settings, then its matching overrides, in
//! order) applied over the built-in defaults: the [`Settings`] a file runs with.

use std::path::Path;

use super::itsm::AUTO;
use super::Profile;
use crate::knowledge::{PackError, PatternSpec, RulePack};
use crate::rules::placeholder::Placeholders;
use crate::settings::Settings;
use crate::site::{Detected, SiteChoice};

/// [`settings_for_site`] for a file under no site marker.
#[cfg(test)]
pub fn settings(profiles: &[Profile<'_>]) -> Result<Settings, PackError> {
    settings_for_site(profiles, &Detected::default(), None)
}

/// Each profile refines what the ones before it set: scalars replace, rule
/// levels replace per rule, patterns, allowed phrases, catalogs and
/// out-of-scope names add up, a disabled pattern is gone, `required` and the
/// `[itsm]` header lists replace the list. The site (the last one a profile
/// names, else the one `detected`) gives the defaults the profiles refine.
/// `config` is the file the profiles come from.
pub fn settings_for_site(
    profiles: &[Profile<'_>],
    detected: &Detected,
    config: Option<&Path>,
) -> Result<Settings, PackError> {
    let pack = RulePack::builtin();
    let mut settings = Settings::builtin()?;
    let named = profiles.iter().rev().find_map(|p| p.site);
    let named = named.map(|site| (site, config.map(Path::to_path_buf).unwrap_or_default()));
    settings.use_site(SiteChoice::new(detected, named));
    let mut specs = pack.placeholder_specs.clone();
    let mut allowed = pack.allowed_phrases.clone();
    for profile in profiles {
        if let Some(style) = profile.slug_style {
            settings.slug_style = style;
        }
        if let Some(case) = profile.anchor_case {
            settings.anchor_case = case;
        }
        if let Some(case) = profile.link_case {
            settings.link_case = case;
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
            settings.required_keys = Some(required.clone());
        }
        apply_itsm(&mut settings, profile);
    }
    // The project's own patterns were compiled as its file loaded.
    settings.placeholders = Placeholders::checked_before(specs, allowed);
    Ok(settings)
}

fn apply_itsm(settings: &mut Settings, profile: &Profile<'_>) {
    for catalog in profile.catalogs {
        settings.insert_catalog(catalog.clone());
    }
    let itsm = profile.itsm;
    if let Some(id) = &itsm.catalog {
        let id = id.get_ref();
        settings.catalog = (id != AUTO).then(|| id.clone());
    }
    if let Some(headers) = &itsm.component_headers {
        settings.component_headers.clone_from(headers);
    }
    if let Some(headers) = &itsm.link_headers {
        settings.link_headers.clone_from(headers);
    }
    if let Some(exempt) = &itsm.link_exempt {
        settings.link_exempt.clone_from(exempt);
    }
    let out_of_scope = itsm.out_of_scope.iter().map(|n| n.get_ref().clone());
    settings.out_of_scope.extend(out_of_scope);
    if let Some(root) = &itsm.site_root {
        settings.site_root = Some(profile.dir.join(root.get_ref()));
    }
}
