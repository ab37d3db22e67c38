//! Raster: page images for OCR, decoded one page at a time from untrusted input. A PDF page
//! gives the largest image painted on it (`decode_pdf_page`); a PNG, JPEG or multi-page TIFF
//! upload gives its pages (`ImageFile`). Either way the result is a `Scan`: the page upright as
//! it is displayed, in 8-bit RGB, with the size in points of the page area it covers.
//!
//! OCR workers pull pages lazily from several threads, so every entry point takes `&self` or
//! plain references, holds no `Rc`, and decodes only the page asked for. Sizes are checked
//! against `Limits::max_page_pixels` from the headers before any pixel buffer is allocated,
//! decoders get allocation limits, and third-party decoders run under `catch_unwind`: a hostile
//! file becomes a `RasterError` for its page, never a crashed worker.

mod canvas;
mod ccitt;
mod file;
mod header;
mod jpeg;
mod orient;
mod pdf;
mod placed;
pub(in crate::extract) mod samples;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_file;
#[cfg(test)]
mod tests_hostile;
mod tiff_fax;
mod tiff_file;
pub(in crate::extract) mod xobject;

use thiserror::Error;

pub use file::ImageFile;
pub use pdf::decode_pdf_page;

/// One page image ready for OCR, upright as the page is displayed (a PDF page's `/Rotate` and
/// the image's placement applied, or an image file's orientation tag), in 8-bit RGB.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    pub image: image::RgbImage,
    /// Size in PDF points of the page area the image covers: for a PDF the displayed page box;
    /// for an image file pixels × 72 / dpi, with the dpi from the file when it is plausible
    /// (100..=1200), otherwise estimated by taking the shorter side as A4's 595.3 pt.
    pub page_width: f32,
    pub page_height: f32,
}

/// Why a page image cannot be read; each message says what a case officer can do about it.
#[derive(Debug, Error)]
pub enum RasterError {
    #[error("no image on this page to read")]
    NoImage,
    #[error(
        "page image compressed with {filter}, which dossier cannot decode: rescan the page as JPEG or TIFF"
    )]
    UnsupportedFilter { filter: String },
    #[error(
        "the page image uses {what}, which dossier cannot decode: rescan or export the page as JPEG, PNG or TIFF"
    )]
    Unsupported { what: String },
    #[error(
        "page image is {width}×{height} pixels ({:.1} Mpx), over the limit of {} Mpx",
        *width as f64 * *height as f64 / 1e6,
        *limit as f64 / 1e6
    )]
    TooLarge { width: u64, height: u64, limit: u64 },
    #[error(
        "the page image data decompresses to more than {} MB: the file is damaged or was built to exhaust memory",
        limit / 1_000_000
    )]
    DataTooLarge { limit: usize },
    #[error("the image file is empty")]
    Empty,
    #[error("the {format} image is truncated or damaged: {detail}")]
    Damaged { format: &'static str, detail: String },
    #[error("a {kind} file is not a page image")]
    NotAnImage { kind: &'static str },
    #[error("the image file has more than {limit} pages")]
    TooManyPages { limit: usize },
    #[error("the image file has no page {}: it has {count}", index + 1)]
    NoSuchPage { index: usize, count: usize },
    #[error("the page image could not be decoded: the decoder failed on this data")]
    DecoderFailed,
}

/// Refuses an image declaring no pixels or more than `limit` before it is decoded.
fn check_pixels(width: u32, height: u32, limit: u64) -> Result<(), RasterError> {
    if width == 0 || height == 0 {
        return Err(RasterError::Damaged {
            format: "page",
            detail: format!("it declares a size of {width}×{height} pixels"),
        });
    }
    let (width, height) = (u64::from(width), u64::from(height));
    if width * height > limit {
        return Err(RasterError::TooLarge { width, height, limit });
    }
    Ok(())
}

/// Runs a decoder that may panic on hostile data; a panic becomes `DecoderFailed`.
fn guarded<T>(decode: impl FnOnce() -> Result<T, RasterError>) -> Result<T, RasterError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(decode)).unwrap_or(Err(RasterError::DecoderFailed))
}
