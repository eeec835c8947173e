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
use itsmlint::knowledge::RulePack;
use itsmlint::report::{self, Reporter, Run};
use itsmlint::settings::Settings;
use itsmlint::{fix, select, walk};

use super::args::{CheckArgs, Color, Format};

/// The paths named on the command line (or in `--files-from`), before
/// folders are walked, and the name standard input is reported under when
/// it is read.
struct Named {
    paths: Vec<PathBuf>,
    stdin: Option<PathBuf>,
}

fn named_paths(args: &CheckArgs) -> anyhow::Result<Named> {
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
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"))
    });
    Ok(Named { paths, stdin })
}

/// What checking the named files gave, before standard input.
struct Checked {
    /// In path order.
    reports: Vec<FileReport>,
    /// Paths the walk could not read, in walk order, then files that could
    /// not be checked, in path order.
    errors: Vec<FileError>,
    /// Config files that do not load (each once); when there are any, the
    /// reports are not to be used.
    config_errors: Vec<ConfigError>,
}

/// Notes each config error once, in the order met.
fn note(config_errors: &mut Vec<ConfigError>, error: ConfigError) {
    if !config_errors.contains(&error) {
        config_errors.push(error);
    }
}

/// What a run keeps of each checked file with findings, until it reports:
/// keeping more made memory grow with the tree, not with the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// The whole model: `--min-completeness` scores every file's tables.
    Models,
    /// The source, which human output shows and `--fix` edits.
    Source,
    /// Only where the findings are: machine formats show no text.
    Positions,
}

impl Keep {
    fn for_run(args: &CheckArgs) -> Keep {
        if args.min_completeness.is_some() {
            Keep::Models
        } else if args.fix || args.diff || matches!(args.format, Format::Human) {
            Keep::Source
        } else {
            Keep::Positions
        }
    }
}

fn trim(result: &mut Result<FileReport, FileError>, keep: Keep) {
    let Ok(report) = result else { return };
    if keep == Keep::Models {
        return;
    }
    if report.findings.is_empty() {
        report.doc.drop_all();
    } else if keep == Keep::Source {
        report.doc.drop_model();
        // Read into a buffer another file grew: kept, it need hold only this one.
        report.doc.source.shrink_to_fit();
        // Every reporter asks where the findings are; the line index
        // is built here, on the checking threads, not one file at a
        // time while the report is written.
        report.doc.lines();
    } else {
        report.keep_positions_only();
    }
}

/// A file the walk found; a path it could not read is kept with the
/// errors, and a folder with no Markdown in it warned of.
fn walked(found: walk::Found, errors: &mut Vec<FileError>) -> Option<PathBuf> {
    match found {
        walk::Found::File(path) => return Some(path),
        walk::Found::Error(error) => errors.push(error),
        walk::Found::EmptyDir(dir) => {
            eprintln!("warning: {}: no Markdown files found", dir.display());
        }
    }
    None
}

/// The reports of checked files, in order; the files that could not be
/// checked go to `errors`.
fn reports_of(
    results: impl IntoIterator<Item = Result<FileReport, FileError>>,
    errors: &mut Vec<FileError>,
) -> Vec<FileReport> {
    let results = results.into_iter();
    // One more for standard input.
    let mut reports = Vec::with_capacity(results.size_hint().0 + 1);
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    reports
}

