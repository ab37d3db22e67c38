//! What is placed on a page (images with ink, freeform strokes), given to the one slot each
//! mark belongs to, and the judgement of each slot by its own marks: signed, blank or a noted
//! refusal; fingerprinted or not; how many names it holds.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{NamesSigned, SignatureSlot, SlotRole, SlotState};
use crate::geom::Rect;
use crate::page::{Line, Page};
use crate::structure::labels::compile;
use crate::text::fold::{Folded, compact};

use crate::structure::labels::last_qa_line;

use super::pixels::Judge;

/// A refusal to sign noted in or by the slot; 签 may be lost to OCR (「拒绝名」, seed 2047
/// s038 p14: typed in the slot, it was then taken for the subject's signature), or all but
/// its first character or two, ending the label's line (「犯罪嫌疑人 ;拒」, seed 2049 s028 p13;
/// 「犯罪嫌疑人: 拒绝」, 2056 s011 p8), or with 签名 read as one other character (「被讯问人签名
/// 拒绝 站」, 2069 s018 p11), a quote OCR read off the underline before it (「犯罪嫌疑人:”拒绝」,
/// seed 2074 s021 p14): no name starts with 拒.
pub(super) static REFUSAL: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r#"拒绝\s*签?\s*[名字]|拒不签[名字]|拒签|拒绝捺|拒不捺|不愿签|不肯签|拒绝在.{0,8}签|拒绝按|[人名][)\]]?[:;,.]?["'“”‘’`]?拒绝?\p{Han}?$"#,
    )
});

/// How far past what OCR read of a refusal its unread rest may run on its row, in font heights
/// (「拒绝签名，特此注明」 read 「拒」).
const REFUSAL_TAIL: f32 = 8.0;

/// Largest side of a red mark that is still a fingerprint rather than a seal, in heights of
/// the print: on a scan OCR's line boxes run taller, and by them a unit's 86-pt seal stamped
/// over a notice's slot passed for the notified person's fingerprint (seed 2081 s019 p9). A
/// fingerprint is 2–3 print heights.
const FINGERPRINT_MAX: f32 = 6.0;

/// Ink a Latin letter OCR read on a scan stands for, in stroke segments (a slot is signed
/// from 3: one letter is not a signature, two are).
const LETTER_SEGMENTS: u32 = 2;

/// Width, in print heights, from which one letter OCR read is a whole scrawl (`marks`): a
/// printed letter is narrower than an ideograph.
const SCRAWL_LETTER_WIDTH: f32 = 2.0;

/// Signs a form never prints, which OCR reads a cursive stroke as (the subject's scrawl
/// read 「7~」, the ~ 27 pt wide, seed 2061 s019 p14, p15): ink like a Latin letter.
const SCRAWL_SIGNS: &[char] = &['~', '^', '@'];

/// A mark placed on the page: an image with ink, or a freeform vector stroke.
#[derive(Debug, Clone, Copy)]
pub(super) struct Mark {
    pub(super) bbox: Rect,
    pub(super) red: bool,
    pub(super) segments: u32,
    /// A placed image (one signature each, as exporters place them) rather than a stroke.
    pub(super) image: bool,
    /// The pen colour of a stroke (two officers rarely share a pen).
    pub(super) color: [f32; 3],
    /// Ink known only from a character OCR read (it signs a slot, but is no sentence).
    pub(super) letter: bool,
    /// That character is an ideograph: a whole character of the hand, however small OCR
    /// boxed it.
    pub(super) ideograph: bool,
}

impl Mark {
    /// The ink of a character OCR read from handwriting, standing for `segments` strokes.
    fn read(bbox: Rect, segments: u32) -> Mark {
        Mark {
            bbox,
            red: false,
            segments,
            image: false,
            color: [0.1, 0.1, 0.15],
            letter: true,
            ideograph: false,
        }
    }

    /// The ink of an ideograph OCR read from handwriting, on a line whose print is `print`
    /// tall: a whole character unless OCR boxed a sliver of it (a typed character's, as like
    /// as not, 「姚总」 with 总 3 pt wide below the band).
    fn read_ideograph(bbox: Rect, print: Option<f32>) -> Mark {
        Mark {
            ideograph: print.is_none_or(|p| bbox.width().max(bbox.height()) >= 0.8 * p),
            ..Mark::read(bbox, HANDWRITTEN_CHAR_SEGMENTS)
        }
    }

    /// Whether this is unread ink flat enough to be a piece of a ruled line (see
    /// [`crate::geom::flat_as_a_rule`]): where the threshold left a step in the slot's rule (a
    /// light fingerprint pressed on it and erased, seed 2026 s022 p11: 17 × 1.9 pt), the piece
    /// past the step is too short for OCR's rule finder, and its three segments signed a slot
    /// the scan shows empty. A hand's stroke that flat is a flourish beside characters, which
    /// sign without it.
    fn rule_piece(&self, h: f32) -> bool {
        !self.red && !self.image && !self.letter && crate::geom::flat_as_a_rule(&self.bbox, h)
    }
}

pub(super) fn marks(page: &Page) -> Vec<Mark> {
    let page_area = page.width * page.height;
    let mut out: Vec<Mark> = page
        .images
        .iter()
        // A full-page image is the page itself (a scan), not something placed in a slot.
        .filter(|i| page_area <= 0.0 || i.bbox.area() < 0.5 * page_area)
        .filter(|i| i.ink_ratio.is_none_or(|r| r > 0.003))
        .map(|i| Mark {
            bbox: i.bbox,
            red: i.red_ratio.is_some_and(|r| r >= 0.5),
            segments: 8,
            image: true,
            color: [0.0; 3],
            letter: false,
            ideograph: false,
        })
        .collect();
    // On a scan, OCR sometimes reads a cursive signature as Latin letters (「记录人:NA」) or
    // signs (`SCRAWL_SIGNS`), and the ink under them is then explained away as print. No
    // Chinese form prints Latin letters where a name goes, so each is ink. One letter is no signature, unless OCR
    // boxed it wider than two characters of print: a whole scrawl read as one letter
    // (「记录人，_A」 with the A 49 pt wide and 12 tall, seed 2045 s036 p7).
    if page.is_scan() {
        let print = page.print_height();
        out.extend(
            page.lines
                .iter()
                .flat_map(|l| &l.glyphs)
                .filter(|g| g.ch.is_ascii_alphabetic() || SCRAWL_SIGNS.contains(&g.ch))
                .map(|g| {
                    let scrawl = print.is_some_and(|p| g.bbox.width() >= SCRAWL_LETTER_WIDTH * p);
                    let segments = if scrawl {
                        2 * LETTER_SEGMENTS
                    } else {
                        LETTER_SEGMENTS
                    };
                    Mark::read(g.bbox, segments)
                }),
        );
    }
    // On a scan, OCR reports a fingerprint it found in pale grey in its own colour.
    let scan = page.is_scan();
    out.extend(page.strokes.iter().filter(|s| s.freeform).map(|s| {
        let [r, g, b] = s.color;
        Mark {
            bbox: s.bbox,
            red: (r > 0.5 && r - g.max(b) > 0.25) || (scan && s.color == crate::ocr::PALE_PRINT),
            segments: s.segments,
            image: false,
            color: s.color,
            letter: false,
            ideograph: false,
        }
    }));
    out
}

/// Whether a mark lies in an area: most of the mark inside, or most of the area covered.
fn inside(m: &Mark, area: &Rect) -> f32 {
    let i = m.bbox.intersection(area).map_or(0.0, |r| r.area());
    if m.bbox.overlap_ratio(area) >= 0.4 || area.overlap_ratio(&m.bbox) >= 0.5 {
        i
    } else {
        0.0
    }
}

/// The zone where a slot's fingerprint goes: beside or over the signature, or over the
/// slot's own label (「被讯问人」 with the print pressed on its 被).
fn fingerprint_zone(slot: &SignatureSlot, h: f32) -> Rect {
    let zone = slot.area.inflate(h * 1.5, h * 0.5);
    if slot.label.is_empty() {
        zone
    } else {
        zone.union(&slot.label_bbox)
    }
}

/// `count_signatures_at`, no character counted smaller than the text height.
#[cfg(test)]
fn count_signatures(marks: &[&Mark], h: f32, scan: bool) -> (u32, u32, f32) {
    count_signatures_at(marks, h, scan, h)
}

