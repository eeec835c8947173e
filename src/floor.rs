//! The benchmark floor: what reading and parsing alone cost, with no model and
//! no rules. `itsmlint debug parse-only PATHS` runs it through the same file
//! discovery and thread pool as `check`, so `benches/compare.sh` can tell how
//! much of a check is the rules' own work.

use std::path::PathBuf;

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;

/// What the floor pass saw, so the work cannot be optimised away and the
/// script can show that every file was read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FloorStats {
    pub files: usize,
    pub unreadable: usize,
    pub bytes: usize,
    pub events: usize,
}

/// Reads every file and runs pulldown-cmark over it (the options `check` uses), nothing else.
pub fn parse_only(files: &[PathBuf]) -> FloorStats {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TASKLISTS;
    files
        .par_iter()
        .map(|path| match std::fs::read_to_string(path) {
            Ok(text) => FloorStats {
                files: 1,
                unreadable: 0,
                bytes: text.len(),
                events: Parser::new_ext(&text, options).into_offset_iter().count(),
            },
            Err(_) => FloorStats {
                unreadable: 1,
                ..FloorStats::default()
            },
        })
        .reduce(FloorStats::default, |a, b| FloorStats {
            files: a.files + b.files,
            unreadable: a.unreadable + b.unreadable,
            bytes: a.bytes + b.bytes,
            events: a.events + b.events,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_files_bytes_and_events() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.md");
        std::fs::write(&a, "# Title\n\nSome *text*.\n").unwrap();
        let missing = dir.path().join("missing.md");
        let stats = parse_only(&[a, missing]);
        assert_eq!(stats.files, 1);
        assert_eq!(stats.unreadable, 1);
        assert_eq!(stats.bytes, 22);
        assert!(stats.events >= 6, "{stats:?}");
    }
}
