//! The command line's shape: every subcommand, flag and value, for clap.

use std::path::PathBuf;

use clap::builder::PossibleValue;
use clap::{Parser, Subcommand, ValueEnum};

use itsmlint::catalog::Catalog;
use itsmlint::gate::shard::Shard;
use itsmlint::input::io_reason;
use itsmlint::settings::Settings;
use itsmlint::{rules, select};

#[derive(Parser)]
#[command(
    name = "itsmlint",
    version,
    about = "Finds the unfinished parts of ITSM mapping docs written in Markdown"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

// Parsed once per run: the size of its largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
pub(crate) enum Command {
    /// Check Markdown files and folders (folders are walked for *.md, respecting .gitignore).
    Check(CheckArgs),
    /// List the rules with their default severity and summary.
    Rules,
    /// Completeness score of ITSM documents: cells filled, processes covered, what is missing.
    Report(ReportArgs),
    /// Show the full explanation of a rule.
    Explain {
        /// A rule id, as `itsmlint rules` lists them.
        #[arg(value_parser = RuleId { with_all: false }, hide_possible_values = true)]
        rule: String,
    },
    /// Write a commented starter itsmlint.toml (the defaults, spelled out) in the current folder.
    Init,
    /// Show which config file applies to a path, and the settings it is checked with.
    Config(ConfigArgs),
    /// Print a shell completion script, e.g. `itsmlint completions bash > ~/.local/share/bash-completion/completions/itsmlint`.
    Completions { shell: clap_complete::Shell },
    /// Developer tools (hidden): `debug parse-only PATHS` is the benchmark floor.
    #[command(hide = true, subcommand)]
    Debug(DebugCommand),
}

#[derive(Subcommand)]
pub(crate) enum DebugCommand {
    /// Read and parse every Markdown file with no rules: what `check` cannot beat.
    ParseOnly {
        /// Files or folders, found as `check` finds them.
        paths: Vec<PathBuf>,
    },
}

#[derive(clap::Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to check; `-` reads standard input [default: .]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, visible_alias = "output-format", value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Write the report to FILE (whole, or not at all) instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub(crate) output_file: Option<PathBuf>,
    /// Print how many findings each rule made, most first, instead of the
    /// findings (as JSON with --format json).
    #[arg(long)]
    pub(crate) statistics: bool,
    /// When to colour human output; `auto` colours a terminal, unless NO_COLOR
    /// is set, or anything when FORCE_COLOR or CLICOLOR_FORCE is.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub(crate) color: Color,
    /// Use this config file for every checked file, instead of the nearest
    /// itsmlint.toml above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore every itsmlint.toml: run with the built-in defaults.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// Run only these rules (comma-separated or repeated; ALL: every rule).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = RuleId { with_all: true }, hide_possible_values = true)]
    pub(crate) select: Vec<String>,
    /// Do not run these rules (comma-separated or repeated).
    #[arg(long, value_name = "RULE", value_delimiter = ',', value_parser = RuleId { with_all: true }, hide_possible_values = true)]
    pub(crate) ignore: Vec<String>,
    /// Exit 1 when there are more than N warnings (errors always exit 1).
    #[arg(long, value_name = "N")]
    pub(crate) max_warnings: Option<usize>,
    /// Exit 0 even when there are findings; a run that could not check
    /// everything still exits 2.
    #[arg(long)]
    pub(crate) exit_zero: bool,
    /// Report error-level findings only, without the summary line; warnings
    /// still count for --max-warnings.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// The path to report standard input as (with `-`, or alone: then standard
    /// input is read; beside other paths, `-` must be one of them); its links
    /// resolve from that path's folder. Without it, links from standard input
    /// to other files are not checked.
    #[arg(long, value_name = "PATH")]
    pub(crate) stdin_filename: Option<PathBuf>,
    /// Also walk dot-folders such as .github/ (skipped by default: they hold a
    /// repository's machinery, not its published docs).
    #[arg(long)]
    pub(crate) hidden: bool,
    /// Also check the paths listed in FILE, one a line (`-`: standard input);
    /// entries that are not Markdown files or folders are skipped.
    #[arg(long, value_name = "FILE")]
    pub(crate) files_from: Option<PathBuf>,
    /// Leave out the files the config excludes even when named on the command
    /// line (named files are checked otherwise), as a pre-commit hook needs.
    #[arg(long)]
    pub(crate) force_exclude: bool,
    /// Check only part I of N of the files (1-based), split deterministically,
    /// to spread a large repository over CI jobs.
    #[arg(long, value_name = "I/N")]
    pub(crate) shard: Option<Shard>,
    /// Apply safe fixes to the files, then report what remains.
    #[arg(long, conflicts_with = "diff")]
    pub(crate) fix: bool,
    /// Print the safe fixes as a unified diff instead of a report; write
    /// nothing; exit 1 when there is a fix.
    #[arg(long)]
    pub(crate) diff: bool,
    /// Fail (exit 1) when an ITSM document has fewer than this percent of its
    /// table cells filled with real content.
    #[arg(long, value_name = "PERCENT", value_parser = parse_percent)]
    pub(crate) min_completeness: Option<f64>,
    #[command(flatten)]
    pub(crate) catalog: CatalogArgs,
    #[command(flatten)]
    pub(crate) gate: GateArgs,
}