/// Counts separate signatures: each placed image that does not mostly overlap another is
/// one (exporters place a signature as one image), and vector strokes closer than about a
/// character apart (horizontally, on overlapping rows) form one name. No character of a
/// hand is counted smaller than `least` (on a scan, the page's print: see `settle`).
fn count_signatures_at(marks: &[&Mark], h: f32, scan: bool, least: f32) -> (u32, u32, f32) {
    let mut images: Vec<Rect> = Vec::new();
    for m in marks.iter().filter(|m| m.image) {
        if !images
            .iter()
            .any(|i| m.bbox.overlap_ratio(i) > 0.5 || i.overlap_ratio(&m.bbox) > 0.5)
        {
            images.push(m.bbox);
        }
    }
    let strokes: Vec<&Mark> = marks
        .iter()
        .copied()
        .filter(|m| !m.image)
        .filter(|m| !images.iter().any(|i| m.bbox.overlap_ratio(i) > 0.5))
        .collect();
    let blobs: Vec<Rect> = strokes.iter().map(|m| m.bbox).collect();
    let groups: Vec<Rect> = if scan {
        join_fragments(scan_clusters(&strokes, h), &blobs, h, least)
    } else {
        // A speck smaller than a typed character is no name: a piece of a signature on the
        // next row, whose middle lay nearer this label (seed 2038 d007 p7: the dot of the
        // recorder's 「方」 below stood for the investigator who had not signed).
        clusters(strokes.iter().map(|m| (m.bbox, m.color)).collect(), h)
            .into_iter()
            .filter(|g| g.width().max(g.height()) >= SPECK_MAX * h)
            .collect()
    };
    let chars: f32 = groups
        .iter()
        .map(|g| g.width() / char_height(g, &blobs, h, scan, least))
        .sum();
    (
        images.len() as u32 + groups.len() as u32,
        images.len() as u32,
        chars,
    )
}

/// The height of one character of a group of handwriting. A scan's blobs are whole
/// characters, so their median height is it; the group's own height is that of all its
/// characters together, taller where the hand wanders off its line (two names side by side,
/// one a little higher) and would count six characters as four and a half.
///
/// Beside blobs of a character's size, one more than `CHAR_BLOB_MAX` text heights tall is
/// no one character: two rows' signatures touching (the investigators' name run into the
/// recorder's below) or an OCR box over several. Measured by them too, two names of two
/// characters read as 2.6 characters, one name (seed 2037 s011 p13, 2035 s010 p10).
fn char_height(group: &Rect, blobs: &[Rect], h: f32, scan: bool, least: f32) -> f32 {
    let whole = group.height().max(h);
    if !scan {
        return whole;
    }
    let inside: Vec<f32> = blobs
        .iter()
        .filter(|b| b.height() >= MAJOR_STROKE_HEIGHT * h && b.overlap_ratio(group) > 0.99)
        .map(|b| b.height())
        .collect();
    let single: Vec<f32> = inside
        .iter()
        .copied()
        .filter(|&b| b <= CHAR_BLOB_MAX * h)
        .collect();
    let heights = if single.is_empty() { inside } else { single };
    crate::geom::median(heights).map_or(whole, |m| m.max(least).min(whole))
}

/// Joins a scan's groups too narrow to hold a name to the group beside them on their row,
/// where less than a character's height lies between: the pieces of one hand's quick scrawl
/// (「ハ 史 几」 for 金超宇, seed 2045 s023 p11), each shorter than a character is wide, are
/// one name however far apart the pen lifted, while a second officer's name is a name wide.
fn join_fragments(mut groups: Vec<Rect>, blobs: &[Rect], h: f32, least: f32) -> Vec<Rect> {
    groups.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    let mut out: Vec<Rect> = Vec::new();
    for g in groups {
        let gh = char_height(&g, blobs, h, true, least);
        let joined = out.last_mut().filter(|last| {
            let lh = char_height(last, blobs, h, true, least);
            let level = g.y0 < last.y1 && last.y0 < g.y1;
            let narrow = last.width() < FRAGMENT_MAX * lh || g.width() < FRAGMENT_MAX * gh;
            level && g.x0 - last.x1 < lh.max(gh) && narrow
        });
        match joined {
            Some(last) => *last = last.union(&g),
            None => out.push(g),
        }
    }
    out
}

/// Widest a scan's group of handwriting is, in its characters' heights, that holds no name
/// of its own (a name is two characters or more).
const FRAGMENT_MAX: f32 = 1.0;

/// Tallest a scan's blob of one handwritten character is, in text heights, where the
/// group has blobs no taller (`char_height`).
const CHAR_BLOB_MAX: f32 = 2.0;

/// Groups strokes into names: strokes of one pen less than about half a character apart
/// belong together (characters within a name sit closer than two names do).
fn clusters(strokes: Vec<(Rect, [f32; 3])>, h: f32) -> Vec<Rect> {
    clusters_in_rows(strokes, h, 0.5 * h)
}

/// `clusters`, with strokes no more than `row_gap` above or below a group joining it.
fn clusters_in_rows(mut strokes: Vec<(Rect, [f32; 3])>, h: f32, row_gap: f32) -> Vec<Rect> {
    strokes.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    let same_pen = |a: [f32; 3], b: [f32; 3]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.08);
    let mut groups: Vec<(Rect, [f32; 3])> = Vec::new();
    for (b, c) in strokes {
        let near = |g: &Rect| {
            b.x0 - g.x1 < 0.6 * h && g.x0 - b.x1 < 0.6 * h && b.y0 < g.y1 + row_gap && g.y0 < b.y1 + row_gap
        };
        match groups.iter_mut().find(|(g, gc)| near(g) && same_pen(*gc, c)) {
            Some((g, _)) => *g = g.union(&b),
            None => groups.push((b, c)),
        }
    }
    groups.into_iter().map(|(g, _)| g).collect()
}

/// `clusters` for the ink of a scan, where print OCR did not box (a missed character, the
/// rim of a line above) is left as specks of print size between the names: chained, they
/// would join every signature in a slot into one name. Names are built from strokes of
/// handwriting size; a speck counts only where it falls inside one.
fn scan_clusters(strokes: &[&Mark], h: f32) -> Vec<Rect> {
    let major = |m: &Mark| {
        m.bbox.height() >= MAJOR_STROKE_HEIGHT * h
            // What OCR read as a letter is no unboxed speck, and a flourish OCR read as 「WA」
            // or 「hv」 is wide and low: as wide as handwriting is tall, it is a name's ink.
            || (m.letter && m.bbox.width() >= MAJOR_STROKE_HEIGHT * h)
            // An ideograph OCR read is a whole character, even of a hand as small as print
            // (a second officer's name written small beside a large first one: 「赵海宇 纺冯」).
            || m.ideograph
    };
    let pens = |major_only: bool| {
        strokes
            .iter()
            .filter(|m| !major_only || major(m))
            .map(|m| (m.bbox, m.color))
            .collect()
    };
    if !strokes.iter().any(|m| major(m)) {
        // A hand as small as the print: nothing to tell specks from it by.
        return clusters(pens(false), h);
    }
    // A scan's blobs are whole characters, not pen segments: a name's characters overlap
    // in height, and a blob wholly above or below is another row's (the line above spills).
    clusters_in_rows(pens(true), h, 0.0)
}

/// Largest side of a text layer's group of strokes that is a speck, not a name, in text
/// heights.
const SPECK_MAX: f32 = 0.6;

/// Height, in text heights, from which a blob of a scan's ink is handwriting rather than a
/// speck of print: signatures are written larger than the form is printed.
const MAJOR_STROKE_HEIGHT: f32 = 0.6;

