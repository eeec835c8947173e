//! `itsmlint check`: find the files, check them, report, fix, gate.

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;

use itsmlint::completeness;
use itsmlint::config::{ConfigError, Configs};
use itsmlint::engine::{FileError, FileReport, Linter};
use itsmlint::finding::Severity;
use itsmlint::gate::{self, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use itsmlint::pack::RulePack;
use itsmlint::report::{self, Reporter, Run};
use itsmlint::settings::Settings;
use itsmlint::{fix, select, walk};

use super::args::{CheckArgs, Color, Format};
use itsmlint::shard::Shard;

/// What `check` reads: files found under the named paths, and standard input.
pub(crate) struct Inputs {
    files: Vec<PathBuf>,
    errors: Vec<FileError>,
    /// The name standard input is reported under, when it is read.
    stdin: Option<PathBuf>,
    /// Config files that do not load (each once).
    config_errors: Vec<ConfigError>,
}

/// The paths named on the command line (or in `--files-from`), expanded
/// into Markdown files: no configuration is needed for this part.
pub(crate) struct Named {
    found: walk::Discovery,
    stdin: Option<PathBuf>,
}

pub(crate) fn find_named(args: &CheckArgs) -> anyhow::Result<Named> {
    let dash = std::path::Path::new("-");
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
    let found = walk::discover(&paths);
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"))
    });
    Ok(Named { found, stdin })
}

/// The linter and the files it checks. The folders are walked on a thread
/// of their own while the rule pack compiles: the walk is one thread's
/// work, and the pack's patterns would otherwise wait for it.
pub(crate) fn linter_and_inputs(args: &CheckArgs) -> anyhow::Result<(Linter, Inputs)> {
    let (linter, named) = std::thread::scope(|scope| {
        let named = scope.spawn(|| find_named(args));
        let linter = make_linter(args);
        let named = named
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("finding the files to check failed")));
        (linter, named)
    });
    let linter = linter?;
    let inputs = gather_inputs(named?, &linter, args.shard);
    Ok((linter, inputs))
}

/// Leaves out what the configuration excludes, and shards.
pub(crate) fn gather_inputs(named: Named, linter: &Linter, shard: Option<Shard>) -> Inputs {
    let Named { found, stdin } = named;
    for dir in &found.empty_dirs {
        eprintln!("warning: {}: no Markdown files found", dir.display());
    }
    // Every config is loaded (and checked) before any file is, and
    // include/exclude are applied before sharding, so shards split the
    // files that are really checked.
    let mut config_errors: Vec<ConfigError> = Vec::new();
    let mut note = |e: ConfigError| {
        if !config_errors.contains(&e) {
            config_errors.push(e);
        }
    };
    let mut kept = Vec::with_capacity(found.files.len());
    for file in found.files {
        match linter.is_excluded(&file) {
            Ok(true) => {}
            Ok(false) => match linter.settings_for(&file) {
                Ok(_) => kept.push(file),
                Err(e) => note(e),
            },
            Err(e) => note(e),
        }
    }
    if let Some(Err(e)) = stdin.as_ref().map(|name| linter.settings_for(name)) {
        note(e);
    }
    let files = match shard {
        Some(shard) => shard.pick(kept),
        None => kept,
    };
    Inputs {
        files,
        errors: found.errors,
        stdin,
        config_errors,
    }
}

pub(crate) fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let (linter, inputs) = linter_and_inputs(&args)?;
    if !inputs.config_errors.is_empty() {
        // Results under a config that does not load would be wrong, not partial.
        for error in &inputs.config_errors {
            eprintln!("error: {error}");
        }
        return Ok(EXIT_TROUBLE);
    }
    anyhow::ensure!(
        !(args.fix && inputs.stdin.is_some()),
        "--fix cannot write back to standard input; use --diff to see the fixes"
    );
    let mut errors = inputs.errors;
    let mut reports: Vec<FileReport> = Vec::with_capacity(inputs.files.len() + 1);
    let progress = progress_bar(inputs.files.len(), args.format);
    // `--min-completeness` scores every file's tables, so it keeps them all.
    let keep_models = args.min_completeness.is_some();
    let results = linter.check_files_with(&inputs.files, |result| {
        progress.inc(1);
        // Reporters and --fix read only the findings and, for files that
        // have some, the source; keeping more made memory grow with the
        // tree, not with the findings.
        if let (Ok(report), false) = (result, keep_models) {
            if report.findings.is_empty() {
                report.doc.drop_all();
            } else {
                report.doc.drop_model();
                // Every reporter asks where the findings are; the line index
                // is built here, on the checking threads, not one file at a
                // time while the report is written.
                report.doc.lines();
            }
        }
    });
    progress.finish_and_clear();
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    if let Some(name) = &inputs.stdin {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin(), &mut bytes).context("reading standard input")?;
        match itsmlint::engine::decode(bytes) {
            Ok(text) => match linter.check_text(name, text) {
                Ok(report) => reports.push(report),
                Err(error) => errors.push(error),
            },
            Err(message) => errors.push(FileError {
                path: name.clone(),
                message,
            }),
        }
    }
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
    let run = Run {
        reports: &reports,
        errors: &errors,
        elapsed: started.elapsed(),
    };
    let stdout = io::stdout();
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let reporter: Box<dyn Reporter> = match args.format {
        Format::Human => Box::new(report::Human {
            color,
            summary: !args.quiet,
        }),
        Format::Short => Box::new(report::Short),
        Format::Json => Box::new(report::Json),
        Format::Sarif => Box::new(report::Sarif),
        Format::Github => Box::new(report::Github),
        Format::Junit => Box::new(report::Junit),
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let written = reporter.report(&run, &mut out).and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the report")?,
    }
    if let Some(max) = args
        .max_warnings
        .filter(|_| gate::too_many_warnings(counts, args.max_warnings))
    {
        eprintln!(
            "error: {} warnings, more than --max-warnings {max}",
            counts.warnings
        );
    }
    let below = match args.min_completeness {
        Some(min) => below_threshold(&reports, &linter, min),
        None => 0,
    };
    let code = gate::exit_code(counts, args.max_warnings);
    // Freeing every document one by one took a tenth of a corpus run, on one
    // thread, just before exit; the process ending frees it all at once.
    std::mem::forget(reports);
    Ok(if below > 0 && code == EXIT_CLEAN {
        EXIT_FINDINGS
    } else {
        code
    })
}

