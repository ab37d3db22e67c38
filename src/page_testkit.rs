//! Synthetic pages for tests of structure and checks: lines of text laid out with simple
//! geometry (one glyph per character, 12 pt), plus images and strokes where a test needs them.
//! Kept in the library (hidden from docs) so integration tests can use it too.

use crate::geom::Rect;
use crate::page::{Glyph, Line, Page, PageSource, PlacedImage, Stroke};

/// Font size of synthetic text, in points.
pub const SIZE: f32 = 12.0;

/// A line of text starting at (`x`, `y`) (top left), one 12 pt glyph per character (spaces
/// half as wide).
pub fn line_at(x: f32, y: f32, text: &str) -> Line {
    let mut glyphs = Vec::new();
    let mut cx = x;
    for ch in text.chars() {
        let w = if ch.is_ascii() { SIZE * 0.5 } else { SIZE };
        glyphs.push(Glyph {
            ch,
            bbox: Rect::new(cx, y, cx + w, y + SIZE),
            conf: 1.0,
        });
        cx += w;
    }
    Line::from_glyphs(glyphs)
}

/// An A4 text-layer page whose lines are stacked 20 pt apart from the top margin. Empty
/// strings leave a gap.
pub fn page(number: usize, lines: &[&str]) -> Page {
    let mut out = Vec::new();
    for (i, text) in lines.iter().enumerate() {
        if !text.is_empty() {
            out.push(line_at(72.0, 72.0 + 20.0 * i as f32, text));
        }
    }
    Page {
        number,
        width: 595.0,
        height: 842.0,
        source: PageSource::TextLayer,
        lines: out,
        images: Vec::new(),
        strokes: Vec::new(),
        pixels: None,
    }
}

/// A dark, inked image (a signature) at `bbox`.
pub fn signature_image(bbox: Rect) -> PlacedImage {
    PlacedImage {
        bbox,
        pixel_width: 200,
        pixel_height: 60,
        ink_ratio: Some(0.08),
        red_ratio: Some(0.0),
    }
}

/// Gives every glyph on the lines of `pages` that hold `text` the confidence `conf` says for
/// its character, as OCR would have read them.
pub fn read_unsurely(pages: &mut [Page], text: &str, conf: impl Fn(char) -> f32) {
    for line in pages.iter_mut().flat_map(|p| p.lines.iter_mut()) {
        if line.text.contains(text) {
            line.glyphs.iter_mut().for_each(|g| g.conf = conf(g.ch));
        }
    }
}

/// Marks `pages` as read by OCR from a colour scan, as a scanned dossier's pages are.
pub fn scanned(pages: &mut [Page]) {
    for p in pages {
        p.source = PageSource::Ocr { monochrome: false };
    }
}

/// A red inked image (a fingerprint) at `bbox`.
pub fn fingerprint_image(bbox: Rect) -> PlacedImage {
    PlacedImage {
        bbox,
        pixel_width: 60,
        pixel_height: 70,
        ink_ratio: Some(0.4),
        red_ratio: Some(0.9),
    }
}

/// Handwriting drawn as vector paths at `bbox`.
pub fn signature_strokes(bbox: Rect) -> Vec<Stroke> {
    (0..4)
        .map(|i| {
            let dx = bbox.width() / 4.0;
            Stroke {
                bbox: Rect::new(
                    bbox.x0 + dx * i as f32,
                    bbox.y0,
                    bbox.x0 + dx * (i + 1) as f32,
                    bbox.y1,
                ),
                freeform: true,
                segments: 6,
                color: [0.05, 0.05, 0.1],
            }
        })
        .collect()
}

/// The box right after the first occurrence of `needle` on the page (where a signature goes).
pub fn after(page: &Page, needle: &str, width: f32) -> Rect {
    for l in &page.lines {
        if let Some(byte) = l.text.find(needle) {
            let end = l.text[..byte].chars().count() + needle.chars().count();
            let x = l.glyphs[end - 1].bbox.x1;
            return Rect::new(x + 4.0, l.bbox.y0 - 6.0, x + 4.0 + width, l.bbox.y1 + 4.0);
        }
    }
    panic!("{needle} not on page {}", page.number);
}