/// Gives each mark to the one slot it lies in most (lines are close together and
/// handwriting spills over), then judges every slot by its own marks. Returns which marks
/// are accounted for: gone to a slot, or the print of a slot's label (the rest is free ink
/// for the closing block).
///
/// `typed_above`: slots whose label is above this line may hold typed names (a transcript's
/// header); below it, on a scan, what OCR read as text after a label was written by hand.
pub(super) fn settle(
    page: &Page,
    slots: &mut [SignatureSlot],
    marks: &[Mark],
    h: f32,
    typed_above: f32,
) -> Vec<bool> {
    let scan = page.is_scan();
    let mut owner: Vec<Option<usize>> = vec![None; marks.len()];
    let mut shared: Vec<Option<usize>> = vec![None; marks.len()];
    let mut label_print = vec![false; marks.len()];
    // On a scan, the page number is print wherever it stands (on the subject's line, too).
    let print = if scan {
        crate::structure::footer::span(page)
    } else {
        None
    };
    // A handwritten character is no smaller than print. On a scan the text height is that of
    // OCR's line boxes, which run taller than the characters (a line with a signature read
    // on it, a box over two rows), so the print is measured by its ideographs' own boxes.
    let least = if scan { super::print_size(page, h) } else { h };
    let rows = if scan { print_rows(page, h) } else { Vec::new() };
    let written_rows = if scan { written_rows(page, h) } else { Vec::new() };
    for (mi, m) in marks.iter().enumerate() {
        let unread = !m.red && !m.image && !m.letter;
        if unread && print.is_some_and(|p| within_print(m, &p)) {
            continue;
        }
        // On a scan, unread ink inside a slot's printed label is the rim of a character OCR
        // boxed too tightly, whichever slot's area it lies in (a sliver of 「被询癌人:」 in the
        // officers' row below stood for a second officer's signature, seed 2050 s024 p16).
        // The closing statement's "label" is the handwritten statement itself. Such ink is
        // no free ink either: a 20 × 10 pt piece of 「记录员:」 made a row of signatures under
        // a garbled label and left the missing investigator's in doubt (seed 2073 s011 p7).
        if scan
            && unread
            && slots.iter().any(|s| {
                s.role != SlotRole::ClosingStatement
                    && !s.label.is_empty()
                    && m.bbox.overlap_ratio(&s.label_bbox) > 0.9
            })
        {
            label_print[mi] = true;
            continue;
        }
        // Unread ink wholly on the band of a row of print is that row's, beside a character
        // OCR boxed too tightly. A header slot's area reaches into the row above its label,
        // where such rims passed for one more officer's signature; on the header slot's own
        // row, a rim beside a typed name signed a slot nobody had (only slivers touching a
        // character's box: a hand, even as small as print, is wider).
        let print_rows_over: Vec<&PrintRow> = if unread {
            rows.iter().filter(|r| r.holds(m, h)).collect()
        } else {
            Vec::new()
        };
        let written = written_line(&written_rows, m);
        let top = written.map_or(m.bbox.y0, |l| l.bbox.y0.min(m.bbox.y0));
        let bottom = written.map_or(m.bbox.y1, |l| l.bbox.y1.max(m.bbox.y1));
        // Among the slots the mark lies in, the one whose label is level with it: a
        // signature sits on its own label's line even when it reaches into the next.
        let level_y = written.map_or(m.bbox.center_y(), |l| l.bbox.center_y());
        // In a scan's header table, ink wholly above a label's line and nearer the row above
        // is that row's, whose label OCR may have lost (「询问民警（签名）」 read 「人」, its
        // officers' hand over the recorder's row, seed 2061 s023 p17: the recorder's slot
        // signed by the investigators). The row above starts in the labels' column: a unit's
        // cell wrapped beside the label, its first line above the label's, is the label's
        // own row.
        // A speck smaller than a character wholly above the label, on no written line, is the
        // foot of a hand in a row above whose print OCR did not read at all (「询问人（签名）」
        // and its officers' large names lost, seed 2064 s035 p7: a 4 × 9 pt tail of 汪 signed
        // the recorder's blank slot); a name signed above its label's line has characters.
        let row_above = |s: &SignatureSlot| {
            let label = &s.label_bbox;
            let own = (label.center_y() - level_y).abs();
            let speck = unread && written.is_none() && m.bbox.width().max(m.bbox.height()) < h;
            bottom <= label.y0
                && (speck
                    || page.lines.iter().any(|l| {
                        !written.is_some_and(|w| std::ptr::eq(w, l))
                            && l.bbox.x0 < label.x1
                            && l.bbox.y1 <= label.y0
                            && l.text.chars().filter(|c| crate::text::is_ideograph(*c)).count() >= 2
                            && (l.bbox.center_y() - level_y).abs() < own
                    }))
        };
        let score = |s: &SignatureSlot| {
            let header = s.label_bbox.y0 < typed_above;
            if !s.label.is_empty()
                && print_rows_over
                    .iter()
                    .any(|r| r.above(&s.label_bbox) || (header && r.beside(&s.label_bbox) && r.rim(m, h)))
            {
                0.0
            } else if m.red && m.bbox.width().max(m.bbox.height()) <= FINGERPRINT_MAX * least {
                inside(m, &fingerprint_zone(s, h)).max(
                    m.bbox
                        .intersection(&fingerprint_zone(s, h))
                        .map_or(0.0, |r| r.area())
                        * 0.5,
                )
            } else if scan
                && !s.label.is_empty()
                && (top >= label_bottom(s, h) - 0.1 * h || (header && row_above(s)))
            {
                // On a scan, ink wholly below the label's line is the next row's, whose label
                // OCR may have lost: a signature floats over its own label's line, it does
                // not hang beneath it. (Its characters do: the blob is as high as the written
                // line it lies on.)
                0.0
            } else {
                inside(m, &s.area)
            }
        };
        owner[mi] = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| score(s) > 0.0)
            .min_by(|(_, a), (_, b)| {
                let da = (a.label_bbox.center_y() - level_y).abs();
                let db = (b.label_bbox.center_y() - level_y).abs();
                da.total_cmp(&db).then(score(b).total_cmp(&score(a)))
            })
            .map(|(si, _)| si);
        // On a scan two signatures on stacked rows that touch are one blob of ink, as tall
        // as both rows: it is both labels' (「侦查员：夏建国」 over 「记录人：钟志杰」), not only
        // the one whose label is nearer its middle. Stacked means one column: labels side by
        // side on staggered rows (「询问人：」 at the left, 「记录：」 half a line lower in the
        // middle) each have their own signature, and the one after the right-hand label is
        // not the left one's too (seed 2035 s010 p8: the recorder's name stood for the
        // missing investigator's). Labels a whole row apart are stacked too where the blob
        // lies right of both, though the lower label stands further right (「侦查员：段斌宇
        // 沈晨」 over 「记录人：沈晨」 indented under the first name, the two 沈晨 touching,
        // seed 2073 s009 p9): half a line apart, side by side, they are not. A row is the
        // print's height (`least`): on a closing page OCR's few line boxes, hands on them,
        // run twice as tall (labels 16 pt apart in 10.5-pt print under 26-pt boxes, seed
        // 2081 s039 p12: the recorder's 沈婷月, one blob with the investigator's, unsigned).
        if let Some(o) = owner[mi].filter(|_| scan && !m.red) {
            let level = |s: &SignatureSlot| {
                let y = s.label_bbox.center_y();
                !s.label.is_empty() && m.bbox.y0 + 0.25 * h <= y && y <= m.bbox.y1 - 0.25 * h
            };
            let column = slots[o].label_bbox;
            let stacked = |s: &SignatureSlot| {
                let label = &s.label_bbox;
                (label.x0 < column.x1 && column.x0 < label.x1)
                    || ((label.center_y() - column.center_y()).abs() >= least
                        && m.bbox.x0 >= label.x1.max(column.x1))
            };
            if level(&slots[o]) {
                shared[mi] = slots
                    .iter()
                    .enumerate()
                    .find(|&(si, s)| si != o && level(s) && stacked(s) && score(s) > 0.0)
                    .map(|(si, _)| si);
            }
        }
    }
    let judge = Judge::for_page(page);
    let labels: Vec<Rect> = slots.iter().map(|s| s.label_bbox).collect();
    for (si, slot) in slots.iter_mut().enumerate() {
        let mine = || {
            marks
                .iter()
                .zip(owner.iter().zip(&shared))
                .filter(move |(_, (o, s))| **o == Some(si) || **s == Some(si))
                .map(|(m, _)| m)
        };
        // Officers do not refuse to sign their own transcript; a refusal note speaks of the
        // person questioned or notified.
        let may_refuse = matches!(slot.role, SlotRole::Subject | SlotRole::NoticeSubject);
        let refusals = if may_refuse {
            refusals_noted(page, &slot.label_bbox, h)
        } else {
            Vec::new()
        };
        // On a scan the refusal written in the slot is ink too: ink on a refusal's own line
        // is that note, not a signature (a closing block may note it twice: once as a
        // sentence, once in the slot), and so is the rest of the note OCR did not read after
        // it on its row (「犯罪嫌疑人 ;拒」 with 绝签名 unread, seed 2049 s028 p13). Nor is a
        // piece of a scan's rule a hand.
        let signature_ink = |m: &&Mark| {
            let rule = scan && m.rule_piece(h);
            !m.red
                && !rule
                && refusals.iter().all(|r| {
                    let (x, y) = (m.bbox.center_x(), m.bbox.center_y());
                    let r = Rect::new(r.x0 - 0.5 * h, r.y0, r.x1 + REFUSAL_TAIL * h, r.y1);
                    !(r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1)
                })
        };
        // The slot's own unread ink, found once: below the header it carries a hand's runs
        // across the characters OCR lost; in a header row the typed names' slivers leave it.
        let own: Vec<&Mark> = mine().filter(signature_ink).collect();
        let labelled_scan = scan && !slot.label.is_empty();
        let header_row = labelled_scan && slot.label_bbox.y0 < typed_above;
        // On a scan below the header, the characters OCR read after the label are ink too,
        // and join the strokes left around them into names.
        let (read, runs) = if labelled_scan && !header_row {
            let unread: Vec<Rect> = own.iter().map(|m| m.bbox).collect();
            handwriting_read_as_text(page, slot, &labels, &refusals, &unread, h)
        } else if header_row {
            (signature_read_in_header(page, slot), 0)
        } else {
            (Vec::new(), 0)
        };
        let rims = if header_row {
            typed_rims(page, slot)
        } else {
            Vec::new()
        };
        let ink_marks: Vec<&Mark> = own
            .into_iter()
            .filter(|m| !rims.iter().any(|r| r.holds(m)))
            .chain(&read)
            .collect();
        let ink: u32 = ink_marks.iter().map(|m| m.segments).sum();
        (slot.signatures, slot.images, slot.stroke_chars) = count_signatures_at(&ink_marks, h, scan, least);
        slot.signatures = slot.signatures.max(runs);
        if header_row {
            slot.per_name = signed_per_name(page, slot, &ink_marks, least);
        }
        slot.fingerprint =
            mine().any(|m| m.red && m.bbox.width().max(m.bbox.height()) <= FINGERPRINT_MAX * least);
        let refused = !refusals.is_empty();
        slot.state = if ink >= 3 {
            SlotState::Signed
        } else if refused {
            SlotState::RefusalNoted
        } else {
            SlotState::Blank
        };
        if let Some(judge) = &judge {
            judge.judge(slot, refused, h);
        }
    }
    owner
        .iter()
        .zip(&label_print)
        .map(|(o, print)| o.is_some() || *print)
        .collect()
}

