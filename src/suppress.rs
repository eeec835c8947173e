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
            Kind::NextLine | Kind::Line => {
                let line = if directive.kind == Kind::Line {
                    doc.lines().line_of(directive.span.start)
                } else {
                    doc.lines().line_of(directive.span.end.saturating_sub(1)) + 1
                };
                regions.push(Region {
                    directive: index,
                    rules: ids(directive),
                    except: Vec::new(),
                    range: 0..0,
                    line: Some(line),
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

/// The rule that reports a comment line cutting a table short: the table's
/// shape, as the reader sees it, is not the one written.
const SPLIT: &str = "table-shape";

/// Comments on lines of their own right below a table's last row and right
/// above a line that is plainly another row of it (leading `|`, as many
/// cells as the header): GFM ends the table at the comment, so those rows
/// become a paragraph, out of the table and its score, without a word.
fn split_tables(doc: &Document, settings: &Settings) -> Vec<Finding> {
    let Some(severity) = settings.severity(SPLIT) else {
        return Vec::new();
    };
    let text = doc.source.as_str();
    let mut found = Vec::new();
    for table in settings.tables(doc) {
        // Byte offsets, not the line index: most files have tables and no
        // finding, and the index is built only for a file that needs it.
        let mut line = next_line_start(text, table.span.end);
        let mut comments: Option<Span> = None;
        while let Some(comment) = comment_filling_line(doc, line) {
            let start = comments.map_or(comment.start, |c| c.start);
            comments = Some(start..comment.end);
            line = next_line_start(text, comment.end);
        }
        let Some(span) = comments else {
            continue;
        };
        let end = line
            + memchr::memchr2(b'\n', b'\r', &text.as_bytes()[line..]).unwrap_or(text.len() - line);
        let row = text[line..end].trim();
        let starts_a_table = doc
            .tables
            .iter()
            .any(|t| (line..=end).contains(&t.span.start));
        if row.starts_with('|') && cells(row) == table.columns && !starts_a_table {
            let mut finding = Finding::new(
                SPLIT,
                span,
                "this comment ends the table above it: the rows below it are not part of the table",
            )
            .with_help(
                "move the comment out of the table; to silence one row, put \
                 `<!-- itsmlint-disable-line RULE -->` in the row's first cell",
            );
            finding.severity = severity;
            found.push(finding);
        }
    }
    found
}

/// Where the line after the one `offset` is on starts; `offset` itself
/// when a line starts there (a table's span may end after its line ending).
fn next_line_start(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let starts_a_line = offset == 0
        || bytes[offset - 1] == b'\n'
        || (bytes[offset - 1] == b'\r' && bytes.get(offset) != Some(&b'\n'));
    if starts_a_line {
        return offset;
    }
    match memchr::memchr2(b'\n', b'\r', &bytes[offset..]) {
        Some(i) if bytes[offset + i] == b'\r' && bytes.get(offset + i + 1) == Some(&b'\n') => {
            offset + i + 2
        }
        Some(i) => offset + i + 1,
        None => bytes.len(),
    }
}

/// The span of the comment that fills the line starting at `line` (white
/// space aside), if one does.
fn comment_filling_line(doc: &Document, line: usize) -> Option<Span> {
    let text = doc.source.as_str();
    let rest = text.get(line..)?;
    let start = line + (rest.len() - rest.trim_start_matches([' ', '\t']).len());
    if !text[start..].starts_with("<!--") {
        return None;
    }
    let at = doc.comments.partition_point(|c| c.span.start < start);
    let comment = doc.comments.get(at).filter(|c| c.span.start == start)?;
    let after = &text[comment.span.end..next_line_start(text, comment.span.end)];
    after.trim().is_empty().then(|| comment.span.clone())
}

/// Cells of a table row written with a leading pipe: `| a | b |` has 2.
fn cells(row: &str) -> usize {
    let inner = row.strip_prefix('|').unwrap_or(row);
    let inner = inner
        .strip_suffix('|')
        .filter(|i| !i.ends_with('\\'))
        .unwrap_or(inner);
    let bytes = inner.as_bytes();
    1 + (0..bytes.len())
        .filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\'))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slug::SlugStyle;

    fn splits(text: &str) -> Vec<Span> {
        let doc = crate::parse::parse(text.to_string(), SlugStyle::default());
        let settings = Settings::builtin().unwrap();
        split_tables(&doc, &settings)
            .into_iter()
            .map(|f| f.span)
            .collect()
    }

    #[test]
    fn a_comment_between_rows_is_found_with_any_line_ending() {
        for ending in ["\n", "\r\n", "\r"] {
            let text = [
                "| a | b |",
                "|---|---|",
                "| 1 | 2 |",
                "  <!-- x -->",
                "| 3 | 4 |",
                "",
            ]
            .join(ending);
            let comment = text.find("<!--").unwrap();
            let found = splits(&text);
            assert_eq!(found.len(), 1, "{ending:?}");
            assert_eq!(found[0], comment..comment + 10, "{ending:?}");
        }
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n<!-- x -->\n| 3 |\n").is_empty());
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n<!-- x --> text\n| 3 | 4 |\n").is_empty());
        assert!(splits("| a | b |\n|---|---|\n| 1 | 2 |\n\n<!-- x -->\n| 3 | 4 |\n").is_empty());
    }

    #[test]
    fn cells_of_a_row() {
        assert_eq!(cells("| a | b |"), 2);
        assert_eq!(cells("| a | b"), 2);
        assert_eq!(cells(r"| a \| b |"), 1);
        assert_eq!(cells(r"| a | b \|"), 2);
    }
}
