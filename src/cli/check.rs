//! `itsmlint check`: the pipeline over the named paths, then report, fix, gate.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use itsmlint::completeness::DocScore;
use itsmlint::finding::Severity;
use itsmlint::fix;
use itsmlint::gate::{self, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use itsmlint::input::{self, FileError};
use itsmlint::lint::{FileReport, Linter};
use itsmlint::pipeline::{self, walk, InMemory, Want};
use itsmlint::report::{self, BelowThreshold, CompletenessGate, Reporter, Run};

use super::args::{CheckArgs, Color, Format};
use super::make_linter;

/// The paths named on the command line (or in `--files-from`), before
/// folders are walked, and the name standard input is checked under when
/// it is read.
struct Named {
    paths: Vec<PathBuf>,
    stdin: Option<PathBuf>,
}

fn named_paths(args: &CheckArgs) -> anyhow::Result<Named> {
    let dash = Path::new("-");
    let read_stdin = args.paths.iter().any(|p| p == dash);
    let mut paths: Vec<PathBuf> = args.paths.iter().filter(|p| *p != dash).cloned().collect();
    if let Some(list) = &args.files_from {
        let text = if list == dash {
            anyhow::ensure!(
                !read_stdin,
                "standard input can hold either a document (`-`) or a path list (`--files-from -`), not both"
            );
            io::read_to_string(io::stdin()).context("reading the path list from standard input")?
        } else {
            std::fs::read_to_string(list)
                .with_context(|| format!("reading the path list {}", list.display()))?
        };
        paths.extend(walk::path_list(&text));
    } else if paths.is_empty() && !read_stdin {
        paths.push(PathBuf::from("."));
    }
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"))
    });
    Ok(Named { paths, stdin })
}

/// Standard input as a text to check under `name`, or why it cannot be.
fn read_stdin(name: PathBuf) -> anyhow::Result<Result<InMemory, FileError>> {
    let mut bytes = Vec::new();
    io::Read::read_to_end(&mut io::stdin(), &mut bytes).context("reading standard input")?;
    Ok(match input::decode(bytes) {
        Ok(text) => Ok(InMemory { path: name, text }),
        Err(message) => Err(FileError {
            path: name,
            message,
        }),
    })
}

pub(crate) fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let named = named_paths(&args)?;
    let linter = make_linter(&args)?;
    let found = pipeline::discover(&named.paths);
    for dir in &found.empty_dirs {
        eprintln!("warning: {}: no Markdown files found", dir.display());
    }
    let mut config_errors = Vec::new();
    let files = match pipeline::select(&linter, found.files, args.shard) {
        Ok(files) => files,
        Err(errors) => {
            config_errors = errors;
            Vec::new()
        }
    };
    if let Some(Err(e)) = named.stdin.as_ref().map(|name| linter.settings_for(name)) {
        if !config_errors.contains(&e) {
            config_errors.push(e);
        }
    }
    if !config_errors.is_empty() {
        // Results under a config that does not load would be wrong, not partial.
        for error in &config_errors {
            eprintln!("error: {error}");
        }
        return Ok(EXIT_TROUBLE);
    }
    anyhow::ensure!(
        !(args.fix && named.stdin.is_some()),
        "--fix cannot write back to standard input; use --diff to see the fixes"
    );
    let mut errors = found.errors;
    let mut texts = Vec::new();
    if let Some(name) = named.stdin {
        match read_stdin(name)? {
            Ok(text) => texts.push(text),
            Err(error) => errors.push(error),
        }
    }
    let progress = progress_bar(files.len(), args.format);
    let on_done = || progress.inc(1);
    let want = Want {
        scores: args.min_completeness.is_some(),
        on_done: Some(&on_done),
    };
    let checked = pipeline::check(&linter, &files, texts, want);
    progress.finish_and_clear();
    errors.extend(checked.errors);
    let mut reports = checked.reports;
    if args.fix || args.diff {
        reports = apply_fixes(&linter, reports, &mut errors, args.diff)?;
        if args.diff {
            for error in &errors {
                eprintln!("error: {error}");
            }
            return Ok(if !errors.is_empty() {
                EXIT_TROUBLE
            } else if reports.is_empty() {
                EXIT_CLEAN
            } else {
                EXIT_FINDINGS
            });
        }
    }
    for error in &errors {
        eprintln!("error: {error}");
    }
    let counts = gate::Counts {
        errors: count(&reports, Severity::Error),
        warnings: count(&reports, Severity::Warning),
        file_errors: errors.len(),
    };
    if args.quiet {
        for report in &mut reports {
            report.findings.retain(|f| f.severity == Severity::Error);
        }
    }
    let completeness = args
        .min_completeness
        .map(|min| below_threshold(&checked.scores, min));
    let run = Run {
        files: &checked.files,
        reports: &reports,
        errors: &errors,
        elapsed: started.elapsed(),
        completeness: completeness.as_ref(),
    };
    write_report(&run, reporter(&args))?;
    if let Some(max) = args
        .max_warnings
        .filter(|_| gate::too_many_warnings(counts, args.max_warnings))
    {
        let warnings = counts.warnings;
        let noun = if warnings == 1 { "warning" } else { "warnings" };
        eprintln!("error: {warnings} {noun}, more than --max-warnings {max}");
    }
    let below = completeness.map_or(0, |gate| gate.below.len());
    let code = gate::exit_code(counts, args.max_warnings);
    Ok(if below > 0 && code == EXIT_CLEAN {
        EXIT_FINDINGS
    } else {
        code
    })
}

