//! Decoded image samples and how to read them as colour: the one place that unpacks 1/2/4/8/16-bit
//! samples, applies `/Decode` ranges and converts gray, RGB, CMYK, separation and indexed colour
//! to RGB. PDF image XObjects (for OCR and for measuring ink), TIFF pages and JPEG data all end up
//! here, so a colour space or a `/Decode` array means the same thing everywhere.

use image::{Rgb, RgbImage};

use super::RasterError;
use crate::extract::pdf::cmyk;

/// The colour space samples are in.
#[derive(Debug, Clone, PartialEq)]
pub enum Colors {
    Gray,
    Rgb,
    Cmyk,
    /// One tint component where 1 is full colourant, shown as black ink on white (the colourant
    /// itself is not known without running the tint transform).
    Separation,
    /// Indexed: `base` components per palette entry (1, 3 or 4), palette bytes.
    Indexed {
        base: usize,
        palette: Vec<u8>,
    },
}

impl Colors {
    /// Components per pixel, not counting alpha.
    pub fn components(&self) -> usize {
        match self {
            Colors::Gray | Colors::Separation | Colors::Indexed { .. } => 1,
            Colors::Rgb => 3,
            Colors::Cmyk => 4,
        }
    }

    /// RGB in `[0, 1]` from decoded component values.
    fn to_rgb(&self, v: [f32; 4]) -> [f32; 3] {
        match self {
            Colors::Gray => [v[0]; 3],
            Colors::Rgb => [v[0], v[1], v[2]],
            Colors::Cmyk => cmyk(v[0], v[1], v[2], v[3]),
            Colors::Separation => [1.0 - v[0]; 3],
            Colors::Indexed { base, palette } => {
                let i = (v[0].max(0.0).round() as usize) * base;
                let p = |k: usize| palette.get(i + k).map_or(1.0, |b| f32::from(*b) / 255.0);
                match base {
                    1 => [p(0); 3],
                    3 => [p(0), p(1), p(2)],
                    _ => cmyk(p(0), p(1), p(2), p(3)),
                }
            }
        }
    }
}

/// Decoded samples plus how to read them: rows of `row_bytes`, each pixel `components` samples
/// of `bpc` bits, most significant bit first (PDF and TIFF both pack this way).
#[derive(Debug)]
pub struct Samples {
    pub width: u32,
    pub height: u32,
    pub bpc: u32,
    /// Samples per pixel: the colour components, plus one when `alpha`.
    pub components: usize,
    pub colors: Colors,
    /// A trailing alpha sample (TIFF extra samples), composited over white.
    pub alpha: bool,
    /// Per component `(lo, hi)`: a raw sample `r` means `lo + r / max * (hi - lo)`.
    pub decode: Vec<(f32, f32)>,
    pub data: Vec<u8>,
    pub row_bytes: usize,
}

impl Samples {
    /// Wraps decoded data. `decode` is a PDF-style `/Decode` array (pairs per component); when
    /// absent or short, each component maps to `[0, 1]` (indexed: to the palette index).
    pub fn new(
        width: u32,
        height: u32,
        bpc: u32,
        colors: Colors,
        alpha: bool,
        decode: &[f32],
        data: Vec<u8>,
    ) -> Result<Samples, RasterError> {
        if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
            return Err(RasterError::Unsupported {
                what: format!("{bpc} bits per sample"),
            });
        }
        let components = colors.components() + usize::from(alpha);
        let max = ((1u32 << bpc) - 1) as f32;
        let default = match colors {
            Colors::Indexed { .. } => (0.0, max),
            _ => (0.0, 1.0),
        };
        let decode = (0..components)
            .map(|i| match (decode.get(2 * i), decode.get(2 * i + 1)) {
                _ if i >= colors.components() => (0.0, 1.0),
                (Some(a), Some(b)) => (*a, *b),
                _ => default,
            })
            .collect();
        let row_bytes = (width as usize * components * bpc as usize).div_ceil(8);
        Ok(Samples {
            width,
            height,
            bpc,
            components,
            colors,
            alpha,
            decode,
            data,
            row_bytes,
        })
    }

    /// Bytes a complete image of this layout holds.
    pub fn expected_len(&self) -> usize {
        self.row_bytes.saturating_mul(self.height as usize)
    }

    /// Raw integer samples of pixel (x, y) (the first `components` entries), or `None` when the
    /// data is short. A fixed array keeps the per-pixel loop free of allocations.
    pub fn raw(&self, x: u32, y: u32) -> Option<[u32; 5]> {
        let mut out = [0u32; 5];
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

    /// Component `c`'s raw sample mapped through its `/Decode` range.
    fn decoded(&self, c: usize, raw: u32) -> f32 {
        let max = ((1u64 << self.bpc) - 1) as f32;
        let (lo, hi) = self.decode[c];
        lo + raw as f32 / max * (hi - lo)
    }

    /// Colour from decoded component values (alpha last, when present).
    fn color(&self, v: [f32; 5]) -> [f32; 3] {
        let rgb = self.colors.to_rgb([v[0], v[1], v[2], v[3]]);
        if !self.alpha {
            return rgb;
        }
        let a = v[self.components - 1].clamp(0.0, 1.0);
        rgb.map(|c| c * a + (1.0 - a))
    }

    /// RGB in `[0, 1]` of pixel (x, y), or `None` when the data is short.
    pub fn rgb(&self, x: u32, y: u32) -> Option<[f32; 3]> {
        let raw = self.raw(x, y)?;
        let mut v = [0f32; 5];
        for (c, slot) in v.iter_mut().enumerate().take(self.components) {
            *slot = self.decoded(c, raw[c]);
        }
        Some(self.color(v))
    }

    /// The whole image in 8-bit RGB; pixels past the end of short data are white (as viewers
    /// leave them). Decoded values come from a table per component, built with `decoded`, so
    /// a page of millions of pixels costs a lookup per sample rather than arithmetic.
    pub fn to_rgb_image(&self) -> RgbImage {
        if let Some(out) = self.to_rgb_image_8bit() {
            return out;
        }
        let mut out = RgbImage::from_pixel(self.width, self.height, Rgb([255, 255, 255]));
        let levels = 1u32 << self.bpc;
        let tables: Vec<Vec<f32>> = (0..self.components)
            .map(|c| (0..levels).map(|raw| self.decoded(c, raw)).collect())
            .collect();
        let to_u8 = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        for y in 0..self.height {
            for x in 0..self.width {
                let Some(raw) = self.raw(x, y) else { break };
                let mut v = [0f32; 5];
                for (c, slot) in v.iter_mut().enumerate().take(self.components) {
                    *slot = tables[c][raw[c] as usize];
                }
                out.put_pixel(x, y, Rgb(self.color(v).map(to_u8)));
            }
        }
        out
    }
}

