//! The completeness score of ITSM documents: per table, the share of body
//! cells right of the component column with real content, the catalog
//! processes covered, and what is missing or declared out of scope.

use serde::Serialize;

use crate::itsm::{cell_state, CellState, ItsmDoc};
use crate::model::Document;
use crate::settings::Settings;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Cells {
    /// Body cells right of the component column.
    pub total: usize,
    pub real: usize,
    pub empty: usize,
    pub placeholder: usize,
}

impl Cells {
    /// Percent of cells with real content; 100 for a table with no such cells.
    pub fn percent(&self) -> f64 {
        if self.total == 0 {
            100.0
        } else {
            self.real as f64 * 100.0 / self.total as f64
        }
    }

    fn add(&mut self, other: &Cells) {
        self.total += other.total;
        self.real += other.real;
        self.empty += other.empty;
        self.placeholder += other.placeholder;
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TableScore {
    /// 1-based line of the table's header row.
    pub line: usize,
    /// The phase the table maps, when a heading above names one.
    pub phase: Option<String>,
    pub cells: Cells,
    /// Required processes of the phase named by a row.
    pub covered: usize,
    /// Required processes of the phase, out-of-scope ones not counted.
    pub expected: usize,
    pub missing: Vec<String>,
    pub out_of_scope: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DocScore {
    pub catalog: String,
    /// Scored against the whole catalog: the page names processes but has
    /// no phase sections (see [`ItsmDoc::maps_whole_catalog`]).
    pub whole_catalog: bool,
    /// The whole catalog's missing processes, when scored against it.
    pub missing: Vec<String>,
    pub cells: Cells,
    pub covered: usize,
    pub expected: usize,
    pub tables: Vec<TableScore>,
    /// Phases introduced without a section holding an ITSM table.
    pub missing_phases: Vec<String>,
    pub out_of_scope: Vec<String>,
}

impl DocScore {
    pub fn percent(&self) -> f64 {
        self.cells.percent()
    }
}

/// The score of a document, `None` when it has no ITSM table.
pub fn score(doc: &Document, settings: &Settings) -> Option<DocScore> {
    let itsm = ItsmDoc::of(doc, settings)?;
    let catalog = itsm.catalog;
    let names = |ids: Vec<crate::catalog::ProcessId>| -> Vec<String> {
        ids.into_iter()
            .map(|id| catalog.process(id).name.clone())
            .collect()
    };
    let mut tables = Vec::new();
    let mut counted_phases: Vec<usize> = Vec::new();
    for table in &itsm.tables {
        let mut cells = Cells::default();
        for row in &table.table.rows {
            for (column, cell) in row.cells.iter().enumerate().skip(1) {
                cells.total += 1;
                match cell_state(settings, table.table, column, cell) {
                    CellState::Empty => cells.empty += 1,
                    CellState::Placeholder => cells.placeholder += 1,
                    CellState::Real => cells.real += 1,
                }
            }
        }
        // Coverage is the phase's, shown at the phase's first table.
        let phases: Vec<usize> = table.phase.into_iter().collect();
        let phases: Vec<usize> = phases
            .into_iter()
            .filter(|p| !counted_phases.contains(p))
            .collect();
        counted_phases.extend(&phases);
        let missing: Vec<_> = phases.iter().flat_map(|&p| itsm.missing(p)).collect();
        let excluded: Vec<_> = phases.iter().flat_map(|&p| itsm.excluded(p)).collect();
        let required: usize = phases.iter().map(|&p| catalog.required(p).count()).sum();
        let expected = required - excluded.len();
        tables.push(TableScore {
            line: doc.position(table.table.span.start).line,
            phase: table.phase.map(|p| catalog.phases[p].name.clone()),
            cells,
            covered: expected - missing.len(),
            expected,
            missing: names(missing),
            out_of_scope: names(excluded),
        });
    }
    let mut cells = Cells::default();
    for t in &tables {
        cells.add(&t.cells);
    }
    let mut missing_phases: Vec<String> = Vec::new();
    for mention in &itsm.mentions {
        let name = &catalog.phases[mention.phase].name;
        let out = itsm
            .out_of_scope
            .contains(&crate::catalog::Scope::Phase(mention.phase));
        if !itsm.has_table_for(mention.phase) && !out && !missing_phases.contains(name) {
            missing_phases.push(name.clone());
        }
    }
    let out_of_scope = itsm
        .out_of_scope
        .iter()
        .map(|s| match *s {
            crate::catalog::Scope::Phase(p) => catalog.phases[p].name.clone(),
            crate::catalog::Scope::Process(id) => catalog.process(id).name.clone(),
        })
        .collect();
    let whole_catalog = itsm.maps_whole_catalog();
    let (covered, expected, missing) = if whole_catalog {
        let (missing, excluded) = itsm.missing_from_catalog();
        let expected = catalog.required_count() - excluded.len();
        (expected - missing.len(), expected, names(missing))
    } else {
        let covered = tables.iter().map(|t| t.covered).sum();
        (covered, tables.iter().map(|t| t.expected).sum(), Vec::new())
    };
    Some(DocScore {
        catalog: catalog.id.clone(),
        whole_catalog,
        missing,
        covered,
        expected,
        cells,
        tables,
        missing_phases,
        out_of_scope,
    })
}
