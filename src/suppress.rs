//! Inline suppressions: Markdown comments that silence findings.
//!
//! ```markdown
//! <!-- itsmlint-disable empty-cell -->        until the matching enable (or the end)
//! <!-- itsmlint-enable empty-cell -->
//! <!-- itsmlint-disable-next-line placeholder -->
//! <!-- itsmlint-disable-file front-matter -->
//! ```
//!
//! No rule id means every rule; several are separated by spaces or commas; a
//! reason may follow ` -- `. A suppression that suppresses nothing, an unknown
//! rule id and a misspelt directive are reported as `unused-suppression`, as
//! ruff's RUF100 does for `noqa`, so stale suppressions do not pile up.

use std::collections::HashSet;

use crate::finding::Finding;
use crate::knowledge::RulePack;
use crate::model::{Document, Span};
use crate::settings::Settings;
use crate::suggest::closest;

/// The rule id of the findings this module produces.
pub const UNUSED: &str = "unused-suppression";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    File,
}

const KEYWORDS: [(&str, Kind); 4] = [
    ("itsmlint-disable-next-line", Kind::NextLine),
    ("itsmlint-disable-file", Kind::File),
    ("itsmlint-disable", Kind::Disable),
    ("itsmlint-enable", Kind::Enable),
];

#[derive(Debug)]
struct Directive {
    kind: Kind,
    /// The whole comment.
    span: Span,
    /// The rule ids named, with their spans; empty means every rule.
    rules: Vec<(String, Span)>,
}

/// Where a directive silences which rules. `rules: None` means every rule but `except`.
#[derive(Debug, Clone)]
struct Region {
    directive: usize,
    rules: Option<Vec<String>>,
    except: Vec<String>,
    /// Byte range for ranges and whole files; `line` for next-line.
    range: Span,
    line: Option<usize>,
}

impl Region {
    fn covers(&self, doc: &Document, finding: &Finding) -> bool {
        let at = finding.span.start;
        let place = match self.line {
            Some(line) => doc.lines().line_of(at) == line,
            None => self.range.contains(&at) || (at == self.range.end && at == doc.source.len()),
        };
        place
            && match &self.rules {
                Some(rules) => rules.iter().any(|r| r == finding.rule),
                None => !self.except.iter().any(|r| r == finding.rule),
            }
    }
}

/// Drops the findings the document's suppressions cover and adds
/// `unused-suppression` findings (when that rule is on) for the rest.
pub fn apply(doc: &Document, findings: Vec<Finding>, settings: &Settings) -> Vec<Finding> {
    let mut problems = Vec::new();
    let directives = parse_all(doc, &mut problems);
    if directives.is_empty() && problems.is_empty() {
        return findings;
    }
    let regions = regions(doc, &directives);
    // (directive, rule id or "" for every rule) that silenced something.
    let mut used: HashSet<(usize, String)> = HashSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    for finding in findings {
        let mut silenced = false;
        for region in regions.iter().filter(|r| r.covers(doc, &finding)) {
            let slot = if region.rules.is_some() {
                finding.rule
            } else {
                ""
            };
            used.insert((region.directive, slot.to_string()));
            silenced = true;
        }
        if !silenced {
            kept.push(finding);
        }
    }
    let Some(severity) = settings.severity(UNUSED) else {
        return kept;
    };
    for (index, directive) in directives.iter().enumerate() {
        if directive.kind == Kind::Enable {
            continue;
        }
        let keyword = keyword(directive.kind);
        if directive.rules.is_empty() {
            if !used.contains(&(index, String::new())) {
                problems.push(
                    Finding::new(
                        UNUSED,
                        directive.span.clone(),
                        format!("`{keyword}` suppresses nothing"),
                    )
                    .with_help("remove the comment"),
                );
            }
            continue;
        }
        for (rule, span) in &directive.rules {
            if rule != UNUSED && is_known(rule) && !used.contains(&(index, rule.clone())) {
                let off = if settings.severity(rule).is_none() {
                    " (the rule is off here)"
                } else {
                    ""
                };
                problems.push(
                    Finding::new(
                        UNUSED,
                        span.clone(),
                        format!("`{keyword} {rule}` suppresses nothing{off}"),
                    )
                    .with_help(format!("remove `{rule}` from the comment")),
                );
            }
        }
    }
    // Only a suppression that names `unused-suppression` silences these.
    problems.retain(|p| {
        !regions
            .iter()
            .any(|r| r.rules.is_some() && r.covers(doc, p))
    });
    for problem in &mut problems {
        problem.severity = severity;
    }
    kept.extend(problems);
    kept
}

