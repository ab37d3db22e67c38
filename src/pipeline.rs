//! The pipeline, top to bottom: ingest → extract → structure → checks → report.
//! Plain functions, no server and no database, so the CLI, the service and the tests all run
//! exactly the same code.

use thiserror::Error;
use tracing::info_span;

use crate::checks::{self, RuleConfig};
use crate::extract::{self, ExtractError};
use crate::ingest::{self, IngestError, Limits, Upload};
use crate::ocr::OcrSettings;
use crate::report::Report;
use crate::structure;

/// Why a whole file could not be checked. A single bad page is not an error: it is reported
/// in `Report::page_problems` and the other pages are checked.
#[derive(Debug, Error)]
pub enum PipelineError {
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Extract(#[from] ExtractError),
}

/// Checks an upload that is already ingested.
pub fn check_upload(
    upload: &Upload,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Report, PipelineError> {
    check_upload_with_pages(upload, rules, limits, ocr).map(|c| c.report)
}

/// Checks a file on disk.
pub fn check_path(
    path: &std::path::Path,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Report, PipelineError> {
    let upload = ingest::ingest_path(path, limits)?;
    check_upload(&upload, rules, limits, ocr)
}

/// Checks bytes held in memory (an HTTP upload).
pub fn check_bytes(
    name: &str,
    bytes: Vec<u8>,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Report, PipelineError> {
    let upload = ingest::ingest(name, bytes, limits)?;
    check_upload(&upload, rules, limits, ocr)
}

/// What the service keeps of each page besides the report: its size and how it was read.
#[derive(Debug, Clone, PartialEq)]
pub struct PageMeta {
    pub number: usize,
    pub width: f32,
    pub height: f32,
    /// `text`, `ocr`, `needs_ocr` or `failed`.
    pub source: &'static str,
}

/// A checked file: the report and its pages' sizes.
#[derive(Debug, Clone)]
pub struct Checked {
    pub report: Report,
    pub pages: Vec<PageMeta>,
    /// Who was busy when in the transcripts, for the unit-wide time-conflict rule.
    pub slots: Vec<checks::unit::Slot>,
}

/// How far a check has got, for a caller that shows it (the service's upload page). The
/// pipeline only calls back; what is done with it (a database row) is the caller's business.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reading the file and its text layer.
    Extract,
    /// `done` of the `total` pages that need OCR have been read.
    Ocr { done: usize, total: usize },
    /// Documents, fields, signature slots and the rules.
    Checks,
}

impl Progress {
    /// The stable stage id: `extract`, `ocr` or `checks`.
    pub fn stage(self) -> &'static str {
        match self {
            Progress::Extract => "extract",
            Progress::Ocr { .. } => "ocr",
            Progress::Checks => "checks",
        }
    }
}

/// As `check_bytes`, keeping each page's size and source for the service's page store.
pub fn check_bytes_with_pages(
    name: &str,
    bytes: Vec<u8>,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Checked, PipelineError> {
    check_bytes_reporting(name, bytes, rules, limits, ocr, &|_| {})
}

/// As `check_bytes_with_pages`, telling `progress` each stage and each OCR'd page.
pub fn check_bytes_reporting(
    name: &str,
    bytes: Vec<u8>,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Checked, PipelineError> {
    progress(Progress::Extract);
    let upload = ingest::ingest(name, bytes, limits)?;
    check_upload_reporting(&upload, rules, limits, ocr, progress)
}

/// Checks an upload that is already ingested, keeping each page's size and source.
pub fn check_upload_with_pages(
    upload: &Upload,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Checked, PipelineError> {
    check_upload_reporting(upload, rules, limits, ocr, &|_| {})
}

fn check_upload_reporting(
    upload: &Upload,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
    progress: &(dyn Fn(Progress) + Sync),
) -> Result<Checked, PipelineError> {
    let span = info_span!("check", file = %upload.name, sha256 = %&upload.sha256[..12]);
    let _enter = span.enter();
    let on_page = |done, total| progress(Progress::Ocr { done, total });
    let pages =
        info_span!("extract").in_scope(|| extract::extract_reporting(upload, limits, ocr, &on_page))?;
    progress(Progress::Checks);
    Ok(check_pages(upload, pages, rules))
}

/// Structure and checks over pages already extracted (the second half of the pipeline; the
/// evaluation's page cache enters here).
pub fn check_pages(upload: &Upload, pages: Vec<crate::page::Page>, rules: &RuleConfig) -> Checked {
    use crate::page::PageSource;
    let dossier = info_span!("structure").in_scope(|| structure::structure(pages));
    let defects = info_span!("checks").in_scope(|| checks::run(&dossier, rules));
    let meta = dossier
        .pages
        .iter()
        .map(|p| PageMeta {
            number: p.number,
            width: p.width,
            height: p.height,
            source: match p.source {
                PageSource::TextLayer => "text",
                PageSource::Ocr { .. } => "ocr",
                PageSource::NeedsOcr { .. } => "needs_ocr",
                PageSource::Failed { .. } => "failed",
            },
        })
        .collect();
    Checked {
        report: Report::build(&upload.name, &upload.sha256, &dossier, defects),
        pages: meta,
        slots: checks::unit::slots(&dossier),
    }
}
