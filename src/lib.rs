//! IOP-katalogen: builds the catalogue of Swedish idéburna offentliga
//! partnerskap into a static site.
//!
//! The pipeline, one module per stage, with plain data between them:
//! [`load`] (files) → [`yaml`] (values with places, read once) → [`check`] (diagnostics, [`model`]) → [`render`]
//! (pages, charts, open data, feeds, search index) → [`write`] (only changed files, each replaced whole).
//! [`site`] runs it; `src/cmd/` holds the command-line front end.

// Diagnostics are errors on a cold path; their size does not matter.
#![allow(clippy::result_large_err)]

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod explain;
pub mod granska;
pub mod history;
pub mod incremental;
pub mod load;
pub mod locate;
pub mod markdown;
pub mod model;
pub mod reference;
pub mod render;
pub mod schema;
pub mod site;
pub mod text;
pub mod vocabulary;
pub mod write;
pub mod yaml;
