//! The one checking pipeline: find the files named, check them in parallel,
//! give the results in a deterministic order. `check`, `report`, the
//! benchmark floor, the benches and the tests all run through here, so they
//! read the same files the same way; the command line only parses its
//! arguments, picks a reporter and sets the exit code.
//!
//! ```text
//! paths --discover--> Discovered --select (config include/exclude, shard)--> files
//!       --check (parallel: read, parse, rules, suppressions)--> Checked
//! ```

pub mod walk;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::completeness::{self, DocScore};
use crate::config::ConfigError;
use crate::gate::shard::Shard;
use crate::input::{read_markdown, FileError};
use crate::lint::{config_error, FileReport, Linter};
use crate::settings::Settings;
use crate::site;

/// The Markdown files under the named paths, before any config is read.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Each once, in `Path` order.
    pub files: Vec<PathBuf>,
    /// Named paths that do not exist or could not be walked, in walk order.
    pub errors: Vec<FileError>,
    /// Named folders with no Markdown file in them.
    pub empty_dirs: Vec<PathBuf>,
}

/// Expands `paths` (files and folders, walked for Markdown with .gitignore
/// respected, dot-folders skipped) into the Markdown files under them.
pub fn discover(paths: &[PathBuf]) -> Discovered {
    discover_with_hidden(paths, false)
}

/// [`discover`], walking dot-folders such as `.github/` too when `hidden`.
pub fn discover_with_hidden(paths: &[PathBuf], hidden: bool) -> Discovered {
    let mut found = Discovered::default();
    for item in walk::Walk::new(paths.to_vec()).with_hidden(hidden) {
        match item {
            walk::Found::File(path) => found.files.push(path),
            walk::Found::Error(error) => found.errors.push(error),
            walk::Found::EmptyDir(dir) => found.empty_dirs.push(dir),
        }
    }
    if !walk::in_path_order(paths) {
        walk::sort_paths(&mut found.files, |path| path);
    }
    found
}

/// A file a run checks, with the settings it is checked with.
#[derive(Debug, Clone)]
pub struct Selected {
    pub path: PathBuf,
    pub settings: Arc<Settings>,
}

/// The files a run checks: those the governing config does not leave out
/// (`include`/`exclude`), then this shard's part of them, so shards split
/// the files really checked. A file in `named` (named on the command line)
/// is checked whatever include/exclude say, as in ruff: naming a file is
/// asking for it. Each file's settings are worked out here, once, before
/// any file is checked: results under a config that does not load would be
/// wrong, not partial, so its errors come back instead (each once, in path
/// order).
pub fn select(
    linter: &Linter,
    files: Vec<PathBuf>,
    named: &HashSet<OsString>,
    shard: Option<Shard>,
) -> Result<Vec<Selected>, Vec<ConfigError>> {
    // On this thread: a folder's settings are worked out for its first file
    // and shared by the rest, which leaves each file a look-up too cheap to
    // hand to the pool.
    let mut errors: Vec<ConfigError> = Vec::new();
    let mut kept = Vec::with_capacity(files.len());
    for path in files {
        match linter.selected(&path, named.contains(path.as_os_str())) {
            Ok(Some(settings)) => kept.push(Selected { path, settings }),
            Ok(None) => {}
            Err(e) if !errors.contains(&e) => errors.push(e),
            Err(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(match shard {
        Some(shard) => shard.pick(kept),
        None => kept,
    })
}

/// What checking gave, in the order of the files checked.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every file checked (texts in memory last), findings or not.
    pub files: Vec<PathBuf>,
    /// The files with findings, each with its text.
    pub reports: Vec<FileReport>,
    /// Each ITSM document's completeness, when asked for.
    pub scores: Vec<(PathBuf, DocScore)>,
    /// Files that could not be checked (unreadable, not UTF-8).
    pub errors: Vec<FileError>,
}

/// What else a check gives besides findings.
#[derive(Clone, Copy, Default)]
pub struct Want<'a> {
    /// The completeness score of each ITSM document.
    pub scores: bool,
    /// Called on the checking thread as each file is done (a progress bar).
    pub on_done: Option<&'a (dyn Fn() + Sync)>,
}

/// A text held in memory (standard input, an editor's buffer), checked as
/// the file `path`: its links resolve from that file's folder.
pub struct InMemory {
    pub path: PathBuf,
    pub text: String,
}

/// Checks `files` in parallel, then `texts`; the site files they were read
/// by (a docfx.json, redirection files) that did not read are errors too.
pub fn check(linter: &Linter, files: &[Selected], texts: Vec<InMemory>, want: Want<'_>) -> Checked {
    let results = map_files(files, |file, text| {
        let checked = check_one(linter, &file.path, text, file.settings.clone(), want.scores);
        if let Some(done) = want.on_done {
            done();
        }
        checked
    });
    let mut run = Checked::default();
    let mut sites = Vec::new();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(one) => sites.push(run.add(file.path.clone(), one)),
            Err(error) => run.errors.push(error),
        }
    }
    for InMemory { path, text } in texts {
        match linter.settings_for(&path).map_err(config_error) {
            Ok(settings) => sites.push(run.add(
                path.clone(),
                check_one(linter, &path, text, settings, want.scores),
            )),
            Err(error) => run.errors.push(error),
        }
    }
    run.errors
        .extend(site::problems(sites.iter().map(|settings| &settings.site)));
    run
}

/// One file's results, and the settings it was checked with.
struct One {
    report: Option<FileReport>,
    score: Option<DocScore>,
    settings: Arc<Settings>,
}

impl Checked {
    /// Adds one file's results; gives back its settings.
    fn add(&mut self, path: PathBuf, one: One) -> Arc<Settings> {
        if let Some(score) = one.score {
            self.scores.push((path.clone(), score));
        }
        self.reports.extend(one.report);
        self.files.push(path);
        one.settings
    }
}

fn check_one(
    linter: &Linter,
    path: &Path,
    text: String,
    settings: Arc<Settings>,
    score: bool,
) -> One {
    let (doc, findings) = linter.check_with(path, text, &settings);
    let score = score
        .then(|| completeness::score(&doc, &settings))
        .flatten();
    let report = (!findings.is_empty()).then(|| {
        let source = doc.into_source();
        // Built here, on the checking threads, not one file at a time as the report is written.
        source.lines();
        FileReport {
            path: path.to_path_buf(),
            source,
            findings,
        }
    });
    One {
        report,
        score,
        settings,
    }
}

/// Reads each file and hands its text to `work`, in parallel; the results
/// come back in the order of `files`. The one loop over files: the check
/// and the benchmark floor both read through it.
pub fn map_files<F: AsRef<Path> + Sync, T: Send>(
    files: &[F],
    work: impl Fn(&F, String) -> T + Sync,
) -> Vec<Result<T, FileError>> {
    files
        .par_iter()
        .map(|file| read_markdown(file.as_ref()).map(|text| work(file, text)))
        .collect()
}

impl AsRef<Path> for Selected {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}