/// Files from which a run is long enough for a progress bar to help.
pub(crate) const PROGRESS_MIN_FILES: usize = 500;

/// A bar on stderr for long human runs at a terminal; hidden (a no-op) for
/// machine formats, pipes and CI logs, where it would only be noise.
pub(crate) fn progress_bar(files: usize, format: Format) -> indicatif::ProgressBar {
    let wanted = matches!(format, Format::Human)
        && files >= PROGRESS_MIN_FILES
        && io::stderr().is_terminal()
        && std::env::var_os("CI").is_none();
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

/// The linter with each file's settings: from `--config`, the nearest
/// itsmlint.toml, or the defaults (`--no-config`), narrowed by `--select`/`--ignore`.
pub(crate) fn make_linter(args: &CheckArgs) -> anyhow::Result<Linter> {
    let pack = RulePack::builtin();
    for id in args.select.iter().chain(&args.ignore) {
        select::known_rule(pack, id)?;
    }
    let (chosen, ignored) = (args.select.clone(), args.ignore.clone());
    let catalogs = args.catalog.adjustment()?;
    linter(args.config.as_deref(), args.no_config, move |settings| {
        select::apply(pack, &mut settings.severities, &chosen, &ignored)
            .expect("rule ids checked above");
        catalogs(settings);
    })
}

/// A linter whose settings come from `config` (one file for all), the
/// defaults (`no_config`) or the nearest itsmlint.toml of each file, then
/// `narrow`ed by the command line's flags, which win.
pub(crate) fn linter(
    config: Option<&Path>,
    no_config: bool,
    narrow: impl Fn(&mut Settings) + Send + Sync + 'static,
) -> anyhow::Result<Linter> {
    Ok(if no_config {
        let mut settings = Settings::builtin().context("loading the built-in rule pack")?;
        narrow(&mut settings);
        settings.check_catalog().map_err(anyhow::Error::msg)?;
        Linter::new(settings)
    } else if let Some(path) = config {
        Linter::with_configs(Configs::explicit(path)?.adjusted(narrow))
    } else {
        Linter::with_configs(Configs::discover().adjusted(narrow))
    })
}

pub(crate) fn count(reports: &[FileReport], severity: Severity) -> usize {
    reports
        .iter()
        .flat_map(|r| &r.findings)
        .filter(|f| f.severity == severity)
        .count()
}

/// `--fix` writes each fixed file and returns the reports of what remains;
/// `--diff` prints each file's fix and returns the reports of the files it would change.
pub(crate) fn apply_fixes(
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
        if diff_only {
            let diff = fix::unified_diff(path, &fixed.original, &fixed.report.doc.source);
            out.write_all(diff.as_bytes())?;
        } else if let Err(e) = fix::write_atomically(path, &fixed.report.doc.source) {
            errors.push(FileError {
                path: path.clone(),
                message: format!(
                    "could not write the fixes: {}",
                    itsmlint::engine::io_reason(&e)
                ),
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

/// Names each ITSM document below `min` percent on stderr; returns how many.
pub(crate) fn below_threshold(reports: &[FileReport], linter: &Linter, min: f64) -> usize {
    let mut below = 0;
    for report in reports {
        // Config errors were reported before any file was checked.
        let Ok(settings) = linter.settings_for(&report.path) else {
            continue;
        };
        let Some(score) = completeness::score(&report.doc, &settings) else {
            continue;
        };
        if score.percent() < min {
            below += 1;
            eprintln!(
                "error: {}: {:.1}% of ITSM table cells filled, below --min-completeness {min}",
                report.path.display(),
                score.percent()
            );
        }
    }
    below
}
