//! Printed lines tesseract's layout analysis dropped. On a sparse page (a transcript's last
//! page: a line of print, then the signatures) tesseract can leave a lone printed line out of
//! every block: 「以上记录我看过，无误。」 between the last answer and the signature rows
//! (seed 2058 s040 p9 and p15, s035 p13) was never read, its ink came back as strokes nothing
//! explained, and the closing statement was called missing. The same strip read on its own,
//! as one line, reads at print's confidence. So rows of unexplained ink that have print's
//! height and a sentence's width, on a row of the page no line was read on, are read again.

use image::{GrayImage, imageops};

use super::engine::{Engine, EngineError, OcrLine, Symbol};
use super::prepare::Mask;
use crate::text::is_ideograph;

/// Highest of a row's blobs, in print heights: a printed character's own ink (a tall hand's
/// strokes are taller).
const ROW_MAX_HEIGHT: f32 = 1.35;
/// The row's ink, all its blobs together, in print heights: print is about one high.
const ROW_HEIGHT: (f32, f32) = (0.6, 1.5);
/// Widest gap between two blobs of one line, in print heights (a 「，」 and the space after it).
const ROW_MAX_GAP: f32 = 2.0;
/// Narrowest row worth reading, in print heights: a sentence, not a name or a date.
const ROW_MIN_WIDTH: f32 = 5.0;
/// Fewest blobs in a row (print's characters touch at a scan's resolution, so a few).
const ROW_MIN_BLOBS: usize = 3;
/// Share of the row's height a line already read may reach into it: the row is the line's
/// own (a hand beside its label) or its neighbour's descenders.
const ROW_MAX_OVERLAP: f32 = 0.3;
/// Share of a row's dark ink that may be blue: print is never in a pen's blue.
const ROW_MAX_BLUE: f32 = 0.05;
/// What a reading of the row must be to count as print: confident, mostly ideographs, its
/// characters filling the row's height (not fragments of a hand), and across most of the row.
const MIN_CONF: f32 = 0.9;
const MIN_IDEOGRAPHS: f32 = 0.6;
const SYMBOL_MIN_HEIGHT: f32 = 0.7;
const MIN_COVER: f32 = 0.7;
const MIN_SYMBOLS: usize = 4;
/// The sizes a row is read at, its own first, until one reads as print.
const RESCALES: [f32; 3] = [1.0, 1.5, 2.0];

/// A pixel box `[x0, y0, x1, y1)`.
pub type Px = [i32; 4];

/// Rows of `blobs` (the dark ink no printed symbol explains, in pixels) that look like a
/// line of print of `print` pixels' height, on rows of the page where none of `lines` was read.
pub fn rows(blobs: &[Px], lines: &[OcrLine], print: f32) -> Vec<Px> {
    if print <= 0.0 {
        return Vec::new();
    }
    let mut small: Vec<Px> = blobs
        .iter()
        .copied()
        .filter(|b| ((b[3] - b[1]) as f32) <= ROW_MAX_HEIGHT * print)
        .collect();
    small.sort_by_key(|b| (b[1], b[0]));
    // Bands: a blob joins the band its vertical centre falls in.
    let mut bands: Vec<(Px, Vec<Px>)> = Vec::new();
    for b in small {
        let centre = (b[1] + b[3]) / 2;
        match bands.iter_mut().find(|(r, _)| r[1] <= centre && centre <= r[3]) {
            Some((r, members)) => {
                *r = union(r, &b);
                members.push(b);
            }
            None => bands.push((b, vec![b])),
        }
    }
    let read: Vec<Px> = lines.iter().filter_map(OcrLine::bbox).collect();
    let mut out = Vec::new();
    for (_, mut members) in bands {
        members.sort_by_key(|b| b[0]);
        let mut runs: Vec<Vec<Px>> = Vec::new();
        for b in members {
            match runs.last_mut() {
                Some(run)
                    if (b[0] - run.iter().map(|r| r[2]).max().unwrap_or(b[0])) as f32
                        <= ROW_MAX_GAP * print =>
                {
                    run.push(b)
                }
                _ => runs.push(vec![b]),
            }
        }
        for run in runs {
            let Some(bbox) = run.iter().copied().reduce(|a, b| union(&a, &b)) else {
                continue;
            };
            let (w, h) = ((bbox[2] - bbox[0]) as f32, (bbox[3] - bbox[1]) as f32);
            let free = read.iter().all(|l| {
                let overlap = (l[3].min(bbox[3]) - l[1].max(bbox[1])).max(0) as f32;
                overlap <= ROW_MAX_OVERLAP * h
            });
            if run.len() >= ROW_MIN_BLOBS
                && w >= ROW_MIN_WIDTH * print
                && (ROW_HEIGHT.0 * print..=ROW_HEIGHT.1 * print).contains(&h)
                && free
            {
                out.push(bbox);
            }
        }
    }
    out
}

