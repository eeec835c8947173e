//! The never-panic harness shared by the fuzz target (`fuzz/`) and
//! `tests/properties.rs`: one input goes through everything a run can do to
//! it (parse, every rule, every reporter, the fixes, the completeness score
//! and its writers), and what comes out is checked for sanity.
//!
//! Not part of the public API: it exists so the fuzzer and the tests drive
//! exactly the same code path, which they could not if each had its own copy.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use crate::completeness::DocScore;
use crate::input;
use crate::lint::{FileReport, Linter};
use crate::pipeline::{self, InMemory, Want};
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
    match input::decode(bytes.to_vec()) {
        Ok(text) => text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// Checks `text` as the file `path` through the pipeline and runs
/// everything downstream of the check over the result. `Err` names the
/// first thing found wrong; a panic anywhere below is the other failure the
/// callers look for.
pub fn exercise(path: &Path, text: String) -> Result<(), String> {
    let linter = linter();
    let texts = vec![InMemory {
        path: path.to_path_buf(),
        text: text.clone(),
    }];
    let want = Want {
        scores: true,
        on_done: None,
    };
    let checked = pipeline::check(linter, &[], texts, want);
    if let Some(error) = checked.errors.first() {
        return Err(format!("check refused built-in settings: {error}"));
    }
    for report in &checked.reports {
        check_report(report)?;
    }
    check_completeness(path, checked.scores)?;
    let report = linter
        .check_text(path, text)
        .map_err(|e| format!("check refused built-in settings: {e}"))?;
    let fixed = crate::fix::fix_report(linter, report);
    let _ = crate::fix::unified_diff(path, &fixed.original, fixed.report.source.text());
    check_report(&fixed.report)
}

/// Every span of `report` valid, every reporter renders it, and the JSON
/// formats produce JSON.
pub fn check_report(report: &FileReport) -> Result<(), String> {
    let source = report.source.text();
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
        files: std::slice::from_ref(&report.path),
        reports: std::slice::from_ref(report),
        errors: &[],
        elapsed: Duration::ZERO,
        completeness: None,
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
        (Box::new(report::Sarif::default()), true),
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
    Ok(())
}

/// The `itsmlint report` path: render the scores in all three formats.
fn check_completeness(path: &Path, scores: Vec<(PathBuf, DocScore)>) -> Result<(), String> {
    let documents: Vec<Scored> = scores
        .into_iter()
        .map(|(path, score)| Scored { path, score })
        .collect();
    let other_files = usize::from(documents.is_empty());
    let run = CompletenessRun {
        documents,
        other_files,
    };
    let mut out = Vec::new();
    completeness::write_json(&run, &mut out).map_err(|e| format!("{}: {e}", path.display()))?;
    parses_as_json(&out)?;
    completeness::write_text(&run, &mut Vec::new()).map_err(|e| e.to_string())?;
    completeness::write_markdown(&run, &mut Vec::new()).map_err(|e| e.to_string())
}

fn parses_as_json(out: &[u8]) -> Result<(), String> {
    serde_json::from_slice::<serde_json::Value>(out)
        .map(drop)
        .map_err(|e| format!("output is not JSON: {e}"))
}
