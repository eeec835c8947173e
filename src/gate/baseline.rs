//! Baselines: today's findings recorded in a file meant to be committed, so a
//! gate fails only on findings that are new. A finding is known by its
//! fingerprint: a hash of its rule, its file (relative to the baseline's
//! folder) and the text it is about, never its line, with a count per
//! fingerprint (as PHPStan keeps one): lines inserted above an old finding,
//! a reflowed table or a moved row leave it old, and a second identical
//! finding is still new.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write as _;
use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

use rayon::prelude::*;
use regex::Regex;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::finding::Finding;
use crate::lint::FileReport;
use crate::paths;
use crate::source::SourceFile;

/// The baseline format this itsmlint reads and writes.
pub const VERSION: u64 = 1;

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{}: cannot read the baseline: {reason}", path.display())]
    Read { path: PathBuf, reason: String },
    #[error("{}: not a baseline: {reason}; write it again with --write-baseline", path.display())]
    Malformed { path: PathBuf, reason: String },
    #[error(
        "{}: baseline version {version} is newer than this itsmlint reads ({VERSION}); upgrade itsmlint",
        path.display()
    )]
    FutureVersion { path: PathBuf, version: u64 },
    #[error("{}: cannot write the baseline: {reason}", path.display())]
    Write { path: PathBuf, reason: String },
}

/// One fingerprint's line of the file: what was found, and how many times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// Relative to the baseline's folder, with `/` between folders.
    pub path: String,
    pub rule: String,
    pub fingerprint: String,
    pub count: usize,
    /// For the people reading the file and its diffs; matching ignores it.
    pub message: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BaselineFile {
    version: u64,
    findings: Vec<Entry>,
}

/// Computes fingerprints with paths relative to one folder: the baseline's,
/// or the current folder when a run has no baseline (SARIF still carries them).
#[derive(Debug, Clone)]
pub struct Fingerprinter {
    base: PathBuf,
}

impl Fingerprinter {
    pub fn relative_to(folder: &Path) -> Fingerprinter {
        Fingerprinter {
            base: paths::absolute(folder),
        }
    }

    /// The fingerprints of a baseline stored at `file`.
    pub fn for_baseline(file: &Path) -> Fingerprinter {
        Fingerprinter::relative_to(file.parent().unwrap_or(Path::new("")))
    }

    /// `path` relative to the base folder, `/`-separated, `..` where it lies outside.
    pub fn path_key(&self, path: &Path) -> String {
        let path = paths::absolute(path);
        let ours: Vec<Component> = self.base.components().collect();
        let theirs: Vec<Component> = path.components().collect();
        let shared = ours.iter().zip(&theirs).take_while(|(a, b)| a == b).count();
        let mut parts: Vec<String> = vec!["..".into(); ours.len() - shared];
        parts.extend(
            theirs[shared..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().into_owned()),
        );
        parts.join("/")
    }

    /// The fingerprint of `finding` in the file known by `path_key` ([`Fingerprinter::path_key`]).
    pub fn fingerprint(&self, path_key: &str, source: &SourceFile, finding: &Finding) -> String {
        let mut hash = Sha256::new();
        for part in [finding.rule, path_key, &without_positions(&finding.message)] {
            hash.update(part.as_bytes());
            hash.update([0]);
        }
        for (i, word) in subject_words(source, finding).enumerate() {
            if i > 0 {
                hash.update(b" ");
            }
            hash.update(word.as_bytes());
        }
        hash.update([0]);
        let digest = hash.finalize();
        let mut hex = String::with_capacity(16);
        for byte in &digest[..8] {
            hex.push(char::from_digit(u32::from(byte >> 4), 16).expect("a hex digit"));
            hex.push(char::from_digit(u32::from(byte & 15), 16).expect("a hex digit"));
        }
        hex
    }

    /// The fingerprint of each finding of each report, worked out in parallel.
    fn all(&self, reports: &[FileReport]) -> Vec<Vec<String>> {
        reports
            .par_iter()
            .map(|report| {
                let key = self.path_key(&report.path);
                report
                    .findings
                    .iter()
                    .map(|finding| self.fingerprint(&key, &report.source, finding))
                    .collect()
            })
            .collect()
    }

