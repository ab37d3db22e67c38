//! One page image → one `Page`: prepare the image, find its orientation, recognise it, and
//! turn tesseract's symbols and the unexplained ink into the same lines, glyphs and strokes an
//! exported PDF gives, in page points with a top-left origin.

use image::{GrayImage, RgbImage};
use tracing::debug;

use crate::extract::raster::Scan;
use crate::geom::Rect;
use crate::page::{Glyph, Line, Page, PageSource, Stroke};
use crate::text::is_ideograph;

use super::OcrSettings;
use super::dropped;
use super::engine::{Engine, EngineError, OcrLine, Symbol};
use super::marks::{self, Ink};
use super::prepare::{self, Mask};

/// A gap between symbols wider than this share of the line's character height is a space.
/// OCR boxes hug the ink, so narrow characters (，1 人) leave wide gaps at normal spacing.
const SPACE_GAP: f32 = 0.9;
/// Mean confidence under which a page is suspected of not being upright: upright forms read
/// at 0.91 or better even with handwriting on them, pages upside down or sideways at 0.80–0.87.
const DOUBT_CONF: f32 = 0.88;
/// An upside-down page that OSD missed can also come back as *confident* garbage, but
/// garbage that mixes Latin letters into the Chinese (「StEOT[9TO」, 「szgs才T」) at about 0.85–0.9
/// mean confidence; a Chinese form read the right way up is read at 0.95 or better with
/// hardly a letter. Below this confidence with this share of letters, the page is doubted.
const GARBLED_CONF: f32 = 0.92;
const GARBLED_LETTERS: f32 = 0.05;
/// A page of a dossier holds more than a line of print: a reading of fewer symbols is of a
/// blank page, or of a page lying sideways, which tesseract often reads as a handful of
/// confident characters (「起」「起」, 「逮」「并」「长」) rather than as garbage.
const FEW_SYMBOLS: usize = 20;
/// OSD's confidence from which its orientation is believed (upright pages score 10–20,
/// blank or nearly blank ones near 0).
const OSD_MIN_CONF: f32 = 1.5;
/// How much less surely, per symbol, a turned reading that is itself doubtful may read than
/// the reading it would replace. A page holding little but a closing hand and signatures is
/// doubted only for its few symbols, read at 0.99; turned over, the same page reads as twice
/// as many symbols of garbage at 0.86 (seed 2069 s017 p16), more summed confidence but no
/// page. A page truly upside down reads worse as it stands than turned right.
const TURNED_CONF_DROP: f32 = 0.1;
/// Print is told from handwriting by size, not by confidence: tesseract reads a signature in
/// a clear hand with 99 % confidence. Only characters of about the print's height explain the
/// ink under them; the rest of the ink may be handwriting and is kept as marks.
const PRINT_MAX_HEIGHT: f32 = 1.35;
/// Characters this much taller than the print, next to another tall one, are handwriting read
/// as text (a signature beside typed names): left out of the text. Tesseract's boxes are
/// loose (a printed 看 may come back half again as tall, alone among its neighbours), so a
/// name is a run of tall characters, never one.
const HANDWRITING_MIN_HEIGHT: f32 = 1.6;
const HANDWRITING_NEIGHBOUR: f32 = 1.45;
/// A bar is a fraction of a character wide. Tesseract forces a blob it cannot read into one
/// with a box as wide as the blob (a grey fingerprint's whorl read 「|」 19 pt wide, beside
/// a print 11 pt high): such a box is no print and explains no ink. Only bars: a digit's or
/// a bracket's box may stretch over the gap before it and still cover print.
const BARS: &[char] = &['|', '丨'];
/// Width, as a share of the print's height, from which a bar's box is not its own.
const BAR_MAX_WIDTH: f32 = 1.2;

/// The engines one worker uses: text, and orientation when the OSD model is installed.
pub struct Engines {
    pub text: Engine,
    pub osd: Option<Engine>,
}

/// What one recognition of a page gave.
struct Reading {
    image: RgbImage,
    ppi: f32,
    /// The gray level at and below which a pixel is ink.
    threshold: u8,
    dark: Mask,
    red: Mask,
    rules: Mask,
    /// The image tesseract was given.
    input: GrayImage,
    lines: Vec<OcrLine>,
    skew: f32,
    monochrome: bool,
}

