//! What an ITSM mapping document holds, as the catalog rules and the
//! completeness report see it: the catalog it is checked against, its ITSM
//! tables with the phase each belongs to and the process each row names, the
//! phases it introduces, and what it declares out of scope.

use std::collections::HashSet;

use crate::catalog::{Catalog, ProcessId, Scope};
use crate::model::{Cell, Document, ProseKind, Span, Table};
use crate::settings::Settings;

/// The front-matter key that lists processes (or phases) out of scope.
/// Processes a page without phase sections must name to be scored against
/// the whole catalog: fewer, and its table maps something else (one
/// process's activities, say).
pub const WHOLE_CATALOG_MIN: usize = 3;

pub const OUT_OF_SCOPE_KEY: &str = "itsm-out-of-scope";
/// The HTML comment that does the same: `<!-- itsmlint out-of-scope: A, B -->`.
pub const OUT_OF_SCOPE_COMMENT: &str = "itsmlint out-of-scope:";

pub struct ItsmDoc<'a> {
    pub catalog: &'a Catalog,
    pub tables: Vec<ItsmTable<'a>>,
    /// Every place a phase is named by a heading or at the start of a list item, in order.
    pub mentions: Vec<PhaseMention>,
    pub out_of_scope: Vec<Scope>,
    /// The phases of the tables, sorted, once each.
    table_phases: Vec<usize>,
}

pub struct ItsmTable<'a> {
    pub table: &'a Table,
    /// The phase of the nearest heading above (or of its parents) that names one.
    pub phase: Option<usize>,
    /// The process each body row names, by row index.
    pub rows: Vec<Option<ProcessId>>,
}

#[derive(Debug, Clone)]
pub struct PhaseMention {
    pub phase: usize,
    pub span: Span,
    pub is_heading: bool,
}

/// A body cell as the completeness score counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellState {
    Empty,
    /// Holds text the placeholder rule reports.
    Placeholder,
    Real,
}

/// The same judgement the empty-cell and placeholder rules make of the
/// cell in `column` of `table`, so the score and the findings agree.
pub fn cell_state(settings: &Settings, table: &Table, column: usize, cell: &Cell) -> CellState {
    let link_column = settings.is_link_column(&table.column_name(column));
    if cell.is_empty {
        CellState::Empty
    } else if !settings.placeholders.in_cell(cell, link_column).is_empty() {
        CellState::Placeholder
    } else {
        CellState::Real
    }
}

