//! Paths as the user sees the tree: absolute, with `.` and `..` resolved by
//! name. Symlinks are not followed, as a browser resolves a relative link
//! against the page's address, not against the server's disk.

use std::path::{Component, Path, PathBuf};
use std::sync::OnceLock;

/// `path` made absolute against the current folder and normalised by name,
/// so two spellings of one file compare equal without asking the file system.
pub fn absolute(path: &Path) -> PathBuf {
    let mut out = if path.is_absolute() {
        PathBuf::with_capacity(path.as_os_str().len())
    } else {
        match current_dir() {
            Some(cwd) => {
                let mut out =
                    PathBuf::with_capacity(cwd.as_os_str().len() + path.as_os_str().len() + 1);
                out.push(cwd);
                out
            }
            None => PathBuf::new(),
        }
    };
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The current folder, asked once: itsmlint never changes it, and asking
/// is a system call, once per file and per link otherwise.
fn current_dir() -> Option<&'static Path> {
    static CWD: OnceLock<Option<PathBuf>> = OnceLock::new();
    CWD.get_or_init(|| std::env::current_dir().ok()).as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_dots_by_name() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(absolute(Path::new("a/./b/../c.md")), cwd.join("a/c.md"));
        assert_eq!(absolute(Path::new("/x/y/../../z")), Path::new("/z"));
        assert_eq!(absolute(Path::new("/..")), Path::new("/"));
        assert_eq!(absolute(Path::new("")), cwd);
    }
}