impl Reading {
    fn doubtful(&self) -> bool {
        doubtful(&self.lines)
    }
}

/// Whether a reading looks like a page read upside down: little confidence, or middling
/// confidence in a Chinese page full of Latin letters.
fn doubtful(lines: &[OcrLine]) -> bool {
    let symbols: Vec<&Symbol> = lines.iter().flat_map(|l| &l.symbols).collect();
    let n = symbols.len().max(1) as f32;
    let mean_conf = symbols.iter().map(|s| s.conf).sum::<f32>() / n;
    let letters = symbols
        .iter()
        .filter(|s| !s.text.is_empty() && s.text.chars().all(|c| c.is_ascii_alphabetic()))
        .count();
    // A page read sideways comes back as columns: lines taller than they are wide.
    let long: Vec<[i32; 4]> = lines
        .iter()
        .filter(|l| l.symbols.len() >= 3)
        .filter_map(OcrLine::bbox)
        .collect();
    let columns = long.iter().filter(|b| b[3] - b[1] > b[2] - b[0]).count();
    symbols.len() < FEW_SYMBOLS
        || mean_conf < DOUBT_CONF
        || (mean_conf < GARBLED_CONF && letters as f32 / n > GARBLED_LETTERS)
        || 2 * columns > long.len()
}

impl Reading {
    fn mean_conf(&self) -> f32 {
        mean_conf(&self.lines)
    }
}

fn score(lines: &[OcrLine]) -> f32 {
    lines.iter().flat_map(|l| &l.symbols).map(|s| s.conf).sum()
}

fn mean_conf(lines: &[OcrLine]) -> f32 {
    let n = lines.iter().map(|l| l.symbols.len()).sum::<usize>();
    if n == 0 { 0.0 } else { score(lines) / n as f32 }
}

/// Whether a reading of the page turned is to be believed over `current`: more summed
/// confidence (a page read right finds more text), unless it is doubtful itself and reads
/// its symbols much less surely — garbage can hold more symbols than a sparse page.
fn outweighs(turned: &[OcrLine], current: &[OcrLine]) -> bool {
    score(turned) > score(current)
        && !(doubtful(turned) && mean_conf(turned) + TURNED_CONF_DROP < mean_conf(current))
}