fn keyword(kind: Kind) -> &'static str {
    KEYWORDS
        .iter()
        .find(|(_, k)| *k == kind)
        .map(|(w, _)| *w)
        .unwrap_or("itsmlint-disable")
}

fn is_known(rule: &str) -> bool {
    RulePack::builtin().info(rule).is_some()
}

/// Directives in document order; misspelt directives and unknown rule ids go to `problems`.
fn parse_all(doc: &Document, problems: &mut Vec<Finding>) -> Vec<Directive> {
    let mut directives = Vec::new();
    for comment in &doc.comments {
        let raw = doc.text(&comment.span);
        let Some(inner) = raw.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->")) else {
            continue;
        };
        let base = comment.span.start + "<!--".len();
        let mut words = tokens(inner).into_iter();
        let Some((first, first_span)) = words.next() else {
            continue;
        };
        if !first.starts_with("itsmlint-") {
            continue;
        }
        let Some(&(_, kind)) = KEYWORDS.iter().find(|(w, _)| *w == first) else {
            let names: Vec<&str> = KEYWORDS.iter().map(|(w, _)| *w).collect();
            let span = base + first_span.start..base + first_span.end;
            problems.push(
                Finding::new(
                    UNUSED,
                    span,
                    format!("unknown directive `{first}`: it suppresses nothing"),
                )
                .with_help(closest(first, &names).map_or_else(
                    || format!("use one of `{}`", names.join("`, `")),
                    |c| format!("did you mean `{c}`?"),
                )),
            );
            continue;
        };
        let mut rules = Vec::new();
        for (word, span) in words.take_while(|(w, _)| *w != "--") {
            let span = base + span.start..base + span.end;
            if is_known(word) {
                rules.push((word.to_string(), span));
            } else {
                let ids: Vec<&str> = RulePack::builtin()
                    .rules
                    .iter()
                    .map(|r| r.id.as_str())
                    .collect();
                let help = closest(word, &ids).map_or_else(
                    || "`itsmlint rules` lists the rule ids".to_string(),
                    |c| format!("did you mean `{c}`?"),
                );
                problems.push(
                    Finding::new(UNUSED, span, format!("unknown rule `{word}` in `{first}`"))
                        .with_help(help),
                );
            }
        }
        directives.push(Directive {
            kind,
            span: comment.span.clone(),
            rules,
        });
    }
    directives
}

/// Words separated by white space or commas, with their byte ranges in `text`.
fn tokens(text: &str) -> Vec<(&str, Span)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        let separator = c.is_whitespace() || c == ',';
        match (start, separator) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                out.push((&text[s..i], s..i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The places each directive covers.
fn regions(doc: &Document, directives: &[Directive]) -> Vec<Region> {
    let mut regions = Vec::new();
    let mut open: Vec<Region> = Vec::new();
    let ids = |d: &Directive| -> Option<Vec<String>> {
        (!d.rules.is_empty()).then(|| d.rules.iter().map(|(r, _)| r.clone()).collect())
    };
    for (index, directive) in directives.iter().enumerate() {
        match directive.kind {
            Kind::File => regions.push(Region {
                directive: index,
                rules: ids(directive),
                except: Vec::new(),
                range: 0..doc.source.len(),
                line: None,
            }),
            Kind::NextLine => {
                let last_line = doc.lines().line_of(directive.span.end.saturating_sub(1));
                regions.push(Region {
                    directive: index,
                    rules: ids(directive),
                    except: Vec::new(),
                    range: 0..0,
                    line: Some(last_line + 1),
                });
            }
            Kind::Disable => open.push(Region {
                directive: index,
                rules: ids(directive),
                except: Vec::new(),
                range: directive.span.end..doc.source.len(),
                line: None,
            }),
            Kind::Enable => {
                let at = directive.span.start;
                let enabled = ids(directive);
                for mut region in std::mem::take(&mut open) {
                    let mut rest = Region {
                        range: directive.span.end..doc.source.len(),
                        ..region.clone()
                    };
                    region.range.end = at;
                    let reopen = match (&enabled, &mut rest.rules) {
                        (None, _) => false,
                        (Some(enabled), Some(rules)) => {
                            rules.retain(|r| !enabled.contains(r));
                            !rules.is_empty()
                        }
                        (Some(enabled), None) => {
                            rest.except.extend(enabled.iter().cloned());
                            true
                        }
                    };
                    regions.push(region);
                    if reopen {
                        open.push(rest);
                    }
                }
            }
        }
    }
    regions.extend(open);
    regions
}
