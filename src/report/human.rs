//! The default format: rustc-style diagnostics rendered by codespan-reporting.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::Error as FilesError;
use codespan_reporting::term::{self, termcolor::Ansi, Config};

use super::snippet::Snippet;
use super::{Reporter, Run};
use crate::finding::{Finding, Severity};

pub struct Human {
    pub color: bool,
    /// The closing "N files checked: ..." line; `--quiet` turns it off.
    pub summary: bool,
}

impl Reporter for Human {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let config = Config::default();
        for file in run.reports {
            let name = file.path.display().to_string();
            for finding in &file.findings {
                // Each diagnostic renders only its own lines (and those cut
                // to a window): never the whole file, nor a whole long line.
                let snippet = Snippet::new(name.clone(), &file.source, finding.span.clone());
                let diagnostic = diagnostic(snippet.label(), finding);
                let result = if self.color {
                    term::emit_to_write_style(
                        &mut Ansi::new(&mut *out),
                        &config,
                        &snippet,
                        &diagnostic,
                    )
                } else {
                    term::emit_to_io_write(&mut *out, &config, &snippet, &diagnostic)
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

fn diagnostic(label: Range<usize>, finding: &Finding) -> Diagnostic<()> {
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
        .with_labels(vec![Label::primary((), label)])
        .with_notes(notes)
}