/// Whether the row's dark ink is a pen's blue rather than print's black.
pub fn is_blue(row: &Px, dark: &Mask, blue: &Mask) -> bool {
    let (mut ink, mut blues) = (0u32, 0u32);
    for y in row[1].max(0) as u32..(row[3].max(0) as u32).min(dark.height) {
        for x in row[0].max(0) as u32..(row[2].max(0) as u32).min(dark.width) {
            if dark.get(x, y) {
                ink += 1;
                blues += u32::from(blue.get(x, y));
            }
        }
    }
    blues as f32 > ROW_MAX_BLUE * ink as f32
}

/// Reads `row` of `input` (the image tesseract was given, its print `print` pixels high) as
/// one line; the line, in the page image's pixels, when it reads as print (`is_print`).
pub fn reread(
    engine: &mut Engine,
    input: &GrayImage,
    row: &Px,
    print: f32,
    ppi: f32,
) -> Result<Option<OcrLine>, EngineError> {
    let (pad_x, pad_y) = ((0.5 * print) as i32, (0.35 * print) as i32);
    let x0 = (row[0] - pad_x).max(0);
    let y0 = (row[1] - pad_y).max(0);
    let x1 = (row[2] + pad_x).min(input.width() as i32);
    let y1 = (row[3] + pad_y).min(input.height() as i32);
    if x1 <= x0 || y1 <= y0 {
        return Ok(None);
    }
    let strip =
        imageops::crop_imm(input, x0 as u32, y0 as u32, (x1 - x0) as u32, (y1 - y0) as u32).to_image();
    // Tesseract's reading of a strip depends on its size: as a single line (psm 7) the strip
    // of seed 2058 s035 p13 read as nothing at 240 ppi and whole at 1.5×. As a raw line every
    // dropped line seen so far reads at the page's size; a row it reads as no print there is
    // tried larger.
    for k in RESCALES {
        let sized = if k == 1.0 {
            strip.clone()
        } else {
            let (w, h) = (
                (strip.width() as f32 * k).round() as u32,
                (strip.height() as f32 * k).round() as u32,
            );
            imageops::resize(&strip, w.max(1), h.max(1), imageops::FilterType::CatmullRom)
        };
        let back = |v: i32| (v as f32 / k).round() as i32;
        let symbols: Vec<Symbol> = engine
            .recognise_line(&sized, (ppi * k).round() as u32)?
            .into_iter()
            .flat_map(|l| l.symbols)
            // A raw line's boxes may take the strip's whole height: the row's ink is the
            // line's, the margin above and below is not.
            .map(|s| Symbol {
                bbox: [
                    back(s.bbox[0]) + x0,
                    (back(s.bbox[1]) + y0).max(row[1]),
                    back(s.bbox[2]) + x0,
                    (back(s.bbox[3]) + y0).min(row[3]),
                ],
                ..s
            })
            .collect();
        if is_print(&symbols, row) {
            return Ok(Some(OcrLine { symbols }));
        }
    }
    Ok(None)
}

