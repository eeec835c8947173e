use std::collections::HashSet;

use super::{Context, Rule};
use crate::finding::Finding;
use crate::itsm::{ItsmDoc, ItsmTable};
use crate::model::{Document, Span};
use crate::suggest::FILE_BUDGET;

/// A catalog process absent from its phase's table.
pub struct MissingProcess;

impl Rule for MissingProcess {
    fn id(&self) -> &'static str {
        "missing-process"
    }

    fn check<'a>(&self, doc: &'a Document, cx: &Context<'a>, out: &mut Vec<Finding>) {
        let Some(itsm) = cx.itsm(doc) else {
            return;
        };
        let mut budget = FILE_BUDGET;
        for &phase in itsm.expected_phases() {
            // Once per process, at the phase's first table.
            let Some(first) = itsm.tables_for(phase).next() else {
                continue;
            };
            // A row that misspells a process is unknown-process's finding,
            // with its "did you mean": the process is not missing too.
            let misspelt = if cx.settings.severity("unknown-process").is_some() {
                misspelt_processes(itsm, phase, &mut budget)
            } else {
                HashSet::new()
            };
            let phase_name = &itsm.catalog.phases[phase].name;
            for id in itsm.missing(phase) {
                let name = &itsm.catalog.process(id).name;
                if misspelt.contains(name.as_str()) {
                    continue;
                }
                let message = format!(
                    "{phase_name}: no row for \"{name}\" ({})",
                    itsm.catalog.title
                );
                out.push(
                    Finding::new(self.id(), header_line(doc, first), message).with_help(format!(
                        "add a row for it, or declare it out of scope \
                         (`<!-- itsmlint out-of-scope: {name} -->`)"
                    )),
                );
            }
        }
    }
}

/// The table's header row: a finding about the whole table points there,
/// rather than showing every row of it once per finding.
fn header_line(doc: &Document, table: &ItsmTable<'_>) -> Span {
    let span = &table.table.span;
    let text = doc.text(span);
    let end = text.find('\n').unwrap_or(text.len());
    span.start..span.start + text[..end].trim_end_matches('\r').len()
}

/// The processes that the unknown rows of a phase's tables most likely misspell.
fn misspelt_processes<'a>(
    itsm: &'a ItsmDoc<'_>,
    phase: usize,
    budget: &mut usize,
) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    for table in itsm.tables_for(phase) {
        for (row, matched) in table.table.rows.iter().zip(&table.rows) {
            if let (Some(name), None) = (row.name(), matched) {
                names.extend(itsm.catalog.suggest_process_within(name, budget));
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use crate::lint::Linter;
    use crate::settings::Settings;

    const TABLE: &str = "## Service operation\n\n| ITSM component | Feature |\n|---|---|\n\
        | Incident management | x |\n| Problem managment | x |\n| Event management | x |\n\
        | Request fulfilment | x |\n";

    fn findings(settings: Settings) -> Vec<crate::finding::Finding> {
        let linter = Linter::new(settings);
        let report = linter
            .check_text(std::path::Path::new("a.md"), TABLE.into())
            .unwrap();
        report.findings
    }

    #[test]
    fn a_misspelt_row_is_unknown_not_also_missing() {
        let found = findings(Settings::builtin().unwrap());
        let unknown: Vec<_> = found
            .iter()
            .filter(|f| f.rule == "unknown-process")
            .collect();
        assert_eq!(unknown.len(), 1, "{found:?}");
        assert_eq!(
            unknown[0].help.as_deref(),
            Some("did you mean \"Problem management\"?")
        );
        let missing: Vec<&str> = found
            .iter()
            .filter(|f| f.rule == "missing-process")
            .map(|f| f.message.as_str())
            .collect();
        assert!(
            missing
                .iter()
                .all(|m| !m.contains("\"Problem management\"")),
            "{missing:?}"
        );
        assert!(
            missing.iter().any(|m| m.contains("\"Access management\"")),
            "{missing:?}"
        );
    }

    #[test]
    fn with_unknown_process_off_the_process_is_missing() {
        let mut settings = Settings::builtin().unwrap();
        settings.severities.remove("unknown-process");
        let found = findings(settings);
        assert!(found
            .iter()
            .any(|f| f.rule == "missing-process" && f.message.contains("\"Problem management\"")));
    }

    #[test]
    fn points_at_the_header_row_only() {
        let found = findings(Settings::builtin().unwrap());
        let missing = found.iter().find(|f| f.rule == "missing-process").unwrap();
        assert_eq!(&TABLE[missing.span.clone()], "| ITSM component | Feature |");
    }
}
