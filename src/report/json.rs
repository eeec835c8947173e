//! `--format json`: one object, `{"findings": [...], "summary": {...}}`.
//!
//! Findings are serialised straight from the run, one borrowed record at a
//! time: building a `serde_json::Value` per finding first cost about 4 KB of
//! heap each and most of the time of a run with many findings. Records are
//! rendered in parallel, a batch at a time, as they stand in the array. Fields
//! are declared in alphabetical order, the order the output has always had.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::{Location, Reporter, Run};
use crate::engine::FileReport;
use crate::finding::{Finding, Severity};

pub struct Json;

impl Reporter for Json {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let file_errors: Vec<FileError<'_>> = run
            .errors
            .iter()
            .map(|e| FileError {
                message: &e.message,
                path: PathText(&e.path),
            })
            .collect();
        let summary = Summary {
            by_rule: run.per_rule(),
            errors: run.count(Severity::Error),
            files_checked: run.reports.len(),
            files_with_errors: run.errors.len(),
            warnings: run.count(Severity::Warning),
        };
        let mut scratch = Vec::new();
        let mut head = b"{\n  \"file_errors\": ".to_vec();
        pretty_indented(&mut head, &mut scratch, &file_errors, b"  ")?;
        head.extend_from_slice(b",\n  \"findings\": ");
        let mut findings = run.findings().peekable();
        if findings.peek().is_none() {
            head.extend_from_slice(b"[]");
            out.write_all(&head)?;
        } else {
            head.extend_from_slice(b"[\n    ");
            out.write_all(&head)?;
            write_records(findings, out)?;
            out.write_all(b"\n  ]")?;
        }
        let mut tail = b",\n  \"summary\": ".to_vec();
        pretty_indented(&mut tail, &mut scratch, &summary, b"  ")?;
        tail.extend_from_slice(b"\n}\n");
        out.write_all(&tail)
    }
}

/// Findings rendered at once, at most: a bound on the memory the text in
/// flight takes, with a run of millions of findings.
const BATCH: usize = 1 << 14;
/// Findings one task renders: enough that the tasks cost little.
const CHUNK: usize = 256;

/// Every finding's record, as it stands in the array, separated by commas.
/// Records are rendered on every core, a batch at a time, and written in
/// order: the output is serde_json's pretty form of the whole document,
/// byte for byte.
fn write_records<'a>(
    mut findings: impl Iterator<Item = (&'a FileReport, &'a Finding)>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut first = true;
    loop {
        batch.clear();
        batch.extend(findings.by_ref().take(BATCH));
        if batch.is_empty() {
            return Ok(());
        }
        let rendered: Vec<Vec<u8>> = batch
            .par_chunks(CHUNK)
            .map(|chunk| {
                let (mut text, mut scratch) = (Vec::with_capacity(chunk.len() * 400), Vec::new());
                for (i, &(file, finding)) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.extend_from_slice(b",\n    ");
                    }
                    pretty_indented(
                        &mut text,
                        &mut scratch,
                        &Record::new(file, finding),
                        b"    ",
                    )?;
                }
                Ok(text)
            })
            .collect::<io::Result<_>>()?;
        for records in rendered {
            if !first {
                out.write_all(b",\n    ")?;
            }
            first = false;
            out.write_all(&records)?;
        }
    }
}

/// `value` in serde_json's pretty form, each line after the first
/// indented by `indent`: as it stands nested in a pretty document. (JSON
/// strings hold no raw line breaks, so every one is the printer's.)
/// `scratch` is where it is printed first.
fn pretty_indented(
    out: &mut Vec<u8>,
    scratch: &mut Vec<u8>,
    value: &impl Serialize,
    indent: &[u8],
) -> io::Result<()> {
    scratch.clear();
    serde_json::to_writer_pretty(&mut *scratch, value)?;
    let mut lines = scratch.split(|&b| b == b'\n');
    if let Some(first) = lines.next() {
        out.extend_from_slice(first);
    }
    for line in lines {
        out.push(b'\n');
        out.extend_from_slice(indent);
        out.extend_from_slice(line);
    }
    Ok(())
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
