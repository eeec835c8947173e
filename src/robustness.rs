//! The never-panic harness shared by the fuzz target (`fuzz/`) and
//! `tests/properties.rs`: one input goes through everything a run can do to
//! it (parse, every rule, every reporter, the fixes, the completeness score
//! and its writers), and what comes out is checked for sanity, down to the
//! machine formats rendering the same from positions alone (as `check`
//! keeps them) as from the whole document.
//!
//! Not part of the public API: it exists so the fuzzer and the tests drive
//! exactly the same code path, which they could not if each had its own copy.

use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use crate::engine::{self, FileReport, Linter};
use crate::report::completeness::{self, CompletenessRun, Scored};
use crate::report::{self, Reporter, Run};
use crate::settings::Settings;

/// One linter with the built-in settings, built once: building it parses the
/// rule pack, which would otherwise dominate every fuzz iteration.
pub fn linter() -> &'static Linter {
    static LINTER: OnceLock<Linter> = OnceLock::new();
    LINTER.get_or_init(|| Linter::new(Settings::builtin().expect("the built-in rule pack loads")))
}

/// How many cases a property test runs: `default`, or as many as
/// `PROPTEST_CASES` asks for (a count written into a proptest config would
/// win over the variable, so the tests ask here instead).
pub fn proptest_cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Bytes as the CLI would read them; bytes the CLI refuses (invalid UTF-8,
/// NUL) still become text, lossily, so every input reaches the parser.
pub fn text_of(bytes: &[u8]) -> String {
    match engine::decode(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Checks `text` as the file `path` and runs everything downstream of the
/// check over the result. `Err` names the first thing found wrong; a panic
/// anywhere below is the other failure the callers look for.
pub fn exercise(path: &Path, text: String) -> Result<(), String> {
    let linter = linter();
    let check = |text: String| {
        linter
            .check_text(path, text)
            .map_err(|e| format!("check refused built-in settings: {e}"))
    };
    let report = check(text.clone())?;
    check_report(&report)?;
    let mut positions_only = check(text)?;
    positions_only.keep_positions_only();
    same_machine_reports(&report, &positions_only)?;
    let fixed = crate::fix::fix_report(linter, report);
    let _ = crate::fix::unified_diff(path, &fixed.original, &fixed.report.doc.source);
    check_report(&fixed.report)
}

/// Every span of `report` valid, every reporter renders it, and the JSON
/// formats produce JSON.
pub fn check_report(report: &FileReport) -> Result<(), String> {
    let source = &report.doc.source;
    let valid = |span: &std::ops::Range<usize>| {
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end)
    };
    for f in &report.findings {
        if !valid(&f.span) {
            return Err(format!(
                "bad span {:?} for {}: {}",
                f.span, f.rule, f.message
            ));
        }
        if let Some(fix) = &f.fix {
            if !valid(&fix.span) {
                return Err(format!("bad fix span {:?} for {}", fix.span, f.rule));
            }
        }
    }
    let run = Run {
        reports: std::slice::from_ref(report),
        errors: &[],
        elapsed: Duration::ZERO,
    };
    // (reporter, whether its output must parse as JSON)
    let reporters: [(Box<dyn Reporter>, bool); 7] = [
        (
            Box::new(report::Human {
                color: false,
                summary: true,
            }),
            false,
        ),
        (
            Box::new(report::Human {
                color: true,
                summary: false,
            }),
            false,
        ),
        (Box::new(report::Short), false),
        (Box::new(report::Json), true),
        (Box::new(report::Sarif), true),
        (Box::new(report::Github), false),
        (Box::new(report::Junit), false),
    ];
    for (reporter, json) in reporters {
        let mut out = Vec::new();
        reporter
            .report(&run, &mut out)
            .map_err(|e| format!("reporter failed: {e}"))?;
        if json {
            parses_as_json(&out)?;
        }
    }
    check_completeness(report)
}

/// A report that kept only where its findings are (as `check` keeps them
/// for machine formats) renders in every machine format exactly as the
/// whole document does.
fn same_machine_reports(whole: &FileReport, positions_only: &FileReport) -> Result<(), String> {
    let render = |report: &FileReport, reporter: &dyn Reporter| {
        let run = Run {
            reports: std::slice::from_ref(report),
            errors: &[],
            elapsed: Duration::ZERO,
        };
        let mut out = Vec::new();
        reporter
            .report(&run, &mut out)
            .map_err(|e| format!("reporter failed: {e}"))?;
        Ok::<_, String>(out)
    };
    let reporters: [Box<dyn Reporter>; 5] = [
        Box::new(report::Short),
        Box::new(report::Json),
        Box::new(report::Sarif),
        Box::new(report::Github),
        Box::new(report::Junit),
    ];
    for reporter in reporters {
        if render(whole, reporter.as_ref())? != render(positions_only, reporter.as_ref())? {
            return Err("a report kept as positions only differs from the whole one".into());
        }
    }
    Ok(())
}

/// The `itsmlint report` path: score the document, render all three formats.
fn check_completeness(report: &FileReport) -> Result<(), String> {
    let settings = linter().settings_for(&report.path).map_err(|e| e.message)?;
    let documents = crate::completeness::score(&report.doc, &settings)
        .map(|score| Scored {
            path: report.path.clone(),
            score,
        })
        .into_iter()
        .collect::<Vec<_>>();
    let other_files = usize::from(documents.is_empty());
    let run = CompletenessRun {
        documents,
        other_files,
    };
    let mut out = Vec::new();
    completeness::write_json(&run, &mut out).map_err(|e| e.to_string())?;
    parses_as_json(&out)?;
    completeness::write_text(&run, &mut Vec::new()).map_err(|e| e.to_string())?;
    completeness::write_markdown(&run, &mut Vec::new()).map_err(|e| e.to_string())
}

fn parses_as_json(out: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<serde_json::Value>(out)
        .map(drop)
        .map_err(|e| format!("output is not JSON: {e}"))
}
