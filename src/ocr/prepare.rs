//! Page-image clean-up before OCR: resolution, gray levels, ink and red-ink masks, skew, and
//! the ruled lines of forms. All of it is cheap next to recognition (≈1 s a page), and each
//! step makes tesseract's job easier: table borders read as 「|」 and split cells, red seals
//! over a date hide its digits, and a tilted page merges neighbouring lines.

use image::{GrayImage, Luma, Rgb, RgbImage, imageops};

/// A bitmap the size of the page image, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Mask {
    pub width: u32,
    pub height: u32,
    pub bits: Vec<bool>,
}

impl Mask {
    pub fn new(width: u32, height: u32) -> Mask {
        Mask {
            width,
            height,
            bits: vec![false; width as usize * height as usize],
        }
    }

    pub fn get(&self, x: u32, y: u32) -> bool {
        self.bits[y as usize * self.width as usize + x as usize]
    }

    /// The pixels of `image` that `is_ink` takes for its ink (`is_red`, `is_blue`).
    pub fn of_colour(image: &RgbImage, is_ink: fn(&Rgb<u8>) -> bool) -> Mask {
        Mask {
            width: image.width(),
            height: image.height(),
            bits: image.pixels().map(is_ink).collect(),
        }
    }
}

/// Scales the page to `target` pixels per inch from `ppi` when it is outside the band
/// tesseract reads well; returns the image and its new resolution.
pub fn normalise_resolution(image: RgbImage, ppi: f32, target: f32, band: (f32, f32)) -> (RgbImage, f32) {
    if ppi >= band.0 && ppi <= band.1 {
        return (image, ppi);
    }
    let scale = target / ppi;
    let w = ((image.width() as f32 * scale).round() as u32).max(1);
    let h = ((image.height() as f32 * scale).round() as u32).max(1);
    let filter = if scale < 1.0 {
        imageops::FilterType::Triangle
    } else {
        imageops::FilterType::CatmullRom
    };
    (imageops::resize(&image, w, h, filter), target)
}

/// Luminance (ITU-R 601 weights, integer arithmetic).
pub fn gray(image: &RgbImage) -> GrayImage {
    let mut out = GrayImage::new(image.width(), image.height());
    for (o, p) in out.pixels_mut().zip(image.pixels()) {
        let [r, g, b] = p.0;
        *o = Luma([((299 * r as u32 + 587 * g as u32 + 114 * b as u32) / 1000) as u8]);
    }
    out
}

/// Red ink: fingerprints, seals, red pen. Saturated red, not the pink of a paper tint.
/// Fingerprints come out pink on scans (≈(228, 180, 184)): a modest but clear red cast.
pub fn is_red(p: &Rgb<u8>) -> bool {
    let [r, g, b] = p.0.map(i32::from);
    r >= 120 && r - g.max(b) >= 28
}

/// A gray or black-and-white scan: every pixel is neutral. A colour scan of a page with no
/// colour on it still has a paper tint and chroma noise, so it is not taken for one.
pub fn is_monochrome(image: &RgbImage) -> bool {
    let tinted = image
        .pixels()
        .step_by(7)
        .filter(|p| {
            let [r, g, b] = p.0.map(i32::from);
            r.max(g).max(b) - r.min(g).min(b) > 3
        })
        .count();
    tinted * 7 * 1000 < image.pixels().len()
}

/// Blue ink: a ballpoint or gel pen, blue or blue-black. Print is black and seals red, so a
/// blue pixel is a pen's whatever OCR read it as. Blue-black ink scans at ≈(30, 36, 70);
/// black print's colour fringes stay below the margin.
pub fn is_blue(p: &Rgb<u8>) -> bool {
    let [r, g, b] = p.0.map(i32::from);
    b - r.max(g) >= BLUE_MARGIN
}

/// How far blue must exceed the other channels for `is_blue`.
const BLUE_MARGIN: i32 = 24;

