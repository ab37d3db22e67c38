//! Handwriting and red ink on a scan, as the marks structure judges signature slots by.
//!
//! On an exported PDF a signature is a placed image or vector strokes; on a scan it is just
//! pixels. What is left of the ink once the printed characters (the boxes OCR read as print),
//! the ruled lines and the speckle are taken away is handwriting, fingerprints and seals.
//! Each connected blob of it becomes a freeform `Stroke` in page coordinates, coloured by its
//! ink (red blobs are fingerprints or seals), so structure treats scans and exports alike and
//! never decides "signed" from OCR text. On a grey scan, where red is grey, a blob of pale ink
//! with a fingerprint's size and fill is reported in [`PALE_PRINT`], which structure reads as
//! a fingerprint.

use crate::geom::Rect;
use crate::page::Stroke;

use super::prepare::Mask;

/// Side of the cells the ink is pooled into before the blobs are found, in pixels at 300 ppi
/// (scaled with the page). Strokes of one character closer than about a cell join.
const CELL_AT_300: f32 = 4.0;
/// Ink pixels a cell needs to count: a speck of scanner noise fills one or two.
const CELL_MIN_INK: u32 = 3;
/// Smallest blob worth reporting, in ink pixels at 300 ppi: a short pen stroke is hundreds.
const MIN_BLOB_AT_300: f32 = 90.0;
/// Ink pixels per reported stroke segment at 300 ppi (structure calls a slot signed from 3).
const PIXELS_PER_SEGMENT_AT_300: f32 = 60.0;

/// What of the page's ink is accounted for and what to look at.
pub struct Ink<'a> {
    pub dark: &'a Mask,
    pub red: &'a Mask,
    /// Blue ink (a pen's): never print, even under a box OCR read as a character.
    pub blue: &'a Mask,
    pub rules: &'a Mask,
    /// Pale grey ink on a grey scan (`prepare::pale_mask`), where fingerprints are looked
    /// for as red ones are on a colour scan; `None` on colour scans.
    pub pale: Option<&'a Mask>,
    /// Boxes (pixels, `[x0, y0, x1, y1)`) of characters read as print.
    pub printed: &'a [[i32; 4]],
    pub ppi: f32,
    /// Page units per pixel.
    pub scale: f32,
}

/// The blobs of ink nothing printed explains, as strokes.
pub fn handwriting(ink: &Ink) -> Vec<Stroke> {
    let (w, h) = (ink.dark.width, ink.dark.height);
    let mut covered = Mask::new(w, h);
    // Print boxes are tight; the anti-aliased rim of a glyph spills a pixel or two.
    let pad = (ink.ppi / 150.0).round() as i32;
    for b in ink.printed {
        let (x0, y0) = ((b[0] - pad).max(0) as u32, (b[1] - pad).max(0) as u32);
        let (x1, y1) = (
            ((b[2] + pad).max(0) as u32).min(w),
            ((b[3] + pad).max(0) as u32).min(h),
        );
        for y in y0..y1 {
            let row = y as usize * w as usize;
            covered.bits[row + x0 as usize..row + x1.max(x0) as usize]
                .iter_mut()
                .for_each(|c| *c = true);
        }
    }
    let k = ink.ppi / 300.0;
    // Tesseract reads a clear hand as print-sized characters (a signature in the slot
    // beside the typed name); in blue it is still the hand.
    let dark = |i: usize| {
        ink.dark.bits[i] && !ink.red.bits[i] && !ink.rules.bits[i] && (!covered.bits[i] || ink.blue.bits[i])
    };
    let red = |i: usize| ink.red.bits[i];
    let mut out = blobs(w, h, k, &dark, 1)
        .into_iter()
        .map(|b| b.stroke(ink.scale, k, [0.1, 0.1, 0.15]))
        .collect::<Vec<_>>();
    // A fingerprint is ridges with gaps between them: pool red ink more generously.
    out.extend(
        blobs(w, h, k, &red, 3)
            .into_iter()
            .map(|b| b.stroke(ink.scale, k, [0.85, 0.1, 0.1])),
    );
    // On a grey scan a fingerprint is pale ridges: pooled the same way, and kept only where
    // the blob has a print's size and fills its box as a print's ridges do (pale specks,
    // a pencil's thin strokes and the light ends of a stroke are smaller or sparser).
    if let Some(pale) = ink.pale {
        let pale = |i: usize| pale.bits[i];
        out.extend(
            blobs(w, h, k, &pale, 3)
                .into_iter()
                .filter(|b| b.fingerprint_sized(k))
                .map(|b| b.stroke(ink.scale, k, PALE_PRINT)),
        );
    }
    out
}

