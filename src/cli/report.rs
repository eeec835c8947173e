//! `itsmlint report`: the completeness score of ITSM documents, over the
//! files `check` would read (the same pipeline, config include/exclude too).

use std::path::{Path, PathBuf};

use anyhow::Context as _;

use itsmlint::gate::{EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use itsmlint::pipeline::{self, Want};
use itsmlint::report::completeness::{
    self as completeness_report, Comparison, CompletenessRun, Scored,
};

use super::args::{ReportArgs, ReportFormat};
use super::output::to_stdout;
use super::{linter, named_files};

pub(crate) fn completeness_report(args: ReportArgs) -> anyhow::Result<u8> {
    // Each file scored under its own itsmlint.toml, as `check` does.
    let linter = linter(
        args.config.as_deref(),
        args.no_config,
        args.catalog.adjustment()?,
    )?;
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let found = pipeline::discover(&paths);
    let named = named_files(&paths, args.force_exclude);
    let files = match pipeline::select(&linter, found.files, &named, None) {
        Ok(files) => files,
        Err(config_errors) => {
            for error in &config_errors {
                eprintln!("error: {error}");
            }
            return Ok(EXIT_TROUBLE);
        }
    };
    let want = Want {
        scores: true,
        on_done: None,
    };
    let checked = pipeline::check(&linter, &files, Vec::new(), want);
    let mut errors = found.errors;
    errors.extend(checked.errors);
    for error in &errors {
        eprintln!("error: {error}");
    }
    let run = CompletenessRun {
        other_files: checked.files.len() - checked.scores.len(),
        documents: checked
            .scores
            .into_iter()
            .map(|(path, score)| Scored { path, score })
            .collect(),
    };
    if let Some(base) = &args.ratchet.compare {
        return compare(
            base,
            &run,
            args.format,
            args.ratchet.fail_on_drop,
            errors.is_empty(),
        );
    }
    to_stdout(|out| match args.format {
        ReportFormat::Table => completeness_report::write_text(&run, out),
        ReportFormat::Json => completeness_report::write_json(&run, out),
        ReportFormat::Markdown => completeness_report::write_markdown(&run, out),
    })?;
    Ok(if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_TROUBLE
    })
}

/// `--compare BASE.json`: this run against the base report, in `format`;
/// with `fail_on_drop`, exit 1 when a document's coverage fell.
fn compare(
    base: &Path,
    run: &CompletenessRun,
    format: ReportFormat,
    fail_on_drop: bool,
    complete: bool,
) -> anyhow::Result<u8> {
    let text = std::fs::read_to_string(base)
        .with_context(|| format!("reading the base report {}", base.display()))?;
    let comparison = Comparison::new(base, &text, run)?;
    to_stdout(|out| match format {
        ReportFormat::Table => completeness_report::write_compare_text(&comparison, out),
        ReportFormat::Json => completeness_report::write_compare_json(&comparison, out),
        ReportFormat::Markdown => completeness_report::write_compare_markdown(&comparison, out),
    })?;
    let dropped = comparison.dropped();
    if dropped && fail_on_drop {
        eprintln!(
            "error: coverage fell in {} against {} (--fail-on-drop)",
            match comparison
                .moved(completeness_report::compare::Movement::Worse)
                .count()
            {
                1 => "1 document".to_string(),
                n => format!("{n} documents"),
            },
            base.display()
        );
    }
    Ok(if !complete {
        EXIT_TROUBLE
    } else if dropped && fail_on_drop {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}
