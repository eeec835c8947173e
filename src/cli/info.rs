//! The small subcommands: `rules`, `explain`, `init`, and the hidden benchmark floor.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Context as _;

use itsmlint::config;
use itsmlint::gate::{EXIT_CLEAN, EXIT_TROUBLE};
use itsmlint::knowledge::RulePack;
use itsmlint::{select, walk};

/// The benchmark floor (see `itsmlint::floor`): same discovery and thread pool
/// as `check`, so the ratio measures the model and the rules, not the process.
pub(crate) fn parse_only(paths: Vec<PathBuf>) -> anyhow::Result<u8> {
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

pub(crate) fn list_rules() -> anyhow::Result<u8> {
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

pub(crate) fn explain(id: &str) -> anyhow::Result<u8> {
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

pub(crate) fn init() -> anyhow::Result<u8> {
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
