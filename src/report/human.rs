//! The default format: rustc-style diagnostics rendered by codespan-reporting.

use std::io::{self, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity as CsSeverity};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFiles};
use codespan_reporting::term::{self, termcolor::Ansi, Config};

use super::snippet::Snippet;
use super::{CompletenessGate, Reporter, Run};
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
                emit(self.color, &config, &snippet, &diagnostic, out)?;
            }
        }
        if let Some(gate) = run.completeness {
            // A whole document, no line of it: a diagnostic with no snippet.
            let files = SimpleFiles::<&str, &str>::new();
            for doc in &gate.below {
                let diagnostic = Diagnostic::error()
                    .with_code(CompletenessGate::ID)
                    .with_message(format!("{}: {}", doc.path.display(), gate.message(doc)));
                emit(self.color, &config, &files, &diagnostic, out)?;
            }
        }
        if !self.summary {
            return Ok(());
        }
        writeln!(out, "{}", summary(run))
    }
}

/// "3 files checked: 2 errors, 1 warning (1 fixable with --fix) in 0.01s",
/// with what else the run met: files that could not be checked, documents
/// below `--min-completeness`.
fn summary(run: &Run<'_>) -> String {
    let count = |n: usize, one: &str, many: &str| format!("{n} {}", plural(n, one, many));
    let mut line = format!(
        "{} checked: {}, {}",
        count(run.files.len(), "file", "files"),
        count(run.count(Severity::Error), "error", "errors"),
        count(run.count(Severity::Warning), "warning", "warnings"),
    );
    let fixable = run.findings().filter(|(_, f)| f.fix.is_some()).count();
    if fixable > 0 {
        line += &format!(" ({fixable} fixable with --fix)");
    }
    if !run.errors.is_empty() {
        let unreadable = count(run.errors.len(), "file", "files");
        line += &format!(", {unreadable} could not be checked");
    }
    if let Some(gate) = run.completeness.filter(|gate| !gate.below.is_empty()) {
        let below = count(gate.below.len(), "document", "documents");
        line += &format!(", {below} below --min-completeness {}", gate.min);
    }
    line + &format!(" in {:.2}s", run.elapsed.as_secs_f64())
}

fn emit<'f, F: Files<'f>>(
    color: bool,
    config: &Config,
    files: &'f F,
    diagnostic: &Diagnostic<F::FileId>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let result = if color {
        term::emit_to_write_style(&mut Ansi::new(&mut *out), config, files, diagnostic)
    } else {
        term::emit_to_io_write(&mut *out, config, files, diagnostic)
    };
    result.map_err(|e| match e {
        FilesError::Io(e) => e,
        other => io::Error::other(other.to_string()),
    })
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
