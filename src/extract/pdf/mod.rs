//! Text-layer extraction from PDFs with lopdf: every page's characters with their boxes (as
//! lines in reading order), the images placed on it and the paths painted on it, in points of
//! the displayed page with a top-left origin.
//!
//! Whole-file problems (damaged, encrypted, no pages, too many pages) are errors; a page whose
//! content cannot be read becomes `PageSource::Failed` and the others are still extracted. A
//! page without text, or whose text decodes to garbage, is marked `NeedsOcr`. Fonts and images
//! are decoded once per document and shared across pages.

mod cmap;
mod content;
mod encoding;
mod font;
mod images;
pub(in crate::extract) mod layout;
mod lines;
pub(in crate::extract) mod matrix;
pub(in crate::extract) mod obj;
mod paths;
mod predefined;
mod quality;
mod state;
#[cfg(test)]
mod tests;

use lopdf::{Document, LoadOptions, ObjectId};

use crate::extract::ExtractError;
use crate::ingest::Limits;
use crate::page::{Page, PageSource};

use content::Interpreter;
// For `extract::raster`, which walks content streams and converts colours the same way.
pub(in crate::extract) use content::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_OPS_PER_PAGE};
use font::FontCache;
use images::ImageCache;
pub(in crate::extract) use state::cmyk;

/// Object and cross-reference streams larger than this when decoded are refused while loading.
const MAX_LOAD_STREAM_BYTES: usize = 256 * 1024 * 1024;

/// A parsed PDF and its pages' object ids, in page order.
pub struct PdfFile {
    pub doc: Document,
    pub pages: Vec<ObjectId>,
}

/// Parses a PDF and checks its page count.
pub fn open(bytes: &[u8], limits: &Limits) -> Result<PdfFile, ExtractError> {
    let doc = load(bytes)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    if pages.is_empty() {
        // A repaired file without a readable page tree is damaged, not empty.
        return Err(match doc.xref_recovery {
            Some(_) => ExtractError::Malformed("truncated or damaged: no readable page tree".into()),
            None => ExtractError::NoPages,
        });
    }
    if pages.len() > limits.max_pages {
        return Err(ExtractError::TooManyPages {
            pages: pages.len(),
            limit: limits.max_pages,
        });
    }
    Ok(PdfFile { doc, pages })
}

/// Reads the text layer of every page; pages without a usable one come back `NeedsOcr`.
pub fn text_pages(file: &PdfFile) -> Vec<Page> {
    let mut fonts = FontCache::default();
    let mut images = ImageCache::default();
    file.pages
        .iter()
        .enumerate()
        .map(|(i, id)| extract_page(&file.doc, *id, i + 1, &mut fonts, &mut images))
        .collect()
}

/// Reads the text layer of every page of a PDF.
pub fn extract_pdf(bytes: &[u8], limits: &Limits) -> Result<Vec<Page>, ExtractError> {
    Ok(text_pages(&open(bytes, limits)?))
}

/// Parses the file; encryption is decided from the trailer before any page is looked at.
fn load(bytes: &[u8]) -> Result<Document, ExtractError> {
    let options = LoadOptions {
        max_decompressed_size: Some(MAX_LOAD_STREAM_BYTES),
        ..LoadOptions::default()
    };
    // lopdf is not written for hostile input: a panic inside it must not take the worker down.
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(bytes, options));
    match loaded {
        // lopdf silently decrypts files with an empty user password and drops /Encrypt from the
        // trailer; such files are still encrypted uploads.
        Ok(Ok(doc)) if doc.was_encrypted() || doc.trailer.has(b"Encrypt") => Err(ExtractError::Encrypted),
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(
            lopdf::Error::Decryption(_)
            | lopdf::Error::InvalidPassword
            | lopdf::Error::UnsupportedSecurityHandler(_),
        )) => Err(ExtractError::Encrypted),
        Ok(Err(_)) if mentions_encrypt(bytes) => Err(ExtractError::Encrypted),
        Ok(Err(e)) => Err(ExtractError::Malformed(e.to_string())),
        Err(_) => Err(ExtractError::Malformed(
            "the PDF structure could not be parsed".into(),
        )),
    }
}

/// A `/Encrypt` key anywhere in the file (not `/EncryptMetadata`): when lopdf cannot load a
/// file, this tells "encrypted" apart from "damaged".
fn mentions_encrypt(bytes: &[u8]) -> bool {
    bytes
        .windows(9)
        .any(|w| &w[..8] == b"/Encrypt" && !w[8].is_ascii_alphanumeric())
}

fn extract_page(
    doc: &Document,
    id: ObjectId,
    number: usize,
    fonts: &mut FontCache,
    images: &mut ImageCache,
) -> Page {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        read_page(doc, id, number, fonts, images)
    }));
    match result {
        Ok(Ok(page)) => page,
        Ok(Err(reason)) => Page::failed(number, reason),
        Err(_) => Page::failed(number, "the page content could not be interpreted"),
    }
}

fn read_page(
    doc: &Document,
    id: ObjectId,
    number: usize,
    fonts: &mut FontCache,
    images: &mut ImageCache,
) -> Result<Page, String> {
    let geometry = layout::layout(doc, id);
    let resources = layout::inherited(doc, id, b"Resources").and_then(|o| o.as_dict().ok());
    let mut interp = Interpreter::new(doc, fonts, images, geometry.matrix);
    for (i, stream_id) in doc.get_page_contents(id).into_iter().enumerate() {
        let Ok(stream) = doc.get_object(stream_id).and_then(|o| o.as_stream()) else {
            continue;
        };
        let data = stream
            .decompressed_content_with_limit(MAX_CONTENT_BYTES)
            .map_err(|e| format!("content stream {} cannot be decoded: {e}", i + 1))?;
        // lopdf returns what it could inflate; nothing at all from a non-empty stream is a
        // broken stream, not an empty page.
        if data.is_empty() && stream.content.len() > 8 && stream.dict.has(b"Filter") {
            return Err(format!(
                "content stream {} cannot be decoded: its compressed data is corrupt",
                i + 1
            ));
        }
        interp.run(&data, resources)?;
    }
    let drawn = interp.out;
    let source = if drawn.glyphs.iter().all(|g| g.ch.is_whitespace()) {
        PageSource::NeedsOcr {
            reason: "no text layer".into(),
        }
    } else if let Some(reason) = quality::unreadable(&drawn.glyphs, drawn.controls) {
        PageSource::NeedsOcr { reason }
    } else {
        PageSource::TextLayer
    };
    let lines = if source == PageSource::TextLayer {
        lines::assemble(drawn.glyphs)
    } else {
        Vec::new()
    };
    Ok(Page {
        number,
        width: geometry.width,
        height: geometry.height,
        source,
        lines,
        images: drawn.images,
        strokes: drawn.strokes,
        pixels: None,
    })
}