/// Where a slot's label ends below: its line's foot, or a line lower where the label stops
/// inside an open bracket (「询问民警(签」 in a table cell, its 「名)」 wrapped to a second line
/// OCR did not read, seed 2061 s023 p13): the officers sign level with the second half, and
/// their names there are this label's, not the next row's.
/// (Where OCR read the second half, the label's box already takes it in: one line tall
/// at most, the box is the first half alone.)
fn label_bottom(s: &SignatureSlot, h: f32) -> f32 {
    if super::stops_in_bracket(&s.label) && s.label_bbox.height() <= 1.5 * h {
        s.label_bbox.y1 + s.label_bbox.height()
    } else {
        s.label_bbox.y1
    }
}

/// The line OCR read a scan's blob on, if it lies on one: its top and middle stand for the
/// blob's when telling whose label the blob is level with. A name's characters rise and fall;
/// the last of a hand hanging low in a header's row dips nearer the next row's label than its
/// own, and wholly below its own label's line (「程峰吴东浩」 over 「记录人（签名）」, seed 2044
/// s020 p6), while OCR's line follows the whole hand. Only a line no taller than a written
/// row (`rows`), and no shorter than the blob, counts: a box over two rows is level with
/// neither, and a blob two rows tall (two names touching) is its own measure.
fn written_line<'p>(rows: &[&'p Line], m: &Mark) -> Option<&'p Line> {
    rows.iter()
        .copied()
        .filter(|l| m.bbox.height() <= l.bbox.height())
        .map(|l| (l, m.bbox.overlap_ratio(&l.bbox)))
        .filter(|(_, share)| *share >= 0.5)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(l, _)| l)
}

/// A page's OCR lines no taller than one row of writing (`written_line` looks among them for
/// each of the page's blobs).
fn written_rows(page: &Page, h: f32) -> Vec<&Line> {
    page.lines
        .iter()
        .filter(|l| l.bbox.height() <= WRITTEN_LINE_MAX * h)
        .collect()
}

/// Tallest OCR line, in text heights, that is one row of writing.
const WRITTEN_LINE_MAX: f32 = 1.6;

/// A row of typed characters on a scan: the band their boxes share, and how far it runs.
struct PrintRow {
    top: f32,
    bottom: f32,
    x0: f32,
    x1: f32,
    /// The boxes OCR gave the row's ideographs.
    chars: Vec<Rect>,
}

impl PrintRow {
    /// Whether a mark lies wholly on the row's band, within its run.
    fn holds(&self, m: &Mark, h: f32) -> bool {
        let tol = PRINT_ROW_TOLERANCE * h;
        let x = m.bbox.center_x();
        m.bbox.y0 >= self.top - tol && m.bbox.y1 <= self.bottom + tol && (self.x0..=self.x1).contains(&x)
    }

    /// Whether the row stands above a label's line.
    fn above(&self, label: &Rect) -> bool {
        0.5 * (self.top + self.bottom) < label.y0
    }

    /// Whether the row is a label's own line.
    fn beside(&self, label: &Rect) -> bool {
        (label.y0..=label.y1).contains(&(0.5 * (self.top + self.bottom)))
    }

    /// Whether a mark the row holds is the rim of one of its characters: a sliver no wider
    /// than a stroke or two, touching a character's box.
    fn rim(&self, m: &Mark, h: f32) -> bool {
        let near = RIM_GAP * h;
        m.bbox.width() <= RIM_WIDTH * h
            && self
                .chars
                .iter()
                .any(|c| m.bbox.x1 >= c.x0 - near && m.bbox.x0 <= c.x1 + near)
    }
}

/// Widest a rim of a typed character OCR boxed too tightly is, in text heights (a
/// handwritten character, even of print size, is wider).
const RIM_WIDTH: f32 = 0.6;

/// Farthest a rim stands from the box of the character it belongs to, in text heights.
const RIM_GAP: f32 = 0.3;

/// How far a typed character's box, or a rim beside it, may stand off its row's band, in
/// text heights.
const PRINT_ROW_TOLERANCE: f32 = 0.15;

/// The band a line's ideographs share: the median top and bottom of their boxes.
fn ideograph_band(line: &Line) -> Option<(f32, f32)> {
    let chars = || line.glyphs.iter().filter(|g| crate::text::is_ideograph(g.ch));
    Some((
        crate::geom::median(chars().map(|g| g.bbox.y0))?,
        crate::geom::median(chars().map(|g| g.bbox.y1))?,
    ))
}

/// The rows of print of a scanned page: lines of four ideographs or more, of print height,
/// four in five of them level with the band (a line OCR read from handwriting, or print
/// and a hand mixed, is not print).
fn print_rows(page: &Page, h: f32) -> Vec<PrintRow> {
    page.lines
        .iter()
        .filter_map(|l| {
            let chars: Vec<&Rect> = l
                .glyphs
                .iter()
                .filter(|g| crate::text::is_ideograph(g.ch))
                .map(|g| &g.bbox)
                .collect();
            let top = crate::geom::median(chars.iter().map(|b| b.y0))?;
            let bottom = crate::geom::median(chars.iter().map(|b| b.y1))?;
            let tol = PRINT_ROW_TOLERANCE * h;
            // A box OCR drew the whole line's height, taller than the band, says nothing of
            // where its character's ink is (「看」, 「十」 and 「讯」 of a place row boxed
            // 137–154 pt over print at 141–151, seed 2073 s010 p13): it neither makes the row
            // print nor unmakes it.
            let whole_line =
                |b: &Rect| b.y0 <= l.bbox.y0 && b.y1 >= l.bbox.y1 && b.height() > bottom - top + tol;
            let boxed: Vec<&&Rect> = chars.iter().filter(|b| !whole_line(b)).collect();
            let level = boxed
                .iter()
                .filter(|b| (b.y0 - top).abs() <= tol && (b.y1 - bottom).abs() <= tol)
                .count();
            // A question or answer is typed by the form's nature; OCR's boxes of its
            // characters run loose (「看」 a pixel tall, 「与」 two rows high: five of
            // seventeen off the band, seed 2048 s017 p14; four of eleven, s022 p15), so
            // half of them level suffice.
            let level_share = if opens_qa(&l.text) { 0.5 } else { 0.8 };
            let print = chars.len() >= 4
                && bottom - top <= 1.3 * h
                && level as f32 >= level_share * boxed.len() as f32;
            print.then(|| PrintRow {
                top,
                bottom,
                x0: chars.iter().map(|b| b.x0).fold(f32::INFINITY, f32::min),
                x1: chars.iter().map(|b| b.x1).fold(f32::NEG_INFINITY, f32::max),
                chars: chars.into_iter().copied().collect(),
            })
        })
        .collect()
}

