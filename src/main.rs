//! The `itsmlint` command line: parse the arguments, run one subcommand,
//! turn its outcome into the exit code (0 clean, 1 findings, 2 trouble).

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command, DebugCommand};
use cli::{check, config, info, report};
use itsmlint::gate::EXIT_TROUBLE;

/// Parsing builds many small strings and vectors per file on every thread;
/// the system allocator spent a quarter of a corpus run in malloc and free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::check(args),
        Command::Report(args) => report::completeness_report(args),
        Command::Rules => info::list_rules(),
        Command::Explain { rule } => info::explain(&rule),
        Command::Debug(DebugCommand::ParseOnly { paths }) => info::parse_only(paths),
        Command::Init => info::init(),
        Command::Config(args) => config::show_config(args),
        Command::Completions { shell } => info::completions(shell),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(EXIT_TROUBLE)
        }
    }
}
