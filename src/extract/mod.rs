//! Extract: one `Page` per page of the upload, whatever the source. Text-layer PDF pages are
//! read with lopdf (`pdf`); image pages and image-only PDF pages are
//! decoded (`raster`) and read by OCR (`crate::ocr`).

use thiserror::Error;

use tracing::info_span;

use crate::ingest::{FileKind, Limits, Upload};
use crate::ocr::{self, OcrSettings};
use crate::page::{Page, PageSource};

pub mod pdf;
pub mod raster;

use raster::RasterError;

/// Why a whole file could not be read. Per-page problems become `PageSource::Failed`.
#[derive(Debug, Error)]
pub enum ExtractError {
    #[error("the PDF is damaged and cannot be read: {0}")]
    Malformed(String),
    #[error("the PDF is encrypted (password-protected); export it without a password and upload again")]
    Encrypted,
    #[error("the PDF has no pages")]
    NoPages,
    #[error("the page image file cannot be read: {0}")]
    Image(String),
    #[error("the file has {pages} pages, over the limit of {limit}")]
    TooManyPages { pages: usize, limit: usize },
}

/// Extracts every page of an upload: the text layer where there is one, OCR of the page
/// image elsewhere (scanned PDF pages, page image files).
pub fn extract(upload: &Upload, limits: &Limits, ocr: &OcrSettings) -> Result<Vec<Page>, ExtractError> {
    extract_reporting(upload, limits, ocr, &|_, _| {})
}

/// As `extract`, calling `on_ocr_page(done, total)` as each page that needs OCR is read.
pub fn extract_reporting(
    upload: &Upload,
    limits: &Limits,
    ocr: &OcrSettings,
    on_ocr_page: &(dyn Fn(usize, usize) + Sync),
) -> Result<Vec<Page>, ExtractError> {
    match upload.kind {
        FileKind::Pdf => {
            let file = pdf::open(&upload.bytes, limits)?;
            let mut pages = info_span!("text_layer").in_scope(|| pdf::text_pages(&file));
            let todo: Vec<usize> = pages
                .iter()
                .enumerate()
                .filter(|(_, p)| matches!(p.source, PageSource::NeedsOcr { .. }))
                .map(|(i, _)| i)
                .collect();
            if todo.is_empty() {
                return Ok(pages);
            }
            let numbers: Vec<usize> = todo.iter().map(|i| i + 1).collect();
            let read = info_span!("ocr_pages", pages = numbers.len()).in_scope(|| {
                ocr::read_pages_reporting(
                    &numbers,
                    |k| raster::decode_pdf_page(&file.doc, file.pages[todo[k]], limits),
                    ocr,
                    on_ocr_page,
                )
            });
            for (i, page) in todo.into_iter().zip(read) {
                // A page with neither a text layer nor an image (vector art, a font we cannot
                // decode) keeps saying why it needs OCR rather than "no image".
                if !(matches!(&page.source, PageSource::Failed { error } if error == &RasterError::NoImage.to_string()))
                {
                    pages[i] = page;
                }
            }
            Ok(pages)
        }
        FileKind::Png | FileKind::Jpeg | FileKind::Tiff => {
            let file = raster::ImageFile::open(&upload.bytes, upload.kind, limits)
                .map_err(|e| ExtractError::Image(e.to_string()))?;
            if file.page_count() > limits.max_pages {
                return Err(ExtractError::TooManyPages {
                    pages: file.page_count(),
                    limit: limits.max_pages,
                });
            }
            let numbers: Vec<usize> = (1..=file.page_count()).collect();
            Ok(info_span!("ocr_pages", pages = numbers.len())
                .in_scope(|| ocr::read_pages_reporting(&numbers, |k| file.decode(k), ocr, on_ocr_page)))
        }
    }
}