/// Gating a repository that has findings already: baselines and changed lines.
#[derive(clap::Args)]
pub(crate) struct GateArgs {
    /// Report only the findings not in this baseline, a file written by
    /// --write-baseline and meant to be committed; say how many of its
    /// entries no longer match.
    #[arg(long, value_name = "FILE")]
    pub(crate) baseline: Option<PathBuf>,
    /// Record today's findings, what suppressions and --fix leave of them, in
    /// FILE as the baseline, pruning entries that no longer match; exit 0.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "diff", "diff_base"])]
    pub(crate) write_baseline: Option<PathBuf>,
    /// Report only the findings on lines added or changed since the
    /// merge-base of REF and HEAD (as a pull request shows them), working-tree
    /// changes and untracked files included, and broken links to changed files.
    #[arg(long, value_name = "REF")]
    pub(crate) diff_base: Option<String>,
    /// Which findings of a changed file --diff-base keeps: those on changed lines, or all.
    #[arg(long, value_enum, default_value_t = DiffScope::Lines, requires = "diff_base")]
    pub(crate) diff_scope: DiffScope,
    /// Say more on stderr: each stale baseline entry.
    #[arg(long)]
    pub(crate) verbose: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum DiffScope {
    /// The findings on lines added or changed.
    Lines,
    /// Every finding of a changed file.
    Files,
}

#[derive(clap::Args)]
pub(crate) struct ReportArgs {
    /// Files or folders to score [default: .]
    pub(crate) paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub(crate) format: ReportFormat,
    /// Use this config file for every scored file, instead of the nearest
    /// itsmlint.toml above each file.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Ignore every itsmlint.toml: score with the built-in defaults.
    #[arg(long)]
    pub(crate) no_config: bool,
    /// Leave out the files the config excludes even when named on the command line.
    #[arg(long)]
    pub(crate) force_exclude: bool,
    #[command(flatten)]
    pub(crate) catalog: CatalogArgs,
    #[command(flatten)]
    pub(crate) ratchet: RatchetArgs,
}

/// The completeness ratchet: this run against an earlier report.
#[derive(clap::Args)]
pub(crate) struct RatchetArgs {
    /// Compare with an earlier `itsmlint report --format json` output: how
    /// coverage moved per document and in total (with `--format markdown`,
    /// a pull-request comment).
    #[arg(long, value_name = "BASE.json")]
    pub(crate) compare: Option<PathBuf>,
    /// With --compare: exit 1 when a document has a smaller share of its
    /// cells filled, or fewer processes covered, than in the base report.
    #[arg(long, requires = "compare")]
    pub(crate) fail_on_drop: bool,
}

#[derive(clap::Args)]
pub(crate) struct ConfigArgs {
    /// A file or folder [default: .]
    pub(crate) path: Option<PathBuf>,
    /// Show the settings this config file gives, as `check --config FILE` would use them.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub(crate) config: Option<PathBuf>,
    /// Show the built-in defaults, as `check --no-config` uses them.
    #[arg(long)]
    pub(crate) no_config: bool,
}

#[derive(clap::Args)]
pub(crate) struct CatalogArgs {
    /// The process catalog: auto, itil-v3, itil-4, or the id of a catalog file;
    /// wins over the config's `catalog` [default: auto]
    #[arg(long, value_name = "CATALOG")]
    pub(crate) catalog: Option<String>,
    /// A catalog of your own (TOML, in the format of rules/catalogs/); may be
    /// repeated; added after the config's `catalog-files`.
    #[arg(long, value_name = "FILE")]
    pub(crate) catalog_file: Vec<PathBuf>,
    /// Where root-relative links (`/office/...`) resolve; wins over the config's
    /// `site-root`; unset, they are not checked.
    #[arg(long, value_name = "DIR")]
    pub(crate) site_root: Option<PathBuf>,
}

impl CatalogArgs {
    /// Loads the catalog files once, and returns the (infallible) adjustment
    /// of each file's settings, applied over its config: the flags win. The
    /// choice is checked per settings (`Settings::check_catalog`), as a
    /// config's `catalog-files` may bring the catalog it names.
    pub(crate) fn adjustment(
        &self,
    ) -> anyhow::Result<impl Fn(&mut Settings) + Send + Sync + 'static> {
        // Checked as their config twins (`catalog-files`, `site-root`) are.
        let mut extra: Vec<Catalog> = Vec::new();
        for file in &self.catalog_file {
            let text = std::fs::read_to_string(file).map_err(|e| {
                anyhow::anyhow!(
                    "--catalog-file {}: cannot read the catalog: {}",
                    file.display(),
                    io_reason(&e)
                )
            })?;
            extra.push(Catalog::from_toml(&file.display().to_string(), &text)?);
        }
        if let Some(root) = self.site_root.as_ref().filter(|root| !root.is_dir()) {
            anyhow::bail!("--site-root {} is not a folder", root.display());
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

/// A rule id on the command line. Any text parses: it is checked later, in
/// any case and with a "did you mean" (`itsmlint::select`). The registered
/// ids (and ALL, where it is accepted) are offered as its possible values
/// for completion scripts.
#[derive(Clone)]
pub(crate) struct RuleId {
    pub(crate) with_all: bool,
}

impl clap::builder::TypedValueParser for RuleId {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        let rules =
            rules::infos().map(|r| PossibleValue::new(r.id.as_str()).help(r.summary.as_str()));
        let all = PossibleValue::new(select::ALL).help("Every rule");
        Some(Box::new(rules.chain(self.with_all.then_some(all))))
    }
}

pub(crate) fn parse_percent(text: &str) -> Result<f64, String> {
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
pub(crate) enum ReportFormat {
    /// A table per document, for the terminal.
    Table,
    /// One JSON object with every document's score.
    Json,
    /// A Markdown summary to post on a pull request.
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Format {
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
    /// A GitLab Code Quality report (a `codequality` artifact).
    Gitlab,
    /// reviewdog's diagnostic format (`reviewdog -f=rdjson`).
    Rdjson,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum Color {
    Auto,
    Always,
    Never,
}
