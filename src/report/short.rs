//! `--format short`: one line per finding, `path:line:col: severity[rule] message (help)`,
//! the shape editors' problem matchers and `grep` expect.

use std::io::{self, Write};

use super::{CompletenessGate, Location, Reporter, Run};

pub struct Short;

impl Reporter for Short {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        for (file, finding) in run.findings() {
            let at = Location::of(&file.source, finding);
            // One finding, one line: a message never spans lines here, and
            // its help (a "did you mean") follows it in parentheses.
            let mut message = one_line(&finding.message);
            if let Some(help) = &finding.help {
                message.push_str(&format!(" ({})", one_line(help)));
            }
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
        // A document below the threshold fails as a whole: it is placed at its start.
        if let Some(gate) = run.completeness {
            for doc in &gate.below {
                writeln!(
                    out,
                    "{}:1:1: error[{}] {}",
                    doc.path.display(),
                    CompletenessGate::ID,
                    gate.message(doc)
                )?;
            }
        }
        Ok(())
    }
}

pub(crate) fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
