//! Extract: one `Page` per page of the upload, whatever the source. Text-layer PDF pages are
//! read with lopdf (`pdf`); image pages and image-only PDF pages are left to OCR.

use thiserror::Error;

use crate::ingest::{FileKind, Limits, Upload};
use crate::page::{Page, PageSource};

pub mod pdf;

/// Why a whole file could not be read. Per-page problems become `PageSource::Failed`.
#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("the PDF is damaged and cannot be read: {0}")]
    Malformed(String),
    #[error("the PDF is encrypted (password-protected); export it without a password and upload again")]
    Encrypted,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the file has {pages} pages, over the limit of {limit}")]
    TooManyPages { pages: usize, limit: usize },
}

/// Extracts every page of an upload.
pub fn extract(upload: &Upload, limits: &Limits) -> Result<Vec<Page>, ExtractError> {
    match upload.kind {
        FileKind::Pdf => pdf::extract_pdf(&upload.bytes, limits),
        // Page images are read by OCR (the scan slice); until then they are reported.
        FileKind::Png | FileKind::Jpeg | FileKind::Tiff => Ok(vec![Page {
            number: 1,
            width: 0.0,
            height: 0.0,
            source: PageSource::NeedsOcr {
                reason: format!(
                    "{} page image: OCR is not available in this build",
                    upload.kind.name()
                ),
            },
            lines: Vec::new(),
            images: Vec::new(),
            strokes: Vec::new(),
        }]),
    }
}