impl<'a> ItsmDoc<'a> {
    /// `None` when the document has no ITSM table: it is not a mapping document.
    pub fn of(doc: &'a Document, settings: &'a Settings) -> Option<ItsmDoc<'a>> {
        let tables: Vec<&Table> = doc
            .tables
            .iter()
            .filter(|t| settings.is_itsm_table(t))
            .collect();
        if tables.is_empty() {
            return None;
        }
        let catalog = choose_catalog(doc, settings, &tables)?;
        let phases = table_phases(doc, catalog, &tables);
        let tables: Vec<ItsmTable> = tables
            .into_iter()
            .zip(phases)
            .map(|(table, phase)| ItsmTable {
                table,
                phase,
                rows: table
                    .rows
                    .iter()
                    .map(|r| r.name().and_then(|n| catalog.find_process(n)))
                    .collect(),
            })
            .collect();
        let mut table_phases: Vec<usize> = tables.iter().filter_map(|t| t.phase).collect();
        table_phases.sort_unstable();
        table_phases.dedup();
        Some(ItsmDoc {
            catalog,
            tables,
            mentions: mentions(doc, catalog),
            out_of_scope: out_of_scope(doc, settings, catalog),
            table_phases,
        })
    }

    pub fn has_table_for(&self, phase: usize) -> bool {
        self.table_phases.binary_search(&phase).is_ok()
    }

    pub fn is_out_of_scope(&self, id: ProcessId) -> bool {
        self.out_of_scope
            .iter()
            .any(|s| *s == Scope::Process(id) || *s == Scope::Phase(id.0))
    }

    /// The phases this document's tables are checked against: the phase of
    /// each table. A table under no phase heading may map anything (one
    /// process's activities, a single practice), so no process is expected of it.
    pub fn expected_phases(&self) -> &[usize] {
        &self.table_phases
    }

    /// Whether the page maps the catalog as a whole: it names processes
    /// (at least [`WHOLE_CATALOG_MIN`]) but has no phase sections, as an
    /// "ITIL 4 practice coverage" table does. Its completeness is then
    /// scored against the whole catalog, not against no phase at all.
    pub fn maps_whole_catalog(&self) -> bool {
        let named: HashSet<ProcessId> = self
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten().copied())
            .collect();
        self.table_phases.is_empty() && named.len() >= WHOLE_CATALOG_MIN
    }

    /// Required processes of the whole catalog that no table names and that
    /// are not declared out of scope; and those declared out of scope.
    pub fn missing_from_catalog(&self) -> (Vec<ProcessId>, Vec<ProcessId>) {
        let named: HashSet<ProcessId> = self
            .tables
            .iter()
            .flat_map(|t| t.rows.iter().flatten().copied())
            .collect();
        let required = (0..self.catalog.phases.len()).flat_map(|p| self.catalog.required(p));
        let (excluded, expected): (Vec<_>, Vec<_>) =
            required.partition(|id| self.is_out_of_scope(*id));
        let missing = expected
            .into_iter()
            .filter(|id| !named.contains(id))
            .collect();
        (missing, excluded)
    }

    /// The tables a phase's processes are looked for in.
    pub fn tables_for(&self, phase: usize) -> impl Iterator<Item = &ItsmTable<'a>> + '_ {
        self.tables.iter().filter(move |t| t.phase == Some(phase))
    }

    /// Required processes of a phase that none of its tables names and that
    /// are not declared out of scope.
    pub fn missing(&self, phase: usize) -> Vec<ProcessId> {
        let named: HashSet<ProcessId> = self
            .tables_for(phase)
            .flat_map(|t| t.rows.iter().flatten().copied())
            .collect();
        self.catalog
            .required(phase)
            .filter(|id| !self.is_out_of_scope(*id) && !named.contains(id))
            .collect()
    }

    /// Required processes of a phase declared out of scope.
    pub fn excluded(&self, phase: usize) -> Vec<ProcessId> {
        self.catalog
            .required(phase)
            .filter(|id| self.is_out_of_scope(*id))
            .collect()
    }
}

fn choose_catalog<'a>(
    doc: &Document,
    settings: &'a Settings,
    tables: &[&Table],
) -> Option<&'a Catalog> {
    if let Some(id) = &settings.catalog {
        return settings.catalogs.iter().find(|c| &c.id == id);
    }
    // Phase headings decide first: "Service design" means ITIL v3 even where
    // the rows would fit ITIL 4 practices too. Ties go to the earlier catalog.
    let best = |score: &dyn Fn(&Catalog) -> usize| {
        let mut best: Option<(&'a Catalog, usize)> = None;
        for catalog in &settings.catalogs {
            let s = score(catalog);
            if best.is_none_or(|(_, b)| s > b) {
                best = Some((catalog, s));
            }
        }
        best.filter(|(_, s)| *s > 0).map(|(c, _)| c)
    };
    let by_headings = |c: &Catalog| {
        doc.headings
            .iter()
            .filter(|h| c.find_phase(&h.text).is_some())
            .count()
    };
    let by_rows = |c: &Catalog| {
        tables
            .iter()
            .flat_map(|t| &t.rows)
            .filter(|r| r.name().is_some_and(|n| c.find_process(n).is_some()))
            .count()
    };
    let by_mentions = |c: &Catalog| names_framework(doc, tables, c);
    best(&by_mentions)
        .or_else(|| best(&by_headings))
        .or_else(|| best(&by_rows))
        .or_else(|| settings.catalogs.first())
}