/// Files are checked as the walk finds them, and sorted afterwards: the
/// walk is one thread's work, and checking need not wait for its end.
/// With `--shard` the whole sorted list is needed first, and a progress
/// bar needs the count: those runs walk first. `in_path_order`: the walk
/// gives files in `Path` order already (see [`walk::in_path_order`]), so
/// their place in it is their place in the report.
fn check_as_found(
    linter: &Linter,
    found: impl Iterator<Item = Batch> + Send,
    in_path_order: bool,
    keep: Keep,
) -> Checked {
    use rayon::iter::{ParallelBridge, ParallelIterator};
    use walk::Found;
    enum Outcome {
        /// A walk error or an empty folder, with its place in the walk.
        Walk(usize, Found),
        Excluded,
        Config(PathBuf, ConfigError),
        /// With where it stands in the report: its path's sort key (made
        /// here, on the checking threads) unless the walk's order is
        /// `Path`'s, then its place in the walk.
        Checked(
            (Option<walk::OrderKey>, usize),
            Result<FileReport, FileError>,
        ),
    }
    let outcomes: Vec<Outcome> = found
        .par_bridge()
        .flat_map_iter(|(start, batch)| {
            batch
                .into_iter()
                .enumerate()
                .map(move |(i, found)| (start + i, found))
        })
        .map(|(at, found)| {
            let Found::File(path) = found else {
                return Outcome::Walk(at, found);
            };
            let settings = match linter.is_excluded(&path) {
                Ok(true) => return Outcome::Excluded,
                Ok(false) => linter.settings_for(&path),
                Err(e) => Err(e),
            };
            match settings {
                Ok(settings) => {
                    let mut result = linter.check_file_with(&path, &settings);
                    trim(&mut result, keep);
                    let key = (!in_path_order).then(|| walk::order_key(&path));
                    Outcome::Checked((key, at), result)
                }
                Err(e) => Outcome::Config(path, e),
            }
        })
        .collect();
    let (mut notes, mut config, mut checked) = (Vec::new(), Vec::new(), Vec::new());
    for outcome in outcomes {
        match outcome {
            Outcome::Walk(at, found) => notes.push((at, found)),
            Outcome::Excluded => {}
            Outcome::Config(path, e) => config.push((path, e)),
            Outcome::Checked(key, result) => checked.push((key, result)),
        }
    }
    notes.sort_by_key(|(at, _)| *at);
    walk::sort_paths(&mut config, |(path, _)| path);
    let checked = in_order(checked);
    let mut errors = Vec::new();
    for (_, found) in notes {
        // Only errors and empty folders were kept here.
        walked(found, &mut errors);
    }
    let mut config_errors = Vec::new();
    for (_, error) in config {
        note(&mut config_errors, error);
    }
    let reports = reports_of(checked, &mut errors);
    Checked {
        reports,
        errors,
        config_errors,
    }
}

/// The results in report order. Each path is checked once, at one place
/// in the walk: the keys are all different. Where the walk's order is the
/// report's (no sort key made), each result is put straight in its place:
/// sorting moved every report a dozen times over, on the one thread left
/// at the end of the run.
fn in_order<T>(mut checked: Vec<((Option<walk::OrderKey>, usize), T)>) -> Vec<T> {
    if checked.iter().all(|((key, _), _)| key.is_none()) {
        let places = checked.iter().map(|((_, at), _)| at + 1).max().unwrap_or(0);
        let mut slots: Vec<Option<T>> = std::iter::repeat_with(|| None).take(places).collect();
        for ((_, at), result) in checked {
            slots[at] = Some(result);
        }
        return slots.into_iter().flatten().collect();
    }
    checked.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    checked.into_iter().map(|(_, result)| result).collect()
}

/// Walks first, then checks the sorted list (see [`check_as_found`]).
/// Every config is loaded (and checked) before any file is, and
/// include/exclude are applied before sharding, so shards split the files
/// that are really checked.
fn check_listed(
    linter: &Linter,
    found: impl Iterator<Item = Batch>,
    args: &CheckArgs,
    keep: Keep,
) -> Checked {
    let mut errors = Vec::new();
    let mut files: Vec<PathBuf> = found
        .flat_map(|(_, batch)| batch)
        .filter_map(|f| walked(f, &mut errors))
        .collect();
    walk::sort_paths(&mut files, |path| path);
    let mut config_errors: Vec<ConfigError> = Vec::new();
    let mut kept = Vec::with_capacity(files.len());
    for file in files {
        match linter.is_excluded(&file) {
            Ok(true) => {}
            Ok(false) => match linter.settings_for(&file) {
                Ok(_) => kept.push(file),
                Err(e) => note(&mut config_errors, e),
            },
            Err(e) => note(&mut config_errors, e),
        }
    }
    let files = match args.shard {
        Some(shard) => shard.pick(kept),
        None => kept,
    };
    let mut reports = Vec::new();
    if config_errors.is_empty() {
        let progress = progress_bar(files.len(), args.format);
        let results = linter.check_files_with(&files, |result| {
            progress.inc(1);
            trim(result, keep);
        });
        progress.finish_and_clear();
        reports = reports_of(results, &mut errors);
    }
    Checked {
        reports,
        errors,
        config_errors,
    }
}

