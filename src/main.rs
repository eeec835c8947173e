//! The `itsmlint` command line.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use itsmlint::engine::{FileError, FileReport, Linter};
use itsmlint::finding::Severity;
use itsmlint::pack::RulePack;
use itsmlint::report::{self, Reporter, Run};
use itsmlint::settings::Settings;
use itsmlint::shard::Shard;
use itsmlint::{fix, select, walk};

use itsmlint::gate::{self, EXIT_CLEAN, EXIT_FINDINGS, EXIT_TROUBLE};

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
    /// Show the full explanation of a rule.
    Explain {
        /// A rule id, as `itsmlint rules` lists them.
        rule: String,
    },
    /// Print a shell completion script, e.g. `itsmlint completions bash > ~/.local/share/bash-completion/completions/itsmlint`.
    Completions { shell: clap_complete::Shell },
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
        Command::Rules => list_rules(),
        Command::Explain { rule } => explain(&rule),
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
}

fn gather_inputs(args: &CheckArgs) -> anyhow::Result<Inputs> {
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
    let files = match args.shard {
        Some(shard) => shard.pick(found.files),
        None => found.files,
    };
    let stdin = read_stdin.then(|| {
        args.stdin_filename
            .clone()
            .unwrap_or_else(|| PathBuf::from("<stdin>"))
    });
    Ok(Inputs {
        files,
        errors: found.errors,
        stdin,
    })
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let mut settings = Settings::builtin().context("loading the built-in rule pack")?;
    select::apply(
        RulePack::builtin(),
        &mut settings.severities,
        &args.select,
        &args.ignore,
    )?;
    let linter = Linter::new(settings);
    let inputs = gather_inputs(&args)?;
    anyhow::ensure!(
        !(args.fix && inputs.stdin.is_some()),
        "--fix cannot write back to standard input; use --diff to see the fixes"
    );
    let mut errors = inputs.errors;
    let mut reports: Vec<FileReport> = Vec::with_capacity(inputs.files.len() + 1);
    for result in linter.check_files(&inputs.files) {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    if let Some(name) = &inputs.stdin {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut io::stdin(), &mut bytes).context("reading standard input")?;
        match itsmlint::engine::decode(bytes) {
            Ok(text) => reports.push(linter.check_text(name, text)),
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
    Ok(gate::exit_code(counts, args.max_warnings))
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
