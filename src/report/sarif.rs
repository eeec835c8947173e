//! `--format sarif`: SARIF 2.1.0, as GitHub code scanning and other SARIF
//! viewers read it. Rule metadata (summary, explanation, example) comes from the
//! rule registry, results point at `%SRCROOT%`-relative URIs, and columns count
//! Unicode code points like every other format of ours.

use std::io::{self, Write};
use std::path::{Component, Path};

use serde_json::{json, Value};

use super::paths::RepoPaths;
use super::{Location, Reporter, Run};
use crate::baseline::Fingerprinter;
use crate::finding::{Finding, Severity};
use crate::knowledge::RuleInfo;
use crate::lint::FileReport;
use crate::rules;

pub struct Sarif {
    /// Each result's `partialFingerprints`, as a baseline next to this folder has them.
    pub fingerprints: Fingerprinter,
}

impl Default for Sarif {
    /// Fingerprints with paths relative to the current folder.
    fn default() -> Self {
        Sarif {
            fingerprints: Fingerprinter::relative_to(Path::new(".")),
        }
    }
}

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

impl Reporter for Sarif {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let registered: Vec<&RuleInfo> = rules::infos().collect();
        let rules: Vec<Value> = registered.iter().map(|r| rule_descriptor(r)).collect();
        // %SRCROOT% is the checkout: paths from the repository's top.
        let mut paths = RepoPaths::new();
        let results: Vec<Value> = run
            .findings()
            .map(|(file, finding)| {
                result(
                    &registered,
                    &self.fingerprints,
                    &paths.of(&file.path),
                    file,
                    finding,
                )
            })
            .collect();
        let notifications: Vec<Value> = run
            .errors
            .iter()
            .map(|e| {
                json!({
                    "level": "error",
                    "message": {"text": e.message},
                    "locations": [{"physicalLocation": {"artifactLocation": artifact(&paths.of(&e.path))}}],
                })
            })
            .collect();
        let log = json!({
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "itsmlint",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }},
                "invocations": [{
                    "executionSuccessful": run.errors.is_empty(),
                    "toolExecutionNotifications": notifications,
                }],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }],
        });
        // A buffer of known type: see the JSON reporter.
        let mut out = io::BufWriter::with_capacity(1 << 16, out);
        serde_json::to_writer_pretty(&mut out, &log)?;
        writeln!(out)?;
        out.flush()
    }
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule_descriptor(rule: &RuleInfo) -> Value {
    let mut markdown = rule.explanation.trim_end().to_string();
    let mut text = markdown.clone();
    if let Some(example) = &rule.example {
        markdown.push_str("\n\nExample:\n\n```markdown\n");
        markdown.push_str(example.trim_end());
        markdown.push_str("\n```");
        text.push_str("\n\nExample:\n");
        text.push_str(example.trim_end());
    }
    json!({
        "id": rule.id,
        "name": pascal_case(&rule.id),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.explanation.trim_end()},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": level(rule.severity)},
    })
}

/// SARIF rule names are identifiers by convention: `empty-cell` -> `EmptyCell`.
fn pascal_case(id: &str) -> String {
    id.split('-')
        .map(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// One finding of `file`, named `path` (repository-relative).
fn result(
    registered: &[&RuleInfo],
    fingerprints: &Fingerprinter,
    path: &Path,
    file: &FileReport,
    finding: &Finding,
) -> Value {
    let at = Location::of(&file.source, finding);
    let mut message = finding.message.clone();
    if let Some(help) = &finding.help {
        message.push_str(&format!(" ({help})"));
    }
    let mut value = json!({
        "ruleId": finding.rule,
        "level": level(finding.severity),
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact(path),
            "region": {
                "startLine": at.line,
                "startColumn": at.column,
                "endLine": at.end_line,
                "endColumn": at.end_column,
            },
        }}],
    });
    if let Some(index) = registered.iter().position(|r| r.id == finding.rule) {
        value["ruleIndex"] = json!(index);
    }
    // The baseline's fingerprint: code scanning follows a result across commits by it.
    let fingerprint =
        fingerprints.fingerprint(&fingerprints.path_key(&file.path), &file.source, finding);
    value["partialFingerprints"] = json!({ "itsmlint/v1": fingerprint });
    if let Some(fix) = &finding.fix {
        let start = file.source.position(fix.span.start);
        let end = file.source.position(fix.span.end);
        value["fixes"] = json!([{
            "description": {"text": format!("replace with `{}`", fix.replacement)},
            "artifactChanges": [{
                "artifactLocation": artifact(path),
                "replacements": [{
                    "deletedRegion": {
                        "startLine": start.line,
                        "startColumn": start.column,
                        "endLine": end.line,
                        "endColumn": end.column,
                    },
                    "insertedContent": {"text": fix.replacement},
                }],
            }],
        }]);
    }
    value
}

/// A relative path becomes a `%SRCROOT%`-relative URI (the checkout root on
/// GitHub); an absolute one a `file://` URI.
fn artifact(path: &Path) -> Value {
    if path.is_absolute() {
        let mut uri = String::from("file://");
        if !path.starts_with("/") {
            uri.push('/'); // Windows drive paths: file:///C:/...
        }
        uri.push_str(&encode(&path.to_string_lossy().replace('\\', "/")));
        return json!({"uri": uri});
    }
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(encode(&part.to_string_lossy())),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect();
    json!({"uri": parts.join("/"), "uriBaseId": "%SRCROOT%"})
}

/// Percent-encodes what a URI path cannot hold as is (spaces, `#`, `%`, non-ASCII).
fn encode(text: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~')
        .remove(b':');
    percent_encoding::utf8_percent_encode(text, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_encoded() {
        assert_eq!(
            artifact(Path::new("./docs/my file#1.md")),
            json!({"uri": "docs/my%20file%231.md", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            artifact(Path::new("/tmp/é.md")),
            json!({"uri": "file:///tmp/%C3%A9.md"})
        );
        assert_eq!(pascal_case("broken-anchor"), "BrokenAnchor");
    }
}