/// What the walk found, a batch at a time, with where the batch starts
/// in the walk.
type Batch = (usize, Vec<walk::Found>);

/// Files a batch holds: each batch is taken by one checking thread, so
/// the threads meet over the walk's channel once per batch rather than
/// once per file, and a batch is a fraction of a millisecond's checking.
const WALK_BATCH: usize = 16;

/// `found` in batches of [`WALK_BATCH`].
fn batches(mut found: impl Iterator<Item = walk::Found>) -> impl Iterator<Item = Batch> {
    let mut start = 0;
    std::iter::from_fn(move || {
        let batch: Vec<walk::Found> = found.by_ref().take(WALK_BATCH).collect();
        (!batch.is_empty()).then(|| {
            let at = start;
            start += batch.len();
            (at, batch)
        })
    })
}

/// The files under `paths`, as the walk finds them. With more than one
/// checking thread the walk starts at once, as a job of the checking pool,
/// while the rule pack compiles; what it finds waits in the channel. A
/// thread of its own for it had cost a heap of its own too: 4 to 5 more
/// 2 MB pages for the kernel to zero, and a third thread on the cores.
/// The pool runs jobs sent from outside in order, so the walk starts before
/// any check that waits for it; with one thread there is nothing to overlap,
/// and the checks walk as they go.
fn start_walk(paths: Vec<PathBuf>) -> Box<dyn Iterator<Item = Batch> + Send> {
    if rayon::current_num_threads() < 2 {
        return Box::new(batches(walk::Walk::new(paths)));
    }
    let (sender, receiver) = std::sync::mpsc::channel();
    rayon::spawn(move || {
        for batch in batches(walk::Walk::new(paths)) {
            if sender.send(batch).is_err() {
                break; // the run stopped early
            }
        }
    });
    Box::new(receiver.into_iter())
}

pub(crate) fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let named = named_paths(&args)?;
    let in_path_order = walk::in_path_order(&named.paths);
    let found = start_walk(named.paths);
    let linter = make_linter(&args)?;
    let keep = Keep::for_run(&args);
    let streaming = args.shard.is_none() && !progress_wanted(args.format);
    let Checked {
        mut reports,
        mut errors,
        mut config_errors,
    } = if streaming {
        check_as_found(&linter, found, in_path_order, keep)
    } else {
        check_listed(&linter, found, &args, keep)
    };
    let stdin = named.stdin;
    if let Some(Err(e)) = stdin.as_ref().map(|name| linter.settings_for(name)) {
        note(&mut config_errors, e);
    }
    if !config_errors.is_empty() {
        // Results under a config that does not load would be wrong, not partial.
        for error in &config_errors {
            eprintln!("error: {error}");
        }
        return Ok(EXIT_TROUBLE);
    }
    anyhow::ensure!(
        !(args.fix && stdin.is_some()),
        "--fix cannot write back to standard input; use --diff to see the fixes"
    );
    if let Some(name) = &stdin {
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
    // thread, just before exit, and the linter's shared caches (every
    // file's anchors, every folder listed) a few milliseconds more; the
    // process ending frees it all at once.
    std::mem::forget(reports);
    std::mem::forget(linter);
    Ok(if below > 0 && code == EXIT_CLEAN {
        EXIT_FINDINGS
    } else {
        code
    })
}

/// Files from which a run is long enough for a progress bar to help.
pub(crate) const PROGRESS_MIN_FILES: usize = 500;

/// Whether a run in this format may show a progress bar: human output at
/// a terminal, outside CI. Machine formats, pipes and CI logs never do.
fn progress_wanted(format: Format) -> bool {
    matches!(format, Format::Human)
        && io::stderr().is_terminal()
        && std::env::var_os("CI").is_none()
}

/// A bar on stderr for long human runs at a terminal; hidden (a no-op)
/// elsewhere, where it would only be noise.
pub(crate) fn progress_bar(files: usize, format: Format) -> indicatif::ProgressBar {
    let wanted = progress_wanted(format) && files >= PROGRESS_MIN_FILES;
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