    fn path_keys(&self, files: &[PathBuf]) -> HashSet<String> {
        files.iter().map(|f| self.path_key(f)).collect()
    }

    /// Whether the file a baseline entry's `path` names is there.
    fn exists(&self, path_key: &str) -> bool {
        let mut path = self.base.clone();
        paths::push_normalised(&mut path, path_key);
        path.exists()
    }
}

/// The message with line and row numbers replaced by `N`: some messages
/// say where (`repeats the row on line 12`, `is empty in row 3`), and that
/// changes when lines are inserted above or rows moved.
pub fn without_positions(message: &str) -> Cow<'_, str> {
    static POSITION: OnceLock<Regex> = OnceLock::new();
    let position =
        POSITION.get_or_init(|| Regex::new(r"\b(line|row) [0-9]+\b").expect("a valid pattern"));
    position.replace_all(message, "$1 N")
}

/// The words of the source text the finding is about: white space does not
/// count, so re-aligned tables and reflowed text keep their fingerprint.
/// Only the first line of a span over several: a finding about a whole
/// table is named by its header, and its other rows change as it is filled.
fn subject_words<'a>(
    source: &'a SourceFile,
    finding: &Finding,
) -> impl Iterator<Item = &'a str> + use<'a> {
    let text = source.text().get(finding.span.clone()).unwrap_or("");
    let first_line = text.split(['\n', '\r']).next().unwrap_or("");
    first_line.split_whitespace()
}

/// A loaded baseline, ready to match a run's findings against.
#[derive(Debug)]
pub struct Baseline {
    fingerprinter: Fingerprinter,
    entries: Vec<Entry>,
}

/// A baseline entry that matched fewer findings than it counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stale {
    pub entry: Entry,
    /// How many of its `count` findings are gone.
    pub unmatched: usize,
}

impl Baseline {
    /// Reads the baseline at `file`: an error, never an empty baseline,
    /// when it is missing, malformed or of a newer version.
    pub fn load(file: &Path) -> Result<Baseline, BaselineError> {
        let text = std::fs::read_to_string(file).map_err(|e| BaselineError::Read {
            path: file.to_path_buf(),
            reason: crate::input::io_reason(&e),
        })?;
        Baseline::parse(file, &text)
    }

