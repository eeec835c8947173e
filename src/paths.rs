//! Paths as the user sees the tree: absolute, with `.` and `..` resolved by
//! name. Symlinks are not followed, as a browser resolves a relative link
//! against the page's address, not against the server's disk.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `path` made absolute against the current folder and normalised by name,
/// so two spellings of one file compare equal without asking the file system.
pub fn absolute(path: &Path) -> PathBuf {
    #[cfg(unix)]
    {
        let mut out = match (path.has_root(), current_dir()) {
            (true, _) => PathBuf::with_capacity(path.as_os_str().len()),
            (false, Some(cwd)) => {
                let mut out =
                    PathBuf::with_capacity(cwd.as_os_str().len() + path.as_os_str().len() + 1);
                out.push(cwd);
                out
            }
            (false, None) => PathBuf::new(),
        };
        push_normalised(&mut out, path);
        out
    }
    #[cfg(not(unix))]
    {
        by_components(current_dir(), path)
    }
}

/// [`absolute`] by `Path::components`: what it must give, on every platform.
#[cfg(any(test, not(unix)))]
fn by_components(cwd: Option<&Path>, path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = match (path.is_absolute(), cwd) {
        (false, Some(cwd)) => cwd.to_path_buf(),
        _ => PathBuf::new(),
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

/// `rel` (a path, `/`-separated) joined onto `base` and normalised by
/// name: what `absolute(base.join(rel))` gives when `base` is absolute and
/// normalised already, built in place. Every file and every link of a run
/// goes through here: by `Path::components` the check takes 1.08x the wall time.
pub fn push_normalised(base: &mut PathBuf, rel: impl AsRef<std::ffi::OsStr>) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::{OsStrExt, OsStringExt};
        let rel = rel.as_ref().as_bytes();
        let mut bytes = std::mem::take(base).into_os_string().into_vec();
        if rel.first() == Some(&b'/') {
            bytes.clear();
            bytes.push(b'/');
        }
        for part in rel.split(|&b| b == b'/') {
            match part {
                b"" | b"." => {}
                b".." => {
                    // The last name goes; the root stays.
                    let at = bytes.iter().rposition(|&b| b == b'/').unwrap_or(0);
                    let is_root = at == 0 && bytes.first() == Some(&b'/');
                    bytes.truncate(if is_root { 1 } else { at });
                }
                name => {
                    if !bytes.is_empty() && bytes.last() != Some(&b'/') {
                        bytes.push(b'/');
                    }
                    bytes.extend_from_slice(name);
                }
            }
        }
        *base = PathBuf::from(std::ffi::OsString::from_vec(bytes));
    }
    #[cfg(not(unix))]
    {
        *base = absolute(&base.join(rel.as_ref()));
    }
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

    #[test]
    fn pushing_a_link_path_is_joining_and_normalising() {
        let cwd = std::env::current_dir().unwrap();
        for base in ["/", "/docs", "/docs/a", "x/y", ""] {
            for rel in [
                "b.md",
                "./b.md",
                "../b.md",
                "../../../../b.md",
                "a//b/./c/../d.md",
                "dir/",
                ".",
                "..",
                "",
                "/abs/x.md",
                "//twice",
                "é/ü.md",
                "a\\b.md",
                "...",
                "..a/.b",
            ] {
                let base = absolute(Path::new(base));
                let mut pushed = base.clone();
                push_normalised(&mut pushed, rel);
                let joined = by_components(None, &base.join(rel));
                assert_eq!(pushed, joined, "{base:?} + {rel:?}");
            }
        }
        assert!(cwd.is_absolute());
    }

    fn path_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let part = prop::sample::select(vec!["a", "b.md", "é", "a\\b", ".", "..", "", "..."]);
        (
            prop::sample::select(vec!["", "/", "./", "../"]),
            prop::collection::vec(part, 0..6),
            prop::sample::select(vec!["", "/"]),
        )
            .prop_map(|(lead, parts, tail)| format!("{lead}{}{tail}", parts.join("/")))
    }

    proptest::proptest! {
        #[test]
        fn any_link_path_pushes_as_it_joins(base in path_text(), rel in path_text()) {
            let base = absolute(Path::new(&base));
            let mut pushed = base.clone();
            push_normalised(&mut pushed, &rel);
            proptest::prop_assert_eq!(pushed, by_components(None, &base.join(&rel)));
        }

        #[test]
        fn any_path_is_made_absolute_by_components(path in path_text()) {
            let path = Path::new(&path);
            let cwd = current_dir();
            proptest::prop_assert_eq!(absolute(path), by_components(cwd, path));
            // Without a current folder, relative paths stay relative.
            let mut alone = PathBuf::new();
            if !path.has_root() {
                push_normalised(&mut alone, path);
                proptest::prop_assert_eq!(alone, by_components(None, path));
            }
        }
    }
}
