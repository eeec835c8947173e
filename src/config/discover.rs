//! Which config governs a file: `--config FILE`, or the nearest
//! `itsmlint.toml` (or `.itsmlint.toml`) walking up from the file's folder;
//! and which site publishes it ([`crate::site`]). Every folder's answer and
//! every distinct set of settings is computed once and cached, so a run over
//! thousands of files reads each config file (and each docfx.json) once.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};

use super::{load_file, resolve, Config, ConfigError, FILE_NAME};
use crate::paths::absolute;
use crate::settings::Settings;
use crate::site::Sites;
use rustc_hash::FxHashMap;

/// The config file's other name, hidden from folder listings.
const HIDDEN_FILE_NAME: &str = ".itsmlint.toml";

type Found = Result<Option<Arc<Config>>, ConfigError>;
/// A config file (none: the defaults), the indexes of its overrides that
/// match, and the site marker above the file (none: GitHub's defaults).
/// Paths as bytes, which hash faster than a `Path` (component by component).
type SettingsKey = (Option<OsString>, Vec<usize>, Option<OsString>);

/// A change made to every resolved [`Settings`] (the CLI's `--select`/`--ignore`).
type Adjust = Box<dyn Fn(&mut Settings) + Send + Sync>;

#[derive(Default)]
pub struct Configs {
    /// `--config FILE`: governs every file; discovery is off.
    explicit: Option<Arc<Config>>,
    /// `--no-config`: no config file governs any file.
    none: bool,
    /// The site of each folder, found whatever the config.
    sites: Sites,
    /// The nearest config of each folder visited (absolute, normalised).
    /// By folder, as bytes: they hash faster than a `Path`, component by component.
    dirs: Mutex<FxHashMap<OsString, Found>>,
    /// Settings per config file (none: built-in) and set of matching overrides.
    settings: Mutex<FxHashMap<SettingsKey, Arc<Settings>>>,
    /// The settings of every file of a folder (as named, by bytes) where
    /// all its files are checked alike: one look-up a file, not a walk of
    /// its path through the config, site and settings caches.
    by_folder: Mutex<FxHashMap<OsString, Arc<Settings>>>,
    adjust: Option<Adjust>,
}

impl Configs {
    /// Discovery: each file uses the nearest `itsmlint.toml` above it, or the defaults.
    pub fn discover() -> Configs {
        Configs::default()
    }

    /// No config file at all (`--no-config`): the built-in settings, with
    /// each file's site still found from the files above it.
    pub fn none() -> Configs {
        Configs {
            none: true,
            ..Configs::default()
        }
    }

    /// One config file for every checked file (`--config FILE`).
    pub fn explicit(path: &Path) -> Result<Configs, ConfigError> {
        let mut config = load_file(path)?;
        config.dir = absolute(&config.dir);
        Ok(Configs {
            explicit: Some(Arc::new(config)),
            ..Configs::default()
        })
    }

    /// Applies `adjust` to every settings this resolves, after the config files.
    pub fn adjusted(mut self, adjust: impl Fn(&mut Settings) + Send + Sync + 'static) -> Configs {
        self.adjust = Some(Box::new(adjust));
        self
    }

    /// The config that governs `file`, if any.
    pub fn config_for(&self, file: &Path) -> Found {
        self.config_in(absolute(file).parent())
    }

    /// The config that governs the files of `dir` (absolute), if any.
    fn config_in(&self, dir: Option<&Path>) -> Found {
        if let Some(config) = &self.explicit {
            return Ok(Some(config.clone()));
        }
        if self.none {
            return Ok(None);
        }
        match dir {
            Some(dir) => self.nearest(dir),
            None => Ok(None),
        }
    }

    fn nearest(&self, dir: &Path) -> Found {
        if let Some(found) = self.lock_dirs().get(dir.as_os_str()) {
            return found.clone();
        }
        let found = match Configs::file_in(dir) {
            Ok(Some(candidate)) => load_file(&candidate).map(|mut config| {
                config.dir = dir.to_path_buf();
                Some(Arc::new(config))
            }),
            Ok(None) => match dir.parent() {
                Some(parent) => self.nearest(parent),
                None => Ok(None),
            },
            Err(e) => Err(e),
        };
        self.lock_dirs()
            .insert(dir.as_os_str().to_owned(), found.clone());
        found
    }