    /// The baseline written in `text`, read as if from `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Baseline, BaselineError> {
        let malformed = |reason: String| BaselineError::Malformed {
            path: file.to_path_buf(),
            reason,
        };
        let parsed = serde_json::from_str::<BaselineFile>(text);
        // A newer file is refused as newer, whatever its shape.
        let version = match &parsed {
            Ok(parsed) => Some(parsed.version),
            Err(_) => serde_json::from_str::<serde_json::Value>(text)
                .ok()
                .and_then(|value| value.get("version")?.as_u64()),
        };
        match version {
            Some(VERSION) => {}
            Some(version) if version > VERSION => {
                return Err(BaselineError::FutureVersion {
                    path: file.to_path_buf(),
                    version,
                })
            }
            _ => return Err(malformed(format!("no `\"version\": {VERSION}`"))),
        }
        let parsed = parsed.map_err(|e| malformed(e.to_string()))?;
        Ok(Baseline {
            fingerprinter: Fingerprinter::for_baseline(file),
            entries: parsed.findings,
        })
    }

    /// Drops from `reports` each finding the baseline holds, as many of
    /// each fingerprint as it counts; reports left with no finding go.
    /// Returns the entries that matched less than they count and could have
    /// matched in this run: of a file in `checked`, or, unless the run
    /// checked only a shard of the files, of a file that no longer exists.
    pub fn filter(
        &self,
        reports: &mut Vec<FileReport>,
        checked: &[PathBuf],
        sharded: bool,
    ) -> Vec<Stale> {
        // By fingerprint alone: it hashes the path and the rule already.
        let mut left: HashMap<&str, usize> = HashMap::with_capacity(self.entries.len());
        for entry in &self.entries {
            *left.entry(&entry.fingerprint).or_default() += entry.count;
        }
        // Matched in report order, so of identical findings the first are old.
        let prints = self.fingerprinter.all(reports);
        for (report, prints) in reports.iter_mut().zip(prints) {
            let mut prints = prints.iter();
            report.findings.retain(|_| {
                let fingerprint = prints.next().expect("a fingerprint per finding");
                match left.get_mut(fingerprint.as_str()) {
                    Some(count) if *count > 0 => {
                        *count -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        reports.retain(|r| !r.findings.is_empty());
        // Worked out only when an entry is left over: most runs match them all.
        let mut in_run: Option<HashSet<String>> = None;
        let mut stale = Vec::new();
        for entry in &self.entries {
            let Some(unmatched) = left.get_mut(entry.fingerprint.as_str()) else {
                continue;
            };
            // An entry written twice (a hand-merged file) is stale once.
            let unmatched = std::mem::take(unmatched);
            if unmatched == 0 {
                continue;
            }
            let in_run = in_run.get_or_insert_with(|| self.fingerprinter.path_keys(checked));
            let could_match = in_run.contains(entry.path.as_str())
                || (!sharded && !self.fingerprinter.exists(&entry.path));
            if could_match {
                stale.push(Stale {
                    entry: entry.clone(),
                    unmatched,
                });
            }
        }
        stale
    }
}

/// What [`write`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub findings: usize,
    pub entries: usize,
    /// Findings of the previous file, in the files this run checked (or
    /// gone), that are no longer there.
    pub pruned: usize,
}

/// Records the findings of `reports` in the baseline at `file`. Entries of
/// the previous baseline for files this run did not check (another shard,
/// paths not named) are kept while their file exists: a baseline can be
/// written shard by shard. The file is replaced at once (a temporary file
/// renamed over it), sorted and pretty-printed for small diffs.
pub fn write(
    file: &Path,
    reports: &[FileReport],
    checked: &[PathBuf],
) -> Result<Written, BaselineError> {
    let fingerprinter = Fingerprinter::for_baseline(file);
    let mut counted: BTreeMap<(String, &str, String), (usize, String)> = BTreeMap::new();
    for (report, prints) in reports.iter().zip(fingerprinter.all(reports)) {
        let key = fingerprinter.path_key(&report.path);
        for (finding, fingerprint) in report.findings.iter().zip(prints) {
            counted
                .entry((key.clone(), finding.rule, fingerprint))
                .or_insert_with(|| (0, without_positions(&finding.message).into_owned()))
                .0 += 1;
        }
    }
    let findings = counted.values().map(|(count, _)| count).sum();
    let mut entries: Vec<Entry> = counted
        .into_iter()
        .map(|((path, rule, fingerprint), (count, message))| Entry {
            path,
            rule: rule.to_string(),
            fingerprint,
            count,
            message,
        })
        .collect();
    let mut pruned = 0;
    if file.exists() {
        let previous = Baseline::load(file)?;
        let in_run = fingerprinter.path_keys(checked);
        let now: HashMap<&str, usize> = entries
            .iter()
            .map(|e| (e.fingerprint.as_str(), e.count))
            .collect();
        let mut kept = Vec::new();
        for entry in previous.entries {
            if in_run.contains(&entry.path) || !fingerprinter.exists(&entry.path) {
                let still = now.get(entry.fingerprint.as_str()).copied().unwrap_or(0);
                pruned += entry.count.saturating_sub(still);
            } else {
                kept.push(entry);
            }
        }
        entries.extend(kept);
    }
    entries.sort_by(|a, b| {
        (&a.path, &a.rule, &a.fingerprint).cmp(&(&b.path, &b.rule, &b.fingerprint))
    });
    let written = Written {
        findings,
        entries: entries.len(),
        pruned,
    };
    let text = to_text(entries);
    write_atomically(file, &text).map_err(|e| BaselineError::Write {
        path: file.to_path_buf(),
        reason: crate::input::io_reason(&e),
    })?;
    Ok(written)
}

/// The file's text: entries as given, two-space indented, a final newline.
fn to_text(findings: Vec<Entry>) -> String {
    let file = BaselineFile {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).expect("a baseline serialises");
    text.push('\n');
    text
}

/// A temporary file in the same folder (made if need be), renamed over
/// `file`: a reader, or an interrupted run, never sees half a baseline.
fn write_atomically(file: &Path, text: &str) -> std::io::Result<()> {
    let folder = match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)?;
    let mut temp = tempfile::Builder::new();
    // A file to commit, readable as the umask allows, not a private temporary one.
    #[cfg(unix)]
    temp.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut temp = temp.tempfile_in(folder)?;
    if let Ok(previous) = std::fs::metadata(file) {
        temp.as_file().set_permissions(previous.permissions())?;
    }
    temp.write_all(text.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.persist(file).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &'static str, span: std::ops::Range<usize>, message: &str) -> Finding {
        Finding::new(rule, span, message)
    }

    #[test]
    fn line_and_row_numbers_do_not_count() {
        assert_eq!(
            without_positions("\"A\" repeats the row on line 12"),
            "\"A\" repeats the row on line N"
        );
        assert_eq!(
            without_positions("\"Value\" is empty in row 28"),
            "\"Value\" is empty in row N"
        );
        assert_eq!(
            without_positions("no file \"row 2.md\""),
            "no file \"row N.md\""
        );
        assert_eq!(without_positions("rows 3 and lines"), "rows 3 and lines");
    }

    #[test]
    fn fingerprints_ignore_lines_and_whitespace_but_not_the_subject() {
        let at = Fingerprinter::relative_to(Path::new("/repo"));
        let print = |text: &str, needle: &str| {
            let start = text.find(needle).unwrap();
            let source = SourceFile::new(text.to_string());
            let f = finding("placeholder", start..start + needle.len(), "placeholder");
            at.fingerprint("docs/a.md", &source, &f)
        };
        let first = print("| A | TBD  later |\n", "TBD  later");
        assert_eq!(first.len(), 16);
        assert_eq!(first, print("\n\n\n| A |   TBD later |\n", "TBD later"));
        assert_ne!(first, print("| A | TBD soon |\n", "TBD soon"));
        let source = SourceFile::new("| A | TBD later |\n".into());
        let f = finding("placeholder", 6..15, "placeholder");
        assert_ne!(first, at.fingerprint("docs/b.md", &source, &f));
    }

    #[test]
    fn a_multi_line_subject_is_known_by_its_first_line() {
        let at = Fingerprinter::relative_to(Path::new("/repo"));
        let table = |body: &str| {
            let text = format!("| Process | Feature |\n|---|---|\n{body}");
            let source = SourceFile::new(text.clone());
            let f = finding("missing-process", 0..text.len(), "2 processes missing");
            at.fingerprint("a.md", &source, &f)
        };
        assert_eq!(
            table("| Incident management |  |\n"),
            table("| Incident management | Tickets |\n")
        );
    }

    #[test]
    fn paths_are_relative_to_the_base_with_forward_slashes() {
        let at = Fingerprinter::relative_to(Path::new("/repo/docs"));
        assert_eq!(at.path_key(Path::new("/repo/docs/a/b.md")), "a/b.md");
        assert_eq!(at.path_key(Path::new("/repo/other/c.md")), "../other/c.md");
        assert_eq!(at.path_key(Path::new("/repo/docs/./x/../d.md")), "d.md");
    }

    #[test]
    fn a_bad_file_is_an_error_naming_it() {
        let file = Path::new("gate/baseline.json");
        let error = |text: &str| Baseline::parse(file, text).unwrap_err().to_string();
        assert!(error("{").starts_with("gate/baseline.json: not a baseline"));
        assert!(error(r#"{"findings": []}"#).contains("no `\"version\": 1`"));
        assert!(error(r#"{"version": 2, "entries": {}}"#).contains("version 2 is newer"));
        assert!(
            error(r#"{"version": 1, "findings": [{"path": "a.md"}]}"#).contains("missing field")
        );
        let empty = Baseline::parse(file, r#"{"version": 1, "findings": []}"#).unwrap();
        assert!(empty.entries.is_empty());
    }
}
