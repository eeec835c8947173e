//! itsmlint: finds the unfinished parts of Markdown documentation that maps
//! ITSM (ITIL) processes onto product features.
//!
//! The pipeline is parse -> model -> rules -> report:
//! [`parse`] turns a file into a [`model::Document`], [`rules`] read it and
//! push [`finding::Finding`]s, [`report`] renders them. [`engine`] runs the
//! pipeline over files, [`walk`] finds the files.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod completeness;
pub mod config;
pub mod disk;
pub mod engine;
pub mod finding;
pub mod fix;
pub mod floor;
pub mod gate;
pub mod itsm;
pub mod knowledge;
pub mod model;
pub mod parse;
pub mod paths;
pub mod report;
#[doc(hidden)]
pub mod robustness;
pub mod rules;
pub mod select;
pub mod settings;
pub mod shard;
pub mod slug;
pub mod source;
pub mod suppress;
pub mod walk;
pub mod workspace;
