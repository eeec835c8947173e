//! The default format: rustc-style diagnostics rendered by codespan-reporting.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, termcolor::Ansi, Config};

use super::{Reporter, Run};
use crate::finding::{Finding, Severity};
use crate::lint::FileReport;

pub struct Human {
    pub color: bool,
    /// The closing "N files checked: ..." line; `--quiet` turns it off.
    pub summary: bool,
}

impl Reporter for Human {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let files = SourceFiles(run.reports);
        let config = Config::default();
        for (id, file) in run.reports.iter().enumerate() {
            for finding in &file.findings {
                let diagnostic = diagnostic(id, finding);
                let result = if self.color {
                    term::emit_to_write_style(
                        &mut Ansi::new(&mut *out),
                        &config,
                        &files,
                        &diagnostic,
                    )
                } else {
                    term::emit_to_io_write(&mut *out, &config, &files, &diagnostic)
                };
                result.map_err(|e| match e {
                    FilesError::Io(e) => e,
                    other => io::Error::other(other.to_string()),
                })?;
            }
        }
        if !self.summary {
            return Ok(());
        }
        let (errors, warnings) = (run.count(Severity::Error), run.count(Severity::Warning));
        let files = run.files.len();
        writeln!(
            out,
            "{} {} checked: {} {}, {} {}{} in {:.2}s",
            files,
            plural(files, "file", "files"),
            errors,
            plural(errors, "error", "errors"),
            warnings,
            plural(warnings, "warning", "warnings"),
            if run.errors.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} {} could not be checked",
                    run.errors.len(),
                    plural(run.errors.len(), "file", "files")
                )
            },
            run.elapsed.as_secs_f64()
        )
    }
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

fn diagnostic(file: usize, finding: &Finding) -> Diagnostic<usize> {
    let severity = match finding.severity {
        Severity::Error => CsSeverity::Error,
        Severity::Warning => CsSeverity::Warning,
    };
    let mut notes = Vec::new();
    if let Some(help) = &finding.help {
        notes.push(format!("help: {help}"));
    }
    Diagnostic::new(severity)
        .with_message(&finding.message)
        .with_code(finding.rule)
        .with_labels(vec![Label::primary(file, finding.span.clone())])
        .with_notes(notes)
}

/// Our documents as codespan files, so lines and columns come from our own
/// line index (characters, BOM skipped) and agree with every other format.
struct SourceFiles<'a>(&'a [FileReport]);

impl<'a> SourceFiles<'a> {
    fn get(&self, id: usize) -> Result<&'a FileReport, FilesError> {
        self.0.get(id).ok_or(FilesError::FileMissing)
    }
}

impl<'a> Files<'a> for SourceFiles<'a> {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, FilesError> {
        Ok(self.get(id)?.path.display().to_string())
    }

    fn source(&'a self, id: usize) -> Result<&'a str, FilesError> {
        Ok(self.get(id)?.source.text())
    }

    fn line_index(&'a self, id: usize, byte_index: usize) -> Result<usize, FilesError> {
        Ok(self.get(id)?.source.lines().line_of(byte_index))
    }

    fn line_range(&'a self, id: usize, line_index: usize) -> Result<Range<usize>, FilesError> {
        let source = &self.get(id)?.source;
        let lines = source.lines();
        if line_index >= lines.line_count() {
            return Err(FilesError::LineTooLarge {
                given: line_index,
                max: lines.line_count() - 1,
            });
        }
        Ok(lines.line_range_with_ending(source.text().len(), line_index))
    }

    fn column_number(
        &'a self,
        id: usize,
        _line: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Ok(self.get(id)?.source.position(byte_index).column)
    }
}
