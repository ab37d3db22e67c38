//! The signature model's judgement of scanned slots: when the page kept a copy of its pixels
//! and the model is installed, each labelled slot is cut out and classified, and the model's
//! verdict replaces the one drawn from the slot's marks (noise strokes, print the OCR did
//! not explain and fingerprints on grey scans fool the marks; they do not fool the model).

use image::RgbImage;
use tracing::warn;

use crate::dossier::{SignatureSlot, SlotState};
use crate::model::{self, SignatureModel};
use crate::page::Page;

/// The page's pixels and the model, when both are there.
pub(super) struct Judge {
    model: &'static SignatureModel,
    image: RgbImage,
    scale: f32,
}

impl Judge {
    pub(super) fn for_page(page: &Page) -> Option<Judge> {
        let model = model::installed()?;
        let pixels = page.pixels.as_ref()?;
        Some(Judge {
            model,
            image: model::pixels::decode(pixels)?,
            scale: pixels.scale,
        })
    }

    /// Re-judges one slot; `refused`: a refusal to sign is noted next to it (then the
    /// handwriting in the slot is that note, and the marks' judgement stands).
    pub(super) fn judge(&self, slot: &mut SignatureSlot, refused: bool, h: f32) {
        // A slot with no label (the bottom of a page) has no line to measure the crop from.
        if slot.label.is_empty() || refused {
            return;
        }
        let Some(crop) = model::pixels::slot_crop(&self.image, self.scale, slot.label_bbox.y0, &slot.area, h)
        else {
            return;
        };
        let verdict = match self.model.classify(&crop) {
            Ok(v) => v,
            Err(e) => {
                warn!(page = slot.page, error = %e, "signature model failed; slot judged by its marks");
                return;
            }
        };
        slot.fingerprint = verdict.has_fingerprint();
        if verdict.is_signed() {
            slot.state = SlotState::Signed;
            slot.signatures = slot.signatures.max(1);
        } else {
            slot.state = SlotState::Blank;
            (slot.signatures, slot.images, slot.stroke_chars) = (0, 0, 0.0);
        }
    }
}
