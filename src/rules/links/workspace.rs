//! Other files' anchors, for links across files. Each file is parsed at most
//! once per run: checked files are registered from the parse the linter
//! already did, files outside the checked set are read on first use. Shared
//! across the checking threads; a lock is held only to find a file's slot,
//! never while parsing it.

use std::ffi::OsString;
use std::path::Path;
use std::sync::{Arc, Mutex, OnceLock};

use rustc_hash::FxHashMap;

use crate::input::read_markdown;
use crate::model::Document;
use crate::parse::parse;
use crate::paths::absolute;
use crate::rules::links::anchors::AnchorIds;
use crate::rules::links::disk::Disk;
use crate::site::Case;
use crate::slug::SlugStyle;

/// What a link into a file can reach.
#[derive(Debug, Default)]
pub struct FileAnchors {
    /// Every anchor id, one per line: one allocation per file, as every
    /// checked file is kept to the end and few are ever asked (a list of
    /// ids took 1.03x the check's wall time).
    ids: String,
    /// The file pulls in other files (see [`Document::has_includes`]).
    pub has_includes: bool,
    /// The ids indexed for look-ups, in each case, when first asked.
    case_sensitive: OnceLock<AnchorIds>,
    case_insensitive: OnceLock<AnchorIds>,
}

impl FileAnchors {
    pub fn of(doc: &Document) -> FileAnchors {
        let mut ids = String::with_capacity(doc.anchors.iter().map(|a| a.id.len() + 1).sum());
        for anchor in &doc.anchors {
            if anchor.id.contains('\n') {
                continue; // an id cannot hold a line break; no fragment could match it
            }
            ids.push_str(&anchor.id);
            ids.push('\n');
        }
        FileAnchors {
            ids,
            has_includes: doc.has_includes,
            ..FileAnchors::default()
        }
    }

    /// Whether `id` is an anchor of the file, matched in `case`.
    pub fn has(&self, id: &str, case: Case) -> bool {
        let index = match case {
            Case::Sensitive => &self.case_sensitive,
            Case::Insensitive => &self.case_insensitive,
        };
        index
            .get_or_init(|| AnchorIds::new(self.ids.lines(), case))
            .has(id)
    }
}

type Slot = Arc<OnceLock<Option<Arc<FileAnchors>>>>;

#[derive(Debug, Default)]
pub struct Workspace {
    /// The checked files' anchors, by normalised path, as bytes (they hash
    /// fast, a `Path` component by component): every checked file is
    /// registered and few are asked about, so each costs a few small
    /// allocations; shared, so the ids are indexed once for every link.
    checked: Mutex<FxHashMap<OsString, Arc<FileAnchors>>>,
    /// Other files', parsed when a link first asks.
    others: Mutex<FxHashMap<OsString, Slot>>,
    /// Which link targets exist, asked once per run (see [`Disk`]).
    pub disk: Disk,
}

impl Workspace {
    pub fn new() -> Workspace {
        Workspace::default()
    }

    /// Records a checked file's anchors from its existing parse (replacing
    /// any earlier record: a file checked again, after `--fix`, is current).
    pub fn register(&self, path: &Path, doc: &Document) {
        let anchors = Arc::new(FileAnchors::of(doc));
        lock(&self.checked).insert(absolute(path).into_os_string(), anchors);
    }

    /// The anchors of a Markdown file: a checked file's as registered,
    /// another's parsed on first use with the linking file's slug style;
    /// `None` when it cannot be read as text.
    pub fn anchors(&self, path: &Path, style: SlugStyle) -> Option<Arc<FileAnchors>> {
        let path = absolute(path).into_os_string();
        if let Some(anchors) = lock(&self.checked).get(&path) {
            return Some(anchors.clone());
        }
        let slot = lock(&self.others).entry(path.clone()).or_default().clone();
        slot.get_or_init(|| {
            let text = read_markdown(Path::new(&path)).ok()?;
            Some(Arc::new(FileAnchors::of(&parse(text, style))))
        })
        .clone()
    }
}

/// A poisoned lock only means another thread panicked mid-insert; the map is still sound.
fn lock<T>(map: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    map.lock().unwrap_or_else(|e| e.into_inner())
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
        assert!(anchors.has("hello-world", Case::Insensitive));
        assert!(anchors.has("HELLO-WORLD", Case::Insensitive));
        assert!(anchors.has("hello-world", Case::Sensitive));
        assert!(!anchors.has("HELLO-WORLD", Case::Sensitive));
        assert!(!anchors.has("hello", Case::Insensitive));
    }

    #[test]
    fn every_link_shares_a_files_one_index() {
        let ws = Workspace::new();
        let doc = parse("## One\n\n## Two\n".into(), SlugStyle::default());
        ws.register(Path::new("docs/b.md"), &doc);
        let first = ws.anchors(Path::new("docs/b.md"), SlugStyle::default());
        let again = ws.anchors(Path::new("docs/./b.md"), SlugStyle::default());
        let (first, again) = (first.unwrap(), again.unwrap());
        assert!(first.has("two", Case::Sensitive) && again.has("ONE", Case::Insensitive));
        // Not a copy: the ids are indexed once, however many links ask.
        assert!(Arc::ptr_eq(&first, &again));
    }

    #[test]
    fn includes_are_found_in_any_case() {
        for (text, expected) in [
            ("[!INCLUDE [x](inc.md)]", true),
            ("a [!include[x](inc.md)]", true),
            ("> [!NOTE]\n> [!Include  [x](inc.md)]", true),
            ("| a |\n|---|\n| [!INCLUDE [x](inc.md)] |\n", true),
            ("[!NOTE] includes [x](inc.md)", false),
            ("[!INCLUD [x](inc.md)]", false),
            // Not pulled in: no file named, or only shown as code.
            ("[!INCLUDE x]", false),
            ("```\n[!INCLUDE [x](inc.md)]\n```\n", false),
            ("`[!INCLUDE [x](inc.md)]`", false),
        ] {
            let doc = parse(text.into(), SlugStyle::default());
            assert_eq!(FileAnchors::of(&doc).has_includes, expected, "{text:?}");
        }
    }

    #[test]
    fn unreadable_files_have_no_anchors() {
        let ws = Workspace::new();
        assert!(ws
            .anchors(Path::new("/no/such/file.md"), SlugStyle::default())
            .is_none());
    }
}
