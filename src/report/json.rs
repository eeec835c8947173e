//! `--format json`: one object, `{"findings": [...], "summary": {...}}`.

use std::io::{self, Write};

use serde_json::json;

use super::{Location, Reporter, Run};
use crate::finding::Severity;

pub struct Json;

impl Reporter for Json {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let findings: Vec<_> = run
            .findings()
            .map(|(file, f)| {
                let at = Location::of(&file.doc, f);
                json!({
                    "path": file.path.display().to_string(),
                    "rule": f.rule,
                    "severity": f.severity,
                    "message": f.message,
                    "help": f.help,
                    "line": at.line,
                    "column": at.column,
                    "end_line": at.end_line,
                    "end_column": at.end_column,
                    "start_byte": f.span.start,
                    "end_byte": f.span.end,
                    "fixable": f.fix.is_some(),
                })
            })
            .collect();
        let file_errors: Vec<_> = run
            .errors
            .iter()
            .map(|e| json!({"path": e.path.display().to_string(), "message": e.message}))
            .collect();
        let value = json!({
            "findings": findings,
            "file_errors": file_errors,
            "summary": {
                "files_checked": run.reports.len(),
                "files_with_errors": run.errors.len(),
                "errors": run.count(Severity::Error),
                "warnings": run.count(Severity::Warning),
                "by_rule": run.per_rule(),
            },
        });
        serde_json::to_writer_pretty(&mut *out, &value)?;
        writeln!(out)
    }
}