    /// The config file in `dir`, as named in messages: `itsmlint.toml`, or
    /// hidden as `.itsmlint.toml`, as other tools' dotfiles are. Both at once
    /// is an error: neither would plainly be the one that counts.
    pub fn file_in(dir: &Path) -> Result<Option<PathBuf>, ConfigError> {
        let (plain, hidden) = (dir.join(FILE_NAME), dir.join(HIDDEN_FILE_NAME));
        match (plain.is_file(), hidden.is_file()) {
            (true, true) => Err(ConfigError {
                path: shown(&hidden),
                location: None,
                message: format!(
                    "both {FILE_NAME} and {HIDDEN_FILE_NAME} are in this folder; keep one"
                ),
            }),
            (true, false) => Ok(Some(shown(&plain))),
            (false, true) => Ok(Some(shown(&hidden))),
            (false, false) => Ok(None),
        }
    }

    fn lock_dirs(&self) -> std::sync::MutexGuard<'_, FxHashMap<OsString, Found>> {
        self.dirs.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether the governing config's `include`/`exclude` leave `file` out.
    pub fn is_excluded(&self, file: &Path) -> Result<bool, ConfigError> {
        Ok(match self.config_for(file)? {
            Some(config) => config.excludes(&relative(&config, file)),
            None => false,
        })
    }

    /// The settings `file` is checked with, or `None` when include/exclude
    /// leave it out (never when `named`: a file named is checked).
    pub fn selected(&self, file: &Path, named: bool) -> Result<Option<Arc<Settings>>, ConfigError> {
        let folder = file.parent().unwrap_or(Path::new("")).as_os_str();
        if let Some(settings) = lock(&self.by_folder).get(folder) {
            return Ok(Some(settings.clone()));
        }
        let config = self.config_for(file)?;
        if !named
            && config
                .as_ref()
                .is_some_and(|c| c.excludes(&relative(c, file)))
        {
            return Ok(None);
        }
        let settings = self.settings_for(file)?;
        if config.as_ref().is_none_or(|c| c.treats_files_alike()) {
            lock(&self.by_folder).insert(folder.to_owned(), settings.clone());
        }
        Ok(Some(settings))
    }

    /// The settings `file` is checked with.
    pub fn settings_for(&self, file: &Path) -> Result<Arc<Settings>, ConfigError> {
        // Made absolute once here, for the config and the site alike.
        let absolute_file = absolute(file);
        let dir = absolute_file.parent();
        let config = self.config_in(dir)?;
        let overrides = match &config {
            Some(config) => config.overrides_for(&relative(config, file)),
            None => Vec::new(),
        };
        let site = dir.map(|dir| self.sites.of_dir(dir)).unwrap_or_default();
        let key: SettingsKey = (
            config.as_ref().map(|c| c.path.clone().into_os_string()),
            overrides,
            site.marker.clone().map(PathBuf::into_os_string),
        );
        let mut cache = self.settings.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(settings) = cache.get(&key) {
            return Ok(settings.clone());
        }
        let profiles = match &config {
            Some(config) => config.profiles(&key.1),
            None => Vec::new(),
        };
        let config_path = config.as_ref().map(|c| c.path.as_path());
        let settings = resolve::settings_for_site(&profiles, &site, config_path);
        let mut settings = settings.map_err(|e| ConfigError {
            path: key.0.clone().unwrap_or_default().into(),
            location: None,
            message: e.to_string(),
        })?;
        if let Some(adjust) = &self.adjust {
            adjust(&mut settings);
        }
        // A config's own choice was checked when it loaded; this catches a
        // `--catalog` that names a catalog neither built in nor brought here.
        settings.check_catalog().map_err(|message| ConfigError {
            path: PathBuf::from("--catalog"),
            location: None,
            message: match &key.0 {
                Some(config) => format!("{message} (under {})", Path::new(config).display()),
                None => message,
            },
        })?;
        let settings = Arc::new(settings);
        cache.insert(key, settings.clone());
        Ok(settings)
    }
}

/// A poisoned lock only means another thread panicked mid-insert; the map is still sound.
fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `file` relative to the config's folder, for its globs; absolute when outside it.
fn relative(config: &Config, file: &Path) -> PathBuf {
    let file = absolute(file);
    file.strip_prefix(&config.dir)
        .map(Path::to_path_buf)
        .unwrap_or(file)
}

/// How a found config file is named in messages: relative to the current folder when inside it.
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| {
            path.strip_prefix(absolute(&cwd))
                .ok()
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| path.to_path_buf())
}
