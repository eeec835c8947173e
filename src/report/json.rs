//! `--format json`: one object, `{"findings": [...], "summary": {...}}`.
//!
//! Findings are serialised straight from the run, one borrowed record at a
//! time: building a `serde_json::Value` per finding first cost about 4 KB of
//! heap each and most of the time of a run with many findings. Records are
//! rendered in parallel, a batch at a time, as they stand in the array, each
//! written by hand in serde_json's pretty form (see [`Record::write`]). Fields
//! are declared in alphabetical order, the order the output has always had.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::{Location, Reporter, Run};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;

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
            files_checked: run.files.len(),
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
                let mut text = Vec::with_capacity(chunk.len() * 400);
                for (i, &(file, finding)) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.extend_from_slice(b",\n    ");
                    }
                    Record::new(file, finding).write(&mut text);
                }
                text
            })
            .collect();
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

/// Serialize: serde_json's form of it is what [`Record::write`] is held to.
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

impl Record<'_> {
    /// The record as `serde_json`'s pretty printer writes it nested in the
    /// findings array, byte for byte (a test holds the two together). By
    /// hand because this is most of the output of a run with many
    /// findings, and serde's printer, then indenting its lines, took seven
    /// times the instructions.
    fn write(&self, out: &mut Vec<u8>) {
        let mut numbers = itoa::Buffer::new();
        let mut number = |out: &mut Vec<u8>, name: &str, value: usize| {
            key(out, name);
            out.extend_from_slice(numbers.format(value).as_bytes());
        };
        out.push(b'{');
        number(out, "column", self.column);
        number(out, "end_byte", self.end_byte);
        number(out, "end_column", self.end_column);
        number(out, "end_line", self.end_line);
        key(out, "fixable");
        out.extend_from_slice(if self.fixable { b"true" } else { b"false" });
        key(out, "help");
        match self.help {
            Some(help) => json_string(out, help),
            None => out.extend_from_slice(b"null"),
        }
        number(out, "line", self.line);
        key(out, "message");
        json_string(out, self.message);
        key(out, "path");
        json_string(out, &self.path.text());
        key(out, "rule");
        json_string(out, self.rule);
        key(out, "severity");
        json_string(out, self.severity.as_str());
        number(out, "start_byte", self.start_byte);
        out.extend_from_slice(b"\n    }");
    }
}

/// A field's name on a line of its own inside a record: after the `{`
/// that opens the record, or after the field before it.
fn key(out: &mut Vec<u8>, name: &str) {
    if out.last() != Some(&b'{') {
        out.push(b',');
    }
    out.extend_from_slice(b"\n      \"");
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

/// `text` as a JSON string, escaped as `serde_json` escapes it: `"`, `\`
/// and control characters, the common ones by letter, the rest as
/// `\u00XX`; everything else as it is.
fn json_string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    let bytes = text.as_bytes();
    // Almost no string has anything to escape. One pass tells, with no
    // early exit so that it runs a vector at a time, then one copy.
    let escapes = bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    });
    if !escapes {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut plain_from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        let escaped: &[u8] = match byte {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[plain_from..at]);
        plain_from = at + 1;
        if escaped.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(byte >> 4)]);
            out.push(HEX[usize::from(byte & 0xf)]);
        } else {
            out.extend_from_slice(escaped);
        }
    }
    out.extend_from_slice(&bytes[plain_from..]);
    out.push(b'"');
}

/// A path as text (lossily for non-UTF-8 names), without an owned copy per finding.
struct PathText<'a>(&'a Path);

impl PathText<'_> {
    /// The path as UTF-8, as `to_string_lossy` gives it; a name that is
    /// UTF-8 (every one, nearly) is checked a word at a time, not a
    /// character at a time as the lossy reading does.
    fn text(&self) -> std::borrow::Cow<'_, str> {
        match self.0.to_str() {
            Some(text) => text.into(),
            None => self.0.to_string_lossy(),
        }
    }
}

impl Serialize for PathText<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Text with every kind of character JSON treats apart.
    fn text() -> impl Strategy<Value = String> {
        let special = prop::sample::select(vec![
            '"', '\\', '\n', '\r', '\t', '\u{8}', '\u{c}', '\0', '\u{1}', '\u{1f}', '\u{7f}', 'é',
            '\u{2028}', '😀', '/',
        ]);
        prop::collection::vec(prop_oneof![any::<char>(), special], 0..24)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn records_are_written_as_serde_json_writes_them(
            message in text(),
            help in prop::option::of(text()),
            path in text(),
            numbers in any::<[usize; 6]>(),
            fixable in any::<bool>(),
            error in any::<bool>(),
        ) {
            let path = Path::new(&path);
            let record = Record {
                column: numbers[0],
                end_byte: numbers[1],
                end_column: numbers[2],
                end_line: numbers[3],
                fixable,
                help: &help,
                line: numbers[4],
                message: &message,
                path: PathText(path),
                rule: "empty-cell",
                severity: if error { Severity::Error } else { Severity::Warning },
                start_byte: numbers[5],
            };
            let (mut by_serde, mut scratch) = (Vec::new(), Vec::new());
            pretty_indented(&mut by_serde, &mut scratch, &record, b"    ").unwrap();
            let mut by_hand = Vec::new();
            record.write(&mut by_hand);
            prop_assert_eq!(String::from_utf8_lossy(&by_hand), String::from_utf8_lossy(&by_serde));
        }
    }
}
