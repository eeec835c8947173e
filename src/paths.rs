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

/// `rel` (a link's path, `/`-separated) joined onto `base`, an absolute
/// folder from [`absolute`], and normalised: what `absolute(base.join(rel))`
/// gives, built in place. Every link of a run goes through here, and
/// `Path::components` walks each path several times over.
pub fn push_normalised(base: &mut PathBuf, rel: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        let mut bytes = std::mem::take(base).into_os_string().into_vec();
        if rel.starts_with('/') {
            bytes.clear();
            bytes.push(b'/');
        }
        for part in rel.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    // The last name goes; the root stays.
                    let at = bytes.iter().rposition(|&b| b == b'/').unwrap_or(0);
                    bytes.truncate(at.max(1));
                }
                name => {
                    if bytes.last() != Some(&b'/') {
                        bytes.push(b'/');
                    }
                    bytes.extend_from_slice(name.as_bytes());
                }
            }
        }
        *base = PathBuf::from(std::ffi::OsString::from_vec(bytes));
    }
    #[cfg(not(unix))]
    {
        *base = absolute(&base.join(rel));
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
                assert_eq!(pushed, absolute(&base.join(rel)), "{base:?} + {rel:?}");
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
            proptest::prop_assert_eq!(pushed, absolute(&base.join(&rel)));
        }
    }
}
