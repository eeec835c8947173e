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
use itsmlint::walk;

/// Exit codes, a tested contract.
const EXIT_CLEAN: u8 = 0;
const EXIT_FINDINGS: u8 = 1;
const EXIT_TROUBLE: u8 = 2;

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
}

#[derive(clap::Args)]
struct CheckArgs {
    /// Files or folders to check [default: .]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// When to colour human output.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// rustc-style diagnostics with the source line and a caret.
    Human,
    /// One JSON object with every finding and a summary.
    Json,
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
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}

fn check(args: CheckArgs) -> anyhow::Result<u8> {
    let started = Instant::now();
    let settings = Settings::builtin().context("loading the built-in rule pack")?;
    let linter = Linter::new(settings);
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths
    };
    let found = walk::discover(&paths);
    for dir in &found.empty_dirs {
        eprintln!("warning: {}: no Markdown files found", dir.display());
    }
    let mut errors: Vec<FileError> = found.errors;
    let mut reports: Vec<FileReport> = Vec::with_capacity(found.files.len());
    for result in linter.check_files(&found.files) {
        match result {
            Ok(report) => reports.push(report),
            Err(error) => errors.push(error),
        }
    }
    for error in &errors {
        eprintln!("error: {error}");
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
        Format::Human => Box::new(report::Human { color }),
        Format::Json => Box::new(report::Json),
    };
    let mut out = io::BufWriter::new(stdout.lock());
    let written = reporter.report(&run, &mut out).and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        other => other.context("writing the report")?,
    }
    Ok(if !errors.is_empty() {
        EXIT_TROUBLE
    } else if run.count(Severity::Error) > 0 {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
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
    let Some(rule) = pack.info(id) else {
        let known: Vec<&str> = pack.rules.iter().map(|r| r.id.as_str()).collect();
        let suggestion = known
            .iter()
            .min_by_key(|k| strsim::levenshtein(k, id))
            .filter(|k| strsim::levenshtein(k, id) <= 3)
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        eprintln!("error: unknown rule `{id}`{suggestion}; `itsmlint rules` lists them");
        return Ok(EXIT_TROUBLE);
    };
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
