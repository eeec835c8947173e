//! `--format json`: one object, `{"findings": [...], "summary": {...}}`.
//!
//! Findings are serialised straight from the run, one borrowed record at a
//! time: building a `serde_json::Value` per finding first cost about 4 KB of
//! heap each and most of the time of a run with many findings. Fields are
//! declared in alphabetical order, the order the output has always had.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use serde::{Serialize, Serializer};

use super::{Location, Reporter, Run};
use crate::engine::FileReport;
use crate::finding::{Finding, Severity};

pub struct Json;

impl Reporter for Json {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let document = Document {
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
                files_checked: run.reports.len(),
                files_with_errors: run.errors.len(),
                warnings: run.count(Severity::Warning),
            },
        };
        // serde_json writes a few bytes at a time; through `dyn Write` each
        // is a call it cannot inline, through a buffer of known type a copy.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, &document)?;
        writeln!(out)?;
        out.flush()
    }
}

#[derive(Serialize)]
struct Document<'a> {
    file_errors: Vec<FileError<'a>>,
    findings: Findings<'a>,
    summary: Summary,
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
    files_with_errors: usize,
    warnings: usize,
}

/// Every finding of the run, serialised as a sequence without collecting it.
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
        let at = Location::of(&file.doc, f);
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

/// A path as text (lossily for non-UTF-8 names), without an owned copy per finding.
struct PathText<'a>(&'a Path);

impl Serialize for PathText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.to_string_lossy())
    }
}