/// Whether a reading of `row` is a line of print (see [`MIN_CONF`] and the others).
fn is_print(symbols: &[Symbol], row: &Px) -> bool {
    if symbols.len() < MIN_SYMBOLS {
        return false;
    }
    let n = symbols.len() as f32;
    let conf = symbols.iter().map(|s| s.conf).sum::<f32>() / n;
    let mut heights: Vec<i32> = symbols
        .iter()
        .filter(|s| s.text.chars().any(is_ideograph))
        .map(|s| s.bbox[3] - s.bbox[1])
        .collect();
    let ideographs = heights.len() as f32;
    heights.sort_unstable();
    let median = heights.get(heights.len() / 2).copied().unwrap_or(0) as f32;
    let left = symbols.iter().map(|s| s.bbox[0]).min().unwrap_or(0);
    let right = symbols.iter().map(|s| s.bbox[2]).max().unwrap_or(0);
    conf >= MIN_CONF
        && ideographs >= MIN_IDEOGRAPHS * n
        && median >= SYMBOL_MIN_HEIGHT * (row[3] - row[1]) as f32
        && (right - left) as f32 >= MIN_COVER * (row[2] - row[0]) as f32
}

fn union(a: &Px, b: &Px) -> Px {
    [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(boxes: &[Px]) -> OcrLine {
        OcrLine {
            symbols: boxes
                .iter()
                .map(|b| Symbol {
                    text: "字".into(),
                    bbox: *b,
                    conf: 0.97,
                })
                .collect(),
        }
    }

    /// Blobs of a printed sentence at `y`, characters of 40 px, some touching.
    fn sentence(x: i32, y: i32, n: i32) -> Vec<Px> {
        (0..n).map(|i| [x + i * 90, y, x + i * 90 + 80, y + 40]).collect()
    }

    #[test]
    fn a_sentence_of_print_sized_ink_on_a_row_of_its_own_is_a_row_to_read() {
        let answer = line(&[[200, 100, 240, 140], [250, 100, 290, 140]]);
        let label = line(&[[600, 400, 640, 440], [650, 400, 690, 440]]);
        let blobs = sentence(200, 250, 4);
        assert_eq!(
            rows(&blobs, &[answer.clone(), label.clone()], 40.0),
            vec![[200, 250, 550, 290]]
        );
        // The same ink on the row of a line already read is that line's (a hand beside its
        // label), however far along the row.
        let beside = line(&[[1200, 255, 1240, 295]]);
        assert!(rows(&blobs, &[answer, beside], 40.0).is_empty());
    }

    #[test]
    fn a_name_a_tall_hand_or_a_gappy_scatter_is_no_row_to_read() {
        // Two characters' width: a name, not a sentence.
        assert!(rows(&sentence(200, 250, 2), &[], 40.0).is_empty());
        // A hand twice print's height.
        let tall: Vec<Px> = (0..5).map(|i| [200 + i * 90, 250, 280 + i * 90, 330]).collect();
        assert!(rows(&tall, &[], 40.0).is_empty());
        // Specks a line's width apart are no line.
        let scatter: Vec<Px> = (0..5).map(|i| [200 + i * 200, 250, 240 + i * 200, 290]).collect();
        assert!(rows(&scatter, &[], 40.0).is_empty());
    }

    #[test]
    fn a_reading_counts_as_print_only_when_confident_ideographs_fill_and_span_the_row() {
        let row = [200, 250, 650, 290];
        let read = |text: &str, conf: f32, h: i32| -> Vec<Symbol> {
            text.chars()
                .enumerate()
                .map(|(i, c)| Symbol {
                    text: c.to_string(),
                    bbox: [200 + i as i32 * 45, 250, 240 + i as i32 * 45, 250 + h],
                    conf,
                })
                .collect()
        };
        assert!(is_print(&read("以上记录我看过无误", 0.96, 40), &row));
        assert!(
            !is_print(&read("以上记录我看过无误", 0.8, 40), &row),
            "a doubtful reading"
        );
        assert!(
            !is_print(&read("以上记录我看过无误", 0.96, 20), &row),
            "fragments of the row's ink"
        );
        assert!(
            !is_print(&read("以上记", 0.96, 40), &row),
            "a few characters of the row"
        );
        assert!(!is_print(&read("ll1|IIl1l", 0.96, 40), &row), "no ideographs");
    }
}