/// The colour a fingerprint found in pale grey is reported in (structure reads it as a
/// fingerprint on a scan, as it reads red).
pub const PALE_PRINT: [f32; 3] = [0.8, 0.8, 0.8];

/// A fingerprint's sides at 300 ppi, in pixels: 0.1–0.6 inch (a print is 22–30 pt tall,
/// about 90–125 px).
const PRINT_SIDE_AT_300: (f32, f32) = (30.0, 180.0);
/// Share of its box a fingerprint's pale ridges fill, at least.
const PRINT_FILL: f32 = 0.15;

struct Blob {
    cells: [u32; 4],
    cell: u32,
    pixels: u32,
}

impl Blob {
    /// Whether the blob has a fingerprint's size and fills its box like one (see
    /// [`PRINT_SIDE_AT_300`], [`PRINT_FILL`]).
    fn fingerprint_sized(&self, k: f32) -> bool {
        let c = self.cell as f32;
        let w = (self.cells[2] + 1 - self.cells[0]) as f32 * c;
        let h = (self.cells[3] + 1 - self.cells[1]) as f32 * c;
        let (lo, hi) = (PRINT_SIDE_AT_300.0 * k, PRINT_SIDE_AT_300.1 * k);
        (lo..=hi).contains(&w) && (lo..=hi).contains(&h) && self.pixels as f32 >= PRINT_FILL * w * h
    }

    fn stroke(&self, scale: f32, k: f32, color: [f32; 3]) -> Stroke {
        let c = self.cell as f32 * scale;
        Stroke {
            bbox: Rect::new(
                self.cells[0] as f32 * c,
                self.cells[1] as f32 * c,
                (self.cells[2] + 1) as f32 * c,
                (self.cells[3] + 1) as f32 * c,
            ),
            freeform: true,
            segments: ((self.pixels as f32 / (PIXELS_PER_SEGMENT_AT_300 * k * k)).ceil() as u32).max(1),
            color,
        }
    }
}

