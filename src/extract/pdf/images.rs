//! Image XObjects → how much ink they carry. Structure decides "signed or not" partly from
//! placed images, and a blank white image in a signature slot is not a signature, so each image
//! is decoded (JPEG via the `image` crate; Flate/LZW/raw samples via lopdf's filters, which
//! undo PNG predictors) and a sample of its pixels is classified as ink (opaque and dark or
//! strongly coloured) and red ink (fingerprints, seals).
//!
//! Images are analysed once per document (cached by object id): the same signature or logo
//! is often placed on many pages. JBIG2, CCITT and JPX are not decoded (ink unknown).

use std::collections::HashMap;
use std::io::Cursor;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::geom::Rect;
use crate::page::PlacedImage;

use super::obj::{deref, get, get_array, get_f32, get_stream, number, numbers};
use super::state::{cmyk, is_ink, is_red};

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
    let raster = Raster::decode(doc, stream, w, h)?;
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
    Soft(Raster),
    Stencil(Raster),
    ColorKey(Vec<(u32, u32)>),
}

impl Alpha {
    fn opaque(&self, x: u32, y: u32, image: &Raster) -> bool {
        match self {
            Alpha::Soft(m) => m.scaled_gray(x, y, image).is_none_or(|a| a > 0.5),
            // An explicit mask hides the image where its sample is 1.
            Alpha::Stencil(m) => m.scaled_gray(x, y, image).is_none_or(|v| v < 0.5),
            Alpha::ColorKey(ranges) => match image.raw(x, y) {
                Some(raw) => !raw.iter().zip(ranges).all(|(v, (lo, hi))| v >= lo && v <= hi),
                None => true,
            },
        }
    }
}

