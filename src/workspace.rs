//! Other files' anchors, for links across files. Each file is parsed at most
//! once per run: checked files are registered from the parse the engine
//! already did, files outside the checked set are read on first use. Shared
//! across the engine's threads; a lock is held only to find a file's slot,
//! never while parsing it.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use crate::disk::Disk;
use crate::engine::read_markdown;
use crate::model::Document;
use crate::parse::parse;
use crate::slug::SlugStyle;

/// What a link into a file can reach.
#[derive(Debug, Default)]
pub struct FileAnchors {
    /// Every anchor id, lower-cased (fragments match without regard to case).
    ids: HashSet<String>,
    /// The file pulls in other files (`[!INCLUDE ...]`), whose headings it
    /// shows but whose text it does not hold.
    pub has_includes: bool,
}

impl FileAnchors {
    pub fn of(doc: &Document) -> FileAnchors {
        FileAnchors {
            ids: doc.anchors.iter().map(|a| a.id.to_lowercase()).collect(),
            has_includes: doc.source.contains("[!INCLUDE") || doc.source.contains("[!include"),
        }
    }

    pub fn has(&self, id: &str) -> bool {
        self.ids.contains(&id.to_lowercase())
    }
}

type Slot = Arc<OnceLock<Option<Arc<FileAnchors>>>>;

#[derive(Debug, Default)]
pub struct Workspace {
    files: Mutex<HashMap<PathBuf, Slot>>,
    /// Which link targets exist, asked once per run (see [`Disk`]).
    pub disk: Disk,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Records a checked file's anchors from its existing parse.
    pub fn register(&self, path: &Path, doc: &Document) {
        let slot = self.slot(path);
        let _ = slot.set(Some(Arc::new(FileAnchors::of(doc))));
    }

    /// The anchors of a Markdown file, parsed on first use with the linking
    /// file's slug style; `None` when it cannot be read as text.
    pub fn anchors(&self, path: &Path, style: SlugStyle) -> Option<Arc<FileAnchors>> {
        let slot = self.slot(path);
        slot.get_or_init(|| {
            let text = read_markdown(path).ok()?;
            Some(Arc::new(FileAnchors::of(&parse(text, style))))
        })
        .clone()
    }

    fn slot(&self, path: &Path) -> Slot {
        let key = normalise_path(path);
        // A poisoned lock only means another thread panicked mid-insert; the map is still sound.
        let mut files = self.files.lock().unwrap_or_else(|e| e.into_inner());
        files.entry(key).or_default().clone()
    }
}

/// An absolute path with `.` and `..` resolved lexically, so two spellings of
/// one file share a slot without touching the file system.
pub fn normalise_path(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_slot_per_file_whatever_the_spelling() {
        let ws = Workspace::new();
        let doc = parse("## Hello World\n".into(), SlugStyle::default());
        ws.register(Path::new("docs/a/../b.md"), &doc);
        let anchors = ws
            .anchors(Path::new("./docs/b.md"), SlugStyle::default())
            .unwrap();
        assert!(anchors.has("hello-world") && anchors.has("HELLO-WORLD"));
        assert!(!anchors.has("hello"));
    }

    #[test]
    fn unreadable_files_have_no_anchors() {
        let ws = Workspace::new();
        assert!(ws
            .anchors(Path::new("/no/such/file.md"), SlugStyle::default())
            .is_none());
    }
}
