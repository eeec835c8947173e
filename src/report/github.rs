//! `--format github`: GitHub Actions workflow commands, which GitHub shows as
//! annotations on the pull request's changed lines.
//! <https://docs.github.com/actions/reference/workflow-commands-for-github-actions>

use std::io::{self, Write};

use super::paths::RepoPaths;
use super::{CompletenessGate, Location, Reporter, Run};

pub struct Github;

impl Reporter for Github {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        // GitHub matches an annotation to the pull request's files by repository path.
        let mut paths = RepoPaths::new();
        for (file, finding) in run.findings() {
            let at = Location::of(&file.source, finding);
            let mut message = finding.message.clone();
            if let Some(help) = &finding.help {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                finding.severity,
                property(&paths.of(&file.path).display().to_string()),
                at.line,
                at.column,
                at.end_line,
                at.end_column,
                property(&format!("itsmlint ({})", finding.rule)),
                data(&message)
            )?;
        }
        if let Some(gate) = run.completeness {
            for doc in &gate.below {
                writeln!(
                    out,
                    "::error file={},title={}::{}",
                    property(&doc.path.display().to_string()),
                    property(&format!("itsmlint ({})", CompletenessGate::ID)),
                    data(&gate.message(doc))
                )?;
            }
        }
        for error in run.errors {
            writeln!(
                out,
                "::error file={},title={}::{}",
                property(&paths.of(&error.path).display().to_string()),
                property("itsmlint (file could not be checked)"),
                data(&error.message)
            )?;
        }
        Ok(())
    }
}

/// Escapes a command's message: `%` first, so the escapes themselves survive.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value, where `:` and `,` also end the value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_runner() {
        assert_eq!(data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(
            property("a:b,c%\n"),
            "a%3Ab%2Cc%25%0A",
            "properties escape separators too"
        );
        assert_eq!(data("a:b,c"), "a:b,c", "messages keep : and ,");
    }
}
