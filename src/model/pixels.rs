//! The small copy of a scanned page the signature model crops slots from: made by OCR from
//! the page image it read (`keep`), turned back into pixels once per page by structure
//! (`decode`), cut around a slot (`slot_crop`).
//!
//! The copy holds exactly what the model reads: the darkest channel, red over the other
//! channels and blue over the other channels, so decoding gives back an RGB image with the
//! same three planes (`r = darkest + red`, `g = darkest`, `b = darkest + blue`; a pixel is
//! never both redder and bluer than its other channels).

use std::sync::Arc;

use image::imageops::FilterType;
use image::{DynamicImage, ImageEncoder, Rgb, RgbImage};

use crate::geom::Rect;
use crate::page::PagePixels;

/// Resolution of the copy: ≈21 px per text height of 11-pt print, above the model's 20.
pub const KEEP_PPI: f32 = 150.0;

/// The copy of `image` (at `ppi`), whose page is `page_width` units wide; `None` if it cannot
/// be encoded (the slots are then judged by their marks alone).
pub fn keep(image: &RgbImage, ppi: f32, page_width: f32) -> Option<PagePixels> {
    let k = (KEEP_PPI / ppi.max(1.0)).min(1.0);
    let (w, h) = image.dimensions();
    let (sw, sh) = (((w as f32 * k) as u32).max(1), ((h as f32 * k) as u32).max(1));
    let resized;
    let small = if (sw, sh) == (w, h) {
        image
    } else {
        resized = image::imageops::resize(image, sw, sh, FilterType::Triangle);
        &resized
    };
    let planes = RgbImage::from_fn(sw, sh, |x, y| {
        let px = small.get_pixel(x, y);
        let [r, g, b] = px.0;
        Rgb([redness(px), r.min(g).min(b), blueness(px)])
    });
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new_with_quality(
        &mut png,
        image::codecs::png::CompressionType::Fast,
        image::codecs::png::FilterType::Adaptive,
    )
    .write_image(planes.as_raw(), sw, sh, image::ExtendedColorType::Rgb8)
    .ok()?;
    Some(PagePixels {
        png: Arc::new(png),
        scale: sw as f32 / page_width.max(1.0),
    })
}

/// The copy as RGB with the model's three planes; `None` if it does not decode. A copy kept
/// before the blue plane (grey and alpha: the darkest channel and red, in a page cache of
/// `dossier eval`) decodes with no blue.
pub fn decode(pixels: &PagePixels) -> Option<RgbImage> {
    let img = image::load_from_memory_with_format(&pixels.png, image::ImageFormat::Png).ok()?;
    let (w, h) = (img.width(), img.height());
    // Darkest channel `m`, red and blue over the other channels → a pixel with those planes.
    let pixel = |red: u8, m: u8, blue: u8| Rgb([m.saturating_add(red), m, m.saturating_add(blue)]);
    match img {
        DynamicImage::ImageRgb8(copy) => Some(RgbImage::from_fn(w, h, |x, y| {
            let [red, m, blue] = copy.get_pixel(x, y).0;
            pixel(red, m, blue)
        })),
        DynamicImage::ImageLumaA8(old) => Some(RgbImage::from_fn(w, h, |x, y| {
            let [m, red] = old.get_pixel(x, y).0;
            pixel(red, m, 0)
        })),
        _ => None,
    }
}

/// The crop the model judges for a slot whose label's box is `label` and whose area is `area`
/// (page units), with text height `h`: 1.5 h either side of the area, from 2.1 h above the
/// label's top to 2.7 h below it, with the print in the label's box (grown by a pixel) painted
/// white. `None` when it falls outside the page.
///
/// The label is print by definition, and the crops the model learnt from have it blanked too:
/// a label's glyphs in a font the model never saw passed for a hand (held-out blank slots were
/// judged signed on their label's tail alone).
pub fn slot_crop(page: &RgbImage, scale: f32, label: &Rect, area: &Rect, h: f32) -> Option<RgbImage> {
    let (w, ht) = page.dimensions();
    let px = |v: f32, max: u32| to_px(v, scale, max);
    let (x0, x1) = (px(area.x0 - 1.5 * h, w), px(area.x1 + 1.5 * h, w));
    // The height is kept whole even at the page's edge (padded white), so the model's scale
    // of 20 px per text height holds.
    let y0 = ((label.y0 - 2.1 * h) * scale).round() as i64;
    let y1 = ((label.y0 + 2.7 * h) * scale).round() as i64;
    if x1 <= x0 + 2 || y1 <= y0 + 2 || y1 <= 0 || y0 >= ht as i64 {
        return None;
    }
    let mut out = RgbImage::from_pixel(x1 - x0, (y1 - y0) as u32, Rgb([255, 255, 255]));
    for (oy, y) in (y0..y1).enumerate() {
        if y < 0 || y >= ht as i64 {
            continue;
        }
        for x in x0..x1 {
            out.put_pixel(x - x0, oy as u32, *page.get_pixel(x, y as u32));
        }
    }
    // The label's box in the crop's own page units (its origin is the page's pixel (x0, y0)).
    let (dx, dy) = (x0 as f32 / scale, y0 as f32 / scale);
    whiten(
        &mut out,
        scale,
        &Rect::new(label.x0 - dx, label.y0 - dy, label.x1 - dx, label.y1 - dy),
    );
    Some(out)
}

