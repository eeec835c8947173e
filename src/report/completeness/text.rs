//! The terminal table of `itsmlint report`.

use std::io::{self, Write};

use super::{fill, percent, CompletenessRun};

pub fn write_text(run: &CompletenessRun, out: &mut dyn Write) -> io::Result<()> {
    for doc in &run.documents {
        let s = &doc.score;
        writeln!(
            out,
            "{}  [{}]  cells {}  processes {}/{}",
            doc.path.display(),
            s.catalog,
            fill(&s.cells),
            s.covered,
            s.expected
        )?;
        let phase_width = s
            .tables
            .iter()
            .filter_map(|t| t.phase.as_ref().map(String::len))
            .max()
            .unwrap_or(0)
            .max("phase".len());
        writeln!(
            out,
            "  {:>5}  {:phase_width$}  {:>16}  {:>5}  {:>11}  {:>9}  missing",
            "line", "phase", "cells filled", "empty", "placeholder", "processes"
        )?;
        for t in &s.tables {
            let processes = if t.expected == 0 && t.missing.is_empty() {
                "-".to_string()
            } else {
                format!("{}/{}", t.covered, t.expected)
            };
            writeln!(
                out,
                "  {:>5}  {:phase_width$}  {:>16}  {:>5}  {:>11}  {:>9}  {}",
                t.line,
                t.phase.as_deref().unwrap_or("-"),
                fill(&t.cells),
                t.cells.empty,
                t.cells.placeholder,
                processes,
                t.missing.join(", ")
            )?;
        }
        if s.whole_catalog {
            writeln!(
                out,
                "  no phase sections: scored against the whole catalog, {}/{} processes; missing: {}",
                s.covered,
                s.expected,
                if s.missing.is_empty() { "none".to_string() } else { s.missing.join(", ") }
            )?;
        }
        if !s.missing_phases.is_empty() {
            writeln!(out, "  missing phases: {}", s.missing_phases.join(", "))?;
        }
        if !s.out_of_scope.is_empty() {
            writeln!(out, "  out of scope: {}", s.out_of_scope.join(", "))?;
        }
        writeln!(out)?;
    }
    let cells = run.cells();
    writeln!(
        out,
        "{} ITSM document{}: {} of body cells filled{}",
        run.documents.len(),
        if run.documents.len() == 1 { "" } else { "s" },
        percent(cells.percent()),
        match run.other_files {
            0 => String::new(),
            n => format!(
                " ({n} other file{} without ITSM tables)",
                if n == 1 { "" } else { "s" }
            ),
        }
    )
}