/// Whether a line opens as a question or an answer, its colon read as any stop (「问，」;
/// folded, the full-width stops are ASCII but for 。).
fn opens_qa(text: &str) -> bool {
    let t = compact(text);
    let mut it = t.chars();
    matches!(
        (it.next(), it.next()),
        (Some('问' | '答' | '间'), Some(':' | ';' | ',' | '.' | '。'))
    )
}

/// In a scan's header, the characters OCR read after a slot's label on its row and off the
/// print band of the typed characters around them: a signature beside the typed names, read
/// as text and its ink so explained away. (Below the header nothing is typed after a label,
/// and `handwriting_read_as_text` takes every character.)
fn signature_read_in_header(page: &Page, slot: &SignatureSlot) -> Vec<Mark> {
    let label = &slot.label_bbox;
    let area = &slot.area;
    // The label's own line, and its print: the typed row the slot's names are on.
    let typed_row = label_line(page, label).and_then(|l| Some((l, l.print_height()?)));
    page.lines
        .iter()
        .filter_map(|line| Some((line, line.print_height()?, ideograph_band(line)?)))
        .filter(|(line, _, (top, bottom))| {
            let middle = 0.5 * (top + bottom);
            // Lower still, wholly right of the label and holding no label of its own: a hand
            // written under the typed names in a tall table row (「蔡平、肖健宁」 over the
            // signatures read 「素平和下以」, seed 2052 s016 p8).
            let under = middle > label.y1
                && middle <= area.y1
                && line.bbox.x0 >= label.x1
                && !super::ANY_LABEL.is_match(&Folded::spaced(&line.text).text);
            (label.y0..=label.y1).contains(&middle) || under
        })
        .flat_map(move |(line, print, _)| {
            // A hand written low in its row is read as a line of its own, level with the
            // label's lower half (「冯建丰程起娜」 under 「侦查员(签名) 冯建阳、程起娜」, seed 2047
            // s009 p11): its characters are judged by the typed row's band, not by their own.
            // A line that holds a label of its own (「工作单位」) is a typed row itself.
            let (band_line, band_print) = match typed_row {
                Some((row, row_print))
                    if !std::ptr::eq(row, line)
                        && !super::ANY_LABEL.is_match(&Folded::spaced(&line.text).text) =>
                {
                    (row, row_print)
                }
                _ => (line, print),
            };
            let glyphs = &line.glyphs;
            // A letter, a dash or a slash OCR read is no typed character of an officer's name:
            // the ideographs it reads on with, no space between, are the same scrawl (「白华
            // 人N久」, 「武悦莲 依-入」, 「谭文从/入」).
            let neighbours = move |i: usize| {
                [i.wrapping_sub(1), i + 1]
                    .into_iter()
                    .filter_map(move |j| glyphs.get(j))
            };
            let beside_letter_or_dash = move |i: usize| {
                neighbours(i).any(|n| n.ch.is_ascii_alphabetic() || matches!(n.ch, '-' | '_' | '~' | '/'))
            };
            // Tesseract gives the glyphs it could not box the whole line's height (「人」, 「）」
            // and a typed 「佳」 of 「记录人（签名）邓佳」 all 205–226 pt on a line whose print is
            // 214–224, seed 2047 s009 p15): such a box says nothing of where the ink is on the
            // typed row. A hand taller than the print sets the line's height too, but alone.
            let whole_line = |g: &crate::page::Glyph| g.bbox.y0 <= line.bbox.y0 && g.bbox.y1 >= line.bbox.y1;
            let unboxed =
                std::ptr::eq(band_line, line) && glyphs.iter().filter(|g| whole_line(g)).count() >= 2;
            // A digit alone, no number's or date's character beside it, a character tall: no
            // officer's name is typed with one, so it is a scrawl OCR read as a digit (the
            // recorder's 「钱明、7从」 and 「钱明、8 从」, seed 2055 s013 p10 and p14).
            let lone_digit = move |i: usize, g: &crate::page::Glyph| {
                g.ch.is_ascii_digit()
                    && g.bbox.height() >= 0.8 * band_print
                    && neighbours(i).all(|n| !n.ch.is_ascii_digit() && !"年月日时分点.:/-".contains(n.ch))
            };
            let named = typed_after_separator(glyphs, band_print);
            let read_on = read_on_after_space(glyphs, label.x1);
            glyphs
                .iter()
                .enumerate()
                .filter(move |&(i, g)| {
                    let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
                    let within = (label.x1..=area.x1).contains(&x) && (area.y0..=area.y1).contains(&y);
                    let scrawl = crate::text::is_ideograph(g.ch)
                        && !named[i]
                        && (!(crate::structure::header::on_or_inside_print_band(band_line, g, band_print)
                            || (unboxed && whole_line(g)))
                            || beside_letter_or_dash(i)
                            || read_on[i]);
                    within && (scrawl || lone_digit(i, g))
                })
                .map(move |(_, g)| (print, g))
        })
        .map(|(print, g)| Mark::read_ideograph(g.bbox, Some(print)))
        .collect()
}

/// The characters that open the next typed name after each separator of a header row: set
/// close after it and after each other, no taller than print, a name's length at most. They
/// are typed wherever OCR's boxes put them against the band (「兵、马红华」, 红 boxed a
/// pixel tall and the band pulled low by the hand 「沈宁兵」 beside, seed 2071 s012 p6: the
/// typed 马 and 红 passed for a hand, and the officer who had not signed for one who had).
/// A hand written after the typed name is taller, a gap apart, or further on than a name
/// runs (`typed_name_end`).
fn typed_after_separator(glyphs: &[crate::page::Glyph], print: f32) -> Vec<bool> {
    let mut named = vec![false; glyphs.len()];
    let mut run: Option<(f32, usize)> = None;
    let mut from = 0.0;
    for (i, g) in glyphs.iter().enumerate() {
        if parts_names(g.ch) {
            run = Some((g.bbox.x1, 0));
            from = g.bbox.x1;
            continue;
        }
        if g.ch.is_whitespace() {
            continue;
        }
        run = run.filter(|&(end, len)| {
            crate::text::is_ideograph(g.ch)
                && len < NAME_CHARS_MOST
                && g.bbox.x0 - end <= TYPED_GAP * print
                && g.bbox.height() <= TYPED_HEIGHT_MOST * print
                && g.bbox.center_x() - from <= TYPED_NAME_SPAN * print
        });
        if let Some((_, len)) = run {
            named[i] = true;
            run = Some((g.bbox.x1, len + 1));
        }
    }
    named
}

/// The characters of a header row's name that OCR read after a space parting them from a
/// typed name of two characters or more, in a part opening with no family name: the
/// officer's hand beside the typed name, level with print, read as text (「许晶慧名 人和」,
/// seed 2074 s002 p12: the recorder's ink taken for print, and the recorder flagged as
/// unsigned). Every typed name opens with a family name; a two-character name padded to
/// three characters' width (「陈 明」) has one character before its space, and a lone
/// character after the names may be a label's remnant. The header reads
/// such a part as no officer either (`names_or_read_on`).
pub(super) fn read_on_after_space(glyphs: &[crate::page::Glyph], from: f32) -> Vec<bool> {
    let mut out = vec![false; glyphs.len()];
    let mut typed = 0;
    let mut parted = false;
    let mut part_start = false;
    let mut scrawl = false;
    for (i, g) in glyphs
        .iter()
        .enumerate()
        .filter(|(_, g)| g.bbox.center_x() > from)
    {
        if parts_names(g.ch) {
            (typed, parted, scrawl) = (0, false, false);
        } else if g.ch.is_whitespace() || "\"“”'".contains(g.ch) {
            parted |= typed >= 2;
            part_start = true;
        } else if crate::text::is_ideograph(g.ch) {
            if !parted {
                typed += 1;
                continue;
            }
            if part_start {
                let part: String = glyphs[i..]
                    .iter()
                    .take_while(|g| crate::text::is_ideograph(g.ch))
                    .map(|g| g.ch)
                    .collect();
                // The next label (「段平”工作单位」, seed 2068 s013 p14) ends the names.
                if super::ANY_LABEL.find(&part).is_some_and(|m| m.start() == 0) {
                    break;
                }
                // A lone character may be what OCR left of the next label (「李四  人」, its
                // 人 the size of print: seed 2071 s038 p6).
                scrawl = part.chars().count() >= 2 && !crate::text::surname::opens_with_surname(&part);
                part_start = false;
            }
            out[i] = scrawl;
        }
    }
    out
}

/// Longest officer's name, in characters.
const NAME_CHARS_MOST: usize = 4;

