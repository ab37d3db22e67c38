//! Page geometry: the visible box (`/CropBox` within `/MediaBox`, inherited through the page
//! tree) and `/Rotate`, folded into one matrix from PDF user space to the displayed page with
//! a top-left origin, so every box we report matches what a viewer (and the page image) shows.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::matrix::Matrix;
use super::obj::{deref, numbers};

/// The page tree is walked at most this deep for inherited attributes.
const MAX_TREE_DEPTH: usize = 64;
/// A4 portrait, for pages whose `/MediaBox` is missing or nonsense.
const DEFAULT_BOX: [f32; 4] = [0.0, 0.0, 595.0, 842.0];

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Layout {
    /// User space → displayed page space (y down).
    pub matrix: Matrix,
    pub width: f32,
    pub height: f32,
}

/// An attribute of the page or of its nearest ancestor that has it.
pub fn inherited<'a>(doc: &'a Document, page: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut dict: &Dictionary = doc.get_dictionary(page).ok()?;
    for _ in 0..MAX_TREE_DEPTH {
        if let Ok(v) = dict.get(key) {
            return deref(doc, v);
        }
        dict = deref(doc, dict.get(b"Parent").ok()?)?.as_dict().ok()?;
    }
    None
}

fn page_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<[f32; 4]> {
    let v = numbers(doc, inherited(doc, page, key)?.as_array().ok()?);
    let [x0, y0, x1, y1] = v.get(..4)?.try_into().ok()?;
    let b = [x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)];
    (b[2] - b[0] >= 1.0 && b[3] - b[1] >= 1.0 && b.iter().all(|v| v.abs() < 1e6)).then_some(b)
}

pub fn layout(doc: &Document, page: ObjectId) -> Layout {
    let media = page_box(doc, page, b"MediaBox").unwrap_or(DEFAULT_BOX);
    let visible = match page_box(doc, page, b"CropBox") {
        Some(c) => {
            let b = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if b[2] - b[0] >= 1.0 && b[3] - b[1] >= 1.0 {
                b
            } else {
                media
            }
        }
        None => media,
    };
    let rotate = inherited(doc, page, b"Rotate")
        .and_then(|o| o.as_i64().ok())
        .unwrap_or(0);
    let [llx, lly, urx, ury] = visible;
    let (w, h) = (urx - llx, ury - lly);
    match rotate.rem_euclid(360) {
        90 => Layout {
            matrix: Matrix::new(0.0, 1.0, 1.0, 0.0, -lly, -llx),
            width: h,
            height: w,
        },
        180 => Layout {
            matrix: Matrix::new(-1.0, 0.0, 0.0, 1.0, urx, -lly),
            width: w,
            height: h,
        },
        270 => Layout {
            matrix: Matrix::new(0.0, -1.0, -1.0, 0.0, ury, urx),
            width: h,
            height: w,
        },
        _ => Layout {
            matrix: Matrix::new(1.0, 0.0, 0.0, -1.0, -llx, ury),
            width: w,
            height: h,
        },
    }
}