/// Height of the print in `bbox` (page units), read from the ink of the page copy: from the
/// first to the last row holding a twentieth of the busiest row's dark pixels. `None` when
/// the box holds no ink.
///
/// The crops the model learnt from measure everything in the printed label's ink height;
/// OCR's boxes of a label run taller than its ink (≈1.6× on the scanned fixtures, measured
/// on the slots' crops), which made every signature look 1.6× smaller than it is.
pub fn ink_height(page: &RgbImage, scale: f32, bbox: &Rect) -> Option<f32> {
    let (w, h) = page.dimensions();
    let pad = 0.15 * bbox.height();
    let px = |v: f32, max: u32| to_px(v, scale, max);
    let (x0, x1) = (px(bbox.x0, w), px(bbox.x1, w));
    let (y0, y1) = (px(bbox.y0 - pad, h), px(bbox.y1 + pad, h));
    let rows: Vec<u32> = (y0..y1)
        .map(|y| {
            (x0..x1)
                .filter(|&x| page.get_pixel(x, y).0.iter().any(|&v| v < INK_BELOW))
                .count() as u32
        })
        .collect();
    let busiest = *rows.iter().max()?;
    if busiest == 0 {
        return None;
    }
    let inked = |n: &u32| *n * 20 >= busiest;
    let first = rows.iter().position(inked)?;
    let last = rows.iter().rposition(inked)?;
    Some((last - first + 1) as f32 / scale)
}

/// A pixel with a channel darker than this is ink.
const INK_BELOW: u8 = 160;

/// A pixel whose red exceeds its other channels by this much is red ink (a fingerprint, a
/// seal), which `whiten` keeps: print is never red. JPEG's colour bleeding around black print
/// stays well below it.
const RED_KEPT: u8 = 40;

/// How far a pixel's red exceeds its other channels: the copy's second plane, and what tells
/// red ink from print.
fn redness(px: &Rgb<u8>) -> u8 {
    let [r, g, b] = px.0;
    r.saturating_sub(g.max(b))
}

/// How far a pixel's blue exceeds its other channels: the copy's third plane (a pen's ink).
fn blueness(px: &Rgb<u8>) -> u8 {
    let [r, g, b] = px.0;
    b.saturating_sub(r.max(g))
}

/// Paints the print in `bbox` (page units, grown by a pixel) white in the page copy, or in a
/// crop of it (`bbox` then measured from the crop's corner): every pixel but red ink. A
/// fingerprint pressed over a label's end is still the slot's fingerprint (scanned fixtures
/// s002 p15, s017 p10: half of it blanked, read as absent).
pub fn whiten(page: &mut RgbImage, scale: f32, bbox: &Rect) {
    let (w, h) = page.dimensions();
    let px = |v: f32, max: u32| to_px(v, scale, max);
    for y in px(bbox.y0, h).saturating_sub(1)..(px(bbox.y1, h) + 1).min(h) {
        for x in px(bbox.x0, w).saturating_sub(1)..(px(bbox.x1, w) + 1).min(w) {
            if redness(page.get_pixel(x, y)) < RED_KEPT {
                page.put_pixel(x, y, Rgb([255, 255, 255]));
            }
        }
    }
}

/// A page coordinate (page units) as a pixel of the copy at `scale`, within `0..=max`.
fn to_px(v: f32, scale: f32, max: u32) -> u32 {
    ((v * scale).round().max(0.0) as u32).min(max)
}