/// Farthest the middle of a typed name's last character stands from where the name starts,
/// in print heights: `NAME_CHARS_MOST` characters, loosely set.
const TYPED_NAME_SPAN: f32 = 4.5;

/// Tallest box OCR gives a typed character, in print heights.
const TYPED_HEIGHT_MOST: f32 = 1.25;

/// Whether OCR's character parts typed names in a list (「张三、李四」): a form's list
/// separator, or a full stop, as a scan's small 、 is read now and then.
fn parts_names(c: char) -> bool {
    crate::structure::header::LIST_SEPARATORS.contains(&c) || c == '.'
}

/// On a scan's header row that lists the officers' typed names (「侦查员（签名）：张三、李四」),
/// how many of the names have handwriting after them: each officer signs beside their own
/// typed name, before the separator and the next name. Counted by the width of the ink, a
/// wide hand of one name passed for two (「方伟亮 方伟亮、夏文健」, seed 2050 s012 p12) and
/// names OCR read short asked for less ink than they hold. `None` where the row holds no
/// typed separator between typed names: there is no list to count by.
fn signed_per_name(page: &Page, slot: &SignatureSlot, ink: &[&Mark], least: f32) -> Option<NamesSigned> {
    let label = &slot.label_bbox;
    let area = &slot.area;
    let line = label_line(page, label)?;
    let print = line.print_height()?;
    let typed = |g: &crate::page::Glyph| {
        crate::text::is_ideograph(g.ch)
            && g.bbox.center_x() > label.x1
            && g.bbox.center_x() < area.x1
            && crate::structure::header::on_print_band(line, g, print)
    };
    // A separator is typed: no taller than print, with typed characters on both sides of it.
    // One read twice (「、、」, seed 2045 s027 p12) parts no name from another.
    let typed_between = |a: f32, b: f32| {
        line.glyphs
            .iter()
            .any(|t| typed(t) && (a..b).contains(&t.bbox.center_x()))
    };
    let mut bounds = vec![label.x1];
    for x in line
        .glyphs
        .iter()
        .filter(|g| parts_names(g.ch) && g.bbox.height() <= print)
        .map(|g| g.bbox.center_x())
        .filter(|&x| x > label.x1 && x < area.x1)
    {
        let last = bounds[bounds.len() - 1];
        if typed_between(last, x) && typed_between(x, area.x1) {
            bounds.push(x);
        }
    }
    if bounds.len() < 2 {
        return None;
    }
    bounds.push(area.x1);
    // The typed names' row: a hand beside each name is written on it, not under it.
    let typed_bottom = crate::geom::median(line.glyphs.iter().filter(|g| typed(g)).map(|g| g.bbox.y1))?;
    let last = bounds.len() - 2;
    let cut_at_label = line
        .glyphs
        .iter()
        .any(|g| g.bbox.x0 >= area.x1 && !g.ch.is_whitespace());
    let named_ends: Vec<f32> = line
        .glyphs
        .iter()
        .zip(typed_after_separator(&line.glyphs, print))
        .filter(|(_, named)| *named)
        .map(|(g, _)| g.bbox.x1)
        .collect();
    let segments: Vec<Segment> = bounds
        .windows(2)
        .enumerate()
        .map(|(i, w)| {
            let within = |x: f32| (w[0]..w[1]).contains(&x);
            let glyphs: Vec<&crate::page::Glyph> =
                line.glyphs.iter().filter(|g| within(g.bbox.center_x())).collect();
            // The typed name's end: what lies before it is print, OCR's tight boxes leaving
            // rims of it unexplained, no hand (seed 2053 s014 p6).
            // After a separator the name is the characters set close after it, wherever OCR
            // put their boxes against a band the hands beside pulled off the print
            // (`typed_after_separator`).
            let end = named_ends
                .iter()
                .copied()
                .filter(|&x| i > 0 && within(x))
                .reduce(f32::max)
                .or_else(|| typed_name_end(&glyphs, &typed, print))
                .unwrap_or(w[0]);
            // The hand's ink after it: a scan breaks a character into blobs (日 of 晶 in
            // three), so the blobs not too small to be a stroke are taken together, across.
            // Before a separator nothing typed follows the name, so what OCR read there is
            // the hand too, its ink explained away (「夏志峰/心 2__“、」, seed 2047 s013 p11);
            // the last name is followed by the row's other fields, unless the slot's area
            // ends at the next field's label, the row going on past it (「武阳 五和/工作单位」,
            // seed 2063 s006 p8).
            let strokes = ink
                .iter()
                .filter(|m| within(m.bbox.center_x()) && m.bbox.height() >= STROKE_LEAST * least)
                .map(|m| m.bbox);
            // What OCR read reaching into the next field's label is that label's print (a
            // 「“」 over the left of 工作单位's 工, seed 2067 s026 p10). After the last name of a
            // row that runs on, what is off the print band or twice as wide as a character is
            // no field's print but the hand (「钟 \4 人」, 人 48 pt wide, seed 2071 s038 p6).
            let scrawl = |g: &crate::page::Glyph| {
                g.bbox.width() > 2.0 * print || !crate::structure::header::on_print_band(line, g, print)
            };
            let read = glyphs
                .iter()
                .filter(|g| {
                    (i < last || cut_at_label || scrawl(g)) && !g.ch.is_whitespace() && !parts_names(g.ch)
                })
                .filter(|g| !(cut_at_label && i == last && g.bbox.x1 > area.x1))
                .map(|g| g.bbox);
            let after = strokes
                .clone()
                .chain(read)
                .filter(|r| r.center_x() > end)
                .reduce(|a, b| a.union(&b));
            // All of the stretch's ink counts toward a name: a hand may start over its typed
            // name.
            let across = strokes
                .chain(after)
                .reduce(|a, b| a.union(&b))
                .map_or(0.0, |r| r.width());
            let again = read_twice(&glyphs);
            Segment {
                signed: across >= NAME_WIDTH_LEAST * least || again,
                beside: again
                    || after.is_some_and(|r| {
                        r.width() >= NAME_WIDTH_LEAST * least && r.center_y() <= typed_bottom
                    }),
            }
        })
        .collect();
    // Officers who sign beside their own names sign the first name's too, on the names' row;
    // a row whose first name has no hand after it, or a hand under the names, is signed
    // after the whole list (a table's tall cell: 「张三、李四」 over 「张三 李四」), or its
    // first officer did not sign: the ink's width tells which.
    if !segments[0].beside {
        return None;
    }
    Some(NamesSigned {
        listed: segments.len() as u32,
        signed: segments.iter().filter(|s| s.signed).count() as u32,
    })
}

/// One typed name's stretch of a header row, up to the next separator.
struct Segment {
    /// Handwriting in it, a name wide.
    signed: bool,
    /// That handwriting follows the typed name on its row.
    beside: bool,
}

/// Where the typed name of a row's stretch ends: the first run of typed characters, set
/// close. A character of the hand OCR put on the band stands apart (「奖浩 受」, seed 2048
/// s014 p8). Nor does a typed name run longer than a name's characters set as print: a
/// scrawl written close after it, OCR's characters on the band, is the hand (「、放下站-」
/// for 「、崔军」 and its officer's scrawl, 崔军 read as one character 21 pt wide, seed 2075
/// s017 p13: the whole read as typed, 崔军 was said not to have signed).
fn typed_name_end(
    glyphs: &[&crate::page::Glyph],
    typed: &impl Fn(&crate::page::Glyph) -> bool,
    print: f32,
) -> Option<f32> {
    let mut end: Option<f32> = None;
    let mut start: Option<f32> = None;
    for g in glyphs.iter().filter(|g| typed(g)) {
        let from = *start.get_or_insert(g.bbox.x0);
        if end.is_some_and(|e| g.bbox.x0 - e > TYPED_GAP * print)
            || g.bbox.center_x() - from > TYPED_NAME_SPAN * print
        {
            break;
        }
        end = Some(end.map_or(g.bbox.x1, |e| e.max(g.bbox.x1)));
    }
    end
}

/// Whether a stretch holds a hand OCR read as the typed name again (「钟芳琳钟芳头」, seed
/// 2047 s006 p17): a character read twice, not side by side (「黎晨晨」 is one name).
fn read_twice(glyphs: &[&crate::page::Glyph]) -> bool {
    let chars: Vec<char> = glyphs
        .iter()
        .filter(|g| crate::text::is_ideograph(g.ch))
        .map(|g| g.ch)
        .collect();
    chars
        .iter()
        .enumerate()
        .any(|(i, c)| chars.iter().skip(i + 2).any(|d| d == c))
}

