//! The output of extraction and the input of structure: one `Page` per page of the upload,
//! whatever its source (a PDF text layer today, OCR of a scan later).
//!
//! A page carries its text as lines of glyphs with boxes, the images placed on it and the
//! vector strokes drawn on it. Signatures in exported PDFs are placed images or paths, never
//! text, so structure decides "signed or not" from `images` and `strokes` inside a slot.

use serde::{Deserialize, Serialize};

use crate::geom::Rect;

/// Where a page's content came from, and whether it can be read at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PageSource {
    /// Text decoded from the PDF's text layer.
    TextLayer,
    /// Text recognised by OCR from the page image. `monochrome`: the page image holds no
    /// colour at all (a gray or black-and-white scan, or a colour scan of a page with no
    /// colour on it), so red ink would not show.
    Ocr { monochrome: bool },
    /// The page has no usable text layer and OCR has not run (or is not available):
    /// reported, never silently skipped.
    NeedsOcr { reason: String },
    /// The page could not be parsed at all; the rest of the file is still checked.
    Failed { error: String },
}

/// Below this confidence a digit OCR read is in doubt: it reads print digits at 0.97 to 0.99,
/// and the ones it got wrong on the scanned fixtures at 0.89 to 0.93 (an age's 34 for 54, a
/// footer's 页 as 5, a date's 08 as 05). Text layers read at 1.0.
pub const DIGIT_DOUBT: f32 = 0.95;

/// Digits print confuses under a scan's blur, each with what it is read for.
const CONFUSED: &[(char, char)] = &[
    ('6', '8'),
    ('3', '5'),
    ('3', '8'),
    ('0', '8'),
    ('5', '6'),
    ('1', '7'),
    // 1999 read 1995 at 0.96 (seed 2073 s001 p7).
    ('5', '9'),
];

/// The digits print confuses `c` with (`CONFUSED`, either way round).
pub fn look_alikes(c: char) -> impl Iterator<Item = char> {
    CONFUSED
        .iter()
        .filter_map(move |&(a, b)| if c == a { Some(b) } else { (c == b).then_some(a) })
}

/// Whether the digits `read` are `real`'s with exactly one read as a digit print confuses it
/// with (`look_alikes`): 19650313 for 19650315.
pub fn one_digit_confused(read: &str, real: &str) -> bool {
    let mut differing = read.chars().zip(real.chars()).filter(|(a, b)| a != b);
    read.chars().count() == real.chars().count()
        && match (differing.next(), differing.next()) {
            (Some((a, b)), None) => look_alikes(a).any(|c| c == b),
            _ => false,
        }
}

/// Whether the number `read` may be `real` misread: a digit more or fewer (a speck read as
/// 1, a digit lost), or one digit confused (`one_digit_confused`).
pub fn may_misread(read: u32, real: u32) -> bool {
    let (read, real) = (read.to_string(), real.to_string());
    read.len() != real.len() || one_digit_confused(&read, &real)
}

/// One character with its box, as placed by the PDF or as recognised by OCR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    pub ch: char,
    pub bbox: Rect,
    /// Recognition confidence in `[0, 1]`; 1.0 for text-layer glyphs.
    pub conf: f32,
}

/// A line of text in reading order. `text` is exactly the glyphs' characters, in order,
/// with single spaces inserted where the gap between glyphs is wide (those spaces have a
/// glyph of their own, so `text.chars().count() == glyphs.len()` always holds).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Line {
    pub text: String,
    pub bbox: Rect,
    pub glyphs: Vec<Glyph>,
}

impl Line {
    /// Builds a line from glyphs, deriving `text` and `bbox`.
    pub fn from_glyphs(glyphs: Vec<Glyph>) -> Line {
        let text = glyphs.iter().map(|g| g.ch).collect();
        let bbox = glyphs
            .iter()
            .map(|g| g.bbox)
            .reduce(|a, b| a.union(&b))
            .unwrap_or_default();
        Line { text, bbox, glyphs }
    }

    /// The median height of the line's ideographs (its print), if it has three: what a
    /// character of this line stands against to be told print or handwriting on a scan.
    pub fn print_height(&self) -> Option<f32> {
        let heights: Vec<f32> = self
            .glyphs
            .iter()
            .filter(|g| crate::text::is_ideograph(g.ch))
            .map(|g| g.bbox.height())
            .collect();
        if heights.len() < 3 {
            return None;
        }
        crate::geom::median(heights)
    }

    /// The box covering characters `start..end` (char indices into `text`).
    ///
    /// OCR now and then gives a character a box that runs on over the characters after it
    /// (a 录 stretched over the signature written beside 记录人): a box reaching past the
    /// end of the next character's is cut where that character starts.
    pub fn span_bbox(&self, start: usize, end: usize) -> Option<Rect> {
        let end = end.min(self.glyphs.len());
        (start..end)
            .filter(|&i| !self.glyphs[i].ch.is_whitespace())
            .map(|i| {
                let mut b = self.glyphs[i].bbox;
                if let Some(next) = self.glyphs.get(i + 1)
                    && b.x1 > next.bbox.x1
                {
                    b.x1 = next.bbox.x0.max(b.x0);
                }
                b
            })
            .reduce(|a, b| a.union(&b))
    }

