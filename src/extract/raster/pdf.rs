//! One PDF page → its `Scan`: the largest image painted on the page (by the area it shows on
//! the page) is decoded, turned as its placement and the page's `/Rotate` turn it, and laid on
//! the page. A scanned page is one image filling the page; logos, stamps or signature images
//! placed beside it are smaller and are left to the text-layer extractor.

use lopdf::{Document, ObjectId};

use super::{RasterError, Scan, canvas, guarded, orient, placed, xobject};
use crate::extract::pdf::layout::layout;
use crate::geom::Rect;
use crate::ingest::Limits;

/// Decodes the page image of `page_id`. Callable from several threads at once on the same
/// document; decodes only this page's image.
pub fn decode_pdf_page(doc: &Document, page_id: ObjectId, limits: &Limits) -> Result<Scan, RasterError> {
    guarded(|| decode(doc, page_id, limits.max_page_pixels))
}

fn decode(doc: &Document, page_id: ObjectId, max_pixels: u64) -> Result<Scan, RasterError> {
    let page = layout(doc, page_id);
    let page_box = Rect::new(0.0, 0.0, page.width, page.height);
    let images = placed::placed_images(doc, page_id, page.matrix)?;
    let (shown, best) = images
        .iter()
        .filter_map(|p| {
            let bbox = p.ctm.rect(0.0, 0.0, 1.0, 1.0);
            let shown = bbox.intersection(&page_box)?.area();
            (shown.is_finite() && shown > 0.0).then_some((shown, p))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .ok_or(RasterError::NoImage)?;
    tracing::debug!(shown, images = images.len(), "page image chosen");
    let samples = xobject::decode_image(doc, best.stream, max_pixels)?;
    let rgb = samples.to_rgb_image();
    drop(samples);
    let upright = orient::apply(rgb, orient::of_placement(&best.ctm));
    let bbox = best.ctm.rect(0.0, 0.0, 1.0, 1.0);
    Ok(canvas::onto_page(
        upright,
        bbox,
        page.width,
        page.height,
        max_pixels,
    ))
}
