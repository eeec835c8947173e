//! The binary's own modules: one per subcommand, plus the argument types.
//! Only these print; the library never does.

pub(crate) mod args;
pub(crate) mod check;
pub(crate) mod info;
pub(crate) mod report;
