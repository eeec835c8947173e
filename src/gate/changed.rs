//! `--diff-base REF`: only the findings a change brought, as a pull request
//! shows the change: the lines added or changed since the merge-base of REF
//! and HEAD (three dots), working-tree changes and untracked files included.
//! Asked of the `git` command, whose rename detection keeps a moved file's
//! history: only its changed lines count.

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::finding::Finding;
use crate::lint::FileReport;
use crate::paths;

/// Which findings of a changed file count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Those on a line added or changed.
    Lines,
    /// All of them.
    Files,
}

#[derive(Debug, thiserror::Error)]
pub enum ChangedError {
    #[error("--diff-base needs the git command, which could not be run: {0}")]
    NoGit(String),
    #[error(
        "--diff-base needs a git repository, and {} is not in one: run itsmlint inside the checkout, or drop --diff-base",
        .0.display()
    )]
    NotARepository(PathBuf),
    #[error(
        "--diff-base: unknown revision `{0}`: fetch it first (`git fetch origin {0}`), or name a branch, tag or commit that exists here"
    )]
    UnknownRef(String),
    #[error(
        "--diff-base: this clone is shallow and does not reach the merge-base of `{0}` and HEAD: run `git fetch --unshallow` (in GitHub Actions, check out with `fetch-depth: 0`)"
    )]
    Shallow(String),
    #[error("--diff-base: `{0}` and HEAD have no commit in common")]
    NoMergeBase(String),
    #[error("--diff-base: `git {command}` failed: {message}")]
    Git { command: String, message: String },
}

/// The files a change touched, by absolute path.
#[derive(Debug, Default)]
pub struct Changes {
    /// The lines (1-based) each changed file has added or changed; none
    /// when it only lost lines. An untracked file has all of its lines.
    files: HashMap<PathBuf, Vec<RangeInclusive<usize>>>,
    /// Deleted, or renamed away: links to them now break.
    gone: HashSet<PathBuf>,
}

/// Runs `git` in `folder` with `args`: its standard output, or why not.
fn git(folder: &Path, args: &[&str]) -> Result<Result<String, GitFailure>, ChangedError> {
    let out = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .output()
        .map_err(|e| ChangedError::NoGit(e.to_string()))?;
    Ok(if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(GitFailure {
            code: out.status.code(),
            message: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    })
}

struct GitFailure {
    code: Option<i32>,
    message: String,
}

fn failed(args: &[&str], failure: GitFailure) -> ChangedError {
    ChangedError::Git {
        command: args.join(" "),
        message: failure.message,
    }
}

impl Changes {
    /// What changed in the repository holding `folder` since the merge-base
    /// of `base` and HEAD, the working tree and untracked files included.
    pub fn since(folder: &Path, base: &str) -> Result<Changes, ChangedError> {
        let top = git(folder, &["rev-parse", "--show-toplevel"])?
            .map_err(|_| ChangedError::NotARepository(paths::absolute(folder)))?;
        let top = PathBuf::from(top.trim_end_matches(['\n', '\r']));
        let spec = format!("{base}^{{commit}}");
        let commit = git(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &spec,
            ],
        )?
        .map_err(|_| ChangedError::UnknownRef(base.to_string()))?;
        let merge_base_args = ["merge-base", commit.trim(), "HEAD"];
        let merge_base = match git(&top, &merge_base_args)? {
            Ok(out) => out.trim().to_string(),
            // Status 1: no common ancestor, or none this clone has.
            Err(GitFailure { code: Some(1), .. }) => {
                let shallow = git(&top, &["rev-parse", "--is-shallow-repository"])?;
                return Err(match shallow {
                    Ok(answer) if answer.trim() == "true" => ChangedError::Shallow(base.into()),
                    _ => ChangedError::NoMergeBase(base.into()),
                });
            }
            Err(failure) => return Err(failed(&merge_base_args, failure)),
        };
        // Fixed prefixes and no user diff programs: the output is parsed.
        let diff_args = [
            "-c",
            "core.quotePath=false",
            "diff",
            "--unified=0",
            "-M",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-relative",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            &merge_base,
        ];
        let diff = git(&top, &diff_args)?.map_err(|f| failed(&diff_args, f))?;
        let untracked_args = ["ls-files", "--others", "--exclude-standard", "-z"];
        let untracked = git(&top, &untracked_args)?.map_err(|f| failed(&untracked_args, f))?;
        Ok(Changes::parse(&top, &diff, &untracked))
    }

    /// The changes a `git diff --unified=0` and a NUL-separated list of
    /// untracked files give, with paths relative to `top`.
    pub fn parse(top: &Path, diff: &str, untracked: &str) -> Changes {
        let mut changes = Changes::default();
        let at = |rel: &str| {
            let mut path = top.to_path_buf();
            paths::push_normalised(&mut path, rel);
            path
        };
        let mut current: Option<PathBuf> = None;
        let mut old: Option<PathBuf> = None;
        // Lines of the current hunk still to come: its content is never a header.
        let mut hunk_left = 0usize;
        for line in diff.lines() {
            if hunk_left > 0 && !line.starts_with('\\') {
                hunk_left -= 1;
                continue;
            }
            if line.starts_with("diff --git ") {
                (current, old) = (None, None);
            } else if let Some(from) = line.strip_prefix("rename from ") {
                changes.gone.insert(at(&unquote(from)));
            } else if let Some(to) = line.strip_prefix("rename to ") {
                let path = at(&unquote(to));
                changes.files.entry(path.clone()).or_default();
                current = Some(path);
            } else if let Some(name) = line.strip_prefix("--- ") {
                old = diff_name(name, "a/").map(|rel| at(&rel));
            } else if let Some(name) = line.strip_prefix("+++ ") {
                current = diff_name(name, "b/").map(|rel| at(&rel));
                match &current {
                    Some(path) => {
                        changes.files.entry(path.clone()).or_default();
                    }
                    None => changes.gone.extend(old.take()),
                }
            } else if let Some((removed, added, lines)) = hunk_header(line) {
                hunk_left = removed + added;
                if let (Some(path), false) = (&current, lines.is_empty()) {
                    changes.files.entry(path.clone()).or_default().push(lines);
                }
            }
        }
        for rel in untracked.split('\0').filter(|r| !r.is_empty()) {
            changes.files.insert(at(rel), vec![1..=usize::MAX]);
        }
        changes
    }

    /// Whether `path` (absolute) was changed, deleted or renamed away.
    pub fn touches(&self, path: &Path) -> bool {
        self.files.contains_key(path) || self.gone.contains(path)
    }

    /// Keeps in `reports` the findings the change brought: those on its
    /// lines (or, by `scope`, in its files), and the broken links of any
    /// file whose target it changed or deleted (deleting a heading breaks
    /// links elsewhere). Reports left with no finding go.
    pub fn filter(&self, reports: &mut Vec<FileReport>, scope: Scope) {
        for report in reports.iter_mut() {
            let path = paths::absolute(&report.path);
            let lines = self.files.get(&path);
            let source = &report.source;
            report.findings.retain(|finding| {
                let on_changed_lines = lines.is_some_and(|lines| {
                    scope == Scope::Files || {
                        let (first, last) = line_span(source, finding);
                        lines
                            .iter()
                            .any(|r| *r.start() <= last && first <= *r.end())
                    }
                });
                on_changed_lines
                    || link_target(&path, source.text(), finding)
                        .is_some_and(|target| self.touches(&target))
            });
        }
        reports.retain(|r| !r.findings.is_empty());
    }
}

