//! `itsmlint check`: the pipeline over the named paths, then report, fix, gate.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use clap::ValueEnum as _;

use itsmlint::completeness::DocScore;
use itsmlint::finding::Severity;
use itsmlint::fix;
use itsmlint::gate::baseline::{self, Baseline, Fingerprinter, Stale};
use itsmlint::gate::changed::{self, Changes};
use itsmlint::gate::{self, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};
use itsmlint::input::{self, FileError};
use itsmlint::lint::{FileReport, Linter};
use itsmlint::pipeline::{self, walk, InMemory, Selected, Want};
use itsmlint::report::{self, BelowThreshold, CompletenessGate, Reporter, Run};

use super::args::{CheckArgs, DiffScope, Format, GateArgs};
use super::output::{use_color, write_output, Statistics};
use super::{make_linter, named_files};

/// The paths named on the command line (or in `--files-from`), before
/// folders are walked, and the name standard input is checked under when
/// it is read.
struct Named {
    paths: Vec<PathBuf>,
    stdin: Option<PathBuf>,
}

fn named_paths(args: &CheckArgs) -> anyhow::Result<Named> {
    let dash = Path::new("-");
    // A name for standard input and no path: the document is standard input, as in ruff.
    let only_stdin_named =
        args.paths.is_empty() && args.files_from.is_none() && args.stdin_filename.is_some();
    let read_stdin = only_stdin_named || args.paths.iter().any(|p| p == dash);
    // A name for standard input beside real paths and no `-`: which did they mean?
    anyhow::ensure!(
        read_stdin || args.stdin_filename.is_none(),
        "--stdin-filename names standard input, but it is not read: add `-` to the paths to check it with them, or give no paths"
    );
    let mut paths: Vec<PathBuf> = args.paths.iter().filter(|p| *p != dash).cloned().collect();
    if let Some(list) = &args.files_from {
        let text = if list == dash {
            anyhow::ensure!(
                !read_stdin,
                "standard input can hold either a document (`-`) or a path list (`--files-from -`), not both"
            );
            io::read_to_string(io::stdin()).context("reading the path list from standard input")?
        } else {
            std::fs::read_to_string(list).map_err(|e| {
                anyhow::anyhow!(
                    "--files-from {}: cannot read the path list: {}",
                    list.display(),
                    input::io_reason(&e)
                )
            })?
        };
        paths.extend(walk::path_list(&text));
    } else if paths.is_empty() && !read_stdin {
        paths.push(PathBuf::from("."));
    }
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from(report::paths::STDIN))
    });
    Ok(Named { paths, stdin })
}

/// `--verbose`: the site each folder's files are checked as.
fn say_sites(files: &[Selected]) {
    let choices = files
        .iter()
        .map(|file| (file.path.as_path(), &file.settings.site));
    for line in itsmlint::site::summary(choices) {
        eprintln!("{line}");
    }
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
    let exit_zero = args.exit_zero;
    let code = check_and_gate(args)?;
    Ok(if exit_zero && code == EXIT_FINDINGS {
        EXIT_CLEAN
    } else {
        code
    })
}

