//! The `itsmlint` command line.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use itsmlint::config::{self, ConfigError, Configs};
use rayon::prelude::*;

use itsmlint::catalog::Catalog;
use itsmlint::completeness;
use itsmlint::engine::{read_markdown, FileError, FileReport, Linter};
use itsmlint::finding::Severity;
use itsmlint::pack::RulePack;
use itsmlint::parse::parse;
use itsmlint::report::completeness::{self as completeness_report, CompletenessRun, Scored};
use itsmlint::report::{self, Reporter, Run};
use itsmlint::settings::Settings;
use itsmlint::shard::Shard;
use itsmlint::{fix, select, walk};

use itsmlint::gate::{self, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

/// Parsing builds many small strings and vectors per file on every thread;
/// the system allocator spent a quarter of a corpus run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "itsmlint",
    version,
    about = "Finds the unfinished parts of ITSM mapping docs written in Markdown"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check Markdown files and folders (folders are walked for *.md, respecting .gitignore).
    Check(CheckArgs),
    /// List the rules with their default severity and summary.
    Rules,
    /// Completeness score of ITSM documents: cells filled, processes covered, what is missing.
    Report(ReportArgs),
    /// Show the full explanation of a rule.
    Explain {
        /// A rule id, as `itsmlint rules` lists them.
        rule: String,
    },
    /// Write a commented starter itsmlint.toml (the defaults, spelled out) in the current folder.
    Init,
    /// Print a shell completion script, e.g. `itsmlint completions bash > ~/.local/share/bash-completion/completions/itsmlint`.
    Completions { shell: clap_complete::Shell },
    /// Developer tools (hidden): `debug parse-only PATHS` is the benchmark floor.
    #[command(hide = true, subcommand)]
    Debug(DebugCommand),
}

#[derive(Subcommand)]
enum DebugCommand {
    /// Read and parse every Markdown file with no rules: what `check` cannot beat.
    ParseOnly {
        /// Files or folders, found as `check` finds them.
        paths: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check; `-` reads standard input [default: .]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// Use this config file for every checked file, instead of the nearest
    /// itsmlint.toml above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every itsmlint.toml: run with the built-in defaults.
    #[arg(long)]
    no_config: bool,
    /// Run only these rules (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    select: Vec<String>,
    /// Do not run these rules (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    ignore: Vec<String>,
    /// Exit 1 when there are more than N warnings (errors always exit 1).
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Report error-level findings only, without the summary line; warnings
    /// still count for --max-warnings.
    #[arg(long, short)]
    quiet: bool,
    /// The path to report standard input as, when a path is `-`.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,
    /// Also check the paths listed in FILE, one a line (`-`: standard input);
    /// entries that are not Markdown files or folders are skipped.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// Check only part I of N of the files (1-based), split deterministically,
    /// to spread a large repository over CI jobs.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long, conflicts_with = "diff")]
    fix: bool,
    /// Print the safe fixes as a unified diff instead of a report; write
    /// nothing; exit 1 when there is a fix.
    #[arg(long)]
    diff: bool,
    /// Fail (exit 1) when an ITSM document has fewer than this percent of its
    /// table cells filled with real content.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    min_completeness: Option<f64>,
    #[command(flatten)]
    catalog: CatalogArgs,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// Files or folders to score [default: .]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    format: ReportFormat,
    #[command(flatten)]
    catalog: CatalogArgs,
}

#[derive(clap::Args)]
struct CatalogArgs {
    /// The process catalog: auto, itil-v3, itil-4, or the id of a catalog file;
    /// wins over the config's `catalog` [default: auto]
    #[arg(long, value_name = "CATALOG")]
    catalog: Option<String>,
    /// A catalog of your own (TOML, in the format of rules/catalogs/); may be
    /// repeated; added after the config's `catalog-files`.
    #[arg(long, value_name = "FILE")]
    catalog_file: Vec<PathBuf>,
    /// Where root-relative links (`/office/...`) resolve; wins over the config's
    /// `site-root`; unset, they are not checked.
    #[arg(long, value_name = "DIR")]
    site_root: Option<PathBuf>,
}

impl CatalogArgs {
    /// Loads the catalog files once, and returns the (infallible) adjustment
    /// of each file's settings, applied over its config: the flags win. The
    /// choice is checked per settings (`Settings::check_catalog`), as a
    /// config's `catalog-files` may bring the catalog it names.
    fn adjustment(&self) -> anyhow::Result<impl Fn(&mut Settings) + Send + Sync + 'static> {
        let mut extra: Vec<Catalog> = Vec::new();
        for file in &self.catalog_file {
            let text = std::fs::read_to_string(file)
                .with_context(|| format!("reading catalog {}", file.display()))?;
            extra.push(Catalog::from_toml(&file.display().to_string(), &text)?);
        }
        let choice = self.catalog.clone();
        let site_root = self.site_root.clone();
        Ok(move |settings: &mut Settings| {
            for catalog in &extra {
                settings.insert_catalog(catalog.clone());
            }
            if let Some(id) = &choice {
                settings.catalog = (id != "auto").then(|| id.clone());
            }
            if site_root.is_some() {
                settings.site_root.clone_from(&site_root);
            }
        })
    }
}

fn parse_percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("`{text}` is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is not between 0 and 100"))
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ReportFormat {
    /// A table per document, for the terminal.
    Table,
    /// One JSON object with every document's score.
    Json,
    /// A Markdown summary to post on a pull request.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style diagnostics with the source line and a caret.
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Short,
    /// One JSON object with every finding and a summary.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, one test case per file, for CI test reports.
    Junit,
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Report(args) => completeness_report(args),
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(&rule),
        Command::Debug(DebugCommand::ParseOnly { paths }) => parse_only(paths),
        Command::Init => init(),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "itsmlint", &mut io::stdout());
            Ok(EXIT_CLEAN)
        }
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