/// Reads one scanned page.
pub fn read_page(
    number: usize,
    scan: Scan,
    engines: &mut Engines,
    settings: &OcrSettings,
) -> Result<Page, EngineError> {
    let ppi = scan.image.width() as f32 * 72.0 / scan.page_width.max(1.0);
    let (image, ppi) = prepare::normalise_resolution(scan.image, ppi, settings.target_ppi, settings.ppi_band);
    // Upside-down and sideways pages are common in scanned dossiers, and tesseract reads them
    // as garbage: doubtfully, or confidently but mixed with Latin letters, or as columns of
    // vertical text. Most pages are upright, so the page is read first as it stands; only a
    // doubtful reading asks OSD for the orientation (a third of the cost of a reading) and,
    // when still doubtful, tries the page turned over; the best reading is kept.
    let mut turned = 0;
    let mut best = recognise(image, ppi, &mut engines.text)?;
    if best.doubtful()
        && let Some(osd) = engines.osd.as_mut()
    {
        let small = prepare::gray(&image::imageops::thumbnail(
            &best.image,
            best.image.width() / 2,
            best.image.height() / 2,
        ));
        if let Some(o) = osd.orientation(&small, (best.ppi / 2.0) as u32)
            && o.degrees.rem_euclid(360) != 0
            && o.confidence >= OSD_MIN_CONF
        {
            // OSD gives the clockwise rotation the page has; undo it.
            let turn = (360 - o.degrees).rem_euclid(360);
            let again = recognise(
                prepare::quarter_turn(&best.image, turn),
                best.ppi,
                &mut engines.text,
            )?;
            debug!(page = number, osd = o.degrees, conf = o.confidence, "orientation");
            // OSD's word is kept unless its reading is doubtful too and does not outweigh the
            // reading as it stands.
            if !again.doubtful() || outweighs(&again.lines, &best.lines) {
                best = again;
                turned = turn;
            }
        }
    }
    if best.doubtful() {
        // Still doubtful: turned over, and a page that lies landscape (a portrait form fed
        // sideways, whose text OSD found too little of) turned either way too.
        let landscape = best.image.width() > best.image.height();
        let turns: &[i32] = if landscape { &[180, 90, 270] } else { &[180] };
        let mut tried = None;
        for &turn in turns {
            let again = recognise(
                prepare::quarter_turn(&best.image, turn),
                best.ppi,
                &mut engines.text,
            )?;
            debug!(
                page = number,
                turn,
                before = best.mean_conf(),
                after = again.mean_conf(),
                "turned"
            );
            let better = outweighs(
                &again.lines,
                &tried.as_ref().map_or(&best, |(_, r): &(i32, Reading)| r).lines,
            );
            // A reading that is better and no longer doubtful is the page upright: the
            // remaining turns would cost a reading each for nothing.
            let upright = better && !again.doubtful();
            if better {
                tried = Some((turn, again));
            }
            if upright {
                break;
            }
        }
        if let Some((turn, again)) = tried {
            best = again;
            turned = (turned + turn) % 360;
        }
    }
    let (w_px, h_px) = best.image.dimensions();
    let page_w = if turned % 180 == 0 {
        scan.page_width
    } else {
        scan.page_height
    };
    let scale = page_w / w_px as f32;
    debug!(
        page = number,
        ppi = best.ppi,
        skew = best.skew,
        turned,
        conf = best.mean_conf(),
        "read"
    );

    let blue = Mask::of_colour(&best.image, prepare::is_blue);
    // On a grey or black-and-white scan a fingerprint is grey, pale where it was light.
    let pale = best.monochrome.then(|| {
        let gray = prepare::gray(&best.image);
        prepare::pale_mask(
            &gray,
            best.threshold,
            &best.dark,
            (best.ppi / 100.0).round() as u32,
        )
    });
    // The print's height as the page was read: a line read again adds its characters to the
    // text, not to what the page's print is taken to be.
    let print_height = print_height(&best.lines);
    let mut explained = explain(&best, print_height, &blue, pale.as_ref(), scale);
    if recover_dropped(
        &mut best,
        &explained.strokes,
        print_height,
        &blue,
        scale,
        &mut engines.text,
    )? {
        explained = explain(&best, print_height, &blue, pale.as_ref(), scale);
    }
    let lines = best
        .lines
        .iter()
        .zip(&explained.hand)
        .filter_map(|(l, hand)| line(l, scale, hand))
        .collect();
    let strokes = explained.strokes;
    Ok(Page {
        number,
        width: page_w,
        // The image's own aspect, so every box stays inside the page.
        height: h_px as f32 * scale,
        source: PageSource::Ocr {
            monochrome: best.monochrome,
        },
        lines,
        images: Vec::new(),
        strokes,
        // Only the model reads the copy; without it the page is not worth the encoding.
        pixels: crate::model::judge_is_model()
            .then(|| crate::model::pixels::keep(&best.image, best.ppi, page_w))
            .flatten(),
    })
}

/// What of a reading is print and what is ink nothing printed explains.
struct Explained {
    /// Per line, per symbol: handwriting read as text, left out of the line.
    hand: Vec<Vec<bool>>,
    strokes: Vec<Stroke>,
}

