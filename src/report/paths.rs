//! Paths as a repository names them, for the outputs read against a checkout:
//! GitHub annotations and SARIF (matched to the pull request's files) and
//! `--diff` (applied by `git apply`). `json`, `short`, `human` and `junit`
//! keep each path as it was named, for the person who named it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::paths::absolute;

/// The name standard input is reported under when `--stdin-filename` gives
/// none; it names no file, so it is never made relative.
pub const STDIN: &str = "<stdin>";

/// Makes paths relative to the top of the git repository holding them, else
/// to the current folder: no `./`, no `..`. A file outside both keeps its
/// absolute path, since no relative spelling of it means anything there.
pub struct RepoPaths {
    cwd: PathBuf,
    /// The repository top above each folder asked about (`None`: not in a
    /// repository), so a run looks for `.git` once a folder.
    tops: HashMap<PathBuf, Option<PathBuf>>,
}

impl Default for RepoPaths {
    fn default() -> Self {
        RepoPaths::new()
    }
}

impl RepoPaths {
    pub fn new() -> RepoPaths {
        RepoPaths {
            cwd: absolute(Path::new("")),
            tops: HashMap::new(),
        }
    }

    /// `path` relative to its repository's top (or the current folder).
    pub fn of(&mut self, path: &Path) -> PathBuf {
        if path == Path::new(STDIN) {
            return path.to_path_buf();
        }
        let full = absolute(path);
        let top = full.parent().and_then(|dir| self.top(dir));
        let base = top.as_deref().unwrap_or(&self.cwd);
        match full.strip_prefix(base) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => full,
        }
    }

    /// The nearest folder at or above `dir` holding `.git` (a folder, or a
    /// file in a worktree or submodule).
    fn top(&mut self, dir: &Path) -> Option<PathBuf> {
        if let Some(top) = self.tops.get(dir) {
            return top.clone();
        }
        let top = if dir.join(".git").exists() {
            Some(dir.to_path_buf())
        } else {
            dir.parent().and_then(|parent| self.top(parent))
        };
        self.tops.insert(dir.to_path_buf(), top.clone());
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_the_repository_top() {
        let dir = tempfile::tempdir().unwrap();
        let repo = dir.path().join("repo");
        std::fs::create_dir_all(repo.join(".git")).unwrap();
        std::fs::create_dir_all(repo.join("docs/sub")).unwrap();
        let mut paths = RepoPaths::new();
        assert_eq!(
            paths.of(&repo.join("docs/./sub/../a.md")),
            Path::new("docs/a.md")
        );
        assert_eq!(paths.of(&repo.join("b.md")), Path::new("b.md"));
        let outside = dir.path().join("elsewhere/c.md");
        assert_eq!(paths.of(&outside), outside, "outside both: absolute");
        assert_eq!(paths.of(Path::new(STDIN)), Path::new(STDIN));
    }
}
