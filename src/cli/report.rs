//! `itsmlint report`: the completeness score of ITSM documents.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use rayon::prelude::*;

use itsmlint::completeness;
use itsmlint::engine::{read_markdown, FileError};
use itsmlint::gate::{EXIT_CLEAN, EXIT_TROUBLE};
use itsmlint::parse::parse;
use itsmlint::report::completeness::{self as completeness_report, CompletenessRun, Scored};
use itsmlint::walk;

use super::args::{ReportArgs, ReportFormat};
use super::check::linter;

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
    let found = walk::discover(&paths);
    let mut errors = found.errors;
    let mut run = CompletenessRun {
        documents: Vec::new(),
        other_files: 0,
    };
    // Scored as soon as parsed, so only the files in flight hold a model.
    let scored: Vec<_> = found
        .files
        .par_iter()
        .map(|p| {
            let settings = linter.settings_for(p).map_err(|e| FileError {
                path: e.path.clone(),
                message: e.message,
            })?;
            let doc = parse(read_markdown(p)?, settings.slug_style);
            Ok((p.clone(), completeness::score(&doc, &settings)))
        })
        .collect();
    for result in scored {
        match result {
            Ok((path, Some(score))) => run.documents.push(Scored { path, score }),
            Ok((_, None)) => run.other_files += 1,
            Err(error) => errors.push(error),
        }
    }
    // A bad `--catalog` fails every file the same way: say it once.
    errors.dedup_by(|a, b| a.path == b.path && a.message == b.message);
    for error in &errors {
        eprintln!("error: {error}");
    }
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let written = match args.format {
        ReportFormat::Table => completeness_report::write_text(&run, &mut out),
        ReportFormat::Json => completeness_report::write_json(&run, &mut out),
        ReportFormat::Markdown => completeness_report::write_markdown(&run, &mut out),
    }
    .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the report")?,
    }
    Ok(if errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_TROUBLE
    })
}
