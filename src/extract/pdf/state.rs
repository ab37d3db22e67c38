//! The graphics state the interpreter keeps: CTM, text state and the two current colours.
//! Colours are converted to RGB as they are set, since strokes and stencil images only need
//! "how dark / how red".

use std::rc::Rc;

use lopdf::Object;

use super::font::Font;
use super::matrix::Matrix;

/// How the numeric operands of `sc`/`scn` are read in a colour space.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ColorSpace {
    Gray,
    Rgb,
    Cmyk,
    /// Separation / DeviceN: one tint, 1 = full ink (shown as black: the colourant is unknown).
    Tint,
    /// Indexed, Pattern, Lab and the like: colour kept as it was.
    Other,
}

impl ColorSpace {
    /// The initial colour a space starts with (PDF 32000 8.6.8: black, or full tint).
    pub fn initial(self) -> [f32; 3] {
        [0.0; 3]
    }

    /// RGB from the operands of `sc`/`scn`/`SC`/`SCN`, or `None` when they cannot be read.
    pub fn to_rgb(self, operands: &[Object]) -> Option<[f32; 3]> {
        let v: Vec<f32> = operands.iter().filter_map(|o| o.as_float().ok()).collect();
        match (self, v.as_slice()) {
            (ColorSpace::Gray, [g]) => Some(gray(*g)),
            (ColorSpace::Rgb, [r, g, b]) => Some(rgb(*r, *g, *b)),
            (ColorSpace::Cmyk, [c, m, y, k]) => Some(cmyk(*c, *m, *y, *k)),
            (ColorSpace::Tint, [t, ..]) => Some(gray(1.0 - t)),
            // Unknown space: guess by operand count.
            (ColorSpace::Other, [g]) => Some(gray(*g)),
            (ColorSpace::Other, [r, g, b]) => Some(rgb(*r, *g, *b)),
            (ColorSpace::Other, [c, m, y, k]) => Some(cmyk(*c, *m, *y, *k)),
            _ => None,
        }
    }
}

pub fn gray(g: f32) -> [f32; 3] {
    let g = clamp01(g);
    [g, g, g]
}

pub fn rgb(r: f32, g: f32, b: f32) -> [f32; 3] {
    [clamp01(r), clamp01(g), clamp01(b)]
}

/// The naive CMYK → RGB conversion (no ICC profile), as poppler's DeviceCMYK fallback does.
pub fn cmyk(c: f32, m: f32, y: f32, k: f32) -> [f32; 3] {
    let k = clamp01(k);
    [
        (1.0 - clamp01(c)) * (1.0 - k),
        (1.0 - clamp01(m)) * (1.0 - k),
        (1.0 - clamp01(y)) * (1.0 - k),
    ]
}

fn clamp01(v: f32) -> f32 {
    if v.is_finite() { v.clamp(0.0, 1.0) } else { 0.0 }
}

/// A colour that would leave a visible mark: dark, or strongly coloured.
pub fn is_ink([r, g, b]: [f32; 3]) -> bool {
    let lum = 0.299 * r + 0.587 * g + 0.114 * b;
    let max = r.max(g).max(b);
    let min = r.min(g).min(b);
    lum < 0.55 || max - min > 0.35
}

/// A red mark (fingerprint ink, seals).
pub fn is_red([r, g, b]: [f32; 3]) -> bool {
    r > 0.5 && r - g.max(b) > 0.25
}

#[derive(Debug, Clone)]
pub struct GState {
    pub ctm: Matrix,
    pub font: Option<Rc<Font>>,
    pub font_size: f32,
    pub char_spacing: f32,
    pub word_spacing: f32,
    /// `Tz / 100`.
    pub h_scale: f32,
    pub leading: f32,
    pub rise: f32,
    pub line_width: f32,
    pub fill: [f32; 3],
    pub stroke: [f32; 3],
    pub fill_space: ColorSpace,
    pub stroke_space: ColorSpace,
}

impl GState {
    pub fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            h_scale: 1.0,
            leading: 0.0,
            rise: 0.0,
            line_width: 1.0,
            fill: [0.0; 3],
            stroke: [0.0; 3],
            fill_space: ColorSpace::Gray,
            stroke_space: ColorSpace::Gray,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmyk_and_gray_convert_to_rgb_and_red_is_recognised() {
        assert_eq!(cmyk(0.0, 1.0, 1.0, 0.0), [1.0, 0.0, 0.0]);
        assert_eq!(gray(0.2), [0.2, 0.2, 0.2]);
        assert!(is_red([0.9, 0.1, 0.1]) && is_ink([0.9, 0.1, 0.1]));
        assert!(!is_ink([0.95, 0.95, 0.95]));
        assert!(is_ink([0.1, 0.1, 0.1]) && !is_red([0.1, 0.1, 0.1]));
    }
}