/// Least width of one officer's handwriting, in print characters: a speck of dust or the rim
/// of a typed character OCR lost, in a name's place, is no name.
const NAME_WIDTH_LEAST: f32 = 1.0;

/// Widest gap between two typed characters of one name, in print heights.
const TYPED_GAP: f32 = 0.8;

/// Least height of a blob of a hand's ink, in print characters: smaller is a speck.
const STROKE_LEAST: f32 = 0.5;

/// A label's own line: the one its box lies in most (lines of a closing block overlap).
fn label_line<'p>(page: &'p Page, label: &Rect) -> Option<&'p Line> {
    page.lines
        .iter()
        .filter_map(|l| Some((l, l.bbox.intersection(label)?.area())))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(l, _)| l)
}

/// A typed character of a scan's header row, whose rims OCR's tight box left outside it.
struct TypedRim {
    glyph: Rect,
    print: f32,
}

impl TypedRim {
    /// Whether a mark is a sliver of this character's print: no wider than a stroke, level
    /// with it, and touching its box.
    fn holds(&self, m: &Mark) -> bool {
        let (g, b, p) = (&self.glyph, &m.bbox, self.print);
        let gap = (b.x0 - g.x1).max(g.x0 - b.x1);
        b.width() <= SLIVER_WIDTH_MOST * p
            && gap <= SLIVER_GAP_MOST * p
            && b.y0 >= g.y0 - SLIVER_LEVEL * p
            && b.y1 <= g.y1 + SLIVER_LEVEL * p
    }
}

/// The typed characters after a header slot's label, whose rims are print: OCR boxes a
/// scan's print tightly and leaves slivers of it outside (雷 boxed 160–167 pt, its right
/// stroke a mark at 167–172; seed 2076 s002 p8: three such slivers beside 「雷伟宇、方红梅」
/// made a second signature of the one hand under the names).
fn typed_rims(page: &Page, slot: &SignatureSlot) -> Vec<TypedRim> {
    let (label, area) = (&slot.label_bbox, &slot.area);
    let Some(line) = label_line(page, label) else {
        return Vec::new();
    };
    let Some(print) = line.print_height() else {
        return Vec::new();
    };
    line.glyphs
        .iter()
        .filter(|g| {
            crate::text::is_ideograph(g.ch)
                && g.bbox.center_x() > label.x1
                && g.bbox.center_x() < area.x1
                && g.bbox.height() <= TYPED_HEIGHT_MOST * print
                && crate::structure::header::on_print_band(line, g, print)
        })
        .map(|g| TypedRim { glyph: g.bbox, print })
        .collect()
}

/// Widest sliver of print a scan leaves outside OCR's box, in print heights.
const SLIVER_WIDTH_MOST: f32 = 0.6;
/// Farthest a sliver lies from its character's box, in print heights.
const SLIVER_GAP_MOST: f32 = 0.15;
/// How far a sliver may reach above or below its character's box, in print heights.
const SLIVER_LEVEL: f32 = 0.15;

/// A speck of ink inside the printed page number, not much taller than it: the rim of a
/// character OCR boxed too tightly (「第2页共3页」 under the subject's slot), not a signature.
fn within_print(m: &Mark, print: &Rect) -> bool {
    m.bbox.overlap_ratio(print) >= 0.8 && m.bbox.height() <= 1.3 * print.height()
}

/// Widest gap inside one handwritten name, in text heights: a wider one parts two names.
const RUN_GAP: f32 = 0.8;

/// Ink one ideograph OCR read in a slot below the header stands for, in stroke segments (a
/// slot is signed from 3).
const HANDWRITTEN_CHAR_SEGMENTS: u32 = 3;

/// On a scan, a signature written at the size of print is read by OCR as text on the label's
/// line and its ink explained away as print. Below a transcript's header nothing is typed
/// after a signature label, so those characters are the signature: each ideograph after the
/// label and inside the slot is a mark, refusal notes and a date's 年月日 left out. Also how
/// many runs they make: two names are parted by a comma OCR read, or by a wide gap — one
/// the slot's `unread` ink does not fill (「讯问人: 能 关」, seed 2076 s016 p16: 熊秀英's 秀
/// unread between 熊 and 英, its one hand counted as two officers' names).
fn handwriting_read_as_text(
    page: &Page,
    slot: &SignatureSlot,
    labels: &[Rect],
    refusals: &[Rect],
    unread: &[Rect],
    h: f32,
) -> (Vec<Mark>, u32) {
    let label = &slot.label_bbox;
    let Some(line) = label_line(page, label) else {
        return (Vec::new(), 0);
    };
    // OCR splits a row at a wide gap: a signature written well right of its label comes back
    // as a line of its own (「犯罪嫌疑人:」 … 「人方从_」). Lines level with the label that
    // start after its line ends are read on with it, up to one that holds a label of its own
    // (the recorder's row beside the investigators', known by the label's wording or by
    // another slot's label found in it, whatever OCR made of the wording: 「记录:」 for
    // 「记录人:」, seed 2035 s010 p8; `labels` are the page's slots', this one's on its own
    // line, which is not beside itself); the printed page number is not.
    let footer = crate::structure::footer::span(page);
    let holds_label = |l: &Line| {
        super::ANY_LABEL.is_match(&Folded::spaced(&l.text).text)
            || labels.iter().any(|r| r.overlap_ratio(&l.bbox) >= 0.5)
    };
    let print = line.print_height();
    let level = |l: &&Line| {
        let overlap = l.bbox.y1.min(label.y1) - l.bbox.y0.max(label.y0);
        !std::ptr::eq(*l, line)
            && l.bbox.x0 >= line.bbox.x1 - 0.5 * h
            && overlap >= 0.5 * l.bbox.height().min(label.height())
    };
    let mut beside: Vec<&Line> = page.lines.iter().filter(level).collect();
    beside.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
    // The page number may be read on the label's own line too (「被询问人签名捺指印: 共2页第1
    // 页」, seed 2049 s032 p6: its 共页第页 signed a blank slot).
    let row = line
        .glyphs
        .iter()
        .chain(
            beside
                .into_iter()
                .take_while(|l| !holds_label(l))
                .flat_map(|l| &l.glyphs),
        )
        .filter(|g| footer.is_none_or(|f| g.bbox.overlap_ratio(&f) < 0.5));
    let mut out = Vec::new();
    let mut runs = 0;
    let mut last_x1: Option<f32> = None;
    let mut after_digit = false;
    for g in row {
        let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
        let in_slot = g.bbox.x0 >= label.x1 - 1.0 && g.bbox.x1 <= slot.area.x1;
        let refusal = refusals
            .iter()
            .any(|r| r.x0 <= x && x <= r.x1 && r.y0 <= y && y <= r.y1);
        if g.ch.is_whitespace() {
            // A space may be the gap inside a name written wide: the gap itself decides.
            continue;
        }
        let date = after_digit && matches!(g.ch, '年' | '月' | '日');
        after_digit = g.ch.is_ascii_digit();
        if !in_slot || refusal || date || !crate::text::is_ideograph(g.ch) {
            // Punctuation and digits (a date) part names.
            last_x1 = None;
            continue;
        }
        // The ink OCR left unread after the last character, level with this one, carries
        // the run on as far as it reaches, stroke by stroke.
        let carried = last_x1.map(|mut x1| {
            while let Some(m) = unread.iter().find(|m| {
                m.x1 > x1
                    && m.x0 - x1 <= RUN_GAP * h
                    && m.x0 < g.bbox.x0
                    && m.y0 < g.bbox.y1
                    && g.bbox.y0 < m.y1
            }) {
                x1 = m.x1;
            }
            x1
        });
        if carried.is_none_or(|x1| g.bbox.x0 - x1 > RUN_GAP * h) {
            runs += 1;
        }
        last_x1 = Some(g.bbox.x1);
        out.push(Mark::read_ideograph(g.bbox, print));
    }
    (out, runs)
}

