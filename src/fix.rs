//! `--fix` and `--diff`: applying the safe fixes findings carry.
//!
//! Fixes are applied in memory and the file re-checked until nothing fixable
//! is left (a fix skipped for overlapping another gets its turn next pass), so
//! one `--fix` run leaves a file that a second run would not change.

use std::io::{self, Write};
use std::path::Path;

use crate::finding::Edit;
use crate::lint::{FileReport, Linter};

/// Enough for any real file; a guard against fixes that undo each other.
const MAX_PASSES: usize = 10;

/// Applies non-overlapping edits to `text`; an edit overlapping an earlier one
/// (by start) is skipped. Returns the new text and how many edits were applied.
pub fn apply(text: &str, edits: &[&Edit]) -> (String, usize) {
    let mut edits: Vec<&Edit> = edits
        .iter()
        .copied()
        .filter(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        })
        .collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut fixed = String::with_capacity(text.len());
    let mut copied = 0;
    let mut applied = 0;
    for edit in edits {
        if edit.span.start < copied {
            continue;
        }
        fixed.push_str(&text[copied..edit.span.start]);
        fixed.push_str(&edit.replacement);
        copied = edit.span.end;
        applied += 1;
    }
    fixed.push_str(&text[copied..]);
    (fixed, applied)
}

/// A file after fixing: the final report (what remains) and how many fixes went in.
pub struct Fixed {
    pub report: FileReport,
    pub applied: usize,
    /// The file's text before any fix.
    pub original: String,
}

impl Fixed {
    pub fn changed(&self) -> bool {
        self.applied > 0 && self.report.source.text() != self.original
    }
}

/// Applies every fix in `report` and re-checks, until no fix is left.
pub fn fix_report(linter: &Linter, report: FileReport) -> Fixed {
    let original = report.source.text().to_string();
    let mut report = report;
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let edits: Vec<&Edit> = report
            .findings
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .collect();
        if edits.is_empty() {
            break;
        }
        let (text, count) = apply(report.source.text(), &edits);
        if count == 0 || text == report.source.text() {
            break;
        }
        let path = report.path.clone();
        // The settings for this path were resolved when it was first checked,
        // so this cannot fail; if it did, the file is left as last checked.
        let Ok(next) = linter.check_text(&path, text) else {
            break;
        };
        applied += count;
        report = next;
    }
    Fixed {
        report,
        applied,
        original,
    }
}

/// Replaces `path`'s content all at once: a temporary file in the same folder,
/// given the original's permissions, renamed over it. A reader never sees half a file,
/// and a symbolic link stays a link (its target is rewritten). A read-only file
/// is refused: the rename would replace it whatever its mode, even as root.
pub fn write_atomically(path: &Path, contents: &str) -> io::Result<()> {
    let target = std::fs::canonicalize(path)?;
    let dir = target.parent().unwrap_or(Path::new("."));
    let permissions = std::fs::metadata(&target)?.permissions();
    if permissions.readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only",
        ));
    }
    let mut temp = tempfile::NamedTempFile::new_in(dir)?;
    temp.write_all(contents.as_bytes())?;
    temp.as_file().sync_all()?;
    temp.as_file().set_permissions(permissions)?;
    temp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

/// A unified diff of one file, headed `a/PATH` and `b/PATH` like `git diff`.
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(span: std::ops::Range<usize>, replacement: &str) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    #[test]
    fn applies_in_order_and_skips_overlaps() {
        let (a, b, c) = (edit(6..8, "X"), edit(0..1, "Y"), edit(0..3, "Z"));
        let (fixed, count) = apply("abcdefgh", &[&a, &b, &c]);
        assert_eq!((fixed.as_str(), count), ("YbcdefX", 2));
    }

    #[test]
    fn refuses_spans_outside_or_inside_a_character() {
        let (outside, inside) = (edit(5..9, "x"), edit(1..2, "x"));
        assert_eq!(apply("é", &[&outside, &inside]), ("é".to_string(), 0));
    }

    #[test]
    fn a_read_only_file_is_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        let mut permissions = std::fs::metadata(&path).unwrap().permissions();
        permissions.set_readonly(true);
        std::fs::set_permissions(&path, permissions).unwrap();
        let err = write_atomically(&path, "new").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::PermissionDenied);
        assert_eq!(err.to_string(), "the file is read-only");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.md");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temp file left"
        );
    }
}
