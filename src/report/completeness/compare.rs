//! `itsmlint report --compare BASE.json`: how completeness moved since an
//! earlier `report --format json` (of the base branch, say), per document
//! and in total: the ratchet a pull request must not turn back.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::json;

use super::{percent, CompletenessRun, Scored};

/// A document's coverage, or a run's: cells filled, processes covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    pub filled: usize,
    pub cells: usize,
    pub covered: usize,
    pub expected: usize,
}

impl Coverage {
    fn of(scored: &Scored) -> Coverage {
        let s = &scored.score;
        Coverage {
            filled: s.cells.real,
            cells: s.cells.total,
            covered: s.covered,
            expected: s.expected,
        }
    }

    /// Percent of cells filled; 100 with no cell, as the report counts it.
    pub fn percent(&self) -> f64 {
        if self.cells == 0 {
            100.0
        } else {
            self.filled as f64 * 100.0 / self.cells as f64
        }
    }

    /// The share of cells filled against `other`'s, exactly (no float).
    fn share_cmp(&self, other: &Coverage) -> Ordering {
        let share = |c: &Coverage| {
            if c.cells == 0 {
                (1, 1)
            } else {
                (c.filled, c.cells)
            }
        };
        let ((a, b), (c, d)) = (share(self), share(other));
        (a * d).cmp(&(c * b))
    }

    fn add(&mut self, other: &Coverage) {
        self.filled += other.filled;
        self.cells += other.cells;
        self.covered += other.covered;
        self.expected += other.expected;
    }
}

/// How a document moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Movement {
    /// A smaller share of its cells filled, or fewer processes covered.
    Worse,
    Better,
    Unchanged,
    /// Not in the base report.
    New,
    /// Not in this run.
    Removed,
}

impl Movement {
    fn as_str(self) -> &'static str {
        match self {
            Movement::Worse => "worse",
            Movement::Better => "better",
            Movement::Unchanged => "unchanged",
            Movement::New => "new",
            Movement::Removed => "removed",
        }
    }
}

/// One document of either run.
#[derive(Debug)]
pub struct DocumentDelta<'a> {
    pub path: String,
    pub before: Option<Coverage>,
    /// Its score in this run.
    pub now: Option<&'a Scored>,
}

impl DocumentDelta<'_> {
    pub fn after(&self) -> Option<Coverage> {
        self.now.map(Coverage::of)
    }

    pub fn movement(&self) -> Movement {
        let (before, after) = match (self.before, self.after()) {
            (None, _) => return Movement::New,
            (_, None) => return Movement::Removed,
            (Some(before), Some(after)) => (before, after),
        };
        let share = after.share_cmp(&before);
        if share.is_lt() || after.covered < before.covered {
            Movement::Worse
        } else if share.is_gt() || after.covered > before.covered {
            Movement::Better
        } else {
            Movement::Unchanged
        }
    }
}

/// This run against the base report.
#[derive(Debug)]
pub struct Comparison<'a> {
    /// The base report's file, as named.
    pub base: String,
    pub run: &'a CompletenessRun,
    /// Every document of either run, by path.
    pub documents: Vec<DocumentDelta<'a>>,
    /// All documents of the base report together.
    pub before: Coverage,
    /// All documents of this run together.
    pub after: Coverage,
}

#[derive(Debug, thiserror::Error)]
#[error("{file}: not the output of `itsmlint report --format json`: {reason}")]
pub struct CompareError {
    file: String,
    reason: String,
}

/// What the comparison reads of a base report; other fields are left alone.
#[derive(Deserialize)]
struct BaseReport {
    documents: Vec<BaseDocument>,
}

#[derive(Deserialize)]
struct BaseDocument {
    path: String,
    score: BaseScore,
}

#[derive(Deserialize)]
struct BaseScore {
    cells: BaseCells,
    covered: usize,
    expected: usize,
}

#[derive(Deserialize)]
struct BaseCells {
    total: usize,
    real: usize,
}

/// A path as both reports can name it: `/`-separated, no leading `./`.
pub(crate) fn key(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

impl<'a> Comparison<'a> {
    /// `run` against the report `base_text`, read from the file `base`.
    pub fn new(
        base: &Path,
        base_text: &str,
        run: &'a CompletenessRun,
    ) -> Result<Comparison<'a>, CompareError> {
        let parsed: BaseReport = serde_json::from_str(base_text).map_err(|e| CompareError {
            file: base.display().to_string(),
            reason: e.to_string(),
        })?;
        let mut documents: Vec<DocumentDelta<'a>> = Vec::new();
        let mut before = Coverage::default();
        for doc in parsed.documents {
            let coverage = Coverage {
                filled: doc.score.cells.real,
                cells: doc.score.cells.total,
                covered: doc.score.covered,
                expected: doc.score.expected,
            };
            before.add(&coverage);
            documents.push(DocumentDelta {
                path: key(&doc.path),
                before: Some(coverage),
                now: None,
            });
        }
        let known: HashMap<String, usize> = documents
            .iter()
            .enumerate()
            .map(|(i, d)| (d.path.clone(), i))
            .collect();
        let mut after = Coverage::default();
        for scored in &run.documents {
            after.add(&Coverage::of(scored));
            let path = key(&scored.path.display().to_string());
            match known.get(&path) {
                Some(&i) => documents[i].now = Some(scored),
                None => documents.push(DocumentDelta {
                    path,
                    before: None,
                    now: Some(scored),
                }),
            }
        }
        documents.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Comparison {
            base: base.display().to_string(),
            run,
            documents,
            before,
            after,
        })
    }

    /// The documents that moved `way`.
    pub fn moved(&self, way: Movement) -> impl Iterator<Item = &DocumentDelta<'a>> {
        self.documents.iter().filter(move |d| d.movement() == way)
    }

    /// Whether coverage fell: a document of both runs has a smaller share
    /// of its cells filled, or fewer processes covered. A new document is
    /// no drop (its gaps show as still missing), nor is a removed one.
    pub fn dropped(&self) -> bool {
        self.moved(Movement::Worse).next().is_some()
    }
}

