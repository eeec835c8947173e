//! File-system questions about link targets, answered from folder listings.
//!
//! Links repeat: in the benchmark corpus a handful of index pages are each
//! linked about 960 times, and 28,000 links point at under 6,000 files in a
//! few dozen folders. Each folder is listed once per run and every link
//! into it is answered from that listing, by exact name: the same answer on
//! a case-insensitive file system (a Mac, Windows) as on the Linux server
//! that publishes the site. Shared across the checking threads; a lock is
//! held only to find or store a listing, never while listing.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::paths::absolute;

/// One folder's entries, by exact name.
#[derive(Debug, Default)]
struct Listing {
    entries: FxHashMap<OsString, Kind>,
    /// Entry names by their lower case, made when a broken link first asks:
    /// a folder can hold thousands of entries, and many links be broken.
    lower_case: OnceLock<FxHashMap<String, String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    /// A symlink or anything else: asked of the file system when linked.
    Other,
}

/// How a link target was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// The path names a file or folder.
    AsNamed,
    /// The path plus `.md` names a file: a published page's address
    /// (`../setup/overview`) names the Markdown file behind it.
    WithMd,
}

impl Found {
    /// The path of what was found, given the path asked about.
    pub fn path(self, asked: &Path) -> PathBuf {
        match self {
            Found::AsNamed => asked.to_path_buf(),
            Found::WithMd => asked.with_extension("md"),
        }
    }
}

#[derive(Debug, Default)]
pub struct Disk {
    /// Folder listings, by normalised folder path (its bytes hash fast; a
    /// `Path` hashes component by component).
    listings: Mutex<FxHashMap<OsString, Option<Arc<Listing>>>>,
}

impl Disk {
    /// The path if it exists, normalised (see [`Disk::find`]).
    pub fn existing(&self, path: &Path) -> Option<PathBuf> {
        let path = absolute(path);
        self.find(&path).map(|found| found.path(&path))
    }

    /// Whether `path`, absolute and normalised by name (see
    /// [`crate::paths`]), exists, or exists once `.md` is added.
    pub fn find(&self, path: &Path) -> Option<Found> {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            // The root, or nothing: ask the file system.
            return path.exists().then_some(Found::AsNamed);
        };
        let listing = self.listing(dir)?;
        if listing.has(dir, name, |_| true) {
            return Some(Found::AsNamed);
        }
        if Path::new(name).extension().is_none() {
            let mut md_name = name.to_owned();
            md_name.push(".md");
            if listing.has(dir, &md_name, |kind| kind == Kind::File) {
                return Some(Found::WithMd);
            }
        }
        None
    }

    /// The name of an entry in the same folder that differs from `path`'s
    /// only in case (the first in listing order when several do).
    pub fn same_but_case(&self, path: &Path) -> Option<String> {
        let path = absolute(path);
        let name = path.file_name()?.to_str()?.to_lowercase();
        let listing = self.listing(path.parent()?)?;
        listing.by_lower_case().get(&name).cloned()
    }

    fn listing(&self, dir: &Path) -> Option<Arc<Listing>> {
        // A poisoned lock only means another thread panicked mid-insert; the map is still sound.
        let lock = || self.listings.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(listing) = lock().get(dir.as_os_str()) {
            return listing.clone();
        }
        // Two threads missing at once both list; the listings are the same, so either is kept.
        let listing = Listing::of(dir).map(Arc::new);
        lock()
            .entry(dir.as_os_str().to_owned())
            .or_insert(listing)
            .clone()
    }
}