/// The first and last line (1-based) of a finding.
fn line_span(source: &crate::source::SourceFile, finding: &Finding) -> (usize, usize) {
    let first = source.position(finding.span.start).line;
    // A span ending just past a line break does not reach the next line.
    let last = source
        .position(finding.span.end.saturating_sub(1).max(finding.span.start))
        .line;
    (first, last.max(first))
}

/// The file a broken-link or broken-anchor finding's link points to,
/// absolute: the file itself for an in-page link. Read from the text at
/// the finding (the link's destination); `None` for other rules and for
/// root-relative links, which need the site root to resolve.
fn link_target(file: &Path, text: &str, finding: &Finding) -> Option<PathBuf> {
    if !matches!(finding.rule, "broken-link" | "broken-anchor") {
        return None;
    }
    let mut written = text.get(finding.span.clone())?.trim();
    // A reference link's finding spans the whole link: its message quotes the destination.
    if written.starts_with('[') {
        written = quoted_destination(&finding.message)?;
    }
    let written = written.trim_start_matches('<').trim_end_matches('>');
    let end = written.find(['#', '?']).unwrap_or(written.len());
    let written = &written[..end];
    if written.is_empty() {
        return Some(file.to_path_buf());
    }
    if written.starts_with('/') || written.starts_with("~/") {
        return None;
    }
    let decoded = percent_encoding::percent_decode_str(written).decode_utf8_lossy();
    let mut target = file.parent()?.to_path_buf();
    paths::push_normalised(&mut target, decoded.as_ref());
    Some(target)
}

/// The last `"..."` of a broken-link message: `no file "x.md"`, `no anchor "#a" in "x.md"`.
fn quoted_destination(message: &str) -> Option<&str> {
    let end = message.rfind('"')?;
    let start = message[..end].rfind('"')?;
    Some(&message[start + 1..end])
}

/// The path in a `--- a/PATH` or `+++ b/PATH` line; `None` for `/dev/null`.
fn diff_name(name: &str, prefix: &str) -> Option<String> {
    // Git ends a name holding a space with a tab, for patch(1).
    let name = unquote(name.strip_suffix('\t').unwrap_or(name));
    name.strip_prefix(prefix).map(str::to_string)
}

