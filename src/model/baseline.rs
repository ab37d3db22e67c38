//! The ink-density baseline on a slot crop, for comparison with the model on the same crops:
//! what structure did before the model (ink that is not a rule line, in the slot's area, is a
//! signature; a small red mark is a fingerprint), in pixels instead of strokes. Unlike the
//! page pipeline it has no OCR to explain printed characters away, so print inside the slot
//! counts as ink here; its thresholds are fitted on the training crops (best F1).

use super::crops::Crops;

/// One text height, in model pixels.
const H: usize = 10;

/// What the baseline measures in a crop.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InkMeasure {
    /// Share of the slot's area covered by dark, non-red ink that is not a rule line.
    pub ink: f32,
    /// Red pixels in the slot's area, when their extent is of fingerprint size (else 0).
    pub red: f32,
}

/// Measures a crop given as the model's planes (`height` × `width`).
pub fn measure(planes: &[u8], height: usize, width: usize) -> InkMeasure {
    let n = height * width;
    let red = &planes[n..2 * n];
    // The darkest channel, as the baseline has always measured ink: the model's darkness
    // plane leaves red out, and the redness plane is the red doubled. Where that saturates
    // (red over 127) the sum falls short, but stays above every threshold below, as the
    // darkest channel of such a pixel does.
    let dark: Vec<u16> = planes[..n]
        .iter()
        .zip(red)
        .map(|(&d, &r)| d as u16 + r as u16 / 2)
        .collect();
    let mut ink: Vec<bool> = (0..n).map(|i| dark[i] > 115 && red[i] < 80).collect();
    // Rule lines and table borders: long horizontal or vertical runs of ink.
    for y in 0..height {
        let mut x = 0;
        while x < width {
            let start = x;
            while x < width && ink[y * width + x] {
                x += 1;
            }
            if x - start > 6 * H {
                (start..x).for_each(|k| ink[y * width + k] = false);
            }
            x += 1;
        }
    }
    for x in 0..width {
        let run = (0..height).filter(|y| dark[y * width + x] > 115).count();
        if run > 3 * H {
            (0..height).for_each(|y| ink[y * width + x] = false);
        }
    }
    // The slot's area: right of the label's tail, between the neighbouring lines.
    let (x0, y0, y1) = (2 * H, H - 2, height - H + 4);
    let area = ((width - x0) * (y1 - y0)) as f32;
    let mut inked = 0usize;
    let (mut reds, mut rx0, mut rx1, mut ry0, mut ry1) = (0usize, width, 0, height, 0);
    for y in y0..y1 {
        for x in x0..width {
            let i = y * width + x;
            inked += ink[i] as usize;
            if red[i] > 80 && dark[i] > 60 {
                reds += 1;
                (rx0, rx1, ry0, ry1) = (rx0.min(x), rx1.max(x), ry0.min(y), ry1.max(y));
            }
        }
    }
    let small = reds > 0 && rx1 - rx0 <= 4 * H && ry1 - ry0 <= 4 * H;
    InkMeasure {
        ink: inked as f32 / area,
        red: if small { reds as f32 / area } else { 0.0 },
    }
}

/// The baseline's thresholds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Baseline {
    pub ink: f32,
    pub red: f32,
}

impl Baseline {
    /// Thresholds with the best F1 on `crops`.
    pub fn fit(crops: &Crops) -> Baseline {
        let m: Vec<InkMeasure> = (0..crops.len())
            .map(|i| measure(crops.planes(i), crops.height, crops.width))
            .collect();
        let best = |k: usize, value: &dyn Fn(&InkMeasure) -> f32| {
            (1..200)
                .map(|t| t as f32 * 0.0015)
                .max_by(|a, b| {
                    let f1 = |t: f32| {
                        let pred: Vec<bool> = m.iter().map(|x| value(x) > t).collect();
                        let truth: Vec<bool> = crops.labels.iter().map(|l| l[k]).collect();
                        super::train::Confusion::of(&pred, &truth).f1()
                    };
                    f1(*a).total_cmp(&f1(*b))
                })
                .unwrap_or(0.01)
        };
        Baseline {
            ink: best(0, &|x| x.ink),
            red: best(1, &|x| x.red),
        }
    }

    /// (signed, fingerprint) for a crop.
    pub fn judge(&self, planes: &[u8], height: usize, width: usize) -> [bool; 2] {
        let m = measure(planes, height, width);
        [m.ink > self.ink, m.red > self.red]
    }
}
