//! Inline suppressions: Markdown comments that silence findings.
//!
//! ```markdown
//! <!-- itsmlint-disable empty-cell -->        until the matching enable (or the end)
//! <!-- itsmlint-enable empty-cell -->
//! <!-- itsmlint-disable-next-line placeholder -->
//! | Change management <!-- itsmlint-disable-line empty-cell --> |  |   its own line
//! <!-- itsmlint-disable-file front-matter -->
//! ```
//!
//! No rule id means every rule; several are separated by spaces or commas; a
//! reason may follow ` -- `. A suppression that suppresses nothing, an unknown
//! rule id and a misspelt directive are reported as `unused-suppression`, as
//! ruff's RUF100 does for `noqa`, so stale suppressions do not pile up; a
//! rule that is off is not a reason to report one.
//!
//! A comment on a line of its own between two rows ends a table (the rows
//! after it become a paragraph), so a `disable-next-line` above a row would
//! cut the table short silently: such a comment is reported as `table-shape`.

mod regions;
mod split_tables;

use std::collections::HashSet;

use crate::finding::Finding;
use crate::knowledge::RulePack;
use crate::model::{Document, Span};
use crate::settings::Settings;
use crate::suggest::closest;
use regions::{regions, Cover};
use split_tables::split_tables;

/// The rule id of the findings this module produces.
pub const UNUSED: &str = "unused-suppression";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Disable,
    Enable,
    NextLine,
    /// The comment's own line, as markdownlint's `disable-line`: the one
    /// form that can sit inside a table row without ending the table.
    Line,
    File,
}

const KEYWORDS: [(&str, Kind); 5] = [
    ("itsmlint-disable-next-line", Kind::NextLine),
    ("itsmlint-disable-line", Kind::Line),
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

/// Drops the findings the document's suppressions cover and adds
/// `unused-suppression` findings (when that rule is on) for the rest, and
/// `table-shape` findings for comments that cut a table short.
pub fn apply(doc: &Document, mut findings: Vec<Finding>, settings: &Settings) -> Vec<Finding> {
    findings.extend(split_tables(doc, settings));
    let mut problems = Vec::new();
    let directives = parse_all(doc, &mut problems);
    if directives.is_empty() && problems.is_empty() {
        return findings;
    }
    let regions = regions(doc, &directives);
    // (directive, rule id or "" for every rule) that silenced something.
    let mut used: HashSet<(usize, String)> = HashSet::new();
    let mut kept = Vec::with_capacity(findings.len());
    findings.sort_by(Finding::order);
    let mut cover = Cover::new(doc, &regions);
    for finding in findings {
        let mut silenced = false;
        for region in cover
            .at(finding.span.start)
            .filter(|r| r.silences(finding.rule))
        {
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
            // A rule turned off (`--ignore`, the config) finds nothing to
            // silence here; the comment is still wanted where it is on.
            let off = settings.severity(rule).is_none();
            if rule != UNUSED && !off && !used.contains(&(index, rule.clone())) {
                problems.push(
                    Finding::new(
                        UNUSED,
                        span.clone(),
                        format!("`{keyword} {rule}` suppresses nothing"),
                    )
                    .with_help(format!("remove `{rule}` from the comment")),
                );
            }
        }
    }
    // Only a suppression that names `unused-suppression` silences these.
    problems.sort_by(Finding::order);
    let mut cover = Cover::new(doc, &regions);
    problems.retain(|p| {
        !cover
            .at(p.span.start)
            .any(|r| r.rules.is_some() && r.silences(p.rule))
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
        let (mut rules, mut unknown) = (Vec::new(), false);
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
                unknown = true;
            }
        }
        if rules.is_empty() && unknown {
            // It named rules, none known: it silences nothing (not every
            // rule), and its unknown ids are the one thing to report.
            continue;
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