fn alpha_source(doc: &Document, stream: &Stream, image: &Raster) -> Option<Alpha> {
    if let Some(s) = get_stream(doc, &stream.dict, b"SMask") {
        return Some(Alpha::Soft(mask_raster(doc, s)?));
    }
    match get(doc, &stream.dict, b"Mask")? {
        Object::Stream(s) => Some(Alpha::Stencil(mask_raster(doc, s)?)),
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

fn mask_raster(doc: &Document, s: &Stream) -> Option<Raster> {
    let dim = |k: &[u8]| {
        get_f32(doc, &s.dict, k)
            .filter(|v| *v >= 1.0 && *v < 1e6)
            .map(|v| v as u32)
    };
    Raster::decode(doc, s, dim(b"Width")?, dim(b"Height")?)
}

#[derive(Debug)]
enum Colors {
    Gray,
    Rgb,
    Cmyk,
    /// Indexed: `base` components per entry, palette bytes.
    Indexed {
        base: usize,
        palette: Vec<u8>,
    },
}

/// Decoded samples plus how to read them.
struct Raster {
    width: u32,
    height: u32,
    bpc: u32,
    components: usize,
    colors: Colors,
    /// `/Decode` pairs per component, applied to normalised samples.
    decode: Vec<(f32, f32)>,
    data: Vec<u8>,
    row_bytes: usize,
}

impl Raster {
    fn decode(doc: &Document, stream: &Stream, w: u32, h: u32) -> Option<Raster> {
        if w == 0 || h == 0 || u64::from(w) * u64::from(h) > MAX_PIXELS {
            return None;
        }
        let filters: Vec<Vec<u8>> = match get(doc, &stream.dict, b"Filter") {
            Some(Object::Name(n)) => vec![n.clone()],
            Some(Object::Array(a)) => a
                .iter()
                .filter_map(|o| deref(doc, o)?.as_name().ok().map(<[u8]>::to_vec))
                .collect(),
            _ => Vec::new(),
        };
        let last = filters.last().map(Vec::as_slice);
        if matches!(
            last,
            Some(b"JBIG2Decode" | b"CCITTFaxDecode" | b"JPXDecode" | b"CCF")
        ) {
            return None;
        }
        if matches!(last, Some(b"DCTDecode" | b"DCT")) {
            let bytes = if filters.len() == 1 {
                stream.content.clone()
            } else {
                let mut dict = Dictionary::new();
                dict.set(
                    "Filter",
                    Object::Array(
                        filters[..filters.len() - 1]
                            .iter()
                            .map(|f| Object::Name(f.clone()))
                            .collect(),
                    ),
                );
                Stream::new(dict, stream.content.clone())
                    .decompressed_content_with_limit(256 << 20)
                    .ok()?
            };
            return Raster::from_jpeg(&bytes);
        }
        let image_mask = matches!(get(doc, &stream.dict, b"ImageMask"), Some(Object::Boolean(true)));
        let bpc = if image_mask {
            1
        } else {
            get_f32(doc, &stream.dict, b"BitsPerComponent").map_or(8, |v| v as u32)
        };
        if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
            return None;
        }
        // Masks (stencils, soft masks) carry no colour space: their samples are gray.
        let colors = match get(doc, &stream.dict, b"ColorSpace") {
            Some(cs) if !image_mask => color_space(doc, Some(cs))?,
            _ => Colors::Gray,
        };
        let components = match colors {
            Colors::Gray | Colors::Indexed { .. } => 1,
            Colors::Rgb => 3,
            Colors::Cmyk => 4,
        };
        let row_bytes = (w as usize * components * bpc as usize).div_ceil(8);
        let expected = row_bytes.checked_mul(h as usize)?;
        let data = stream
            .decompressed_content_with_limit(expected + expected / 4 + 1024)
            .ok()?;
        let max = ((1u32 << bpc) - 1) as f32;
        let default = match colors {
            Colors::Indexed { .. } => (0.0, max),
            _ => (0.0, 1.0),
        };
        let given = get_array(doc, &stream.dict, b"Decode")
            .map(|a| numbers(doc, a))
            .unwrap_or_default();
        let decode = (0..components)
            .map(|i| match (given.get(2 * i), given.get(2 * i + 1)) {
                (Some(a), Some(b)) => (*a, *b),
                _ => default,
            })
            .collect();
        Some(Raster {
            width: w,
            height: h,
            bpc,
            components,
            colors,
            decode,
            data,
            row_bytes,
        })
    }

    fn from_jpeg(bytes: &[u8]) -> Option<Raster> {
        let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image::ImageFormat::Jpeg);
        let mut limits = image::Limits::default();
        limits.max_alloc = Some(512 * 1024 * 1024);
        limits.max_image_width = Some(20_000);
        limits.max_image_height = Some(20_000);
        reader.limits(limits);
        let img = reader.decode().ok()?;
        let (w, h) = (img.width(), img.height());
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return None;
        }
        let (data, components, colors) = if img.color().channel_count() <= 2 {
            (img.into_luma8().into_raw(), 1, Colors::Gray)
        } else {
            (img.into_rgb8().into_raw(), 3, Colors::Rgb)
        };
        let row_bytes = w as usize * components;
        let decode = vec![(0.0, 1.0); components];
        Some(Raster {
            width: w,
            height: h,
            bpc: 8,
            components,
            colors,
            decode,
            data,
            row_bytes,
        })
    }

    /// Raw integer samples of pixel (x, y) (the first `components` entries), or `None` when
    /// the data is short. A fixed array keeps the per-pixel loop free of allocations.
    fn raw(&self, x: u32, y: u32) -> Option<[u32; 4]> {
        let mut out = [0u32; 4];
        let row = y as usize * self.row_bytes;
        let bpc = self.bpc as usize;
        for (c, slot) in out.iter_mut().enumerate().take(self.components) {
            let bit = (x as usize * self.components + c) * bpc;
            let i = row + bit / 8;
            *slot = match bpc {
                8 => u32::from(*self.data.get(i)?),
                16 => {
                    let b = self.data.get(i..i + 2)?;
                    u32::from(u16::from_be_bytes([b[0], b[1]]))
                }
                _ => (u32::from(*self.data.get(i)?) >> (8 - bpc - bit % 8)) & ((1 << bpc) - 1),
            };
        }
        Some(out)
    }

    fn rgb(&self, x: u32, y: u32) -> Option<[f32; 3]> {
        let raw = self.raw(x, y)?;
        let max = ((1u64 << self.bpc) - 1) as f32;
        let mut v = [0f32; 4];
        for (c, (lo, hi)) in self.decode.iter().enumerate().take(self.components) {
            v[c] = lo + raw[c] as f32 / max * (hi - lo);
        }
        Some(match &self.colors {
            Colors::Gray => [v[0]; 3],
            Colors::Rgb => [v[0], v[1], v[2]],
            Colors::Cmyk => cmyk(v[0], v[1], v[2], v[3]),
            Colors::Indexed { base, palette } => {
                let i = (v[0].max(0.0).round() as usize) * base;
                let p = |k: usize| palette.get(i + k).map_or(1.0, |b| f32::from(*b) / 255.0);
                match base {
                    1 => [p(0); 3],
                    3 => [p(0), p(1), p(2)],
                    _ => cmyk(p(0), p(1), p(2), p(3)),
                }
            }
        })
    }

    /// This raster's gray value at the position of `image`'s pixel (x, y) (masks may differ in
    /// size from their image).
    fn scaled_gray(&self, x: u32, y: u32, image: &Raster) -> Option<f32> {
        let mx = (u64::from(x) * u64::from(self.width) / u64::from(image.width.max(1))) as u32;
        let my = (u64::from(y) * u64::from(self.height) / u64::from(image.height.max(1))) as u32;
        self.rgb(mx.min(self.width - 1), my.min(self.height - 1))
            .map(|c| c[0])
    }
}

fn color_space(doc: &Document, cs: Option<&Object>) -> Option<Colors> {
    match cs? {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Some(Colors::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(Colors::Rgb),
            b"DeviceCMYK" | b"CMYK" => Some(Colors::Cmyk),
            _ => None,
        },
        Object::Array(a) => {
            let family = a
                .first()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_name().ok())?;
            match family {
                b"ICCBased" => {
                    let s = a
                        .get(1)
                        .and_then(|o| deref(doc, o))
                        .and_then(|o| o.as_stream().ok())?;
                    match s.dict.get(b"N").ok().and_then(number)? as i32 {
                        1 => Some(Colors::Gray),
                        3 => Some(Colors::Rgb),
                        4 => Some(Colors::Cmyk),
                        _ => None,
                    }
                }
                b"Indexed" | b"I" => {
                    let base = match color_space(doc, a.get(1).and_then(|o| deref(doc, o)))? {
                        Colors::Gray => 1,
                        Colors::Rgb => 3,
                        Colors::Cmyk => 4,
                        Colors::Indexed { .. } => return None,
                    };
                    let palette = match a.get(3).and_then(|o| deref(doc, o))? {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => s.decompressed_content_with_limit(4 * 256 * 4).ok()?,
                        _ => return None,
                    };
                    Some(Colors::Indexed { base, palette })
                }
                b"CalGray" | b"CalRGB" | b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK" => {
                    color_space(doc, Some(&Object::Name(family.to_vec())))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
