//! `itsmlint report`: the completeness score of ITSM documents, over the
//! files `check` would read (the same pipeline, config include/exclude too).

use std::path::PathBuf;

use itsmlint::gate::{EXIT_CLEAN, EXIT_TROUBLE};
use itsmlint::pipeline::{self, Want};
use itsmlint::report::completeness::{self as completeness_report, CompletenessRun, Scored};

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