fn check_and_gate(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let reporter = reporter(&args)?;
    let named = named_paths(&args)?;
    let linter = make_linter(&args)?;
    let gates = Gates::load(&args.gate)?;
    let found = pipeline::discover_with_hidden(&named.paths, args.hidden);
    for dir in &found.empty_dirs {
        eprintln!("warning: {}: no Markdown files found", dir.display());
    }
    let mut config_errors = Vec::new();
    let named_files = named_files(&args.paths, args.force_exclude);
    let files = match pipeline::select(&linter, found.files, &named_files, args.shard) {
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
    if args.gate.verbose {
        say_sites(&files);
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
    if args.stdin_filename.is_none() {
        skip_links_to_files(&mut reports);
    }
    if args.fix || args.diff {
        let output_file = args.output_file.as_deref();
        reports = apply_fixes(&linter, reports, &mut errors, args.diff, output_file)?;
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
    if let Some(file) = &args.gate.write_baseline {
        return write_baseline(file, &reports, &checked.files, errors.is_empty());
    }
    let stale = gates.apply(&args, &mut reports, &checked.files);
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
    write_output(args.output_file.as_deref(), |out| {
        reporter.report(&run, out)
    })?;
    tell_stale(&stale, args.gate.verbose);
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

/// Standard input without a name has no folder: its links to other files
/// would resolve from the current folder and break falsely, so the rule that
/// follows them (`broken-link`) says nothing of it. In-page anchors are still checked.
fn skip_links_to_files(reports: &mut Vec<FileReport>) {
    for report in reports.iter_mut() {
        if report.path == Path::new(report::paths::STDIN) {
            report.findings.retain(|f| f.rule != "broken-link");
        }
    }
    reports.retain(|r| !r.findings.is_empty());
}

fn reporter(args: &CheckArgs) -> anyhow::Result<Box<dyn Reporter>> {
    if args.statistics {
        let format = args
            .format
            .to_possible_value()
            .expect("no format is skipped");
        anyhow::ensure!(
            matches!(args.format, Format::Human | Format::Short | Format::Json),
            "--statistics prints a table, or JSON with --format json; not --format {}",
            format.get_name()
        );
        return Ok(Box::new(Statistics {
            json: matches!(args.format, Format::Json),
        }));
    }
    let terminal = args.output_file.is_none() && io::stdout().is_terminal();
    let color = use_color(args.color, terminal);
    Ok(match args.format {
        Format::Human => Box::new(report::Human {
            color,
            summary: !args.quiet,
        }),
        Format::Short => Box::new(report::Short),
        Format::Json => Box::new(report::Json),
        Format::Sarif => Box::new(report::Sarif {
            fingerprints: fingerprinter(&args.gate),
            against_baseline: args.gate.baseline.is_some(),
        }),
        Format::Github => Box::new(report::Github),
        Format::Junit => Box::new(report::Junit),
        Format::Gitlab => Box::new(report::Gitlab {
            fingerprints: fingerprinter(&args.gate),
        }),
        Format::Rdjson => Box::new(report::Rdjson),
    })
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
    output_file: Option<&Path>,
) -> anyhow::Result<Vec<FileReport>> {
    let mut kept = Vec::with_capacity(reports.len());
    let (mut fixes, mut files) = (0, 0);
    let mut patch = String::new();
    // `git apply` takes paths from the repository's top, without `./`.
    let mut repo_paths = report::paths::RepoPaths::new();
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
            patch.push_str(&fix::unified_diff(
                &repo_paths.of(path),
                &fixed.original,
                text,
            ));
        } else if let Err(e) = fix::write_atomically(path, text) {
            // Our own refusals (a read-only file) carry their reason; the system's are worded by io_reason.
            let reason = match e.get_ref() {
                Some(ours) => ours.to_string(),
                None => input::io_reason(&e),
            };
            errors.push(FileError {
                path: path.clone(),
                message: format!("not fixed: {reason}"),
            });
            // The file is as it was: report its findings as they are.
            let unchanged = linter.check_text(&fixed.report.path, fixed.original);
            kept.extend(unchanged.ok().filter(|r| !r.findings.is_empty()));
            continue;
        }
        fixes += fixed.applied;
        files += 1;
        kept.push(fixed.report);
    }
    if diff_only {
        write_output(output_file, |out| out.write_all(patch.as_bytes()))?;
    }
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

/// What narrows a run's findings to those a change brought: a baseline,
/// the changed lines. Loaded before the check, so that a bad baseline or
/// an unknown ref fails at once.
struct Gates {
    baseline: Option<Baseline>,
    changes: Option<Changes>,
}

impl Gates {
    fn load(args: &GateArgs) -> anyhow::Result<Gates> {
        let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
        let changes = match &args.diff_base {
            Some(base) => Some(Changes::since(Path::new("."), base)?),
            None => None,
        };
        Ok(Gates { baseline, changes })
    }

    /// The baseline first, over every finding, so that its entries match
    /// whatever lines changed; then the changed lines. Returns the
    /// baseline's stale entries.
    fn apply(
        &self,
        args: &CheckArgs,
        reports: &mut Vec<FileReport>,
        checked: &[PathBuf],
    ) -> Vec<Stale> {
        let stale = match &self.baseline {
            Some(baseline) => baseline.filter(reports, checked, args.shard.is_some()),
            None => Vec::new(),
        };
        if let Some(changes) = &self.changes {
            let scope = match args.gate.diff_scope {
                DiffScope::Lines => changed::Scope::Lines,
                DiffScope::Files => changed::Scope::Files,
            };
            changes.filter(reports, scope);
        }
        stale
    }
}

/// Fingerprints as the run's baseline has them, or relative to the current folder.
fn fingerprinter(args: &GateArgs) -> Fingerprinter {
    match args.baseline.as_ref().or(args.write_baseline.as_ref()) {
        Some(file) => Fingerprinter::for_baseline(file),
        None => Fingerprinter::relative_to(Path::new(".")),
    }
}

/// `--write-baseline`: records the findings instead of reporting them.
/// A file that could not be checked is missing from the baseline: exit 2.
fn write_baseline(
    file: &Path,
    reports: &[FileReport],
    checked: &[PathBuf],
    complete: bool,
) -> anyhow::Result<u8> {
    let written = baseline::write(file, reports, checked)?;
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    eprintln!(
        "wrote {} ({}) to {}{}",
        plural(written.findings, "finding", "findings"),
        plural(written.entries, "entry", "entries"),
        file.display(),
        match written.pruned {
            0 => String::new(),
            n => format!(
                "; pruned {} no longer found",
                plural(n, "finding", "findings")
            ),
        }
    );
    Ok(if complete { EXIT_CLEAN } else { EXIT_TROUBLE })
}

/// The baseline entries that no longer match: counted, or with `verbose` listed.
fn tell_stale(stale: &[Stale], verbose: bool) {
    if stale.is_empty() {
        return;
    }
    let n = stale.len();
    eprintln!(
        "{n} baseline {} no longer {}; --write-baseline prunes them",
        if n == 1 { "entry" } else { "entries" },
        if n == 1 { "matches" } else { "match" }
    );
    if verbose {
        for Stale { entry, unmatched } in stale {
            eprintln!(
                "  {}: [{}] {} ({}, {unmatched} of {} gone)",
                entry.path, entry.rule, entry.message, entry.fingerprint, entry.count
            );
        }
    }
}
