//! Reading one `itsmlint.toml`: parse, then check everything that can be
//! wrong (unknown keys and rule ids, bad globs and regexes, catalog files and
//! names) up front, each error naming the file, line and column, with a
//! suggestion when one is close.

use std::ops::Range;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};
use toml::Spanned;

use super::messages::{did_you_mean, explain_toml_error};
use super::{itsm, ConfigFile, Profile};
use crate::catalog::Catalog;
use crate::knowledge::RulePack;
use crate::source::LineIndex;

/// A config file that cannot be used. Displayed as `path:line:column: message`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {message}", path.display(), location.map(|(l, c)| format!(":{l}:{c}")).unwrap_or_default())]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line and character column, when the error is at one place.
    pub location: Option<(usize, usize)>,
    pub message: String,
}

/// A loaded and validated config file, with its globs compiled.
#[derive(Debug)]
pub struct Config {
    pub path: PathBuf,
    /// The folder globs are relative to.
    pub dir: PathBuf,
    pub file: ConfigFile,
    pub(super) include: Option<GlobSet>,
    pub(super) exclude: GlobSet,
    /// One set per override, in order.
    pub(super) overrides: Vec<GlobSet>,
    /// The catalogs of each profile's `catalog-files`: the file's own, then one per override.
    pub(super) catalogs: Vec<Vec<Catalog>>,
}

impl Config {
    /// Whether every file of a folder under this config is checked alike:
    /// no include, exclude or override singles out files by their path.
    pub fn treats_files_alike(&self) -> bool {
        self.include.is_none() && self.exclude.is_empty() && self.overrides.is_empty()
    }

    /// Whether include/exclude leave `relative` (a path relative to [`Config::dir`]) out.
    pub fn excludes(&self, relative: &Path) -> bool {
        self.exclude.is_match(relative)
            || self
                .include
                .as_ref()
                .is_some_and(|inc| !inc.is_match(relative))
    }

    /// The indexes of the overrides that apply to `relative`, in order.
    pub fn overrides_for(&self, relative: &Path) -> Vec<usize> {
        (0..self.overrides.len())
            .filter(|&i| self.overrides[i].is_match(relative))
            .collect()
    }

    /// The profiles that apply to `relative`: the file's own, then its matching overrides.
    pub fn profiles(&self, overrides: &[usize]) -> Vec<Profile<'_>> {
        let mut profiles = vec![self.file.profile(&self.dir, &self.catalogs[0])];
        profiles.extend(overrides.iter().map(|&i| {
            self.file.overrides[i]
                .get_ref()
                .profile(&self.dir, &self.catalogs[i + 1])
        }));
        profiles
    }
}

/// Reads and validates the config file at `path`.
pub fn load_file(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
        path: path.to_path_buf(),
        location: None,
        message: format!(
            "cannot read the config file: {}",
            crate::input::io_reason(&e)
        ),
    })?;
    parse_config(path, &text)
}

/// Parses and validates config text; `path` names it in errors and anchors its
/// globs and paths. The catalog files it names are read and loaded here.
pub fn parse_config(path: &Path, text: &str) -> Result<Config, ConfigError> {
    let at = |span: Option<Range<usize>>, message: String| {
        let lines = LineIndex::new(text);
        ConfigError {
            path: path.to_path_buf(),
            location: span.map(|s| {
                let p = lines.position(text, s.start.min(text.len()));
                (p.line, p.column)
            }),
            message,
        }
    };
    let file: ConfigFile =
        toml::from_str(text).map_err(|e| at(e.span(), explain_toml_error(e.message())))?;
    let pack = RulePack::builtin();
    let rule_ids: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
    let pattern_names: Vec<&str> = pack
        .placeholder_specs
        .iter()
        .map(|p| p.name.as_str())
        .collect();

    // `--config itsmlint.toml` has the parent "", which no path is relative to.
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    for o in &file.overrides {
        if o.get_ref().files.is_empty() {
            let message = "an override needs `files = [\"glob\", ...]`: the paths it applies to";
            return Err(at(Some(o.span()), message.into()));
        }
    }
    let mut catalogs = vec![itsm::load_catalogs(&file.itsm, &dir, &at)?];
    for o in &file.overrides {
        catalogs.push(itsm::load_catalogs(&o.get_ref().itsm, &dir, &at)?);
    }
    let builtin = crate::catalog::builtin().map_err(|e| at(None, e.to_string()))?;
    let all: Vec<&Catalog> = builtin.iter().chain(catalogs.iter().flatten()).collect();
    let mut profiles = vec![file.profile(&dir, &catalogs[0])];
    profiles.extend(
        file.overrides
            .iter()
            .zip(&catalogs[1..])
            .map(|(o, own)| o.get_ref().profile(&dir, own)),
    );
    for (i, profile) in profiles.iter().enumerate() {
        // A profile chooses among the built-in catalogs, the file's and its own.
        let own = if i == 0 { &[][..] } else { profile.catalogs };
        let known: Vec<&Catalog> = builtin.iter().chain(&catalogs[0]).chain(own).collect();
        itsm::check(profile.itsm, &dir, &known, &all, &at)?;
        for id in profile.rules.keys() {
            if !rule_ids.contains(&id.get_ref().as_str()) {
                let message = format!(
                    "unknown rule `{}`{}",
                    id.get_ref(),
                    did_you_mean(id.get_ref(), &rule_ids)
                );
                return Err(at(Some(id.span()), message));
            }
        }
        for name in &profile.placeholders.disable {
            if !pattern_names.contains(&name.get_ref().as_str()) {
                let message = format!(
                    "no built-in placeholder pattern is named `{}`{}",
                    name.get_ref(),
                    did_you_mean(name.get_ref(), &pattern_names)
                );
                return Err(at(Some(name.span()), message));
            }
        }
        for pattern in &profile.placeholders.pattern {
            if let Err(e) = crate::rules::placeholder::check_pattern(pattern.regex.get_ref()) {
                let message = format!("placeholder pattern `{}`: bad regex: {e}", pattern.name);
                return Err(at(Some(pattern.regex.span()), message));
            }
        }
    }

    let globs = |list: &[Spanned<String>]| -> Result<GlobSet, ConfigError> {
        let mut set = GlobSetBuilder::new();
        for glob in list {
            let compiled = globset::GlobBuilder::new(glob.get_ref())
                .literal_separator(true)
                .build()
                .map_err(|e| at(Some(glob.span()), format!("bad glob: {}", e.kind())))?;
            set.add(compiled);
        }
        set.build().map_err(|e| at(None, format!("bad globs: {e}")))
    };
    let include = if file.include.is_empty() {
        None
    } else {
        Some(globs(&file.include)?)
    };
    let exclude = globs(&file.exclude)?;
    let overrides = file
        .overrides
        .iter()
        .map(|o| globs(&o.get_ref().files))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Config {
        path: path.to_path_buf(),
        dir,
        file,
        include,
        exclude,
        overrides,
        catalogs,
    })
}
