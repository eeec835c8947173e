//! Runs the rules over files: read, parse once, check, collect.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{ConfigError, Configs};
use crate::finding::{Finding, Severity};
use crate::model::Document;
use crate::parse::parse;
use crate::rules::{self, Context, Rule};
use crate::settings::Settings;
use crate::suppress;
use crate::workspace::Workspace;

/// The findings of one checked file, with the document they point into.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or as found under a named folder).
    pub path: PathBuf,
    /// Boxed: a run keeps every file's report until it prints, and most
    /// keep little of their document (see [`FileReport::keep_positions_only`]).
    pub doc: Box<Document>,
    /// Sorted by position, then rule.
    pub findings: Vec<Finding>,
}

impl FileReport {
    /// Keeps only where the findings (and their fixes) are, not the text:
    /// what reports that show no text need (see [`Document::keep_positions_only`]).
    pub fn keep_positions_only(&mut self) {
        let offsets = self.findings.iter().flat_map(|f| {
            let fix = f.fix.as_ref().map(|fix| [fix.span.start, fix.span.end]);
            [f.span.start, f.span.end]
                .into_iter()
                .chain(fix.into_iter().flatten())
        });
        self.doc.keep_positions_only(offsets);
    }
}

/// A file that could not be checked.
#[derive(Debug, Clone)]
pub struct FileError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for FileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// Where each file's settings come from.
enum Source {
    /// The same settings for every file (tests, or a caller that built
    /// them), with each rule's severity under them, in the order of
    /// [`Linter::rules`]: looked up once, not for every rule of every file.
    Fixed(Arc<Settings>, Vec<Option<Severity>>),
    /// The governing `itsmlint.toml` of each file, found and cached by [`Configs`].
    Configs(Configs),
}

pub struct Linter {
    source: Source,
    rules: Vec<Box<dyn Rule>>,
    /// Other files' anchors and the folders links point into, shared by
    /// every file this linter checks (one linter, one run).
    workspace: Workspace,
}

impl Linter {
    /// Every file is checked with `settings`.
    pub fn new(settings: Settings) -> Self {
        let rules = rules::all();
        let severities = rules.iter().map(|r| settings.severity(r.id())).collect();
        Linter {
            source: Source::Fixed(Arc::new(settings), severities),
            rules,
            workspace: Workspace::new(),
        }
    }

    /// Each file is checked with the settings of its own configuration.
    pub fn with_configs(configs: Configs) -> Self {
        Linter {
            source: Source::Configs(configs),
            rules: rules::all(),
            workspace: Workspace::new(),
        }
    }

    /// The settings `path` is checked with.
    pub fn settings_for(&self, path: &Path) -> Result<Arc<Settings>, ConfigError> {
        match &self.source {
            Source::Fixed(settings, _) => Ok(settings.clone()),
            Source::Configs(configs) => configs.settings_for(path),
        }
    }

    /// Whether the configuration's `include`/`exclude` leave `path` out.
    pub fn is_excluded(&self, path: &Path) -> Result<bool, ConfigError> {
        match &self.source {
            Source::Fixed(..) => Ok(false),
            Source::Configs(configs) => configs.is_excluded(path),
        }
    }

    /// Checks text already in memory (a file's content, or standard input),
    /// with the settings that govern `path`.
    pub fn check_text(&self, path: &Path, text: String) -> Result<FileReport, FileError> {
        let settings = self.settings_for(path).map_err(config_error)?;
        Ok(self.check_text_with(path, text, &settings))
    }

    /// Checks text with the given settings.
    pub fn check_text_with(&self, path: &Path, text: String, settings: &Settings) -> FileReport {
        let doc = parse(text, settings.slug_style);
        self.workspace.register(path, &doc);
        self.check_doc(path, doc, settings)
    }

    /// Runs the rules over a parsed file.
    fn check_doc(&self, path: &Path, doc: Document, settings: &Settings) -> FileReport {
        let cx = Context::new(settings, path, &self.workspace);
        // Other settings than the linter's own may be passed in (see
        // `check_text_with`): those are asked rule by rule.
        let fixed = match &self.source {
            Source::Fixed(own, severities) if std::ptr::eq(&**own, settings) => Some(severities),
            _ => None,
        };
        let mut findings = Vec::new();
        for (i, rule) in self.rules.iter().enumerate() {
            let severity = match fixed {
                Some(severities) => severities[i],
                None => settings.severity(rule.id()),
            };
            let Some(severity) = severity else {
                continue;
            };
            let before = findings.len();
            rule.check(&doc, &cx, &mut findings);
            for finding in &mut findings[before..] {
                finding.severity = severity;
            }
        }
        let mut findings = suppress::apply(&doc, findings, settings);
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        FileReport {
            path: path.to_path_buf(),
            doc: Box::new(doc),
            findings,
        }
    }

    pub fn check_file(&self, path: &Path) -> Result<FileReport, FileError> {
        let settings = self.settings_for(path).map_err(config_error)?;
        self.check_file_with(path, &settings)
    }