/// The refusals to sign noted near a slot: within a few lines of its label, or anywhere in
/// the closing block (below the last question and answer) when the slot is there too.
fn refusals_noted(page: &Page, label: &Rect, h: f32) -> Vec<Rect> {
    let body_end = last_qa_line(page)
        .and_then(|i| page.lines.get(i))
        .map_or(0.0, |l| l.bbox.y1);
    page.lines
        .iter()
        .filter(|l| {
            let near = (l.bbox.center_y() - label.center_y()).abs() <= 5.0 * h;
            let closing = label.y0 >= body_end && l.bbox.y0 >= body_end;
            (near || closing) && REFUSAL.is_match(&compact(&l.text))
        })
        .map(|l| l.bbox)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blob(x0: f32, y0: f32) -> Mark {
        Mark {
            bbox: Rect::new(x0, y0, x0 + 14.0, y0 + 14.0),
            red: false,
            segments: 6,
            image: false,
            color: [0.1, 0.1, 0.4],
            letter: false,
            ideograph: false,
        }
    }

    /// `n` blobs the size of `first`, each `pitch` to the right of the one before.
    fn row(n: usize, pitch: f32, first: Rect) -> Vec<Mark> {
        (0..n)
            .map(|i| Mark {
                bbox: Rect::new(
                    first.x0 + pitch * i as f32,
                    first.y0,
                    first.x1 + pitch * i as f32,
                    first.y1,
                ),
                ..blob(0.0, 0.0)
            })
            .collect()
    }

    #[test]
    fn two_names_written_close_and_off_each_others_line_count_as_six_characters_on_a_scan() {
        // 叶峰龙 江华雪 in one pen, half a character apart, the second name 8 pt higher: one
        // cluster, whose union is 22 pt tall against characters of 14.
        let h = 10.0;
        let marks: Vec<Mark> = (0..3)
            .map(|i| blob(100.0 + 15.0 * i as f32, 108.0))
            .chain((0..3).map(|i| blob(148.0 + 15.0 * i as f32, 100.0)))
            .collect();
        let refs: Vec<&Mark> = marks.iter().collect();
        let (groups, _, chars) = count_signatures(&refs, h, true);
        assert_eq!(groups, 1);
        assert!((5.5..7.0).contains(&chars), "{chars}");
        // A text layer's strokes are pen segments, not characters: the union stands.
        let (_, _, chars) = count_signatures(&refs, h, false);
        assert!(chars < 5.0, "{chars}");
    }

    #[test]
    fn on_a_scan_a_small_hand_is_counted_by_the_prints_height_not_the_line_boxes() {
        // Seed 2044 s026 p14: two officers signed small in one run after 「询问民警:」, six
        // characters about 11 pt tall, on a page whose OCR line boxes are 17 pt (print
        // 10.8): measured by the line boxes the run held 3.7 characters, one name of three.
        let h = 17.0;
        let marks = row(6, 10.5, Rect::new(100.0, 200.0, 109.5, 211.0));
        let refs: Vec<&Mark> = marks.iter().collect();
        let (_, _, by_lines) = count_signatures(&refs, h, true);
        let (_, _, by_print) = count_signatures_at(&refs, h, true, 10.8);
        assert!(by_lines < 4.5, "{by_lines}");
        assert!((5.5..6.5).contains(&by_print), "{by_print}");
    }

    #[test]
    fn a_blob_of_two_rows_touching_does_not_set_the_height_of_a_character_on_a_scan() {
        // 「侦查员: 尹强 韦唱」 over 「记录人: 韦唱」 (seed 2037 s011 p13): the first name's ink
        // runs into the recorder's below, one blob 37 pt tall beside characters of 19–23 pt,
        // and OCR boxed three characters as one 42 pt tall: two names of two characters.
        let h = 11.0;
        let mut marks = vec![
            Mark {
                bbox: Rect::new(275.5, 463.7, 322.6, 500.2),
                ..blob(0.0, 0.0)
            },
            Mark {
                bbox: Rect::new(333.1, 460.8, 351.4, 483.8),
                ..blob(0.0, 0.0)
            },
            Mark {
                bbox: Rect::new(353.3, 463.7, 370.6, 482.9),
                ..blob(0.0, 0.0)
            },
        ];
        marks.push(Mark {
            color: [0.1, 0.1, 0.4],
            ..Mark::read(Rect::new(318.7, 441.1, 370.1, 483.1), LETTER_SEGMENTS)
        });
        let refs: Vec<&Mark> = marks.iter().collect();
        let (_, _, chars) = count_signatures(&refs, h, true);
        assert!(chars >= 3.5, "{chars}");
        // Where every blob is that tall (a large hand), they are the characters.
        let tall = row(3, 30.0, Rect::new(100.0, 100.0, 128.0, 128.0));
        let refs: Vec<&Mark> = tall.iter().collect();
        let (_, _, chars) = count_signatures(&refs, h, true);
        assert!((2.5..3.5).contains(&chars), "{chars}");
    }

    #[test]
    fn a_speck_of_the_next_rows_signature_is_no_second_name_on_a_text_layer() {
        // Seed 2038 d007 p7: 「侦查员（签名）：金峰、方兵 [方兵]」, the recorder's 「方兵」 below
        // it; a 3.5 pt piece of the recorder's 方 lay nearer the investigators' label and
        // stood for 金峰, who had not signed.
        let h = 10.0;
        let stroke = |x0: f32, y0: f32, x1: f32, y1: f32| Mark {
            bbox: Rect::new(x0, y0, x1, y1),
            segments: 4,
            ..blob(0.0, 0.0)
        };
        let marks = [
            stroke(217.5, 152.5, 237.5, 166.2),
            stroke(236.1, 148.1, 254.9, 163.0),
            stroke(197.5, 165.3, 200.9, 169.4),
        ];
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, false).0, 1);
        // A stroke as large as a typed character is a name of its own, as before.
        let marks = [marks[0], marks[1], stroke(190.0, 158.0, 197.0, 169.0)];
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, false).0, 2);
    }

    #[test]
    fn a_small_second_name_ocr_read_as_characters_is_a_name_but_a_sliver_is_not() {
        // 「询问人: 赵海宇 纺冯」 (seed 2033 s009): 赵海宇 written large, the second officer's
        // name small beside it, read as 纺 and 冯 (8–10 pt against a text height of 22, whose
        // lines the handwriting inflates; print is 11).
        let h = 21.8;
        let big = |x0: f32| Mark {
            bbox: Rect::new(x0, 121.0, x0 + 19.0, 141.0),
            ..blob(0.0, 0.0)
        };
        let mut marks = vec![big(343.0), big(366.0), big(387.0)];
        marks.push(Mark::read_ideograph(
            Rect::new(419.0, 129.4, 430.6, 137.8),
            Some(11.0),
        ));
        marks.push(Mark::read_ideograph(
            Rect::new(440.4, 131.3, 450.5, 141.4),
            Some(11.0),
        ));
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 2);
        // A sliver OCR boxed of a typed character off the band (「姚总」, 总 3 × 6 pt) is no
        // second name.
        marks.truncate(3);
        marks.push(Mark::read_ideograph(
            Rect::new(440.0, 135.0, 443.0, 141.0),
            Some(11.0),
        ));
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 1);
    }

    #[test]
    fn the_pieces_of_one_quick_scrawl_are_one_name_on_a_scan() {
        // 「侦查员: ハ 史 几」 (seed 2045 s023 p11): 金超宇 in three quick strokes, each
        // narrower than the hand is tall, the pen lifted 0.7 and 0.3 print heights apart.
        let h = 10.0;
        let piece = |x0: f32, w: f32| Mark {
            bbox: Rect::new(x0, 100.0, x0 + w, 114.0),
            ..blob(0.0, 0.0)
        };
        let mut marks = vec![piece(100.0, 10.0), piece(117.0, 11.0), piece(131.0, 10.0)];
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 1);
        // A second officer's name a character's height further on is a name of its own.
        marks.extend(row(2, 15.0, Rect::new(160.0, 100.0, 174.0, 114.0)));
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 2);
    }

    #[test]
    fn a_flourish_ocr_read_as_wide_low_letters_is_a_second_name_on_a_scan() {
        // 「侦查员: 蔡林 -WA」: 蔡林 written large, the second officer's flourish beside it read
        // as 「W」「A」, low (9 pt against handwriting of 16) but as wide as a character.
        let h = 20.0;
        let mut marks: Vec<Mark> = vec![blob(340.0, 122.0), blob(358.0, 123.0)];
        for b in [
            Rect::new(407.0, 129.0, 421.0, 138.0),
            Rect::new(425.0, 128.0, 450.0, 136.0),
        ] {
            marks.push(Mark {
                bbox: b,
                segments: LETTER_SEGMENTS,
                color: [0.1, 0.1, 0.15],
                letter: true,
                ..blob(0.0, 0.0)
            });
        }
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 2);
        // Unread ink as low and narrow as the print's rim stays a speck.
        marks.truncate(2);
        marks.push(Mark {
            bbox: Rect::new(407.0, 129.0, 415.0, 136.0),
            ..blob(0.0, 0.0)
        });
        let refs: Vec<&Mark> = marks.iter().collect();
        assert_eq!(count_signatures(&refs, h, true).0, 1);
    }
}
