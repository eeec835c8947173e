//! `--format junit`: a JUnit XML report with one test case per checked file,
//! for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines).
//!
//! A file with error-level findings fails; a file with only warnings passes
//! and lists them in `<system-out>`, matching the exit code; a file that could
//! not be checked is an `<error>`. With `--min-completeness`, each ITSM
//! document below it is one more test case, failed.

use std::io::{self, Write};
use std::path::Path;

use super::{CompletenessGate, Location, Reporter, Run};
use crate::finding::Severity;
use crate::lint::FileReport;

pub struct Junit;

impl Reporter for Junit {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let below = run.below_threshold();
        let tests = run.files.len() + run.errors.len() + below.len();
        let failures = run.files_with_errors() + below.len();
        let (errors, time) = (run.errors.len(), run.elapsed.as_secs_f64());
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="itsmlint" tests="{tests}" failures="{failures}" errors="{errors}" time="{time:.3}">"#
        )?;
        writeln!(
            out,
            r#"  <testsuite name="itsmlint" tests="{tests}" failures="{failures}" errors="{errors}" skipped="0" time="{time:.3}">"#
        )?;
        // The reports are the files with findings, in the order of `files`.
        let mut reports = run.reports.iter().peekable();
        for path in run.files {
            match reports.next_if(|r| &r.path == path) {
                Some(report) => test_case(report, out)?,
                None => clean_case(path, out)?,
            }
        }
        for error in run.errors {
            let name = escape(&error.path.display().to_string());
            writeln!(out, r#"    <testcase name="{name}" classname="itsmlint">"#)?;
            writeln!(
                out,
                r#"      <error message="{}" type="unreadable"/>"#,
                escape(&error.message)
            )?;
            writeln!(out, "    </testcase>")?;
        }
        if let Some(gate) = run.completeness {
            for doc in &gate.below {
                let name = escape(&doc.path.display().to_string());
                let id = CompletenessGate::ID;
                writeln!(
                    out,
                    r#"    <testcase name="{name}" classname="itsmlint.{id}">"#
                )?;
                writeln!(
                    out,
                    r#"      <failure message="{}" type="{id}"/>"#,
                    escape(&gate.message(doc))
                )?;
                writeln!(out, "    </testcase>")?;
            }
        }
        writeln!(out, "  </testsuite>")?;
        writeln!(out, "</testsuites>")
    }
}

fn clean_case(path: &Path, out: &mut dyn Write) -> io::Result<()> {
    let name = escape(&path.display().to_string());
    writeln!(out, r#"    <testcase name="{name}" classname="itsmlint"/>"#)
}

fn test_case(file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
    if file.findings.is_empty() {
        return clean_case(&file.path, out);
    }
    let name = escape(&file.path.display().to_string());
    writeln!(out, r#"    <testcase name="{name}" classname="itsmlint">"#)?;
    let lines: Vec<String> = file
        .findings
        .iter()
        .map(|f| {
            let at = Location::of(&file.source, f);
            format!(
                "{}:{}:{}: {}[{}] {}",
                file.path.display(),
                at.line,
                at.column,
                f.severity,
                f.rule,
                super::short::one_line(&f.message)
            )
        })
        .collect();
    let body = escape(&lines.join("\n"));
    let errors = file
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    if errors > 0 {
        writeln!(
            out,
            r#"      <failure message="{} {} found" type="error">{body}</failure>"#,
            errors,
            if errors == 1 { "error" } else { "errors" },
        )?;
    } else {
        writeln!(out, "      <system-out>{body}</system-out>")?;
    }
    writeln!(out, "    </testcase>")
}

/// Escapes text for XML content and attribute values. Characters XML 1.0
/// cannot hold at all (most C0 controls) become U+FFFD rather than breaking the report.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\n' | '\t' => escaped.push(c),
            '\r' => escaped.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {
                escaped.push('\u{fffd}')
            }
            c => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(
            escape(r#"<a href="x">&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;"
        );
        assert_eq!(escape("a\u{1}b\nc"), "a\u{fffd}b\nc");
    }
}