/// Otsu's threshold over the gray histogram, kept inside a band so that an almost blank page
/// (all paper) or a dark one does not pick a silly cut.
pub fn otsu(image: &GrayImage) -> u8 {
    let mut hist = [0u64; 256];
    for p in image.pixels() {
        hist[p.0[0] as usize] += 1;
    }
    let total: u64 = hist.iter().sum();
    let sum: f64 = hist.iter().enumerate().map(|(i, n)| i as f64 * *n as f64).sum();
    let (mut w0, mut sum0, mut best, mut cut) = (0u64, 0f64, -1f64, 128u8);
    for (t, n) in hist.iter().enumerate() {
        w0 += n;
        if w0 == 0 || w0 == total {
            continue;
        }
        sum0 += t as f64 * *n as f64;
        let w1 = total - w0;
        let (m0, m1) = (sum0 / w0 as f64, (sum - sum0) / w1 as f64);
        let between = w0 as f64 * w1 as f64 * (m0 - m1).powi(2);
        if between > best {
            (best, cut) = (between, t as u8);
        }
    }
    cut.clamp(100, 200)
}

/// Dark ink: gray at or below the threshold.
pub fn ink_mask(image: &GrayImage, threshold: u8) -> Mask {
    Mask {
        width: image.width(),
        height: image.height(),
        bits: image.pixels().map(|p| p.0[0] <= threshold).collect(),
    }
}

/// Below this many degrees a page is left as it is: tesseract's own line finder copes, and
/// the projection profile cannot resolve finer than about this on a small page anyway.
pub const SKEW_WORTH_LEVELLING: f32 = 0.15;

/// The page's skew in degrees (positive: text lines fall to the right), from the angle at
/// which the ink's row profile is sharpest. Lines of text make a spiky profile only when
/// projected along their own slope. Works on a sample of the ink so a page costs milliseconds.
pub fn skew_degrees(ink: &Mask, max_degrees: f32) -> f32 {
    // Every 4th pixel in both directions: ≈75 dpi at 300, plenty for line profiles.
    let step = 4u32;
    let points: Vec<(f32, f32)> = (0..ink.height)
        .step_by(step as usize)
        .flat_map(|y| {
            (0..ink.width)
                .step_by(step as usize)
                .filter(move |x| ink.get(*x, y))
                .map(move |x| (x as f32, y as f32))
        })
        .collect();
    if points.len() < 200 {
        return 0.0;
    }
    let bins = (ink.height / step + 2 * (ink.width / step) / 10 + 4) as usize;
    let offset = (ink.width as f32 * (max_degrees + 1.0).to_radians().tan()) / step as f32;
    let sharpness = |deg: f32| -> f64 {
        let t = deg.to_radians().tan();
        let mut profile = vec![0u32; bins + 2 * offset as usize + 4];
        for (x, y) in &points {
            let row = ((y - x * t) / step as f32 + offset).round();
            if row >= 0.0 && (row as usize) < profile.len() {
                profile[row as usize] += 1;
            }
        }
        profile.iter().map(|n| (*n as f64).powi(2)).sum()
    };
    let search = |from: f32, to: f32, by: f32| -> f32 {
        let mut best = (f64::MIN, 0.0f32);
        let mut a = from;
        while a <= to + 1e-4 {
            let s = sharpness(a);
            if s > best.0 {
                best = (s, a);
            }
            a += by;
        }
        best.1
    };
    let coarse = search(-max_degrees, max_degrees, 0.2);
    search(coarse - 0.2, coarse + 0.2, 0.04)
}

/// Rotates by `degrees` clockwise about the centre, bilinear, paper-white outside.
/// Fixed-point weights (1/256) and one output row at a time: a 300 ppi page is 8 million
/// samples, and per-sample float rounding made this a seventh of a page's reading time.
pub fn rotate(image: &RgbImage, degrees: f32) -> RgbImage {
    let (w, h) = image.dimensions();
    let (s, c) = degrees.to_radians().sin_cos();
    let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
    let mut out = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
    let raw = image.as_raw();
    let row = w as usize * 3;
    let (max_x, max_y) = ((w.max(1) - 1) as f32, (h.max(1) - 1) as f32);
    for (y, dst) in out.chunks_exact_mut(row).enumerate() {
        // Inverse mapping: where in the source each output pixel of this row comes from.
        let dy = y as f32 + 0.5 - cy;
        let dx0 = 0.5 - cx;
        let (mut sx, mut sy) = (c * dx0 + s * dy + cx - 0.5, -s * dx0 + c * dy + cy - 0.5);
        for px in dst.chunks_exact_mut(3) {
            if sx >= 0.0 && sy >= 0.0 && sx < max_x && sy < max_y {
                let (x0, y0) = (sx as usize, sy as usize);
                let fx = ((sx - x0 as f32) * 256.0) as u32;
                let fy = ((sy - y0 as f32) * 256.0) as u32;
                let i = y0 * row + x0 * 3;
                for (k, v) in px.iter_mut().enumerate() {
                    let (a, b) = (u32::from(raw[i + k]), u32::from(raw[i + 3 + k]));
                    let (cc, d) = (u32::from(raw[i + row + k]), u32::from(raw[i + row + 3 + k]));
                    let top = a * (256 - fx) + b * fx;
                    let bottom = cc * (256 - fx) + d * fx;
                    *v = ((top * (256 - fy) + bottom * fy + (1 << 15)) >> 16) as u8;
                }
            }
            sx += c;
            sy -= s;
        }
    }
    out
}

