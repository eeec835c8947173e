//! The small subcommands: `rules`, `explain`, `init`, and the hidden benchmark floor.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use itsmlint::config::{self, Configs};
use itsmlint::gate::{EXIT_CLEAN, EXIT_TROUBLE};
use itsmlint::knowledge::RulePack;
use itsmlint::{pipeline, rules, select};

use super::args::Cli;
use super::output::to_stdout;

/// The benchmark floor (see `itsmlint::floor`): same discovery and file loop
/// as `check`, so the ratio measures the model and the rules, not the process.
pub(crate) fn parse_only(paths: Vec<PathBuf>) -> anyhow::Result<u8> {
    let paths = if paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        paths
    };
    let found = pipeline::discover(&paths);
    let stats = itsmlint::floor::parse_only(&found.files);
    println!(
        "{} files, {} bytes, {} events, {} unreadable",
        stats.files, stats.bytes, stats.events, stats.unreadable
    );
    Ok(EXIT_CLEAN)
}

pub(crate) fn list_rules() -> anyhow::Result<u8> {
    let width = rules::infos().map(|r| r.id.len()).max().unwrap_or(0);
    to_stdout(|out| {
        for rule in rules::infos() {
            writeln!(
                out,
                "{:width$}  {:7}  {}",
                rule.id,
                rule.severity.as_str(),
                rule.summary
            )?;
        }
        Ok(())
    })?;
    Ok(EXIT_CLEAN)
}

pub(crate) fn explain(id: &str) -> anyhow::Result<u8> {
    let pack = RulePack::builtin();
    if let Err(unknown) = select::known_rule(pack, id) {
        eprintln!("error: {unknown}");
        return Ok(EXIT_TROUBLE);
    }
    let id = select::canonical(pack, id).expect("a known rule");
    let rule = rules::info(id).expect("a known rule is registered (tested)");
    to_stdout(|out| {
        writeln!(
            out,
            "{} ({} by default)\n\n{}\n",
            rule.id, rule.severity, rule.summary
        )?;
        writeln!(out, "{}", rule.explanation.trim_end())?;
        if let Some(example) = &rule.example {
            writeln!(out, "\nExample:\n{}", example.trim_end())?;
        }
        Ok(())
    })?;
    Ok(EXIT_CLEAN)
}

/// The shell completion script. clap_complete panics when its writer fails,
/// so the script is made in memory and written like any other output.
pub(crate) fn completions(shell: clap_complete::Shell) -> anyhow::Result<u8> {
    let mut cmd = <Cli as clap::CommandFactory>::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut cmd, "itsmlint", &mut script);
    to_stdout(|out| out.write_all(&script))?;
    Ok(EXIT_CLEAN)
}

pub(crate) fn init() -> anyhow::Result<u8> {
    // A hidden .itsmlint.toml here is a config too: a second one would be an error.
    if let Some(existing) = Configs::file_in(Path::new(".")).map_err(anyhow::Error::msg)? {
        eprintln!(
            "error: {} already exists; not writing another",
            existing.display()
        );
        return Ok(EXIT_TROUBLE);
    }
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
