//! Walking the named paths: named files as they are, folders walked for
//! Markdown with .gitignore respected (links to Markdown files followed,
//! links to folders not), each file once.

use std::path::{Path, PathBuf};

use crate::input::{io_reason, FileError};

pub fn is_markdown(path: &Path) -> bool {
    matches!(
        path.extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref(),
        Some("md" | "markdown" | "mdown" | "mkd")
    )
}

/// Sorts in `Path`'s own order (component by component, as `sort` would),
/// from a key made once for each item (see [`OrderKey`]).
pub fn sort_paths<T>(items: &mut [T], path: impl Fn(&T) -> &Path) {
    items.sort_by_cached_key(|item| order_key(path(item)));
}

/// What sorts paths in `Path`'s own order. Comparing the components of two
/// paths anew at every step of a sort took most of the time of sorting a
/// large tree (about 15 ms for six thousand files, on one thread), so on
/// Unix it is a byte key, made once per path (see [`order_key`]). Windows
/// prefixes (`C:`, `\\server\share`) order by more than their bytes, so
/// there it is the path itself.
#[cfg(not(windows))]
pub type OrderKey = Vec<u8>;
#[cfg(windows)]
pub type OrderKey = PathBuf;

/// A key whose byte order is `Path`'s order: each component as a tag in
/// the order of `Component`'s variants, a name's bytes after its tag, and
/// a zero after each (no name holds one, so a shorter name and a path
/// with fewer components come first). Prefixes exist only on Windows,
/// whose key is the path.
#[cfg(not(windows))]
pub fn order_key(path: &Path) -> OrderKey {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => {
                key.push(0);
                key.extend_from_slice(prefix.as_os_str().as_encoded_bytes());
            }
            Component::RootDir => key.push(1),
            Component::CurDir => key.push(2),
            Component::ParentDir => key.push(3),
            Component::Normal(name) => {
                key.push(4);
                key.extend_from_slice(name.as_encoded_bytes());
            }
        }
        key.push(0);
    }
    key
}

#[cfg(windows)]
pub fn order_key(path: &Path) -> OrderKey {
    path.to_path_buf()
}

/// What discovery meets, in the order it walks.
#[derive(Debug)]
pub enum Found {
    /// A Markdown file under a named folder, or a named file (whatever its name).
    File(PathBuf),
    /// A path that does not exist or could not be read.
    Error(FileError),
    /// A named folder with no Markdown file in it, once it is walked.
    EmptyDir(PathBuf),
}

/// The named paths expanded one at a time, as folders are walked, so that
/// checking can start before the walk ends. Each file comes once, in walk
/// order: a folder's entries sorted by name, depth first, which is `Path`'s
/// own order within one named folder (see [`in_path_order`]); across several
/// named paths it is not, and [`super::discover`] sorts.
pub struct Walk {
    named: std::vec::IntoIter<PathBuf>,
    /// Walk into dot-folders (`.github/`) and read dot-files too: skipped
    /// by default, as they are a repository's machinery, not its docs.
    hidden: bool,
    /// The named folder being walked, and how many Markdown files it held so far.
    folder: Option<(PathBuf, ignore::Walk, usize)>,
    /// Files given already, when several paths are named (they may overlap).
    seen: Option<std::collections::HashSet<PathBuf>>,
}

/// Whether [`Walk`] gives the files of `paths` in `Path`'s order, so that
/// the order the walk found them in is the order to report them in. So it
/// is for one named path: each folder's entries come sorted by name, and a
/// folder's files before the next name's (`a/z.md` before `a.md`), as
/// `Path` compares component by component.
pub fn in_path_order(paths: &[PathBuf]) -> bool {
    paths.len() <= 1
}

impl Walk {
    pub fn new(paths: Vec<PathBuf>) -> Walk {
        Walk {
            seen: (paths.len() > 1).then(Default::default),
            named: paths.into_iter(),
            hidden: false,
            folder: None,
        }
    }

    /// Also walks dot-folders and dot-files (`--hidden`).
    pub fn with_hidden(mut self, hidden: bool) -> Walk {
        self.hidden = hidden;
        self
    }

    fn first_time(&mut self, path: &Path) -> bool {
        self.seen
            .as_mut()
            .is_none_or(|seen| seen.insert(path.to_path_buf()))
    }
}

impl Iterator for Walk {
    type Item = Found;