/// Turns the image by a multiple of 90° clockwise.
pub fn quarter_turn(image: &RgbImage, degrees: i32) -> RgbImage {
    match degrees.rem_euclid(360) {
        90 => imageops::rotate90(image),
        180 => imageops::rotate180(image),
        270 => imageops::rotate270(image),
        _ => image.clone(),
    }
}

/// Ruled lines: horizontal or vertical ink runs at least `min_run` pixels long (table
/// borders, fill-in underlines). No stroke of a printed or handwritten character is that
/// long and that straight.
pub fn rules(ink: &Mask, min_run: u32) -> Mask {
    let (w, h) = (ink.width as usize, ink.height as usize);
    let mut out = Mask::new(ink.width, ink.height);
    let min_run = min_run as usize;
    for y in 0..h {
        let row = &ink.bits[y * w..(y + 1) * w];
        let mut x = 0;
        while x < w {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            // A one-pixel break in a scanned border is still the border.
            while x < w && (row[x] || (x + 1 < w && row[x + 1])) {
                x += 1;
            }
            if x - start >= min_run {
                out.bits[y * w + start..y * w + x]
                    .iter_mut()
                    .for_each(|b| *b = true);
            }
        }
    }
    for x in 0..w {
        let mut y = 0;
        while y < h {
            if !ink.bits[y * w + x] {
                y += 1;
                continue;
            }
            let start = y;
            while y < h && (ink.bits[y * w + x] || (y + 1 < h && ink.bits[(y + 1) * w + x])) {
                y += 1;
            }
            if y - start >= min_run {
                (start..y).for_each(|yy| out.bits[yy * w + x] = true);
            }
        }
    }
    out
}

/// Pale ink: pixels lighter than the ink threshold but at most `PALE_MAX`, and no nearer
/// than `reach` pixels to ink. On a grey scan a red fingerprint comes out as ridges of pale
/// grey (seed 2026 s036 p13: 190–215, the page's ink cut about 130): visible to anyone, but
/// not ink to the threshold. The grey rim every dark stroke has is kept out by the reach.
pub fn pale_mask(gray: &GrayImage, threshold: u8, dark: &Mask, reach: u32) -> Mask {
    let near = dilate(dark, reach);
    Mask {
        width: gray.width(),
        height: gray.height(),
        bits: gray
            .pixels()
            .zip(&near.bits)
            .map(|(p, near)| !near && p.0[0] > threshold && p.0[0] <= PALE_MAX)
            .collect(),
    }
}

/// The lightest grey `pale_mask` takes for ink: a grey scan's background removal leaves
/// paper at 255 and its noise above 240.
pub const PALE_MAX: u8 = 230;

/// Grows a mask by `r` pixels in every direction (a square neighbourhood).
pub fn dilate(mask: &Mask, r: u32) -> Mask {
    if r == 0 {
        return mask.clone();
    }
    let (w, h, r) = (mask.width as usize, mask.height as usize, r as usize);
    // Separable: rows first, then columns, each a running window.
    let mut rows = Mask::new(mask.width, mask.height);
    for y in 0..h {
        let src = &mask.bits[y * w..(y + 1) * w];
        let dst = &mut rows.bits[y * w..(y + 1) * w];
        for (x, on) in src.iter().enumerate() {
            if *on {
                dst[x.saturating_sub(r)..(x + r + 1).min(w)]
                    .iter_mut()
                    .for_each(|b| *b = true);
            }
        }
    }
    let mut out = Mask::new(mask.width, mask.height);
    for y in 0..h {
        for x in 0..w {
            if rows.bits[y * w + x] {
                for yy in y.saturating_sub(r)..(y + r + 1).min(h) {
                    out.bits[yy * w + x] = true;
                }
            }
        }
    }
    out
}

