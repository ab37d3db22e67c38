//! `dossier`: pre-review of police case dossiers (案卷) for procedural defects.
//!
//! The pipeline, one module per stage, each a plain function from one type to the next:
//!
//! ```text
//! file ─ingest─▶ Upload ─extract─▶ Vec<Page> ─structure─▶ Dossier ─checks─▶ Vec<Defect> ─▶ Report
//! ```
//!
//! `pipeline` strings them together; the CLI (`cli`) and the service (`http`) call it.

pub mod auth;
pub mod blobs;
pub mod checks;
pub mod cli;
pub mod config;
pub mod defect;
pub mod digest;
pub mod dossier;
pub mod eval;
pub mod extract;
pub mod geom;
pub mod http;
pub mod ingest;
pub mod jobs;
pub mod model;
pub mod ocr;
pub mod page;
#[doc(hidden)]
pub mod page_testkit;
pub mod pipeline;
pub mod render;
pub mod report;
pub mod resubmit;
pub mod review;
pub mod stats;
pub mod store;
pub mod structure;
pub mod text;
pub mod users;
