//! Which files to check: named files as they are, folders walked for Markdown
//! with .gitignore respected.

use std::path::{Path, PathBuf};

use crate::engine::{io_reason, FileError};

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

#[derive(Debug, Default)]
pub struct Discovery {
    /// Sorted and deduplicated.
    pub files: Vec<PathBuf>,
    /// Paths that do not exist or could not be read.
    pub errors: Vec<FileError>,
    /// Named folders with no Markdown file in them.
    pub empty_dirs: Vec<PathBuf>,
}

/// Expands `paths` into the Markdown files to check.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    let mut empty_dirs = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => errors.push(FileError {
                path: path.clone(),
                message: io_reason(&e),
            }),
            Ok(meta) if meta.is_dir() => {
                let before = files.len();
                walk_dir(path, &mut files, &mut errors);
                if files.len() == before {
                    empty_dirs.push(path.clone());
                }
            }
            Ok(_) => files.push(path.clone()),
        }
    }
    files.sort();
    files.dedup();
    Discovery {
        files,
        errors,
        empty_dirs,
    }
}

/// The paths of a `--files-from` list: one a line, blank lines skipped.
///
/// Such lists usually come from `git diff --name-only`, which names every
/// changed file, so entries that are neither Markdown nor an existing folder are
/// left out; a missing Markdown file stays, to be reported like any missing path.
pub fn path_list(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(|line| line.trim_end_matches('\r'))
        .filter(|line| !line.trim().is_empty())
        .map(PathBuf::from)
        .filter(|path| is_markdown(path) || path.is_dir())
        .collect()
}

fn walk_dir(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<FileError>) {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && is_markdown(entry.path()) {
                    files.push(entry.into_path());
                }
            }
            Err(err) => {
                let path = match &err {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_path_buf(),
                };
                errors.push(FileError {
                    path,
                    message: err.to_string(),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_lists_skip_blanks_and_non_markdown() {
        let list = path_list("docs/a.md\r\n\n  \nsrc/main.rs\nmissing/b.markdown\n");
        assert_eq!(
            list,
            [
                PathBuf::from("docs/a.md"),
                PathBuf::from("missing/b.markdown")
            ]
        );
    }
}
