//! The binary's own modules: one per subcommand, plus the argument types.
//! Only these print; the library never does.

pub(crate) mod args;
pub(crate) mod check;
pub(crate) mod config;
pub(crate) mod info;
pub(crate) mod output;
pub(crate) mod report;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};

use anyhow::Context as _;

use itsmlint::config::Configs;
use itsmlint::knowledge::RulePack;
use itsmlint::lint::Linter;
use itsmlint::select;
use itsmlint::settings::Settings;

use args::CheckArgs;

/// The files named on the command line, which the config's include/exclude
/// do not leave out unless `force_exclude` (see [`itsmlint::pipeline::select`]).
pub(crate) fn named_files(paths: &[PathBuf], force_exclude: bool) -> HashSet<OsString> {
    if force_exclude {
        HashSet::new()
    } else {
        paths.iter().map(|p| p.as_os_str().to_owned()).collect()
    }
}

/// The linter with each file's settings: from `--config`, the nearest
/// itsmlint.toml, or the defaults (`--no-config`), narrowed by `--select`/`--ignore`.
pub(crate) fn make_linter(args: &CheckArgs) -> anyhow::Result<Linter> {
    let pack = RulePack::builtin();
    select::rule_ids(pack, &args.select)?;
    select::rule_ids(pack, &args.ignore)?;
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
        // Checked here, once, rather than as each file's settings are made.
        let mut settings = Settings::builtin().context("loading the built-in rule pack")?;
        narrow(&mut settings);
        settings.check_catalog().map_err(anyhow::Error::msg)?;
        Linter::with_configs(Configs::none().adjusted(narrow))
    } else if let Some(path) = config {
        Linter::with_configs(Configs::explicit(path)?.adjusted(narrow))
    } else {
        Linter::with_configs(Configs::discover().adjusted(narrow))
    })
}
