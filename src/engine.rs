//! Runs the rules over files: read, parse once, check, collect.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::finding::Finding;
use crate::model::Document;
use crate::parse::parse;
use crate::rules::{self, Context, Rule};
use crate::settings::Settings;

/// The findings of one checked file, with the document they point into.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or as found under a named folder).
    pub path: PathBuf,
    pub doc: Document,
    /// Sorted by position, then rule.
    pub findings: Vec<Finding>,
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

pub struct Linter {
    settings: Settings,
    rules: Vec<Box<dyn Rule>>,
}

impl Linter {
    pub fn new(settings: Settings) -> Self {
        let rules = rules::all()
            .into_iter()
            .filter(|r| settings.severity(r.id()).is_some())
            .collect();
        Linter { settings, rules }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Checks text already in memory (a file's content, or standard input).
    pub fn check_text(&self, path: &Path, text: String) -> FileReport {
        let doc = parse(text, self.settings.slug_style);
        let cx = Context {
            settings: &self.settings,
        };
        let mut findings = Vec::new();
        for rule in &self.rules {
            let before = findings.len();
            rule.check(&doc, &cx, &mut findings);
            let severity = self
                .settings
                .severity(rule.id())
                .expect("only enabled rules run");
            for finding in &mut findings[before..] {
                finding.severity = severity;
            }
        }
        findings.sort_by(|a, b| {
            (a.span.start, a.span.end, a.rule).cmp(&(b.span.start, b.span.end, b.rule))
        });
        FileReport {
            path: path.to_path_buf(),
            doc,
            findings,
        }
    }

    pub fn check_file(&self, path: &Path) -> Result<FileReport, FileError> {
        let text = read_markdown(path)?;
        Ok(self.check_text(path, text))
    }

    /// Checks files in parallel; results come back in the order of `paths`.
    pub fn check_files(&self, paths: &[PathBuf]) -> Vec<Result<FileReport, FileError>> {
        paths.par_iter().map(|p| self.check_file(p)).collect()
    }
}

/// Reads a file as UTF-8 text, with a clear reason when it cannot be.
pub fn read_markdown(path: &Path) -> Result<String, FileError> {
    let error = |message: String| FileError {
        path: path.to_path_buf(),
        message,
    };
    let bytes = std::fs::read(path).map_err(|e| error(io_reason(&e)))?;
    decode(bytes).map_err(error)
}

/// Bytes to text: binary files and invalid UTF-8 are refused with the line of the first bad byte.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.contains(&0) {
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
