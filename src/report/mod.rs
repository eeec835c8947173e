//! Reporters: each output format is one small module behind [`Reporter`].

pub mod completeness;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
pub mod paths;
mod rdjson;
mod sarif;
mod short;
mod snippet;

use std::io::{self, Write};
use std::path::PathBuf;
use std::time::Duration;

use crate::finding::{Finding, Severity};
use crate::input::FileError;
use crate::lint::FileReport;
use crate::source::SourceFile;

pub use github::Github;
pub use gitlab::Gitlab;
pub use human::Human;
pub use json::Json;
pub use junit::Junit;
pub use rdjson::Rdjson;
pub use sarif::Sarif;
pub use short::Short;

/// Everything a run produced, in a deterministic order.
pub struct Run<'a> {
    /// Every file checked, in report order.
    pub files: &'a [PathBuf],
    /// The files with findings, in the same order.
    pub reports: &'a [FileReport],
    pub errors: &'a [FileError],
    pub elapsed: Duration,
    /// `--min-completeness`, when given: the run fails for the documents
    /// below it, so every format says which they are.
    pub completeness: Option<&'a CompletenessGate>,
}

/// The `--min-completeness` threshold and the ITSM documents below it.
#[derive(Debug, Clone, PartialEq)]
pub struct CompletenessGate {
    /// Percent of ITSM table cells filled that a document needs.
    pub min: f64,
    pub below: Vec<BelowThreshold>,
}

/// An ITSM document filled less than the threshold asks.
#[derive(Debug, Clone, PartialEq)]
pub struct BelowThreshold {
    pub path: PathBuf,
    pub percent: f64,
}

impl CompletenessGate {
    /// The name the formats give this check where they want a rule id.
    pub const ID: &'static str = "min-completeness";

    /// What is wrong with `doc`, for every format and for stderr.
    pub fn message(&self, doc: &BelowThreshold) -> String {
        format!(
            "{:.1}% of ITSM table cells filled, below --min-completeness {}",
            doc.percent, self.min
        )
    }
}

impl<'a> Run<'a> {
    /// The documents below `--min-completeness` (none without it).
    pub fn below_threshold(&self) -> &'a [BelowThreshold] {
        self.completeness.map_or(&[], |gate| &gate.below)
    }

    pub fn findings(&self) -> impl Iterator<Item = (&FileReport, &Finding)> {
        self.reports
            .iter()
            .flat_map(|r| r.findings.iter().map(move |f| (r, f)))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.findings()
            .filter(|(_, f)| f.severity == severity)
            .count()
    }

    /// Checked files with at least one error-level finding.
    pub fn files_with_errors(&self) -> usize {
        self.reports
            .iter()
            .filter(|r| r.findings.iter().any(|f| f.severity == Severity::Error))
            .count()
    }

    /// Findings per rule id, sorted by id.
    pub fn per_rule(&self) -> std::collections::BTreeMap<&'static str, usize> {
        let mut counts = std::collections::BTreeMap::new();
        for (_, f) in self.findings() {
            *counts.entry(f.rule).or_insert(0) += 1;
        }
        counts
    }
}

pub trait Reporter {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// Start and end of a finding in 1-based lines and character columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

impl Location {
    pub fn of(source: &SourceFile, finding: &Finding) -> Location {
        let start = source.position(finding.span.start);
        let end = source.position(finding.span.end);
        Location {
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
        }
    }
}