fn reporter(args: &CheckArgs) -> Box<dyn Reporter> {
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    match args.format {
        Format::Human => Box::new(report::Human {
            color,
            summary: !args.quiet,
        }),
        Format::Short => Box::new(report::Short),
        Format::Json => Box::new(report::Json),
        Format::Sarif => Box::new(report::Sarif),
        Format::Github => Box::new(report::Github),
        Format::Junit => Box::new(report::Junit),
    }
}

fn write_report(run: &Run<'_>, reporter: Box<dyn Reporter>) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    let written = reporter.report(run, &mut out).and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing the report"),
    }
}

/// Files from which a run is long enough for a progress bar to help.
pub(crate) const PROGRESS_MIN_FILES: usize = 500;

/// A bar on stderr for long human runs at a terminal, outside CI; hidden (a
/// no-op) elsewhere: machine formats, pipes and CI logs never show one.
fn progress_bar(files: usize, format: Format) -> indicatif::ProgressBar {
    let wanted = matches!(format, Format::Human)
        && io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
        && files >= PROGRESS_MIN_FILES;
    if !wanted {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(files as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}")
    {
        bar.set_style(style);
    }
    bar
}

fn count(reports: &[FileReport], severity: Severity) -> usize {
    reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.severity == severity)
        .count()
}

/// `--fix` writes each fixed file and returns the reports of what remains;
/// `--diff` prints each file's fix and returns the reports of the files it would change.
fn apply_fixes(
    linter: &Linter,
    reports: Vec<FileReport>,
    errors: &mut Vec<FileError>,
    diff_only: bool,
) -> anyhow::Result<Vec<FileReport>> {
    let mut kept = Vec::with_capacity(reports.len());
    let (mut fixes, mut files) = (0, 0);
    let mut out = io::stdout().lock();
    for report in reports {
        let fixed = fix::fix_report(linter, report);
        if !fixed.changed() {
            if !diff_only {
                kept.push(fixed.report);
            }
            continue;
        }
        let path = &fixed.report.path;
        let text = fixed.report.source.text();
        if diff_only {
            out.write_all(fix::unified_diff(path, &fixed.original, text).as_bytes())?;
        } else if let Err(e) = fix::write_atomically(path, text) {
            errors.push(FileError {
                path: path.clone(),
                message: format!("could not write the fixes: {}", input::io_reason(&e)),
            });
            continue;
        }
        fixes += fixed.applied;
        files += 1;
        kept.push(fixed.report);
    }
    out.flush()?;
    let verb = if diff_only { "would fix" } else { "fixed" };
    eprintln!(
        "{verb} {fixes} {} in {files} {}",
        if fixes == 1 { "finding" } else { "findings" },
        if files == 1 { "file" } else { "files" }
    );
    Ok(kept)
}

/// The ITSM documents below `min` percent, each also named on stderr.
fn below_threshold(scores: &[(PathBuf, DocScore)], min: f64) -> CompletenessGate {
    let below = scores
        .iter()
        .filter(|(_, score)| score.percent() < min)
        .map(|(path, score)| BelowThreshold {
            path: path.clone(),
            percent: score.percent(),
        })
        .collect();
    let gate = CompletenessGate { min, below };
    for doc in &gate.below {
        eprintln!("error: {}: {}", doc.path.display(), gate.message(doc));
    }
    gate
}
