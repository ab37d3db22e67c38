//! Image XObjects → how much ink they carry. Structure decides "signed or not" partly from
//! placed images, and a blank white image in a signature slot is not a signature, so each image
//! is decoded (by `extract::raster::xobject`, the same decoder OCR uses: JPEG, CCITT fax and
//! Flate/LZW/raw samples) and a sample of its pixels is classified as ink (opaque and dark or
//! strongly coloured) and red ink (fingerprints, seals).
//!
//! Images are analysed once per document (cached by object id): the same signature or logo
//! is often placed on many pages. JBIG2 and JPX are not decoded (ink unknown).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Document, Object, ObjectId, Stream};

use crate::extract::raster::samples::Samples;
use crate::extract::raster::xobject::decode_image;
use crate::geom::Rect;
use crate::page::PlacedImage;

use super::obj::{get, get_f32, get_stream, numbers};
use super::state::{is_ink, is_red};

/// Images declaring more pixels than this are not decoded.
const MAX_PIXELS: u64 = 60_000_000;
/// At most about this many pixels are examined per image: enough for a ratio to ±0.5 %, and
/// a 100-page dossier carries hundreds of signature images.
const SAMPLE_PIXELS: u64 = 65_536;

/// What the pixels of an image say.
#[derive(Debug, Clone, PartialEq)]
pub enum Ink {
    /// Share of ink pixels, and share of those that are red.
    Measured {
        ink: f32,
        red: f32,
    },
    /// A stencil mask painted in the current fill colour: share of painted pixels.
    Stencil {
        painted: f32,
    },
    Unknown,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Analysed {
    pub width: u32,
    pub height: u32,
    pub ink: Ink,
}

impl Analysed {
    /// The image as placed at `bbox`, with `fill` the colour a stencil mask paints in.
    pub fn place(&self, bbox: Rect, fill: [f32; 3]) -> PlacedImage {
        let (ink, red) = match self.ink {
            Ink::Measured { ink, red } => (Some(ink), Some(red)),
            Ink::Stencil { painted } if is_ink(fill) => {
                (Some(painted), Some(if is_red(fill) { 1.0 } else { 0.0 }))
            }
            Ink::Stencil { .. } => (Some(0.0), Some(0.0)),
            Ink::Unknown => (None, None),
        };
        PlacedImage {
            bbox,
            pixel_width: self.width,
            pixel_height: self.height,
            ink_ratio: ink,
            red_ratio: red,
        }
    }
}

#[derive(Default)]
pub struct ImageCache {
    seen: HashMap<ObjectId, Rc<Analysed>>,
}

impl ImageCache {
    pub fn analyze(&mut self, doc: &Document, id: Option<ObjectId>, stream: &Stream) -> Rc<Analysed> {
        if let Some(a) = id.and_then(|id| self.seen.get(&id)) {
            return a.clone();
        }
        let a = Rc::new(analyse(doc, stream));
        if let Some(id) = id {
            self.seen.insert(id, a.clone());
        }
        a
    }
}

fn analyse(doc: &Document, stream: &Stream) -> Analysed {
    let dim = |k: &[u8]| {
        get_f32(doc, &stream.dict, k)
            .filter(|v| *v >= 1.0 && *v < 1e6)
            .map_or(0, |v| v as u32)
    };
    let (width, height) = (dim(b"Width"), dim(b"Height"));
    let ink = measure(doc, stream, width, height).unwrap_or(Ink::Unknown);
    Analysed { width, height, ink }
}

fn measure(doc: &Document, stream: &Stream, w: u32, h: u32) -> Option<Ink> {
    let raster = decode_image(doc, stream, MAX_PIXELS).ok()?;
    let stencil = matches!(get(doc, &stream.dict, b"ImageMask"), Some(Object::Boolean(true)));
    let alpha = alpha_source(doc, stream, &raster);
    let step = (((u64::from(w) * u64::from(h)) as f64 / SAMPLE_PIXELS as f64)
        .sqrt()
        .ceil() as u32)
        .max(1);
    let (mut total, mut ink, mut red) = (0u32, 0u32, 0u32);
    for y in (0..h).step_by(step as usize) {
        for x in (0..w).step_by(step as usize) {
            let Some(rgb) = raster.rgb(x, y) else { continue };
            total += 1;
            if stencil {
                // Stencil masks paint where the (decoded) sample is 0.
                if rgb[0] < 0.5 {
                    ink += 1;
                }
                continue;
            }
            if alpha.as_ref().is_some_and(|a| !a.opaque(x, y, &raster)) {
                continue;
            }
            if is_ink(rgb) {
                ink += 1;
                if is_red(rgb) {
                    red += 1;
                }
            }
        }
    }
    if total == 0 {
        return None;
    }
    let share = ink as f32 / total as f32;
    Some(if stencil {
        Ink::Stencil { painted: share }
    } else {
        Ink::Measured {
            ink: share,
            red: if ink == 0 { 0.0 } else { red as f32 / ink as f32 },
        }
    })
}

/// Where transparency comes from: a soft mask, a stencil `/Mask`, or a colour-key `/Mask`.
enum Alpha {
    Soft(Samples),
    Stencil(Samples),
    ColorKey(Vec<(u32, u32)>),
}

impl Alpha {
    fn opaque(&self, x: u32, y: u32, image: &Samples) -> bool {
        match self {
            Alpha::Soft(m) => scaled_gray(m, x, y, image).is_none_or(|a| a > 0.5),
            // An explicit mask hides the image where its sample is 1.
            Alpha::Stencil(m) => scaled_gray(m, x, y, image).is_none_or(|v| v < 0.5),
            Alpha::ColorKey(ranges) => match image.raw(x, y) {
                Some(raw) => !raw.iter().zip(ranges).all(|(v, (lo, hi))| v >= lo && v <= hi),
                None => true,
            },
        }
    }
}

fn alpha_source(doc: &Document, stream: &Stream, image: &Samples) -> Option<Alpha> {
    if let Some(s) = get_stream(doc, &stream.dict, b"SMask") {
        return Some(Alpha::Soft(decode_image(doc, s, MAX_PIXELS).ok()?));
    }
    match get(doc, &stream.dict, b"Mask")? {
        Object::Stream(s) => Some(Alpha::Stencil(decode_image(doc, s, MAX_PIXELS).ok()?)),
        Object::Array(a) => {
            let v: Vec<u32> = numbers(doc, a).into_iter().map(|v| v.max(0.0) as u32).collect();
            let ranges: Vec<(u32, u32)> = v
                .chunks(2)
                .filter(|c| c.len() == 2)
                .map(|c| (c[0], c[1]))
                .collect();
            (ranges.len() == image.components).then_some(Alpha::ColorKey(ranges))
        }
        _ => None,
    }
}

/// The mask's gray value at the position of `image`'s pixel (x, y) (masks may differ in size
/// from their image).
fn scaled_gray(mask: &Samples, x: u32, y: u32, image: &Samples) -> Option<f32> {
    let mx = (u64::from(x) * u64::from(mask.width) / u64::from(image.width.max(1))) as u32;
    let my = (u64::from(y) * u64::from(mask.height) / u64::from(image.height.max(1))) as u32;
    mask.rgb(mx.min(mask.width - 1), my.min(mask.height - 1))
        .map(|c| c[0])
}
