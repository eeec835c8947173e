//! `itsmlint report --format markdown`: a summary a CI job can post on a pull request.

use std::io::{self, Write};

use super::{fill, percent, CompletenessRun};

pub fn write_markdown(run: &CompletenessRun, out: &mut dyn Write) -> io::Result<()> {
    let cells = run.cells();
    writeln!(out, "## itsmlint completeness\n")?;
    writeln!(
        out,
        "{} ITSM document{}, {} of body cells filled.\n",
        run.documents.len(),
        if run.documents.len() == 1 { "" } else { "s" },
        percent(cells.percent())
    )?;
    if run.documents.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "| Document | Catalog | Cells filled | Processes | Missing phases |"
    )?;
    writeln!(out, "|---|---|---|---|---|")?;
    for doc in &run.documents {
        let s = &doc.score;
        writeln!(
            out,
            "| `{}` | {} | {} | {}/{} | {} |",
            escape(&doc.path.display().to_string()),
            s.catalog,
            fill(&s.cells),
            s.covered,
            s.expected,
            list(&s.missing_phases)
        )?;
    }
    for doc in &run.documents {
        let s = &doc.score;
        writeln!(out, "\n### `{}`\n", escape(&doc.path.display().to_string()))?;
        writeln!(
            out,
            "| Line | Phase | Cells filled | Empty | Placeholders | Processes | Missing |"
        )?;
        writeln!(out, "|---:|---|---:|---:|---:|---:|---|")?;
        for t in &s.tables {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {}/{} | {} |",
                t.line,
                escape(t.phase.as_deref().unwrap_or("-")),
                fill(&t.cells),
                t.cells.empty,
                t.cells.placeholder,
                t.covered,
                t.expected,
                list(&t.missing)
            )?;
        }
        if s.whole_catalog {
            writeln!(
                out,
                "\nNo phase sections: scored against the whole catalog, {}/{} processes; missing: {}.",
                s.covered,
                s.expected,
                list(&s.missing)
            )?;
        }
        if !s.out_of_scope.is_empty() {
            writeln!(
                out,
                "\nOut of scope: {}.",
                escape(&s.out_of_scope.join(", "))
            )?;
        }
    }
    Ok(())
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "none".to_string()
    } else {
        escape(&names.join(", "))
    }
}

/// Keeps a name from breaking the table it sits in.
fn escape(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
