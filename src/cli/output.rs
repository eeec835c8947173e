//! Where a run's output goes (standard output, or `--output-file`), whether
//! it is coloured, and the `--statistics` table that can replace the findings.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::Path;

use anyhow::Context as _;

use itsmlint::finding::Severity;
use itsmlint::input::io_reason;
use itsmlint::report::{Reporter, Run};

use super::args::Color;

/// Writes to standard output through a buffer. A reader that stopped early
/// (`| head`) is not an error of ours: the rest is dropped quietly. Any other
/// failure (a full disk) is one, and ends the run with exit 2.
pub(crate) fn to_stdout(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("writing to standard output"),
    }
}

/// Writes to `file` (`--output-file`), or to standard output without one.
/// The file is whole or untouched: written to a temporary file in its
/// folder, renamed over it once complete; on error the temporary file goes.
pub(crate) fn write_output(
    file: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    let Some(file) = file else {
        return to_stdout(write);
    };
    let dir = file
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".itsmlint-output");
    // As a new file is made (the umask applies), not tempfile's owner-only 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let written = (|| -> io::Result<()> {
        let mut temp = builder.tempfile_in(dir)?;
        let mut out = io::BufWriter::new(temp.as_file_mut());
        write(&mut out)?;
        out.flush()?;
        drop(out);
        temp.persist(file).map_err(|e| e.error)?;
        Ok(())
    })();
    written.map_err(|e| {
        anyhow::anyhow!(
            "--output-file {}: cannot write it: {}",
            file.display(),
            io_reason(&e)
        )
    })
}

/// `--color`, else the environment: `NO_COLOR` turns colour off,
/// `FORCE_COLOR` or `CLICOLOR_FORCE` on (no-color.org, force-color.org,
/// bixense.com/clicolors), else colour when writing to a terminal.
pub(crate) fn use_color(choice: Color, terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    let forced = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto if set("NO_COLOR") => false,
        Color::Auto => forced("FORCE_COLOR") || forced("CLICOLOR_FORCE") || terminal,
    }
}

/// `--statistics`: how many findings of each rule, most first, instead of
/// the findings; as JSON with `--format json`.
pub(crate) struct Statistics {
    pub(crate) json: bool,
}

/// One rule's findings at one severity.
#[derive(serde::Serialize)]
struct Row {
    rule: &'static str,
    severity: &'static str,
    count: usize,
    fixable: usize,
}

impl Reporter for Statistics {
    fn report(&self, run: &Run<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut counts: BTreeMap<(&'static str, Severity), (usize, usize)> = BTreeMap::new();
        for (_, finding) in run.findings() {
            let (count, fixable) = counts.entry((finding.rule, finding.severity)).or_default();
            *count += 1;
            *fixable += usize::from(finding.fix.is_some());
        }
        let mut rows: Vec<Row> = counts
            .into_iter()
            .map(|((rule, severity), (count, fixable))| Row {
                rule,
                severity: severity.as_str(),
                count,
                fixable,
            })
            .collect();
        // Stable: equal counts stay in rule order.
        rows.sort_by_key(|row| std::cmp::Reverse(row.count));
        if self.json {
            serde_json::to_writer_pretty(&mut *out, &rows)?;
            return writeln!(out);
        }
        let count_width = rows.iter().map(|r| r.count.to_string().len()).max();
        let rule_width = rows.iter().map(|r| r.rule.len()).max().unwrap_or(0);
        for row in &rows {
            let line = format!(
                "{:>count_width$}  {:rule_width$}  {:7}{}",
                row.count,
                row.rule,
                row.severity,
                match row.fixable {
                    0 => String::new(),
                    n => format!("  ({n} fixable with --fix)"),
                },
                count_width = count_width.unwrap_or(1),
            );
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }
}
