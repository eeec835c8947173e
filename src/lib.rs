//! itsmlint: finds the unfinished parts of Markdown documentation that maps
//! ITSM (ITIL) processes onto product features.
//!
//! The pipeline is parse -> model -> rules -> report:
//! [`parse`] turns a file into a [`model::Document`], [`rules`] read it and
//! push [`finding::Finding`]s, [`report`] renders them. [`lint`] checks one
//! document; [`pipeline`] finds the files and checks them all.
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod catalog;
pub mod completeness;
pub mod config;
pub mod finding;
pub mod fix;
pub mod floor;
pub mod gate;
pub mod input;
pub mod itsm;
pub mod knowledge;
pub mod lint;
pub mod model;
pub mod parse;
pub mod paths;
pub mod pipeline;
pub mod report;
#[doc(hidden)]
pub mod robustness;
pub mod rules;
pub mod select;
pub mod settings;
pub mod site;
pub mod slug;
pub mod source;
pub mod suggest;
pub mod suppress;