impl Samples {
    /// The common case of scans, 8-bit gray or RGB without alpha, row by row through a byte
    /// table per component (the `/Decode` range applied once per level): the general path
    /// costs a float conversion per sample, a fifth of a page's whole reading time.
    fn to_rgb_image_8bit(&self) -> Option<RgbImage> {
        if self.bpc != 8 || self.alpha || !matches!(self.colors, Colors::Gray | Colors::Rgb) {
            return None;
        }
        let to_u8 = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        let tables: Vec<[u8; 256]> = (0..self.components)
            .map(|c| std::array::from_fn(|raw| to_u8(self.decoded(c, raw as u32))))
            .collect();
        let (w, n) = (self.width as usize, self.components);
        let mut out = RgbImage::from_pixel(self.width, self.height, Rgb([255, 255, 255]));
        for (y, dst) in out.chunks_exact_mut(w * 3).enumerate() {
            let start = y * self.row_bytes;
            // Short data: the rest stays white, as in the general path.
            let Some(src) = self.data.get(start..(start + w * n).min(self.data.len())) else {
                break;
            };
            for (px, d) in src.chunks_exact(n).zip(dst.chunks_exact_mut(3)) {
                if n == 1 {
                    d.fill(tables[0][px[0] as usize]);
                } else {
                    d[0] = tables[0][px[0] as usize];
                    d[1] = tables[1][px[1] as usize];
                    d[2] = tables[2][px[2] as usize];
                }
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_8bit_path_agrees_with_the_general_one() {
        // Gray with an inverting /Decode, RGB plain, both with short data.
        let gray = Samples::new(3, 2, 8, Colors::Gray, false, &[1.0, 0.0], vec![0, 128, 255, 7]).unwrap();
        let rgb = Samples::new(2, 2, 8, Colors::Rgb, false, &[], (0..9).map(|v| v * 25).collect()).unwrap();
        for s in [gray, rgb] {
            let fast = s.to_rgb_image_8bit().expect("8-bit path");
            let (w, h) = fast.dimensions();
            for y in 0..h {
                for x in 0..w {
                    let slow = s
                        .rgb(x, y)
                        .map_or([255; 3], |v| v.map(|c| (c * 255.0).round() as u8));
                    assert_eq!(fast.get_pixel(x, y).0, slow, "pixel {x},{y}");
                }
            }
        }
    }

    #[test]
    fn unpacks_bits_and_applies_decode_ranges() {
        // 1-bit gray, inverted by /Decode [1 0]: a set bit is black.
        let s = Samples::new(4, 1, 1, Colors::Gray, false, &[1.0, 0.0], vec![0b1010_0000]).unwrap();
        let img = s.to_rgb_image();
        let row: Vec<u8> = (0..4).map(|x| img.get_pixel(x, 0)[0]).collect();
        assert_eq!(row, [0, 255, 0, 255]);
        assert_eq!(s.rgb(0, 0), Some([0.0; 3]));
    }

    #[test]
    fn sixteen_bit_rgb_with_alpha_is_composited_on_white() {
        let data = [0xFFFF_u16, 0, 0, 0x0000, 0, 0, 0xFFFF, 0xFFFF]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        let s = Samples::new(2, 1, 16, Colors::Rgb, true, &[], data).unwrap();
        let img = s.to_rgb_image();
        // Pixel 0 is transparent red → white; pixel 1 opaque blue.
        assert_eq!(img.get_pixel(0, 0).0, [255, 255, 255]);
        assert_eq!(img.get_pixel(1, 0).0, [0, 0, 255]);
    }

    #[test]
    fn short_data_leaves_the_rest_white_and_odd_depths_are_refused() {
        let s = Samples::new(2, 2, 8, Colors::Gray, false, &[], vec![0, 0]).unwrap();
        let img = s.to_rgb_image();
        assert_eq!(img.get_pixel(1, 0).0, [0, 0, 0]);
        assert_eq!(img.get_pixel(1, 1).0, [255, 255, 255]);
        assert!(Samples::new(2, 2, 3, Colors::Gray, false, &[], vec![]).is_err());
    }
}