fn explain(best: &Reading, print_height: f32, blue: &Mask, pale: Option<&Mask>, scale: f32) -> Explained {
    let (w_px, h_px) = best.image.dimensions();
    let titles: Vec<bool> = best
        .lines
        .iter()
        .map(|l| is_title(l, print_height, w_px, h_px))
        .collect();
    let taller_than = |line: usize, s: &Symbol, k: f32| {
        print_height > 0.0 && !titles[line] && (s.bbox[3] - s.bbox[1]) as f32 > k * print_height
    };
    let hand: Vec<Vec<bool>> = best
        .lines
        .iter()
        .enumerate()
        .map(|(li, l)| {
            let tall = |k: usize, by: f32| l.symbols.get(k).is_some_and(|s| taller_than(li, s, by));
            // A signature read as text shares its line with the printed label; a line with no
            // print-sized characters is a title or a heading in a larger size, kept whole.
            let mixed = (0..l.symbols.len())
                .filter(|k| !tall(*k, PRINT_MAX_HEIGHT))
                .count()
                >= 2;
            (0..l.symbols.len())
                .map(|k| {
                    // Names are ideographs; digits and punctuation get the loosest boxes.
                    mixed
                        && l.symbols[k].text.chars().all(is_ideograph)
                        && tall(k, HANDWRITING_MIN_HEIGHT)
                        && ((k > 0 && tall(k - 1, HANDWRITING_NEIGHBOUR))
                            || tall(k + 1, HANDWRITING_NEIGHBOUR))
                })
                .collect()
        })
        .collect();
    let printed: Vec<[i32; 4]> = best
        .lines
        .iter()
        .enumerate()
        .flat_map(|(i, l)| l.symbols.iter().map(move |s| (i, s)))
        .filter(|(i, s)| !taller_than(*i, s, PRINT_MAX_HEIGHT) && !forced(s, print_height))
        .map(|(_, s)| s.bbox)
        .collect();
    let strokes = marks::handwriting(&Ink {
        dark: &best.dark,
        red: &best.red,
        blue,
        rules: &best.rules,
        pale,
        printed: &printed,
        ppi: best.ppi,
        scale,
    });
    Explained { hand, strokes }
}

/// Whether a symbol is a bar in a box too wide for one (see [`BARS`]).
fn forced(s: &Symbol, print_height: f32) -> bool {
    let mut chars = s.text.trim().chars();
    let bar = matches!((chars.next(), chars.next()), (Some(c), None) if BARS.contains(&c));
    bar && print_height > 0.0 && (s.bbox[2] - s.bbox[0]) as f32 > BAR_MAX_WIDTH * print_height
}

/// Reads again, each as one line, the rows of unexplained ink that look like print on rows
/// of the page no line was read on (`dropped`), and adds those that read as print to the
/// reading in their place top to bottom. Whether any was added.
fn recover_dropped(
    best: &mut Reading,
    strokes: &[Stroke],
    print_height: f32,
    blue: &Mask,
    scale: f32,
    engine: &mut Engine,
) -> Result<bool, EngineError> {
    let blobs: Vec<dropped::Px> = strokes
        .iter()
        // The dark ink only: red and pale blobs are fingerprints and seals.
        .filter(|s| s.color[0] < 0.5)
        .map(|s| {
            let b = s.bbox;
            [b.x0, b.y0, b.x1, b.y1].map(|v| (v / scale).round() as i32)
        })
        .collect();
    let mut added = false;
    for row in dropped::rows(&blobs, &best.lines, print_height) {
        if dropped::is_blue(&row, &best.dark, blue) {
            continue;
        }
        let Some(found) = dropped::reread(engine, &best.input, &row, print_height, best.ppi)? else {
            continue;
        };
        debug!(row = ?row, symbols = found.symbols.len(), "a dropped line read again");
        let top = |l: &OcrLine| l.bbox().map_or(0, |b| b[1]);
        let at = best
            .lines
            .iter()
            .position(|l| top(l) > top(&found))
            .unwrap_or(best.lines.len());
        best.lines.insert(at, found);
        added = true;
    }
    Ok(added)
}

/// Prepares and recognises the image as it stands (after deskewing it).
fn recognise(image: RgbImage, ppi: f32, engine: &mut Engine) -> Result<Reading, EngineError> {
    let gray = prepare::gray(&image);
    let threshold = prepare::otsu(&gray);
    let dark = prepare::ink_mask(&gray, threshold);
    let skew = prepare::skew_degrees(&dark, 3.0);
    let (image, gray, dark) = if skew.abs() >= prepare::SKEW_WORTH_LEVELLING {
        let image = prepare::rotate(&image, -skew);
        let gray = prepare::gray(&image);
        let dark = prepare::ink_mask(&gray, threshold);
        (image, gray, dark)
    } else {
        (image, gray, dark)
    };
    let red = Mask::of_colour(&image, prepare::is_red);
    let monochrome = prepare::is_monochrome(&image);
    // No stroke of a character, printed or written, runs a third of an inch dead straight.
    let rules = prepare::rules(&dark, (ppi / 3.0) as u32);
    let input = prepare::ocr_input(&image, &gray, &rules, &red, threshold, ppi);
    let lines = engine.recognise(&input, ppi.round() as u32)?;
    Ok(Reading {
        image,
        ppi,
        threshold,
        dark,
        red,
        rules,
        input,
        lines,
        skew,
        monochrome,
    })
}