/// How often the page's title, headings and ITSM table headers name the
/// catalog's framework ("ITIL 4", "ITIL v3"), as whole words in any case.
fn names_framework(doc: &Document, tables: &[&Table], catalog: &Catalog) -> usize {
    let title = doc
        .front_matter
        .as_ref()
        .and_then(|fm| fm.get("title"))
        .map(|entry| entry.value.as_str());
    let headings = doc.headings.iter().map(|h| h.text.as_str());
    let headers = tables
        .iter()
        .flat_map(|t| &t.header)
        .map(|c| c.text.text.as_str());
    let mentions: Vec<String> = std::iter::once(&catalog.title)
        .chain(&catalog.mentions)
        .map(|m| m.to_lowercase())
        .collect();
    title
        .into_iter()
        .chain(headings)
        .chain(headers)
        .filter(|text| {
            let text = text.to_lowercase();
            mentions.iter().any(|m| contains_word(&text, m))
        })
        .count()
}

/// Whether `text` holds `word` with no letter or digit right before or after it
/// ("itil 4" is in "itil 4 practices", not in "itil 40").
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// The phase of each table (given in document order): that of the nearest
/// heading above it, or of that heading's parents. One pass over headings and
/// tables together, keeping the headings a later one may be under.
fn table_phases(doc: &Document, catalog: &Catalog, tables: &[&Table]) -> Vec<Option<usize>> {
    // (level, its own phase, else its nearest parent's), levels rising.
    let mut open: Vec<(u8, Option<usize>)> = Vec::new();
    let mut headings = doc.headings.iter().peekable();
    tables
        .iter()
        .map(|table| {
            while let Some(heading) = headings.next_if(|h| h.span.end <= table.span.start) {
                while open
                    .last()
                    .is_some_and(|&(level, _)| level >= heading.level)
                {
                    open.pop();
                }
                let parents = open.last().and_then(|&(_, phase)| phase);
                let phase = catalog.find_phase(&heading.text).or(parents);
                open.push((heading.level, phase));
            }
            open.last().and_then(|&(_, phase)| phase)
        })
        .collect()
}

/// Phases named by headings, or by the label a list item (or paragraph) starts with:
/// "[Service design](#service-design): ..." or "Service strategy processes: ...".
fn mentions(doc: &Document, catalog: &Catalog) -> Vec<PhaseMention> {
    let mut found = Vec::new();
    for block in &doc.prose {
        let is_heading = block.kind == ProseKind::Heading;
        let view = doc.prose_text(block);
        let text = view.text;
        let label_end = if is_heading {
            text.len()
        } else {
            label_end(text)
        };
        if let Some(phase) = catalog.find_phase(&text[..label_end]) {
            let start = text.len() - text.trim_start().len();
            found.push(PhaseMention {
                phase,
                span: view.source_span(start..label_end),
                is_heading,
            });
        }
    }
    found.sort_by_key(|m| m.span.start);
    found
}

/// Where a list item's label ends: at the first colon, dash separator or
/// sentence end.
fn label_end(text: &str) -> usize {
    let mut end = text.len();
    for sep in [":", " - ", " – ", " — ", ". "] {
        if let Some(at) = text.find(sep) {
            end = end.min(at);
        }
    }
    text[..end].trim_end().len()
}

fn out_of_scope(doc: &Document, settings: &Settings, catalog: &Catalog) -> Vec<Scope> {
    let mut names: Vec<String> = settings.out_of_scope.clone();
    if let Some(entry) = doc
        .front_matter
        .as_ref()
        .and_then(|fm| fm.get(OUT_OF_SCOPE_KEY))
    {
        names.extend(split_names(&entry.value));
    }
    for comment in &doc.comments {
        let body = comment.body.trim();
        let prefix = OUT_OF_SCOPE_COMMENT;
        if body.len() >= prefix.len()
            && body.is_char_boundary(prefix.len())
            && body[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            names.extend(split_names(&body[prefix.len()..]));
        }
    }
    names.iter().filter_map(|n| catalog.find_any(n)).collect()
}

fn split_names(list: &str) -> Vec<String> {
    list.split([',', ';', '\n'])
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .collect()
}

#[cfg(test)]
mod tests;
