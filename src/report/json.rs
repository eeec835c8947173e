//! `--format json`, described by rules/output.schema.json: one object, `{"file_errors": [...], "findings": [...], "summary": {...}}`
//! (and `"completeness": {...}` first with `--min-completeness`), in serde_json's
//! pretty form. Fields are declared in alphabetical order, the order the
//! output has always had.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Serialize, Serializer};

use super::{Location, Reporter, Run};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;

pub struct Json;

impl Reporter for Json {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let document = Document {
            completeness: run.completeness.map(|gate| Completeness {
                below: gate
                    .below
                    .iter()
                    .map(|doc| Below {
                        message: gate.message(doc),
                        path: PathText(&doc.path),
                        percent: doc.percent,
                    })
                    .collect(),
                min: gate.min,
            }),
            file_errors: run
                .errors
                .iter()
                .map(|e| FileError {
                    message: &e.message,
                    path: PathText(&e.path),
                })
                .collect(),
            findings: Findings(run),
            summary: Summary {
                by_rule: run.per_rule(),
                errors: run.count(Severity::Error),
                files_checked: run.files.len(),
                files_unreadable: run.errors.len(),
                files_with_errors: run.files_with_errors(),
                warnings: run.count(Severity::Warning),
            },
        };
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    }
}

#[derive(Serialize)]
struct Document<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    completeness: Option<Completeness<'a>>,
    file_errors: Vec<FileError<'a>>,
    findings: Findings<'a>,
    summary: Summary,
}

/// `--min-completeness`: the threshold and the ITSM documents below it.
#[derive(Serialize)]
struct Completeness<'a> {
    below: Vec<Below<'a>>,
    min: f64,
}

#[derive(Serialize)]
struct Below<'a> {
    message: String,
    path: PathText<'a>,
    percent: f64,
}

#[derive(Serialize)]
struct FileError<'a> {
    message: &'a str,
    path: PathText<'a>,
}

#[derive(Serialize)]
struct Summary {
    by_rule: BTreeMap<&'static str, usize>,
    errors: usize,
    files_checked: usize,
    /// The files in `file_errors`.
    files_unreadable: usize,
    /// Checked files with an error-level finding.
    files_with_errors: usize,
    warnings: usize,
}

/// The findings, each written as it is located: never a list of all of them.
struct Findings<'a>(&'a Run<'a>);

impl Serialize for Findings<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.findings().map(|(file, f)| Record::new(file, f)))
    }
}

#[derive(Serialize)]
struct Record<'a> {
    column: usize,
    end_byte: usize,
    end_column: usize,
    end_line: usize,
    fixable: bool,
    help: &'a Option<String>,
    line: usize,
    message: &'a str,
    path: PathText<'a>,
    rule: &'static str,
    severity: Severity,
    start_byte: usize,
}

impl<'a> Record<'a> {
    fn new(file: &'a FileReport, f: &'a Finding) -> Self {
        let at = Location::of(&file.source, f);
        Record {
            column: at.column,
            end_byte: f.span.end,
            end_column: at.end_column,
            end_line: at.end_line,
            fixable: f.fix.is_some(),
            help: &f.help,
            line: at.line,
            message: &f.message,
            path: PathText(&file.path),
            rule: f.rule,
            severity: f.severity,
            start_byte: f.span.start,
        }
    }
}

/// A path as text (lossily for non-UTF-8 names).
struct PathText<'a>(&'a Path);

impl Serialize for PathText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string_lossy())
    }
}