impl Listing {
    fn of(dir: &Path) -> Option<Listing> {
        let entries = std::fs::read_dir(dir)
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| {
                let kind = match entry.file_type() {
                    Ok(t) if t.is_file() => Kind::File,
                    Ok(t) if t.is_dir() => Kind::Folder,
                    _ => Kind::Other,
                };
                (entry.file_name(), kind)
            })
            .collect();
        Some(Listing {
            entries,
            lower_case: OnceLock::new(),
        })
    }

    /// Lower-cased name to entry name; where several entries lower-case
    /// alike, the least one, so every run picks the same.
    fn by_lower_case(&self) -> &FxHashMap<String, String> {
        self.lower_case.get_or_init(|| {
            let mut names: FxHashMap<String, String> = FxHashMap::default();
            for name in self.entries.keys().filter_map(|entry| entry.to_str()) {
                names
                    .entry(name.to_lowercase())
                    .and_modify(|least| {
                        if name < least.as_str() {
                            *least = name.to_string();
                        }
                    })
                    .or_insert_with(|| name.to_string());
            }
            names
        })
    }

    /// Whether `name` is in the folder with a kind `wanted` accepts; a
    /// symlink is followed to what it points at.
    fn has(&self, dir: &Path, name: &OsStr, wanted: impl Fn(Kind) -> bool) -> bool {
        match self.entries.get(name) {
            None => false,
            Some(Kind::Other) => match std::fs::metadata(dir.join(name)) {
                Ok(meta) if meta.is_file() => wanted(Kind::File),
                Ok(meta) if meta.is_dir() => wanted(Kind::Folder),
                _ => false,
            },
            Some(&kind) => wanted(kind),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::paths::absolute;

    #[test]
    fn answers_match_the_file_system_and_stay_cached() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        let page = root.join("Setup.md");
        std::fs::write(&page, "# Setup\n").unwrap();
        std::fs::create_dir(root.join("sub")).unwrap();
        let disk = Disk::default();
        assert_eq!(disk.existing(&page), Some(page.clone()));
        assert_eq!(disk.existing(&root.join("sub")), Some(root.join("sub")));
        assert_eq!(
            disk.existing(&root.join("Setup")),
            Some(page.clone()),
            "an address without .md names the Markdown file"
        );
        // By exact name, on every file system: a web server is case-sensitive.
        let lower = root.join("setup.md");
        assert_eq!(disk.existing(&lower), None);
        assert_eq!(disk.same_but_case(&lower).as_deref(), Some("Setup.md"));
        assert_eq!(disk.same_but_case(&root.join("other.md")), None);

        // Answers are per run: a file created later is not seen.
        std::fs::remove_file(&page).unwrap();
        assert_eq!(disk.existing(&page), Some(page.clone()));
        std::fs::write(root.join("new.md"), "").unwrap();
        assert_eq!(disk.existing(&root.join("new.md")), None);
        assert_eq!(Disk::default().existing(&page), None);
        assert_eq!(
            Disk::default().existing(&root.join("new.md")),
            Some(root.join("new.md"))
        );
    }

    /// Needs a file system that keeps names differing only in case apart.
    #[cfg(target_os = "linux")]
    #[test]
    fn of_names_alike_but_for_case_the_least_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        for name in ["b.md", "Guide.md", "GUIDE.md", "guide.MD"] {
            std::fs::write(root.join(name), "").unwrap();
        }
        let disk = Disk::default();
        for _ in 0..2 {
            let asked = root.join("gUIDE.md");
            assert_eq!(disk.same_but_case(&asked).as_deref(), Some("GUIDE.md"));
            assert_eq!(
                disk.same_but_case(&root.join("B.md")).as_deref(),
                Some("b.md")
            );
            assert_eq!(disk.same_but_case(&root.join("c.md")), None);
        }
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_followed() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        std::fs::write(root.join("real.md"), "").unwrap();
        std::os::unix::fs::symlink(root.join("real.md"), root.join("alias.md")).unwrap();
        std::os::unix::fs::symlink(root.join("gone.md"), root.join("dangling.md")).unwrap();
        std::os::unix::fs::symlink(root.join("real.md"), root.join("page.md")).unwrap();
        let disk = Disk::default();
        assert_eq!(
            disk.existing(&root.join("alias.md")),
            Some(root.join("alias.md"))
        );
        assert_eq!(disk.existing(&root.join("dangling.md")), None);
        assert_eq!(
            disk.existing(&root.join("page")),
            Some(root.join("page.md"))
        );
    }

    #[test]
    fn missing_folders_have_no_listing() {
        let disk = Disk::default();
        assert_eq!(disk.same_but_case(Path::new("/no/such/dir/a.md")), None);
        assert_eq!(disk.existing(Path::new("/no/such/dir/a.md")), None);
        assert!(disk.existing(Path::new("/")).is_some());
    }
}