/// What `check` reads: files found under the named paths, and standard input.
struct Inputs {
    files: Vec<PathBuf>,
    errors: Vec<FileError>,
    /// The name standard input is reported under, when it is read.
    stdin: Option<PathBuf>,
    /// Config files that do not load (each once).
    config_errors: Vec<ConfigError>,
}

fn gather_inputs(args: &CheckArgs, linter: &Linter) -> anyhow::Result<Inputs> {
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
    for dir in &found.empty_dirs {
        eprintln!("warning: {}: no Markdown files found", dir.display());
    }
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"))
    });
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
    let files = match args.shard {
        Some(shard) => shard.pick(kept),
        None => kept,
    };
    Ok(Inputs {
        files,
        errors: found.errors,
        stdin,
        config_errors,
    })
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let linter = make_linter(&args)?;
    let inputs = gather_inputs(&args, &linter)?;
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
        // Reporters and --fix read only the source and the findings; keeping
        // every model made memory grow with the tree, not with the findings.
        if let Ok(report) = result {
            if !keep_models {
                report.doc.drop_model();
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
const PROGRESS_MIN_FILES: usize = 500;

/// A bar on stderr for long human runs at a terminal; hidden (a no-op) for
/// machine formats, pipes and CI logs, where it would only be noise.
fn progress_bar(files: usize, format: Format) -> indicatif::ProgressBar {
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

/// The benchmark floor (see `itsmlint::floor`): same discovery and thread pool
/// as `check`, so the ratio measures the model and the rules, not the process.
fn parse_only(paths: Vec<PathBuf>) -> anyhow::Result<u8> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let found = walk::discover(&paths);
    let stats = itsmlint::floor::parse_only(&found.files);
    println!(
        "{} files, {} bytes, {} events, {} unreadable",
        stats.files, stats.bytes, stats.events, stats.unreadable
    );
    Ok(EXIT_CLEAN)
}

/// The linter with each file's settings: from `--config`, the nearest
/// itsmlint.toml, or the defaults (`--no-config`), narrowed by `--select`/`--ignore`.
fn make_linter(args: &CheckArgs) -> anyhow::Result<Linter> {
    let pack = RulePack::builtin();
    for id in args.select.iter().chain(&args.ignore) {
        select::known_rule(pack, id)?;
    }
    let (chosen, ignored) = (args.select.clone(), args.ignore.clone());
    let catalogs = args.catalog.adjustment()?;
    let narrow = move |settings: &mut Settings| {
        select::apply(pack, &mut settings.severities, &chosen, &ignored)
            .expect("rule ids checked above");
        catalogs(settings);
    };
    Ok(if args.no_config {
        let mut settings = Settings::builtin().context("loading the built-in rule pack")?;
        narrow(&mut settings);
        settings.check_catalog().map_err(anyhow::Error::msg)?;
        Linter::new(settings)
    } else if let Some(path) = &args.config {
        Linter::with_configs(Configs::explicit(path)?.adjusted(narrow))
    } else {
        Linter::with_configs(Configs::discover().adjusted(narrow))
    })
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
fn below_threshold(reports: &[FileReport], linter: &Linter, min: f64) -> usize {
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

fn completeness_report(args: ReportArgs) -> anyhow::Result<u8> {
    // Each file scored under its own itsmlint.toml, as `check` does.
    let linter = Linter::with_configs(Configs::discover().adjusted(args.catalog.adjustment()?));
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
    let parsed: Vec<_> = found
        .files
        .par_iter()
        .map(|p| {
            let settings = linter.settings_for(p).map_err(|e| FileError {
                path: e.path.clone(),
                message: e.message,
            })?;
            let doc = parse(read_markdown(p)?, settings.slug_style);
            Ok((p.clone(), doc, settings))
        })
        .collect();
    for result in parsed {
        match result {
            Ok((path, doc, settings)) => match completeness::score(&doc, &settings) {
                Some(score) => run.documents.push(Scored { path, score }),
                None => run.other_files += 1,
            },
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

fn list_rules() -> anyhow::Result<u8> {
    let pack = RulePack::builtin();
    let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    let mut out = io::stdout().lock();
    for rule in &pack.rules {
        writeln!(
            out,
            "{:width$}  {:7}  {}",
            rule.id,
            rule.severity.as_str(),
            rule.summary
        )?;
    }
    Ok(EXIT_CLEAN)
}

fn explain(id: &str) -> anyhow::Result<u8> {
    let pack = RulePack::builtin();
    if let Err(unknown) = select::known_rule(pack, id) {
        eprintln!("error: {unknown}");
        return Ok(EXIT_TROUBLE);
    }
    let rule = pack.info(id).expect("known rule");
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} ({} by default)\n\n{}\n",
        rule.id, rule.severity, rule.summary
    )?;
    writeln!(out, "{}", rule.explanation.trim_end())?;
    if let Some(example) = &rule.example {
        writeln!(out, "\nExample:\n{}", example.trim_end())?;
    }
    Ok(EXIT_CLEAN)
}

fn init() -> anyhow::Result<u8> {
    let path = PathBuf::from(config::FILE_NAME);
    // create_new: refuse to overwrite, without a race between checking and writing.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let mut file = match file {
        Ok(file) => file,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!(
                "error: {} already exists; not overwriting it",
                path.display()
            );
            return Ok(EXIT_TROUBLE);
        }
        Err(e) => return Err(e).context(format!("creating {}", path.display())),
    };
    file.write_all(config::starter().as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    eprintln!("wrote {}", path.display());
    Ok(EXIT_CLEAN)
}