    fn next(&mut self) -> Option<Found> {
        loop {
            if let Some((dir, walker, count)) = &mut self.folder {
                match walker.next() {
                    Some(Ok(entry)) => {
                        let Some(kind) = entry.file_type().filter(|_| is_markdown(entry.path()))
                        else {
                            continue;
                        };
                        let linked = if kind.is_symlink() {
                            match linked_file(entry.path()) {
                                Ok(true) => None,
                                Ok(false) => continue,
                                Err(error) => Some(error),
                            }
                        } else if kind.is_file() {
                            None
                        } else {
                            continue;
                        };
                        *count += 1;
                        if let Some(error) = linked {
                            return Some(Found::Error(error));
                        }
                        let path = entry.into_path();
                        if self.first_time(&path) {
                            return Some(Found::File(path));
                        }
                    }
                    Some(Err(err)) => {
                        let path = match &err {
                            ignore::Error::WithPath { path, .. } => path.clone(),
                            _ => dir.clone(),
                        };
                        return Some(Found::Error(FileError {
                            path,
                            message: err.to_string(),
                        }));
                    }
                    None => {
                        let (dir, _, count) = self.folder.take()?;
                        if count == 0 {
                            return Some(Found::EmptyDir(dir));
                        }
                    }
                }
                continue;
            }
            let path = self.named.next()?;
            match std::fs::metadata(&path) {
                Err(e) => {
                    return Some(Found::Error(FileError {
                        message: io_reason(&e),
                        path,
                    }))
                }
                Ok(meta) if meta.is_dir() => {
                    let walker = ignore::WalkBuilder::new(&path)
                        .require_git(false)
                        .hidden(!self.hidden)
                        // Installed packages' own READMEs are not the repository's
                        // docs (a folder named on the command line is walked).
                        .filter_entry(|entry| {
                            entry.depth() == 0
                                || entry.file_name() != "node_modules"
                                || !entry.file_type().is_some_and(|t| t.is_dir())
                        })
                        .follow_links(false)
                        // Siblings: the same parent, then a name with no
                        // separator in it, so their bytes compare as
                        // `Path`s do, and at the cost of a `memcmp` (taking
                        // each path apart into components cost ten times
                        // the walk).
                        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
                        .build();
                    self.folder = Some((path, walker, 0));
                }
                Ok(_) => {
                    if self.first_time(&path) {
                        return Some(Found::File(path));
                    }
                }
            }
        }
    }
}

/// Whether the symbolic link `path` leads to a file (not a folder), or why
/// it leads nowhere: a missing target, or a loop of links, which the system
/// stops after a few hops. Links to folders are not walked: those can loop.
fn linked_file(path: &Path) -> Result<bool, FileError> {
    match std::fs::metadata(path) {
        Ok(meta) => Ok(meta.is_file()),
        Err(e) => Err(FileError {
            path: path.to_path_buf(),
            message: match e.kind() {
                std::io::ErrorKind::NotFound => {
                    "a symbolic link to a file that does not exist".into()
                }
                _ => format!("a symbolic link that cannot be followed: {}", io_reason(&e)),
            },
        }),
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn path_text() -> impl Strategy<Value = String> {
        let part = prop::sample::select(vec![
            "a", "b", "a.b", "a-b", "a b", "ab", "A", "é", "a\u{1}", ".", "..", "", "x.md",
        ]);
        (
            prop::sample::select(vec!["", "/", "./", "../"]),
            prop::collection::vec(part, 0..5),
            prop::sample::select(vec!["", "/"]),
        )
            .prop_map(|(lead, parts, tail)| format!("{lead}{}{tail}", parts.join("/")))
    }

    proptest! {
        #[test]
        fn the_sort_key_orders_as_paths_do(a in path_text(), b in path_text()) {
            let (a, b) = (Path::new(&a), Path::new(&b));
            prop_assert_eq!(order_key(a).cmp(&order_key(b)), a.cmp(b), "{:?} {:?}", a, b);
        }
    }

    #[test]
    fn sorting_by_key_is_sorting_by_path() {
        let mut paths: Vec<PathBuf> = [
            "docs/a.md",
            "docs/a/b.md",
            "docs/a-b.md",
            "docs//a.md",
            "./docs/b.md",
            "docs/A.md",
            "../x.md",
            "/root/a.md",
            "docs/a.md/",
            "docs/é.md",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut expected = paths.clone();
        expected.sort();
        sort_paths(&mut paths, |p| p);
        assert_eq!(paths, expected);
    }

    #[test]
    fn one_folder_is_walked_in_path_order() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a.md",
            "a/z.md",
            "a b.md",
            "a-b/x.md",
            "A.md",
            "é.md",
            "b/c/d.md",
            "b.md",
            "ab.md",
            "a/b/a.md",
            "a/a.md",
            "b/c.md",
            "z.markdown",
        ];
        for name in names {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "# x\n").unwrap();
        }
        let walked: Vec<PathBuf> = Walk::new(vec![dir.path().to_path_buf()])
            .map(|found| match found {
                Found::File(path) => path,
                other => panic!("{other:?}"),
            })
            .collect();
        let mut sorted = walked.clone();
        sorted.sort();
        assert_eq!(walked.len(), names.len());
        assert_eq!(walked, sorted);
        assert!(in_path_order(&[dir.path().to_path_buf()]));
        assert!(!in_path_order(&[
            dir.path().join("b"),
            dir.path().join("a")
        ]));
    }

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
