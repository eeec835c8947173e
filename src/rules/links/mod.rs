//! Link resolution for the link rules: other files' anchors ([`workspace`])
//! and which link targets exist on disk ([`disk`]), shared by every file a
//! run checks.

pub mod disk;
pub mod workspace;