/// A title: a line of characters all of one larger size, centred, in the upper half of the
/// page. Signatures are large too, but they sit beside their labels, not centred alone.
fn is_title(line: &OcrLine, print_height: f32, width: u32, height: u32) -> bool {
    let (Some(first), Some(last)) = (line.symbols.first(), line.symbols.last()) else {
        return false;
    };
    let mut h: Vec<i32> = line.symbols.iter().map(|s| s.bbox[3] - s.bbox[1]).collect();
    h.sort_unstable();
    let median = h[h.len() / 2] as f32;
    let uniform = h
        .iter()
        .filter(|v| (**v as f32 - median).abs() <= 0.3 * median)
        .count()
        * 5
        >= h.len() * 4;
    let centre = (first.bbox[0] + last.bbox[2]) as f32 / 2.0;
    let top = line.symbols.iter().map(|s| s.bbox[1]).min().unwrap_or(0);
    median > PRINT_MAX_HEIGHT * print_height
        && uniform
        && line.symbols.len() >= 2
        && (centre - width as f32 / 2.0).abs() <= 0.12 * width as f32
        && (top as f32) < 0.5 * height as f32
}

/// The height of confidently read characters: the size of the page's print.
fn print_height(lines: &[OcrLine]) -> f32 {
    let mut h: Vec<i32> = lines
        .iter()
        .flat_map(|l| &l.symbols)
        .filter(|s| s.conf >= 0.8 && s.text.chars().any(is_ideograph))
        .map(|s| s.bbox[3] - s.bbox[1])
        .collect();
    if h.is_empty() {
        return 0.0;
    }
    h.sort_unstable();
    h[h.len() / 2] as f32
}

/// A tesseract line as a `Line` in page units: handwriting left out, several characters in one
/// symbol shared out over its box, spaces where the gap is wide.
fn line(l: &OcrLine, scale: f32, handwriting: &[bool]) -> Option<Line> {
    let symbols: Vec<&Symbol> = l
        .symbols
        .iter()
        .zip(handwriting)
        .filter(|(_, hand)| !**hand)
        .map(|(s, _)| s)
        .collect();
    let mut heights: Vec<i32> = symbols.iter().map(|s| s.bbox[3] - s.bbox[1]).collect();
    heights.sort_unstable();
    let height = *heights.get(heights.len() / 2)? as f32;
    let mut glyphs: Vec<Glyph> = Vec::new();
    let mut last_right: Option<i32> = None;
    for s in symbols {
        let chars: Vec<char> = s.text.chars().filter(|c| !c.is_whitespace()).collect();
        if chars.is_empty() {
            continue;
        }
        if let Some(r) = last_right
            && (s.bbox[0] - r) as f32 > SPACE_GAP * height
        {
            glyphs.push(Glyph {
                ch: ' ',
                bbox: px_rect([r, s.bbox[1], s.bbox[0], s.bbox[3]], scale),
                conf: 1.0,
            });
        }
        let step = (s.bbox[2] - s.bbox[0]) as f32 / chars.len() as f32;
        for (i, ch) in chars.iter().enumerate() {
            let x0 = s.bbox[0] as f32 + step * i as f32;
            glyphs.push(Glyph {
                ch: *ch,
                bbox: Rect::new(
                    x0 * scale,
                    s.bbox[1] as f32 * scale,
                    (x0 + step) * scale,
                    s.bbox[3] as f32 * scale,
                ),
                conf: s.conf,
            });
        }
        last_right = Some(last_right.map_or(s.bbox[2], |r| r.max(s.bbox[2])));
    }
    (!glyphs.is_empty()).then(|| Line::from_glyphs(glyphs))
}