/// "3/24 (12.5%)", or "-" for a document not in that run.
fn coverage_cells(coverage: Option<Coverage>) -> String {
    coverage.map_or("-".into(), |c| {
        format!("{}/{} ({})", c.filled, c.cells, percent(c.percent()))
    })
}

fn coverage_processes(coverage: Option<Coverage>) -> String {
    coverage.map_or("-".into(), |c| format!("{}/{}", c.covered, c.expected))
}

/// "+2.5" points of percent, signed.
pub(crate) fn points(before: &Coverage, after: &Coverage) -> String {
    format!("{:+.1}", after.percent() - before.percent())
}

/// The terminal form: each document that moved, then the totals.
pub fn write_compare_text(cmp: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "Completeness against {}:", cmp.base)?;
    let width = cmp
        .documents
        .iter()
        .filter(|d| d.movement() != Movement::Unchanged)
        .map(|d| d.path.len())
        .max()
        .unwrap_or(0);
    for doc in &cmp.documents {
        let movement = doc.movement();
        if movement == Movement::Unchanged {
            continue;
        }
        let (before, after) = (doc.before, doc.after());
        writeln!(
            out,
            "  {:width$}  {:9}  cells {} -> {}  processes {} -> {}",
            doc.path,
            movement.as_str(),
            coverage_cells(before),
            coverage_cells(after),
            coverage_processes(before),
            coverage_processes(after),
        )?;
    }
    let count = |way| cmp.moved(way).count();
    writeln!(
        out,
        "Total: cells {} -> {} ({} points), processes {} -> {}; {} better, {} worse, {} new, {} removed, {} unchanged",
        percent(cmp.before.percent()),
        percent(cmp.after.percent()),
        points(&cmp.before, &cmp.after),
        coverage_processes(Some(cmp.before)),
        coverage_processes(Some(cmp.after)),
        count(Movement::Better),
        count(Movement::Worse),
        count(Movement::New),
        count(Movement::Removed),
        count(Movement::Unchanged),
    )
}

/// The machine form: every document of either run, and the totals.
pub fn write_compare_json(cmp: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
    let coverage = |c: Option<Coverage>| {
        c.map(|c| {
            json!({
                "cells": {"filled": c.filled, "total": c.cells},
                "percent": c.percent(),
                "covered": c.covered,
                "expected": c.expected,
            })
        })
    };
    let documents: Vec<_> = cmp
        .documents
        .iter()
        .map(|d| {
            json!({
                "path": d.path,
                "movement": d.movement().as_str(),
                "before": coverage(d.before),
                "after": coverage(d.after()),
            })
        })
        .collect();
    let count = |way| cmp.moved(way).count();
    let value = json!({
        "base": cmp.base,
        "documents": documents,
        "summary": {
            "before": coverage(Some(cmp.before)),
            "after": coverage(Some(cmp.after)),
            "better": count(Movement::Better),
            "worse": count(Movement::Worse),
            "new": count(Movement::New),
            "removed": count(Movement::Removed),
            "unchanged": count(Movement::Unchanged),
            "dropped": cmp.dropped(),
        },
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn coverage(filled: usize, cells: usize, covered: usize) -> Coverage {
        Coverage {
            filled,
            cells,
            covered,
            expected: 5,
        }
    }

    fn movement(before: Coverage, after: Coverage) -> Movement {
        let after_doc = Scored {
            path: "a.md".into(),
            score: crate::completeness::DocScore {
                catalog: "itil-v3".into(),
                whole_catalog: false,
                missing: Vec::new(),
                cells: crate::completeness::Cells {
                    total: after.cells,
                    real: after.filled,
                    empty: after.cells - after.filled,
                    placeholder: 0,
                },
                covered: after.covered,
                expected: after.expected,
                tables: Vec::new(),
                missing_phases: Vec::new(),
                out_of_scope: Vec::new(),
            },
        };
        DocumentDelta {
            path: "a.md".into(),
            before: Some(before),
            now: Some(&after_doc),
        }
        .movement()
    }

    #[test]
    fn a_smaller_share_or_fewer_processes_is_worse() {
        assert_eq!(
            movement(coverage(5, 10, 3), coverage(6, 20, 3)),
            Movement::Worse
        );
        assert_eq!(
            movement(coverage(5, 10, 3), coverage(9, 10, 2)),
            Movement::Worse
        );
        assert_eq!(
            movement(coverage(0, 0, 3), coverage(1, 2, 3)),
            Movement::Worse
        );
        assert_eq!(
            movement(coverage(5, 10, 3), coverage(10, 20, 3)),
            Movement::Unchanged
        );
        assert_eq!(
            movement(coverage(5, 10, 3), coverage(5, 10, 4)),
            Movement::Better
        );
        assert_eq!(
            movement(coverage(1, 3, 3), coverage(2, 3, 3)),
            Movement::Better
        );
    }

    #[test]
    fn paths_compare_without_dot_slash() {
        assert_eq!(key("./docs/a.md"), "docs/a.md");
        assert_eq!(key("docs\\a.md"), "docs/a.md");
    }
}
