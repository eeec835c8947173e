//! `--format rdjson`: reviewdog's diagnostic format, for `reviewdog -f=rdjson`,
//! which comments on a pull request's changed lines and offers fixes as suggestions.
//! <https://github.com/reviewdog/reviewdog/tree/master/proto/rdf>

use std::io::{self, Write};

use serde_json::{json, Value};

use super::paths::RepoPaths;
use super::{Reporter, Run};
use crate::finding::Severity;
use crate::source::SourceFile;

pub struct Rdjson;

impl Reporter for Rdjson {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        // reviewdog matches diagnostics to the diff by repository path.
        let mut paths = RepoPaths::new();
        let mut diagnostics: Vec<Value> = Vec::new();
        for (file, finding) in run.findings() {
            let path = paths.of(&file.path).to_string_lossy().replace('\\', "/");
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str(&format!(" ({help})"));
            }
            let mut diagnostic = json!({
                "message": message,
                "location": {"path": path, "range": range(&file.source, &finding.span)},
                "severity": severity(finding.severity),
                "source": {"name": "itsmlint"},
                "code": {"value": finding.rule},
            });
            if let Some(fix) = &finding.fix {
                diagnostic["suggestions"] = json!([{
                    "range": range(&file.source, &fix.span),
                    "text": fix.replacement,
                }]);
            }
            diagnostics.push(diagnostic);
        }
        for error in run.errors {
            let path = paths.of(&error.path).to_string_lossy().replace('\\', "/");
            diagnostics.push(json!({
                "message": error.message,
                "location": {"path": path},
                "severity": "ERROR",
                "source": {"name": "itsmlint"},
            }));
        }
        let result = json!({
            "source": {"name": "itsmlint"},
            "diagnostics": diagnostics,
        });
        let mut out = io::BufWriter::new(out);
        serde_json::to_writer_pretty(&mut out, &result)?;
        writeln!(out)?;
        out.flush()
    }
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
    }
}

/// A byte span as rdjson's range: 1-based lines and columns counted in UTF-8
/// bytes (not characters, unlike our other formats), the end exclusive.
fn range(source: &SourceFile, span: &std::ops::Range<usize>) -> Value {
    json!({"start": position(source, span.start), "end": position(source, span.end)})
}

fn position(source: &SourceFile, offset: usize) -> Value {
    let text = source.text();
    let offset = crate::source::floor_char_boundary(text, offset);
    let lines = source.lines();
    let line = lines.line_of(offset);
    let start = lines.line_start(line).min(offset);
    json!({"line": line + 1, "column": offset - start + 1})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf8_bytes() {
        // reviewdog's own example: in 'a𐐀b', b is at column 6.
        let source = SourceFile::new("x\na\u{10400}b\n".to_string());
        assert_eq!(position(&source, 2), json!({"line": 2, "column": 1}));
        assert_eq!(position(&source, 7), json!({"line": 2, "column": 6}));
    }
}
