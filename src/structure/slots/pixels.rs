//! The signature model's judgement of scanned slots: when the page kept a copy of its pixels
//! and the model is installed, each labelled slot is cut out and classified, and where the
//! model is sure its verdict overrules the one drawn from the slot's marks (noise strokes,
//! print the OCR did not explain and fingerprints on grey scans fool the marks).

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
        let mut image = model::pixels::decode(pixels)?;
        // The page number is print OCR read; a slot running to the page's edge takes it into
        // its crop, where a bold 「第2页 共3页」 passes for a name (measured: 0.96–1.00 signed).
        if let Some(footer) = crate::structure::footer::span(page) {
            model::pixels::whiten(&mut image, pixels.scale, &footer);
        }
        Some(Judge {
            model,
            image,
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
        // The crops are drawn in units of the printed label's ink height, so the slot is cut
        // in the label's own, measured in the pixels (OCR's box runs taller than the ink);
        // the box's height where the pixels say nothing. Clamped to the page's median line:
        // a handwritten name on the label's line can make it look taller.
        let unit = model::pixels::ink_height(&self.image, self.scale, &slot.label_bbox)
            .unwrap_or(slot.label_bbox.height())
            .clamp(0.4 * h, 1.2 * h);
        let Some(crop) =
            model::pixels::slot_crop(&self.image, self.scale, &slot.label_bbox, &slot.area, unit)
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
        if let Some(dir) = model::debug_crops() {
            // Named so a folder of them reads as a table: page, label, probabilities, marks.
            let name = format!(
                "p{:03}-{}-s{:.2}-f{:.2}-marks-{}.png",
                slot.page,
                slot.label.replace(['/', ' '], ""),
                verdict.signed,
                verdict.fingerprint,
                if slot.state == SlotState::Signed {
                    "signed"
                } else {
                    "blank"
                }
            );
            if let Err(e) = crop.save(dir.join(&name)) {
                warn!(error = %e, name, "cannot save the slot crop");
            }
        }
        // The model overrules the marks only where it is sure (see `model::confidence`).
        let sure = model::confidence();
        if verdict.fingerprint >= sure {
            slot.fingerprint = true;
        } else if verdict.fingerprint <= 1.0 - sure {
            slot.fingerprint = false;
        }
        if verdict.signed >= sure && slot.state != SlotState::Signed {
            slot.state = SlotState::Signed;
            slot.signatures = slot.signatures.max(1);
        } else if verdict.signed <= 1.0 - sure && slot.state == SlotState::Signed {
            slot.state = SlotState::Blank;
            (slot.signatures, slot.images, slot.stroke_chars) = (0, 0, 0.0);
        }
    }
}