/// Connected blobs of the pixels `is_ink` accepts: pooled into cells, cells joined when
/// within `reach` cells of each other (8-connected at reach 1).
fn blobs(w: u32, h: u32, k: f32, is_ink: &dyn Fn(usize) -> bool, reach: i32) -> Vec<Blob> {
    let cell = (CELL_AT_300 * k).round().max(1.0) as u32;
    let (cw, ch) = (w.div_ceil(cell), h.div_ceil(cell));
    let mut counts = vec![0u32; cw as usize * ch as usize];
    for y in 0..h {
        let row = y as usize * w as usize;
        let crow = (y / cell) as usize * cw as usize;
        for x in 0..w {
            if is_ink(row + x as usize) {
                counts[crow + (x / cell) as usize] += 1;
            }
        }
    }
    let min_cell = ((CELL_MIN_INK as f32) * k * k).round().max(1.0) as u32;
    let on: Vec<bool> = counts.iter().map(|c| *c >= min_cell).collect();
    let mut label = vec![u32::MAX; on.len()];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..on.len() {
        if !on[start] || label[start] != u32::MAX {
            continue;
        }
        let id = out.len() as u32;
        let mut blob = Blob {
            cells: [u32::MAX, u32::MAX, 0, 0],
            cell,
            pixels: 0,
        };
        label[start] = id;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let (x, y) = ((i % cw as usize) as i32, (i / cw as usize) as i32);
            blob.cells = [
                blob.cells[0].min(x as u32),
                blob.cells[1].min(y as u32),
                blob.cells[2].max(x as u32),
                blob.cells[3].max(y as u32),
            ];
            blob.pixels += counts[i];
            for dy in -reach..=reach {
                for dx in -reach..=reach {
                    let (nx, ny) = (x + dx, y + dy);
                    if nx < 0 || ny < 0 || nx >= cw as i32 || ny >= ch as i32 {
                        continue;
                    }
                    let j = ny as usize * cw as usize + nx as usize;
                    if on[j] && label[j] == u32::MAX {
                        label[j] = id;
                        stack.push(j);
                    }
                }
            }
        }
        out.push(blob);
    }
    let min_blob = MIN_BLOB_AT_300 * k * k;
    out.retain(|b| b.pixels as f32 >= min_blob);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paint(m: &mut Mask, x0: u32, y0: u32, x1: u32, y1: u32) {
        for y in y0..y1 {
            for x in x0..x1 {
                m.bits[(y * m.width + x) as usize] = true;
            }
        }
    }

    #[test]
    fn print_rules_and_speckle_are_explained_and_a_scrawl_and_a_fingerprint_are_not() {
        let (w, h) = (600, 400);
        let mut dark = Mask::new(w, h);
        let mut red = Mask::new(w, h);
        let mut ruled = Mask::new(w, h);
        // A printed character, covered by its OCR box.
        paint(&mut dark, 20, 20, 60, 60);
        // A ruled line.
        paint(&mut dark, 0, 100, 600, 102);
        paint(&mut ruled, 0, 100, 600, 102);
        // Speckle.
        for i in 0..40 {
            paint(
                &mut dark,
                7 + i * 13,
                300 + (i % 5) * 7,
                8 + i * 13,
                301 + (i % 5) * 7,
            );
        }
        // A handwritten stroke pair (one character) and a red fingerprint of broken ridges.
        paint(&mut dark, 200, 150, 260, 154);
        paint(&mut dark, 228, 140, 232, 200);
        for r in 0..8 {
            paint(&mut red, 400, 150 + r * 6, 440, 153 + r * 6);
        }
        let printed = [[20, 20, 60, 60]];
        let ink = Ink {
            dark: &dark,
            red: &red,
            blue: &Mask::new(w, h),
            rules: &ruled,
            pale: None,
            printed: &printed,
            ppi: 300.0,
            scale: 0.24,
        };
        let strokes = handwriting(&ink);
        assert_eq!(strokes.len(), 2, "{strokes:?}");
        let pen = strokes.iter().find(|s| s.color[0] < 0.5).unwrap();
        assert!(
            pen.bbox.x0 <= 200.0 * 0.24 && pen.bbox.x1 >= 260.0 * 0.24,
            "{pen:?}"
        );
        assert!(pen.segments >= 3);
        let print = strokes.iter().find(|s| s.color[0] > 0.5).unwrap();
        assert!(
            print.bbox.y0 <= 150.0 * 0.24 && print.bbox.y1 >= 195.0 * 0.24,
            "one fingerprint blob"
        );
    }

    #[test]
    fn on_a_grey_scan_pale_ridges_of_a_prints_size_are_a_fingerprint_and_a_pale_speck_is_not() {
        let (w, h) = (600, 400);
        let none = Mask::new(w, h);
        let mut pale = Mask::new(w, h);
        // Concentric rings, 2 px wide and 4 px apart, in a 90 × 110 px ellipse (a 26 pt print
        // at 300 ppi).
        let (cx, cy) = (200.0f32, 200.0f32);
        for y in 0..h {
            for x in 0..w {
                let (dx, dy) = ((x as f32 - cx) / 45.0, (y as f32 - cy) / 55.0);
                let r = (dx * dx + dy * dy).sqrt();
                if r <= 1.0 && (r * 55.0) as u32 % 4 < 2 {
                    pale.bits[(y * w + x) as usize] = true;
                }
            }
        }
        // A pale speck and a pale hairline.
        paint(&mut pale, 450, 100, 460, 110);
        paint(&mut pale, 400, 300, 580, 302);
        let ink = |pale| Ink {
            dark: &none,
            red: &none,
            blue: &none,
            rules: &none,
            pale,
            printed: &[],
            ppi: 300.0,
            scale: 0.24,
        };
        let strokes = handwriting(&ink(Some(&pale)));
        assert_eq!(strokes.len(), 1, "{strokes:?}");
        assert_eq!(strokes[0].color, PALE_PRINT);
        let b = strokes[0].bbox;
        assert!(b.x0 <= 160.0 * 0.24 && b.x1 >= 240.0 * 0.24, "{b:?}");
        // On a colour scan nothing is looked for in pale grey.
        assert!(handwriting(&ink(None)).is_empty());
    }

    #[test]
    fn a_name_in_blue_read_as_print_sized_characters_is_still_a_hand() {
        let (w, h) = (400, 200);
        let mut dark = Mask::new(w, h);
        let mut blue = Mask::new(w, h);
        // The typed name beside the label (black) and the signature after it (blue), both
        // read by OCR as characters of the print's size.
        paint(&mut dark, 20, 40, 100, 44);
        paint(&mut dark, 58, 20, 62, 70);
        paint(&mut dark, 200, 40, 280, 44);
        paint(&mut dark, 238, 20, 242, 70);
        paint(&mut blue, 200, 40, 280, 44);
        paint(&mut blue, 238, 20, 242, 70);
        let printed = [[18, 18, 102, 72], [198, 18, 282, 72]];
        let none = Mask::new(w, h);
        let ink = |blue| Ink {
            dark: &dark,
            red: &none,
            blue,
            rules: &none,
            pale: None,
            printed: &printed,
            ppi: 300.0,
            scale: 0.24,
        };
        let strokes = handwriting(&ink(&blue));
        assert_eq!(strokes.len(), 1, "{strokes:?}");
        assert!(strokes[0].bbox.x0 >= 190.0 * 0.24, "{strokes:?}");
        // In black the same characters are print.
        assert!(handwriting(&ink(&none)).is_empty());
    }
}