    /// Mean confidence of the glyphs (1.0 for an empty line).
    pub fn confidence(&self) -> f32 {
        if self.glyphs.is_empty() {
            return 1.0;
        }
        self.glyphs.iter().map(|g| g.conf).sum::<f32>() / self.glyphs.len() as f32
    }
}

/// An image XObject placed on the page (a signature, a fingerprint, a seal, a photo, or the
/// whole page of a scan).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacedImage {
    pub bbox: Rect,
    /// Pixel size of the image itself.
    pub pixel_width: u32,
    pub pixel_height: u32,
    /// Share of pixels that carry ink (dark or strongly coloured), when the image could be
    /// decoded; `None` when its filter is not one we decode. A blank white image placed in a
    /// slot is not a signature.
    pub ink_ratio: Option<f32>,
    /// Share of inked pixels that are red (fingerprints and seals), when decoded.
    pub red_ratio: Option<f32>,
}

/// A painted vector path piece (stroked or filled), with its bounding box. Table borders and
/// underscores are long straight axis-aligned lines; handwriting is curves and short slanted
/// segments, so the distinction is kept here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    pub bbox: Rect,
    /// True when the path has a curve or a segment that is neither horizontal nor vertical.
    pub freeform: bool,
    /// Number of path segments (lines and curves).
    pub segments: u32,
    /// Stroke or fill colour, as RGB in `[0, 1]`.
    pub color: [f32; 3],
}

/// One page of an upload, 1-based `number`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Page {
    pub number: usize,
    /// Page size in page units (PDF points or pixels), after rotation.
    pub width: f32,
    pub height: f32,
    pub source: PageSource,
    pub lines: Vec<Line>,
    pub images: Vec<PlacedImage>,
    pub strokes: Vec<Stroke>,
    /// A small copy of a scanned page's pixels, for the signature model to look at the
    /// slots; not serialised.
    #[serde(skip)]
    pub pixels: Option<PagePixels>,
}

/// A scanned page at about 150 ppi, as the three planes the signature model reads — the
/// darkest channel, red over the other channels and blue over them — PNG-compressed so a
/// long dossier's pages stay small in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct PagePixels {
    pub png: std::sync::Arc<Vec<u8>>,
    /// Pixels per page unit.
    pub scale: f32,
}

impl Page {
    /// A page that could not be read, kept so the report can say which one and why.
    pub fn failed(number: usize, error: impl Into<String>) -> Page {
        Page {
            number,
            width: 0.0,
            height: 0.0,
            source: PageSource::Failed { error: error.into() },
            lines: Vec::new(),
            images: Vec::new(),
            strokes: Vec::new(),
            pixels: None,
        }
    }

    /// The median height of the page's ideographs as OCR or the text layer boxed them (its
    /// print), if it has any: on a scan, line boxes run taller than the characters.
    pub fn print_height(&self) -> Option<f32> {
        crate::geom::median(
            self.lines
                .iter()
                .flat_map(|l| &l.glyphs)
                .filter(|g| crate::text::is_ideograph(g.ch))
                .map(|g| g.bbox.height()),
        )
    }

    /// Whether red ink would show on this page (false on gray and black-and-white scans).
    pub fn shows_colour(&self) -> bool {
        !matches!(self.source, PageSource::Ocr { monochrome: true })
    }

    /// Whether the page's text was read by OCR from a scan: its ink is left over from what OCR
    /// boxed, not drawn, and its labels may be misread.
    pub fn is_scan(&self) -> bool {
        matches!(self.source, PageSource::Ocr { .. })
    }

    /// Whether structure and checks can read this page's text.
    pub fn is_readable(&self) -> bool {
        matches!(self.source, PageSource::TextLayer | PageSource::Ocr { .. })
    }

    /// The page's text, one line per line.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text);
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glyph_box_running_over_the_next_characters_is_cut_where_the_next_starts() {
        let g = |ch, x0: f32, x1: f32| Glyph {
            ch,
            bbox: Rect::new(x0, 100.0, x1, 112.0),
            conf: 0.9,
        };
        // OCR stretched 录 over the signature written after 记录人:.
        let line = Line::from_glyphs(vec![
            g('记', 270.0, 281.0),
            g('录', 282.0, 365.0),
            g('人', 296.0, 303.0),
            g(':', 303.0, 310.0),
            g('曹', 322.0, 336.0),
        ]);
        assert_eq!(line.span_bbox(0, 4).map(|b| b.x1), Some(310.0));
        // Boxes that merely touch or overlap a little are kept as they are.
        let line = Line::from_glyphs(vec![g('记', 270.0, 283.0), g('录', 282.0, 294.0)]);
        assert_eq!(line.span_bbox(0, 2).map(|b| (b.x0, b.x1)), Some((270.0, 294.0)));
    }
}
