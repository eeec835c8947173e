//! `--format short`: one line per finding, `path:line:col: severity[rule] message`,
//! the shape editors' problem matchers and `grep` expect.

use std::io::{self, Write};

use super::{Location, Reporter, Run};

pub struct Short;

impl Reporter for Short {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, finding) in run.findings() {
            let at = Location::of(&file.source, finding);
            // One finding, one line: a message never spans lines here.
            let message = one_line(&finding.message);
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                file.path.display(),
                at.line,
                at.column,
                finding.severity,
                finding.rule,
                message
            )?;
        }
        Ok(())
    }
}

pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