/// What tesseract is given. Measured on a sample of the scanned fixtures against their text
/// (character recall 0.915 → 0.955), each step earns its place:
/// - ruled lines turn to paper, with the gray rim the scanner leaves beside them, so borders
///   do not read as 「|」 and split cells;
/// - red ink turns to paper unless its red channel is as dark as ink: black print under a
///   seal stays (the red channel sees through red), the seal goes;
/// - everything lighter than the ink threshold becomes pure white: a removed seal or rule
///   leaves no ghost edge on the tinted paper for tesseract's own binarisation to trace.
pub fn ocr_input(
    image: &RgbImage,
    gray: &GrayImage,
    rules: &Mask,
    red: &Mask,
    threshold: u8,
    ppi: f32,
) -> GrayImage {
    let rules = dilate(rules, (ppi / 150.0).round() as u32);
    let mut out = gray.clone();
    for (i, (p, rgb)) in out.pixels_mut().zip(image.pixels()).enumerate() {
        let v = if rules.bits[i] {
            255
        } else if red.bits[i] {
            rgb.0[0]
        } else {
            p.0[0]
        };
        p.0[0] = if v > threshold { 255 } else { v };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_page(w: u32, h: u32, slope_deg: f32) -> Mask {
        let mut m = Mask::new(w, h);
        let t = slope_deg.to_radians().tan();
        for line in 0..20 {
            let y0 = 60.0 + line as f32 * 45.0;
            for x in (40..w - 40).filter(|x| (x / 9) % 3 != 2) {
                for dy in 0..14 {
                    let y = (y0 + dy as f32 + x as f32 * t) as u32;
                    if y < h {
                        m.bits[(y * w + x) as usize] = true;
                    }
                }
            }
        }
        m
    }

    #[test]
    fn skew_of_tilted_text_lines_is_found_to_a_tenth_of_a_degree() {
        for slope in [-1.7f32, -0.6, 0.0, 0.9, 2.3] {
            let found = skew_degrees(&lines_page(1200, 1100, slope), 3.0);
            assert!((found - slope).abs() < 0.1, "slope {slope}: found {found}");
        }
    }

    #[test]
    fn rotating_back_by_the_found_skew_levels_the_lines() {
        let mut img = RgbImage::from_pixel(800, 600, Rgb([255, 255, 255]));
        let t = 2.0f32.to_radians().tan();
        for line in 0..10 {
            for x in 50..750u32 {
                for dy in 0..6 {
                    let y = (80.0 + line as f32 * 45.0 + dy as f32 + x as f32 * t) as u32;
                    img.put_pixel(x, y, Rgb([0, 0, 0]));
                }
            }
        }
        let skew = skew_degrees(&ink_mask(&gray(&img), 128), 3.0);
        assert!((skew - 2.0).abs() < 0.1, "{skew}");
        let level = rotate(&img, -skew);
        let after = skew_degrees(&ink_mask(&gray(&level), 128), 3.0);
        assert!(after.abs() < SKEW_WORTH_LEVELLING, "{after}");
    }

    #[test]
    fn rotating_by_nothing_keeps_every_inner_pixel_and_a_quarter_turn_moves_them() {
        let img = RgbImage::from_fn(40, 30, |x, y| {
            Rgb([(x * 6) as u8, (y * 8) as u8, ((x + y) * 3) as u8])
        });
        let same = rotate(&img, 0.0);
        for y in 0..29 {
            for x in 0..39 {
                assert_eq!(same.get_pixel(x, y), img.get_pixel(x, y), "{x},{y}");
            }
        }
        // A dark dot right of centre turned 90° clockwise lands below the centre.
        let mut dot = RgbImage::from_pixel(41, 41, Rgb([255, 255, 255]));
        dot.put_pixel(30, 20, Rgb([0, 0, 0]));
        let turned = rotate(&dot, 90.0);
        assert!(turned.get_pixel(20, 30)[0] < 64, "{:?}", turned.get_pixel(20, 30));
        assert_eq!(turned.get_pixel(30, 20)[0], 255);
    }

    #[test]
    fn pale_ink_is_grey_between_the_ink_cut_and_paper_away_from_ink() {
        let mut g = GrayImage::from_pixel(40, 10, Luma([255]));
        g.put_pixel(5, 5, Luma([200])); // a fingerprint's ridge
        g.put_pixel(30, 5, Luma([40])); // ink, with its grey rim beside it
        g.put_pixel(31, 5, Luma([200]));
        g.put_pixel(15, 5, Luma([245])); // paper's noise
        let dark = ink_mask(&g, 130);
        let pale = pale_mask(&g, 130, &dark, 3);
        assert!(pale.get(5, 5));
        assert!(
            !pale.get(30, 5) && !pale.get(31, 5),
            "ink and its rim are not pale ink"
        );
        assert!(!pale.get(15, 5));
    }

    #[test]
    fn rules_keep_characters_and_take_borders() {
        let mut ink = Mask::new(300, 200);
        // A border with a one-pixel scanning gap, and a 40-pixel character stroke.
        for x in 10..290 {
            if x != 150 {
                ink.bits[50 * 300 + x] = true;
            }
        }
        for x in 20..60 {
            ink.bits[120 * 300 + x] = true;
        }
        for y in 5..195 {
            ink.bits[y * 300 + 200] = true;
        }
        let r = rules(&ink, 100);
        assert!(r.get(149, 50) && r.get(151, 50) && r.get(10, 50));
        assert!(!r.get(30, 120), "a character stroke is not a rule");
        assert!(r.get(200, 100));
    }

    #[test]
    fn ocr_input_keeps_print_under_a_seal_and_drops_seal_rule_and_tint() {
        let mut img = RgbImage::from_pixel(60, 20, Rgb([236, 232, 225]));
        img.put_pixel(5, 5, Rgb([20, 20, 20])); // print
        img.put_pixel(6, 5, Rgb([60, 10, 15])); // print under a seal: dark in every channel
        img.put_pixel(7, 5, Rgb([210, 60, 70])); // the seal's red ink
        for x in 0..60 {
            img.put_pixel(x, 15, Rgb([30, 30, 30])); // a rule
            img.put_pixel(x, 14, Rgb([150, 150, 150])); // its gray rim
        }
        let g = gray(&img);
        let t = otsu(&g);
        let rules = rules(&ink_mask(&g, t), 40);
        let out = ocr_input(&img, &g, &rules, &Mask::of_colour(&img, is_red), t, 150.0);
        assert!(out.get_pixel(5, 5).0[0] < 60, "print stays");
        assert!(out.get_pixel(6, 5).0[0] < 100, "print under the seal stays");
        assert_eq!(out.get_pixel(7, 5).0[0], 255, "the seal goes");
        assert_eq!(out.get_pixel(30, 15).0[0], 255, "the rule goes");
        assert_eq!(out.get_pixel(30, 14).0[0], 255, "and its rim");
        assert_eq!(out.get_pixel(40, 2).0[0], 255, "tinted paper is white");
    }

    #[test]
    fn dilate_grows_by_the_radius() {
        let mut m = Mask::new(9, 9);
        m.bits[4 * 9 + 4] = true;
        let d = dilate(&m, 2);
        assert!(d.get(2, 2) && d.get(6, 6) && d.get(4, 2));
        assert!(!d.get(1, 4) && !d.get(7, 7));
        assert_eq!(d.bits.iter().filter(|b| **b).count(), 25);
    }

    #[test]
    fn otsu_splits_paper_from_ink_and_red_is_told_from_tint() {
        let mut g = GrayImage::from_pixel(100, 100, Luma([235]));
        for x in 0..100 {
            for y in 0..10 {
                g.put_pixel(x, y, Luma([30]));
            }
        }
        let t = otsu(&g);
        assert!((30..235).contains(&t), "{t}");
        assert!(is_red(&Rgb([200, 40, 50])));
        assert!(!is_red(&Rgb([250, 232, 226])), "paper tint is not red ink");
        assert!(is_red(&Rgb([228, 180, 184])), "a scanned fingerprint's pink is");
        assert!(!is_red(&Rgb([20, 20, 20])));
    }
}
