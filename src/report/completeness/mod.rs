//! `itsmlint report`: the completeness score of each ITSM document, as a
//! terminal table, JSON, or a Markdown summary for a pull-request comment.

pub mod compare;
mod markdown;
mod text;

use std::io::{self, Write};
use std::path::PathBuf;

use serde_json::json;

use crate::completeness::{Cells, DocScore};

pub use compare::{write_compare_json, write_compare_text, Comparison};
pub use markdown::{write_compare_markdown, write_markdown};
pub use text::write_text;

/// One scored document.
#[derive(Debug)]
pub struct Scored {
    pub path: PathBuf,
    pub score: DocScore,
}

/// What `report` renders: the ITSM documents, and how many files had no ITSM table.
#[derive(Debug)]
pub struct CompletenessRun {
    pub documents: Vec<Scored>,
    pub other_files: usize,
}

impl CompletenessRun {
    /// All ITSM documents' cells together.
    pub fn cells(&self) -> Cells {
        let mut all = Cells::default();
        for d in &self.documents {
            let c = &d.score.cells;
            all.total += c.total;
            all.real += c.real;
            all.empty += c.empty;
            all.placeholder += c.placeholder;
        }
        all
    }
}

/// "3/24 (12.5%)"
pub(crate) fn fill(cells: &Cells) -> String {
    format!(
        "{}/{} ({})",
        cells.real,
        cells.total,
        percent(cells.percent())
    )
}

pub(crate) fn percent(value: f64) -> String {
    format!("{value:.1}%")
}

pub fn write_json(run: &CompletenessRun, out: &mut dyn Write) -> io::Result<()> {
    let documents: Vec<_> = run
        .documents
        .iter()
        .map(|d| {
            json!({
                "path": d.path.display().to_string(),
                "percent": d.score.percent(),
                "score": d.score,
            })
        })
        .collect();
    let cells = run.cells();
    let value = json!({
        "documents": documents,
        "summary": {
            "documents": run.documents.len(),
            "other_files": run.other_files,
            "cells": cells,
            "percent": cells.percent(),
            "covered": run.documents.iter().map(|d| d.score.covered).sum::<usize>(),
            "expected": run.documents.iter().map(|d| d.score.expected).sum::<usize>(),
        },
    });
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
