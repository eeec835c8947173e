//! `itsmlint report --format markdown`: a summary a CI job can post on a pull request.

use std::io::{self, Write};

use super::compare::{key, points, Comparison, Coverage, Movement};
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

/// Documents listed under "Still missing" at most: a pull-request comment
/// has a size limit, and the first ones say what to do next.
const MISSING_SHOWN: usize = 25;

/// `report --compare BASE.json --format markdown`: a pull-request comment
/// saying what got better, what got worse, and what is still missing.
pub fn write_compare_markdown(cmp: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "## itsmlint completeness\n")?;
    writeln!(
        out,
        "Against `{}`: body cells filled {} → {} ({} points), processes covered {} → {}.",
        escape(&cmp.base),
        percent(cmp.before.percent()),
        percent(cmp.after.percent()),
        points(&cmp.before, &cmp.after),
        processes(&cmp.before),
        processes(&cmp.after),
    )?;
    for (title, way) in [
        ("Worse", Movement::Worse),
        ("Better", Movement::Better),
        ("New", Movement::New),
        ("Removed", Movement::Removed),
    ] {
        let moved: Vec<_> = cmp.moved(way).collect();
        if moved.is_empty() {
            continue;
        }
        writeln!(out, "\n### {title} ({})\n", moved.len())?;
        writeln!(out, "| Document | Cells filled | Processes |")?;
        writeln!(out, "|---|---|---|")?;
        for doc in moved {
            let (before, after) = (doc.before, doc.after());
            let cells = match (before, after) {
                (Some(b), Some(a)) => format!(
                    "{} → {} ({})",
                    percent(b.percent()),
                    percent(a.percent()),
                    points(&b, &a)
                ),
                (Some(c), None) | (None, Some(c)) => {
                    format!("{}/{} ({})", c.filled, c.cells, percent(c.percent()))
                }
                (None, None) => "-".into(),
            };
            let process_counts = match (before, after) {
                (Some(b), Some(a)) => format!("{} → {}", processes(&b), processes(&a)),
                (Some(c), None) | (None, Some(c)) => processes(&c),
                (None, None) => "-".into(),
            };
            writeln!(
                out,
                "| `{}` | {cells} | {process_counts} |",
                escape(&doc.path)
            )?;
        }
    }
    let missing: Vec<_> = cmp
        .run
        .documents
        .iter()
        .filter(|d| {
            let s = &d.score;
            s.cells.real < s.cells.total || s.covered < s.expected || !s.missing_phases.is_empty()
        })
        .collect();
    if missing.is_empty() {
        return writeln!(out, "\nNothing is missing.");
    }
    writeln!(out, "\n### Still missing ({})\n", missing.len())?;
    writeln!(
        out,
        "| Document | Empty | Placeholders | Missing processes | Missing phases |"
    )?;
    writeln!(out, "|---|---:|---:|---|---|")?;
    for doc in missing.iter().take(MISSING_SHOWN) {
        let s = &doc.score;
        let processes: Vec<String> = s.tables.iter().flat_map(|t| t.missing.clone()).collect();
        writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            escape(&key(&doc.path.display().to_string())),
            s.cells.empty,
            s.cells.placeholder,
            list(&processes),
            list(&s.missing_phases)
        )?;
    }
    if missing.len() > MISSING_SHOWN {
        writeln!(
            out,
            "\n… and {} more; `itsmlint report` lists them all.",
            missing.len() - MISSING_SHOWN
        )?;
    }
    Ok(())
}

fn processes(coverage: &Coverage) -> String {
    format!("{}/{}", coverage.covered, coverage.expected)
}