fn px_rect(b: [i32; 4], scale: f32) -> Rect {
    Rect::new(
        b[0] as f32 * scale,
        b[1] as f32 * scale,
        b[2] as f32 * scale,
        b[3] as f32 * scale,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reading(text: &str, conf: f32) -> Vec<OcrLine> {
        vec![OcrLine {
            symbols: text
                .chars()
                .enumerate()
                .map(|(i, c)| Symbol {
                    text: c.to_string(),
                    bbox: [12 * i as i32, 0, 12 * i as i32 + 10, 10],
                    conf,
                })
                .collect(),
        }]
    }

    #[test]
    fn a_bar_boxed_wider_than_a_character_is_no_print() {
        let symbol = |text: &str, width: i32| Symbol {
            text: text.to_string(),
            bbox: [100, 0, 100 + width, 30],
            conf: 0.92,
        };
        // Seed 2059 s022 p6: a grey fingerprint's whorl read 「|」 19 pt wide beside print
        // 11 pt high (here in pixels at 240 ppi: 63 wide, print 36 high).
        assert!(forced(&symbol("|", 63), 36.0));
        assert!(forced(&symbol("丨 ", 63), 36.0));
        // A bar its own width, and a digit or bracket whose box stretched, explain their ink.
        assert!(!forced(&symbol("|", 8), 36.0));
        assert!(!forced(&symbol("1", 63), 36.0));
        assert!(!forced(&symbol("|1", 63), 36.0));
        assert!(!forced(&symbol("|", 63), 0.0));
    }

    #[test]
    fn confident_garbage_with_latin_letters_is_doubted_a_chinese_page_is_not() {
        // s013 p.8 of the scanned fixtures, upside down, as tesseract read it.
        assert!(doubtful(&reading(
            "近z江/近z费5:上屋尘区这YE看汝B8世8志Sz02守",
            0.87
        )));
        assert!(doubtful(&reading("问：你叫什么名字？答：张三。", 0.6)));
        assert!(!doubtful(&reading(
            "问：你叫什么名字？答：张三，住某市某区。",
            0.97
        )));
        // A page that cites an ID with an X, read well, is not doubted for its letter.
        assert!(!doubtful(&reading("身份证号码11010519491231002X", 0.96)));
        // A page lying sideways read as a handful of confident characters (「起」「起」).
        assert!(doubtful(&reading("起起", 0.96)));
        // Read sideways: a column of characters, one under the other.
        let mut column = reading("问你叫什么名字答张三", 0.97);
        for (i, s) in column[0].symbols.iter_mut().enumerate() {
            s.bbox = [0, 12 * i as i32, 10, 12 * i as i32 + 10];
        }
        assert!(doubtful(&column));
        assert!(doubtful(&[]));
    }

    #[test]
    fn a_sparse_page_read_surely_is_not_turned_for_more_garbage() {
        // Seed 2069 s017 p16, upright: a closing hand's page, its print read at 0.99 and
        // doubted only for its few symbols; turned over, twice as many symbols at 0.86.
        let upright = reading("被询问人：侦查员：记录人：共2页第2页", 0.99);
        let over = reading(
            "丈梨于:Y世区可俩全只条用LS:YY思了避Be8TIg9专5202三不用量灼哮导其时叭玫训十六",
            0.86,
        );
        assert!(doubtful(&upright) && doubtful(&over));
        assert!(score(&over) > score(&upright));
        assert!(!outweighs(&over, &upright));
        // Upside down the other way about: the garbage as it stands gives way to the page
        // turned right, whether that reads well or is doubted for its handwriting.
        let page = "问：你叫什么名字？答：张三，住某市某区。问：你因何事被传唤？答：因为打架的事。";
        let garbage = reading("近z江/近z费5:上屋尘区这YE看汝B8世8志Sz02守", 0.87);
        assert!(outweighs(&reading(page, 0.97), &garbage));
        assert!(outweighs(&reading(page, 0.85), &garbage));
        // A sideways page's handful of confident characters gives way to its full reading.
        assert!(outweighs(&reading(page, 0.93), &reading("起起", 0.96)));
    }
}
