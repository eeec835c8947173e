//! Link resolution for the link rules: a file's anchor ids indexed for
//! look-ups ([`anchors`]), other files' anchors ([`workspace`]) and which
//! link targets exist on disk ([`disk`]), shared by every file a run checks.

pub mod anchors;
pub mod disk;
pub mod workspace;