/// A path as git writes it: as is, or in C-style quotes when it holds a
/// quote, a backslash or a control character.
fn unquote(name: &str) -> String {
    let Some(inner) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')) else {
        return name.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut rest = inner.bytes().peekable();
    while let Some(b) = rest.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match rest.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b'a') => bytes.push(7),
            Some(b'b') => bytes.push(8),
            Some(b'f') => bytes.push(12),
            Some(b'v') => bytes.push(11),
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    if let Some(&d @ b'0'..=b'7') = rest.peek() {
                        value = value * 8 + u32::from(d - b'0');
                        rest.next();
                    }
                }
                bytes.push(value as u8);
            }
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// `@@ -a,b +c,d @@`: how many lines the hunk removes and adds, and the
/// lines it adds (empty when none). A count left out is 1.
fn hunk_header(line: &str) -> Option<(usize, usize, RangeInclusive<usize>)> {
    let ranges = line.strip_prefix("@@ -")?;
    let (removed, rest) = ranges.split_once(" +")?;
    let (added, _) = rest.split_once(" @@")?;
    let count = |range: &str| -> Option<(usize, usize)> {
        Some(match range.split_once(',') {
            Some((start, count)) => (start.parse().ok()?, count.parse().ok()?),
            None => (range.parse().ok()?, 1),
        })
    };
    let (_, removed) = count(removed)?;
    let (start, added) = count(added)?;
    let lines = if added == 0 {
        RangeInclusive::new(1, 0)
    } else {
        start..=start + added - 1
    };
    Some((removed, added, lines))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hunks_give_the_added_lines() {
        assert_eq!(hunk_header("@@ -3,2 +3,4 @@ ## Setup"), Some((2, 4, 3..=6)));
        assert_eq!(hunk_header("@@ -3 +3 @@"), Some((1, 1, 3..=3)));
        assert!(hunk_header("@@ -3,2 +2,0 @@").unwrap().2.is_empty());
        assert!(hunk_header("@@ -1,2 +0,0 @@").unwrap().2.is_empty());
        assert_eq!(hunk_header("@@ -0,0 +1,2 @@"), Some((0, 2, 1..=2)));
    }

    #[test]
    fn a_diff_gives_changed_lines_renames_and_deletions() {
        let diff = "\
diff --git a/docs/a.md b/docs/a.md
index 1..2 100644
--- a/docs/a.md
+++ b/docs/a.md
@@ -2,0 +3,2 @@ text
+--- not a header
++++ nor this
@@ -10,2 +11,0 @@
--- removed
--- removed too
diff --git a/old.md b/new.md
similarity index 90%
rename from old.md
rename to new.md
@@ -5 +5 @@
-x
+y
diff --git a/gone.md b/gone.md
deleted file mode 100644
--- a/gone.md
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
diff --git \"a/we\\\"ird.md\" \"b/we\\\"ird.md\"
--- \"a/we\\\"ird.md\"
+++ \"b/we\\\"ird.md\"
@@ -1 +1 @@
-a
+b
";
        let top = Path::new("/repo");
        let changes = Changes::parse(top, diff, "new/untracked.md\0");
        let lines = |rel: &str| changes.files.get(&top.join(rel)).cloned();
        assert_eq!(lines("docs/a.md"), Some(vec![3..=4]));
        assert_eq!(lines("new.md"), Some(vec![5..=5]));
        assert_eq!(lines("we\"ird.md"), Some(vec![1..=1]));
        assert_eq!(lines("new/untracked.md"), Some(vec![1..=usize::MAX]));
        assert_eq!(lines("not a header"), None);
        assert!(changes.touches(&top.join("old.md")));
        assert!(changes.touches(&top.join("gone.md")));
        assert!(!changes.touches(&top.join("docs/other.md")));
    }

    #[test]
    fn quoted_names_are_unquoted() {
        assert_eq!(unquote("plain name.md"), "plain name.md");
        assert_eq!(unquote(r#""a\tb\\c\"d.md""#), "a\tb\\c\"d.md");
        assert_eq!(unquote(r#""\303\251.md""#), "é.md");
    }

    #[test]
    fn link_targets_resolve_from_the_file_folder() {
        let file = Path::new("/repo/docs/a.md");
        let text = "[x](../guide/b%20c.md#setup) [y](#here) [z](/root.md) [r][ref]";
        let at = |needle: &str, rule: &'static str, message: &str| {
            let start = text.find(needle).unwrap();
            let finding = Finding::new(rule, start..start + needle.len(), message);
            link_target(file, text, &finding)
        };
        assert_eq!(
            at("../guide/b%20c.md#setup", "broken-link", ""),
            Some(PathBuf::from("/repo/guide/b c.md"))
        );
        assert_eq!(at("#here", "broken-anchor", ""), Some(file.to_path_buf()));
        assert_eq!(at("/root.md", "broken-link", ""), None);
        assert_eq!(
            at("[r][ref]", "broken-link", "no file \"b.md\""),
            Some(PathBuf::from("/repo/docs/b.md"))
        );
        assert_eq!(at("#here", "placeholder", ""), None);
    }
}
