//! File-system questions about link targets, each asked at most once per run.
//!
//! Links repeat: in the benchmark corpus a handful of index pages are each
//! linked about 960 times, and 28,000 `stat` calls went to under 6,000 paths.
//! Answers are cached under the path exactly as the rule built it (not
//! normalised), so every answer is the one the file system gave for that
//! spelling. Shared across the engine's threads; a lock is held only to read
//! or store an answer, never while asking the file system.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One folder's entries in `read_dir` order: (lower-cased name, path).
type Listing = Arc<[(String, PathBuf)]>;

#[derive(Debug, Default)]
pub struct Disk {
    existing: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    listings: Mutex<HashMap<PathBuf, Option<Listing>>>,
}

impl Disk {
    /// The path if it exists; a published page's address without its `.md`
    /// (`../setup/overview`) names the Markdown file behind it.
    pub fn existing(&self, path: &Path) -> Option<PathBuf> {
        cached(&self.existing, path, || {
            if path.exists() {
                return Some(path.to_path_buf());
            }
            if path.extension().is_none() {
                let with_md = path.with_extension("md");
                if with_md.is_file() {
                    return Some(with_md);
                }
            }
            None
        })
    }

    /// A file in the same folder whose name differs only in case (the first
    /// in the folder's listing order). Each folder is listed once per run.
    pub fn same_but_case(&self, path: &Path) -> Option<PathBuf> {
        let name = path.file_name()?.to_str()?.to_lowercase();
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let listing = cached(&self.listings, dir, || list(dir))?;
        listing
            .iter()
            .find(|(lower, _)| *lower == name)
            .map(|(_, path)| path.clone())
    }
}

fn list(dir: &Path) -> Option<Listing> {
    let entries = std::fs::read_dir(dir).ok()?;
    Some(
        entries
            .filter_map(Result::ok)
            .filter_map(|e| Some((e.file_name().to_str()?.to_lowercase(), e.path())))
            .collect(),
    )
}

/// The cached answer for `key`, computed by `ask` on a miss. Two threads
/// missing at once both ask; the answers are the same, so either is kept.
fn cached<V: Clone>(map: &Mutex<HashMap<PathBuf, V>>, key: &Path, ask: impl FnOnce() -> V) -> V {
    // A poisoned lock only means another thread panicked mid-insert; the map is still sound.
    let lock = || map.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(value) = lock().get(key) {
        return value.clone();
    }
    let value = ask();
    lock().entry(key.to_path_buf()).or_insert(value).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_match_the_file_system_and_stay_cached() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("Setup.md");
        std::fs::write(&page, "# Setup\n").unwrap();
        let disk = Disk::default();
        assert_eq!(disk.existing(&page), Some(page.clone()));
        assert_eq!(
            disk.existing(&dir.path().join("Setup")),
            Some(page.clone()),
            "an address without .md names the Markdown file"
        );
        let lower = dir.path().join("setup.md");
        // (On a case-insensitive file system the lower-case spelling exists.)
        if disk.existing(&lower).is_none() {
            assert_eq!(disk.same_but_case(&lower), Some(page.clone()));
        }
        assert_eq!(disk.same_but_case(&dir.path().join("other.md")), None);

        // Answers are per run: a file created later is not seen.
        std::fs::remove_file(&page).unwrap();
        assert_eq!(disk.existing(&page), Some(page.clone()));
        std::fs::write(dir.path().join("new.md"), "").unwrap();
        assert_eq!(disk.same_but_case(&dir.path().join("NEW.md")), None);
        assert_eq!(Disk::default().existing(&page), None);
    }

    #[test]
    fn missing_folders_have_no_listing() {
        let disk = Disk::default();
        assert_eq!(disk.same_but_case(Path::new("/no/such/dir/a.md")), None);
        assert_eq!(disk.existing(Path::new("/no/such/dir/a.md")), None);
    }
}