    /// Reads and checks one file with the given settings.
    pub fn check_file_with(
        &self,
        path: &Path,
        settings: &Settings,
    ) -> Result<FileReport, FileError> {
        let text = read_markdown(path)?;
        Ok(self.check_text_with(path, text, settings))
    }

    /// Checks files in parallel; results come back in the order of `paths`.
    pub fn check_files(&self, paths: &[PathBuf]) -> Vec<Result<FileReport, FileError>> {
        self.check_files_with(paths, |_| {})
    }

    /// [`Linter::check_files`], handing each result to `done` as soon as it
    /// is ready (on the checking thread): for progress, or to trim a report.
    ///
    /// Each file is read, parsed, registered in the shared workspace and
    /// checked in one go, so only the files in flight hold a full model. A
    /// link into a file not yet registered parses that file's anchors on
    /// first use (see [`Workspace::anchors`]); a file whose own check comes
    /// later is then registered already and not parsed for anchors again.
    pub fn check_files_with(
        &self,
        paths: &[PathBuf],
        done: impl Fn(&mut Result<FileReport, FileError>) + Sync,
    ) -> Vec<Result<FileReport, FileError>> {
        paths
            .par_iter()
            .map(|path| {
                let mut result = self
                    .settings_for(path)
                    .map_err(config_error)
                    .and_then(|settings| self.check_file_with(path, &settings));
                done(&mut result);
                result
            })
            .collect()
    }
}

/// A config error met while checking a file, named by the config file.
fn config_error(e: ConfigError) -> FileError {
    let message = match e.location {
        Some((line, column)) => format!("{line}:{column}: {}", e.message),
        None => e.message,
    };
    FileError {
        path: e.path,
        message,
    }
}

/// Reads a file as UTF-8 text, with a clear reason when it cannot be.
pub fn read_markdown(path: &Path) -> Result<String, FileError> {
    let error = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    let mut bytes = crate::source::text_buffer();
    std::fs::File::open(path)
        .and_then(|file| {
            // Sized from the file's metadata, as `fs::read` does; `File`'s
            // own `read_to_end` also asks where the file position is, one
            // more system call for every file of the run.
            // A size that cannot be had is only a hint missed: reading
            // then fails as the buffer grows, with an error, not an abort.
            let size = file.metadata().map_or(0, |meta| meta.len());
            let _ = bytes.try_reserve_exact(usize::try_from(size).unwrap_or(usize::MAX));
            std::io::Read::read_to_end(&mut std::io::Read::take(&file, u64::MAX), &mut bytes)
        })
        .map_err(|e| error(io_reason(&e)))?;
    decode(bytes).map_err(error)
}

/// Bytes to text: binary files and invalid UTF-8 are refused with the line of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    // memchr's SIMD search: the slice's own `contains` goes a word at a time.
    if memchr::memchr(0, &bytes).is_some() {
        return Err("looks like a binary file (it contains NUL bytes), not Markdown".into());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 (line {line}, byte {valid}); save the file as UTF-8")
    })
}

pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound => "no such file or directory".into(),
        PermissionDenied => "permission denied".into(),
        IsADirectory => "is a directory".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_passed_in_give_their_own_severities() {
        let linter = Linter::new(Settings::builtin().unwrap());
        let text = "| Process | Feature |\n|---|---|\n| Incident management |  |\n";
        let path = Path::new("a.md");
        let rules = |report: FileReport| -> Vec<&'static str> {
            report.findings.iter().map(|f| f.rule).collect()
        };
        let own = linter.check_text(path, text.into()).unwrap();
        assert!(rules(own).contains(&"empty-cell"));
        let mut quieter = Settings::builtin().unwrap();
        quieter.severities.remove("empty-cell");
        let other = linter.check_text_with(path, text.into(), &quieter);
        assert!(!rules(other).contains(&"empty-cell"));
        let mut louder = Settings::builtin().unwrap();
        louder
            .severities
            .insert("empty-cell".into(), Severity::Warning);
        let other = linter.check_text_with(path, text.into(), &louder);
        let severities: Vec<Severity> = other
            .findings
            .iter()
            .filter(|f| f.rule == "empty-cell")
            .map(|f| f.severity)
            .collect();
        assert_eq!(severities, [Severity::Warning]);
    }

    #[test]
    fn a_file_read_into_a_recycled_buffer_is_only_that_file() {
        let dir = tempfile::tempdir().unwrap();
        let (long, short) = (dir.path().join("long.md"), dir.path().join("short.md"));
        std::fs::write(&long, "# Long\n\n".repeat(500)).unwrap();
        std::fs::write(&short, "é\r\n").unwrap();
        for _ in 0..3 {
            let text = read_markdown(&long).unwrap();
            assert_eq!(text.len(), 4000);
            // Its buffer is what this thread reads the next file into.
            crate::source::recycle_text(text);
            assert_eq!(read_markdown(&short).unwrap(), "é\r\n");
        }
    }
}
