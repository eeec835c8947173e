//! The benchmark floor: what reading and parsing alone cost, with no model and
//! no rules. `itsmlint debug parse-only PATHS` runs it through the same file
//! discovery and file loop as `check` ([`crate::pipeline`]), so `benches/compare.sh` can tell how
//! much of a check is the rules' own work.

use std::path::PathBuf;

use pulldown_cmark::Parser;

use crate::parse::OPTIONS;
use crate::pipeline::map_files;

/// What the floor pass saw, so the work cannot be optimised away and the
/// script can show that every file was read.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct FloorStats {
    pub files: usize,
    pub unreadable: usize,
    pub bytes: usize,
    pub events: usize,
}

/// Reads every file and runs pulldown-cmark over it (with the options `check` uses), nothing else.
pub fn parse_only(files: &[PathBuf]) -> FloorStats {
    let results = map_files(files, |_, text| {
        (
            text.len(),
            Parser::new_ext(&text, OPTIONS).into_offset_iter().count(),
        )
    });
    let mut stats = FloorStats::default();
    for result in results {
        match result {
            Ok((bytes, events)) => {
                stats.files += 1;
                stats.bytes += bytes;
                stats.events += events;
            }
            Err(_) => stats.unreadable += 1,
        }
    }
    stats
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
