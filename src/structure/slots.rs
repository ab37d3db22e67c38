//! Signature slots: where the subject, the investigators, the recorder and the notified
//! suspect must sign, and whether they did. A slot is the area after its printed label; it
//! is judged only by what is *placed* there (an image with ink, or freeform vector strokes),
//! never by text: a typed name is not a signature. Red marks of fingerprint size count as
//! fingerprints, large red marks (official seals) count as nothing. A refusal to sign noted
//! next to the slot makes it `RefusalNoted`.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{SignatureSlot, SlotRole, SlotState};
use crate::geom::Rect;
use crate::page::{Line, Page};
use crate::structure::header::{INVESTIGATOR_LABELS, RECORDER_LABELS, SUBJECT_LABELS};
use crate::structure::labels::{any_of, compile, is_qa_line};
use crate::text::fold::{Folded, compact};

/// What may follow a label inside the slot's own label: 「（签名）」, 「签名捺指印」, 「（签名、捺印）」.
const SIGN_SUFFIX: &str =
    r"(?:\s*\(?\s*(?:签\s*[名字章]?|捺\s*指?\s*[印纹]|按\s*指?\s*[印纹]|盖\s*章|[、,及和或/]|\s)+\s*\)?)?";

static SUBJECT: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"{}{SIGN_SUFFIX}\s*:?", any_of(SUBJECT_LABELS))));
static INVESTIGATOR: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"{}{SIGN_SUFFIX}\s*:?", any_of(INVESTIGATOR_LABELS))));
static RECORDER: LazyLock<Regex> =
    LazyLock::new(|| compile(&format!(r"{}{SIGN_SUFFIX}\s*:?", any_of(RECORDER_LABELS))));
static NOTICE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}{SIGN_SUFFIX}\s*:?",
        any_of(&[
            "被告知人",
            "犯罪嫌疑人",
            "违法嫌疑人",
            "被询问人",
            "当事人",
            "告知对象",
            "签收人",
            "收到人",
            "被侵害人"
        ])
    ))
});
/// Any label that ends the area of the slot before it on the same line.
static ANY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}|{}|{}|{}",
        any_of(SUBJECT_LABELS),
        any_of(INVESTIGATOR_LABELS),
        any_of(RECORDER_LABELS),
        any_of(&[
            "工作单位",
            "单位",
            "日期",
            "时间",
            "年",
            "第",
            "被告知人",
            "告知人"
        ])
    ))
});
static REFUSAL: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"拒绝签[名字]|拒不签[名字]|拒签|拒绝捺|拒不捺|不愿签|不肯签|拒绝在.{0,8}签|拒绝按")
});
static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"以上(笔录|记录|内容|谈话).{0,12}(看过|宣读|阅读|读过|念给).{0,16}(相符|一致|一样|无误|属实|正确|没有出入)",
    )
});

/// Largest side of a red mark that is still a fingerprint rather than a seal, in font heights.
const FINGERPRINT_MAX: f32 = 6.0;

/// A mark placed on the page: an image with ink, or a freeform vector stroke.
#[derive(Debug, Clone, Copy)]
struct Mark {
    bbox: Rect,
    red: bool,
    segments: u32,
    /// A placed image (one signature each, as exporters place them) rather than a stroke.
    image: bool,
    /// The pen colour of a stroke (two officers rarely share a pen).
    color: [f32; 3],
}

fn marks(page: &Page) -> Vec<Mark> {
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
        })
        .collect();
    out.extend(page.strokes.iter().filter(|s| s.freeform).map(|s| {
        let [r, g, b] = s.color;
        Mark {
            bbox: s.bbox,
            red: r > 0.5 && r - g.max(b) > 0.25,
            segments: s.segments,
            image: false,
            color: s.color,
        }
    }));
    out
}

/// The typical text height on the page (median glyph height), for scaling areas.
fn text_height(page: &Page) -> f32 {
    let mut h: Vec<f32> = page
        .lines
        .iter()
        .map(|l| l.bbox.height())
        .filter(|h| *h > 0.0)
        .collect();
    if h.is_empty() {
        return 12.0;
    }
    h.sort_by(f32::total_cmp);
    h[h.len() / 2].clamp(4.0, 60.0)
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

/// The zone where a slot's fingerprint goes: beside or over the signature.
fn fingerprint_zone(area: &Rect, h: f32) -> Rect {
    area.inflate(h * 1.5, h * 0.5)
}

/// Counts separate signatures: each placed image that does not mostly overlap another is
/// one (exporters place a signature as one image), and vector strokes closer than about a
/// character apart (horizontally, on overlapping rows) form one name.
fn count_signatures(marks: &[&Mark], h: f32) -> (u32, u32, f32) {
    let mut images: Vec<Rect> = Vec::new();
    for m in marks.iter().filter(|m| m.image) {
        if !images
            .iter()
            .any(|i| m.bbox.overlap_ratio(i) > 0.5 || i.overlap_ratio(&m.bbox) > 0.5)
        {
            images.push(m.bbox);
        }
    }
    let strokes: Vec<(Rect, [f32; 3])> = marks
        .iter()
        .filter(|m| !m.image)
        .filter(|m| !images.iter().any(|i| m.bbox.overlap_ratio(i) > 0.5))
        .map(|m| (m.bbox, m.color))
        .collect();
    let groups = clusters(strokes, h);
    let chars: f32 = groups.iter().map(|g| g.width() / g.height().max(h)).sum();
    (
        images.len() as u32 + groups.len() as u32,
        images.len() as u32,
        chars,
    )
}

/// Groups strokes into names: strokes of one pen less than about half a character apart
/// belong together (characters within a name sit closer than two names do).
fn clusters(mut strokes: Vec<(Rect, [f32; 3])>, h: f32) -> Vec<Rect> {
    strokes.sort_by(|a, b| a.0.x0.total_cmp(&b.0.x0));
    let same_pen = |a: [f32; 3], b: [f32; 3]| a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.08);
    let mut groups: Vec<(Rect, [f32; 3])> = Vec::new();
    for (b, c) in strokes {
        let near = |g: &Rect| {
            b.x0 - g.x1 < 0.6 * h && g.x0 - b.x1 < 0.6 * h && b.y0 < g.y1 + 0.5 * h && g.y0 < b.y1 + 0.5 * h
        };
        match groups.iter_mut().find(|(g, gc)| near(g) && same_pen(*gc, c)) {
            Some((g, _)) => *g = g.union(&b),
            None => groups.push((b, c)),
        }
    }
    groups.into_iter().map(|(g, _)| g).collect()
}

/// Gives each mark to the one slot it lies in most (lines are close together and
/// handwriting spills over), then judges every slot by its own marks. Returns which marks
/// went to a slot.
fn settle(page: &Page, slots: &mut [SignatureSlot], marks: &[Mark], h: f32) -> Vec<bool> {
    let mut owner: Vec<Option<usize>> = vec![None; marks.len()];
    for (mi, m) in marks.iter().enumerate() {
        let score = |s: &SignatureSlot| {
            if m.red && m.bbox.width().max(m.bbox.height()) <= FINGERPRINT_MAX * h {
                inside(m, &fingerprint_zone(&s.area, h)).max(
                    m.bbox
                        .intersection(&fingerprint_zone(&s.area, h))
                        .map_or(0.0, |r| r.area())
                        * 0.5,
                )
            } else {
                inside(m, &s.area)
            }
        };
        // Among the slots the mark lies in, the one whose label is level with it: a
        // signature sits on its own label's line even when it reaches into the next.
        owner[mi] = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| score(s) > 0.0)
            .min_by(|(_, a), (_, b)| {
                let da = (a.label_bbox.center_y() - m.bbox.center_y()).abs();
                let db = (b.label_bbox.center_y() - m.bbox.center_y()).abs();
                da.total_cmp(&db).then(score(b).total_cmp(&score(a)))
            })
            .map(|(si, _)| si);
    }
    for (si, slot) in slots.iter_mut().enumerate() {
        let mine = || {
            marks
                .iter()
                .zip(&owner)
                .filter(move |(_, o)| **o == Some(si))
                .map(|(m, _)| m)
        };
        let ink: u32 = mine().filter(|m| !m.red).map(|m| m.segments).sum();
        (slot.signatures, slot.images, slot.stroke_chars) =
            count_signatures(&mine().filter(|m| !m.red).collect::<Vec<_>>(), h);
        slot.fingerprint =
            mine().any(|m| m.red && m.bbox.width().max(m.bbox.height()) <= FINGERPRINT_MAX * h);
        // Officers do not refuse to sign their own transcript; a refusal note speaks of the
        // person questioned or notified.
        let may_refuse = matches!(slot.role, SlotRole::Subject | SlotRole::NoticeSubject);
        let refused = may_refuse && refusal_noted(page, &slot.label_bbox, h);
        slot.state = if ink >= 3 {
            SlotState::Signed
        } else if refused {
            SlotState::RefusalNoted
        } else {
            SlotState::Blank
        };
    }
    owner.iter().map(Option::is_some).collect()
}

/// A label found on a line: the line index and the char range of the label in it.
struct Label {
    line: usize,
    range: (usize, usize),
    text: String,
}

/// Labels on a page matching `re`, with a boundary after them (a colon, a space, a bracket or
/// the end of the line), not inside Q&A, and — for investigator labels — not part of 「被讯问人」.
fn find_labels(page: &Page, re: &Regex, skip_lines: usize) -> Vec<Label> {
    let mut out = Vec::new();
    for (li, line) in page.lines.iter().enumerate().skip(skip_lines) {
        let f = Folded::spaced(&line.text);
        if is_qa_line(&f.text) {
            continue;
        }
        for m in re.find_iter(&f.text) {
            let after = f.text[m.end()..].chars().next();
            let bounded = m.as_str().ends_with([':', ' '])
                || m.as_str().contains('签')
                || after.is_none_or(|c| c.is_whitespace() || c == '(');
            let before = f.text[..m.start()].chars().next_back();
            if !bounded || before == Some('被') {
                continue;
            }
            if let Some(range) = f.source_range(m.start(), m.end()) {
                out.push(Label {
                    line: li,
                    range,
                    text: m.as_str().to_string(),
                });
            }
        }
    }
    out
}

/// The area a label's signature goes into: from the end of the label to the next label on
/// the line (or some way past the line's end), from above the line to just below it, because
/// handwriting is larger than print and floats over the rule.
fn area_after(page: &Page, label: &Label, h: f32) -> (Rect, Rect) {
    let line = &page.lines[label.line];
    let mut label_box = line.span_bbox(label.range.0, label.range.1).unwrap_or(line.bbox);
    // A label wrapped in its table cell (「侦查员（签」 / 「名）」): the label is both halves.
    if label.text.contains('(') && !label.text.contains(')') {
        let below = page.lines.iter().find(|l| {
            l.bbox.y0 > label_box.y0
                && l.bbox.y0 - label_box.y1 < 1.0 * h
                && Folded::of_str(&l.text).text.starts_with(['名', '字', ')'])
        });
        if let Some(l) = below {
            label_box = label_box.union(&l.span_bbox(0, 2).unwrap_or(l.bbox));
        }
    }
    let f = Folded::spaced(&line.text);
    let tail_start = f
        .map
        .iter()
        .position(|&i| i >= label.range.1)
        .unwrap_or(f.map.len());
    let tail_byte = f
        .text
        .char_indices()
        .nth(tail_start)
        .map_or(f.text.len(), |(b, _)| b);
    let next = ANY_LABEL
        .find(&f.text[tail_byte..])
        .and_then(|m| f.source_range(tail_byte + m.start(), tail_byte + m.end()));
    let right_limit = if page.width > 0.0 {
        page.width
    } else {
        line.bbox.x1 + 20.0 * h
    };
    let x1 = match next.and_then(|(s, _)| line.glyphs.get(s)) {
        Some(g) => g.bbox.x0 - 1.0,
        // Nothing else on the line: the signature, its print and the date may run to the edge.
        None => right_limit,
    };
    let area = Rect::new(
        label_box.x1,
        label_box.y0 - 1.6 * h,
        x1.max(label_box.x1 + 4.0 * h),
        label_box.y1 + 1.2 * h,
    );
    (label_box, area)
}

/// A refusal to sign noted near a slot: within a few lines of its label, or anywhere in the
/// closing block (below the last question and answer) when the slot is there too.
fn refusal_noted(page: &Page, label: &Rect, h: f32) -> bool {
    let body_end = last_qa(page)
        .and_then(|i| page.lines.get(i))
        .map_or(0.0, |l| l.bbox.y1);
    page.lines.iter().any(|l| {
        let near = (l.bbox.center_y() - label.center_y()).abs() <= 5.0 * h;
        let closing = label.y0 >= body_end && l.bbox.y0 >= body_end;
        (near || closing) && REFUSAL.is_match(&compact(&l.text))
    })
}

/// Unjudged slots for every label of a role on a page (`settle` judges them).
fn slots_for(page: &Page, re: &Regex, role: SlotRole, skip_lines: usize, h: f32) -> Vec<SignatureSlot> {
    find_labels(page, re, skip_lines)
        .into_iter()
        .map(|label| {
            let (label_bbox, area) = area_after(page, &label, h);
            SignatureSlot {
                role,
                page: page.number,
                label_bbox,
                area,
                state: SlotState::Blank,
                fingerprint: false,
                label: label.text,
                signatures: 0,
                images: 0,
                stroke_chars: 0.0,
            }
        })
        .collect()
}

/// Index of the first Q&A line of a page (the end of the header on a first page).
fn first_qa(page: &Page) -> Option<usize> {
    page.lines
        .iter()
        .position(|l| is_qa_line(&Folded::spaced(&l.text).text))
}

fn last_qa(page: &Page) -> Option<usize> {
    page.lines
        .iter()
        .rposition(|l| is_qa_line(&Folded::spaced(&l.text).text))
}

/// A slot over the bottom of the page, for pages where no label was found: the page is
/// judged by what is placed below its text.
fn bottom_slot(page: &Page, role: SlotRole) -> SignatureSlot {
    let body_end = last_qa(page)
        .and_then(|i| page.lines.get(i))
        .map_or(0.0, |l| l.bbox.y1);
    let top = body_end.max(page.height * 0.75);
    let area = Rect::new(0.0, top, page.width, page.height);
    SignatureSlot {
        role,
        page: page.number,
        label_bbox: area,
        area,
        state: SlotState::Blank,
        fingerprint: false,
        label: String::new(),
        signatures: 0,
        images: 0,
        stroke_chars: 0.0,
    }
}

/// All slots of a transcript: the subject on every page, the closing statement on the last,
/// the investigators and the recorder wherever their labels are.
pub fn transcript_slots(pages: &[&Page]) -> Vec<SignatureSlot> {
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if !page.is_readable() {
            continue;
        }
        let h = text_height(page);
        let marks = marks(page);
        // On the first page, subject labels above the first question are header fields,
        // unless they say 签名.
        let header_end = if i == 0 { first_qa(page).unwrap_or(0) } else { 0 };
        let mut slots: Vec<SignatureSlot> = slots_for(page, &SUBJECT, SlotRole::Subject, 0, h)
            .into_iter()
            .filter(|s| {
                let header_y = page.lines.get(header_end).map_or(0.0, |l| l.bbox.y0);
                header_end == 0 || s.label_bbox.y0 >= header_y || s.label.contains('签')
            })
            .collect();
        if slots.is_empty() {
            slots.push(bottom_slot(page, SlotRole::Subject));
        }
        slots.extend(slots_for(page, &INVESTIGATOR, SlotRole::Investigator, 0, h));
        slots.extend(slots_for(page, &RECORDER, SlotRole::Recorder, 0, h));
        let owned = settle(page, &mut slots, &marks, h);
        if i + 1 == pages.len() {
            let free: Vec<Mark> = marks
                .iter()
                .zip(&owned)
                .filter(|(_, o)| !**o)
                .map(|(m, _)| *m)
                .collect();
            slots.push(closing_statement(page, &free, h));
        }
        out.extend(slots);
    }
    out
}

/// The closing statement 以上笔录我看过，和我说的相符: printed on the form (then the subject
/// signs beside it), or handwritten below the last answer, outside the signature slots.
fn closing_statement(page: &Page, free: &[Mark], h: f32) -> SignatureSlot {
    let body_end = last_qa(page);
    let after_body = body_end.map_or(0, |i| i + 1);
    let top = body_end
        .and_then(|i| page.lines.get(i))
        .map_or(0.0, |l| l.bbox.y1);
    let printed = page.lines.iter().enumerate().find(|(i, l)| {
        let t = compact(&l.text);
        (*i >= after_body || !is_qa_line(&t)) && CLOSING.is_match(&t)
    });
    let region = Rect::new(0.0, top - 0.3 * h, page.width.max(1.0), page.height.max(top + h));
    let slot = |state, bbox: Rect, label: String| SignatureSlot {
        role: SlotRole::ClosingStatement,
        page: page.number,
        label_bbox: bbox,
        area: region,
        state,
        fingerprint: false,
        label,
        signatures: 0,
        images: 0,
        stroke_chars: 0.0,
    };
    if let Some((_, line)) = printed {
        return slot(SlotState::Signed, line.bbox, line.text.clone());
    }
    let handwriting: Vec<&Mark> = free
        .iter()
        .filter(|m| !m.red && m.bbox.y0 >= top - 0.5 * h)
        .collect();
    let width: f32 = handwriting.iter().map(|m| m.bbox.width()).sum();
    let segments: u32 = handwriting.iter().map(|m| m.segments).sum();
    if width >= 6.0 * h && segments >= 3 {
        let bbox = handwriting
            .iter()
            .map(|m| m.bbox)
            .reduce(|a, b| a.union(&b))
            .unwrap_or(region);
        return slot(SlotState::Signed, bbox, String::new());
    }
    let near: Vec<&Line> = page.lines.iter().skip(after_body).collect();
    let refused = near.iter().any(|l| REFUSAL.is_match(&compact(&l.text)));
    let state = if refused {
        SlotState::RefusalNoted
    } else {
        SlotState::Blank
    };
    let bbox = Rect::new(
        region.x0 + 0.1 * region.width(),
        top,
        region.x1 - 0.1 * region.width(),
        (top + 4.0 * h).min(region.y1),
    );
    slot(state, bbox, String::new())
}

/// The notified person's signature on a rights notice: the last such label of the document
/// (the signature block follows the items), or the bottom of the last page.
pub fn notice_slots(pages: &[&Page]) -> Vec<SignatureSlot> {
    let Some(page) = pages
        .iter()
        .rev()
        .find(|p| p.is_readable() && !find_labels(p, &NOTICE_SUBJECT, 0).is_empty())
        .or_else(|| pages.iter().rev().find(|p| p.is_readable()))
    else {
        return Vec::new();
    };
    let h = text_height(page);
    let mut slots = slots_for(page, &NOTICE_SUBJECT, SlotRole::NoticeSubject, 0, h);
    if slots.is_empty() {
        slots.push(bottom_slot(page, SlotRole::NoticeSubject));
    }
    settle(page, &mut slots, &marks(page), h);
    // The signature block follows the items: the last label is the slot; a form that repeats
    // the label is signed when any one of them is.
    let signed = slots.iter().any(|s| s.state == SlotState::Signed);
    slots
        .pop()
        .map(|last| {
            if signed {
                SignatureSlot {
                    state: SlotState::Signed,
                    ..last
                }
            } else {
                last
            }
        })
        .into_iter()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::{after, fingerprint_image, page, signature_image, signature_strokes};

    fn transcript_last_page() -> Page {
        page(
            2,
            &[
                "问：以上所说是否属实？",
                "答：属实。",
                "",
                "",
                "被讯问人（签名捺指印）：            年  月  日",
                "讯问人：          记录人：",
                "第2页 共2页",
            ],
        )
    }

    #[test]
    fn a_signature_image_and_fingerprint_in_the_slot_sign_it() {
        let mut p = transcript_last_page();
        let slot = after(&p, "被讯问人（签名捺指印）：", 80.0);
        p.images.push(signature_image(slot));
        p.images.push(fingerprint_image(Rect::new(
            slot.x0 + 60.0,
            slot.y0,
            slot.x0 + 80.0,
            slot.y1,
        )));
        let slots = transcript_slots(&[&p]);
        let subject: Vec<_> = slots.iter().filter(|s| s.role == SlotRole::Subject).collect();
        assert_eq!(subject.len(), 1);
        assert_eq!(subject[0].state, SlotState::Signed);
        assert!(subject[0].fingerprint);
        let inv = slots.iter().find(|s| s.role == SlotRole::Investigator).unwrap();
        assert_eq!(inv.state, SlotState::Blank);
    }

    #[test]
    fn strokes_sign_a_slot_but_a_typed_name_does_not() {
        let mut p = transcript_last_page();
        let slot = after(&p, "讯问人：", 60.0);
        p.strokes.extend(signature_strokes(slot));
        p.lines[4] = crate::page_testkit::line_at(72.0, 152.0, "被讯问人（签名捺指印）：张三");
        let slots = transcript_slots(&[&p]);
        let state = |role| slots.iter().find(|s| s.role == role).unwrap().state;
        assert_eq!(state(SlotRole::Investigator), SlotState::Signed);
        assert_eq!(state(SlotRole::Subject), SlotState::Blank);
        assert_eq!(state(SlotRole::Recorder), SlotState::Blank);
    }

    #[test]
    fn a_noted_refusal_is_not_a_blank_slot() {
        let mut p = transcript_last_page();
        p.lines.push(crate::page_testkit::line_at(
            72.0,
            172.0,
            "（被讯问人拒绝签名，特此注明）",
        ));
        p.lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let slots = transcript_slots(&[&p]);
        let subject = slots.iter().find(|s| s.role == SlotRole::Subject).unwrap();
        assert_eq!(subject.state, SlotState::RefusalNoted);
    }

    #[test]
    fn closing_statement_printed_handwritten_or_missing() {
        let mut printed = transcript_last_page();
        printed.lines.insert(
            2,
            crate::page_testkit::line_at(72.0, 112.0, "以上笔录我看过，和我说的相符。"),
        );
        let state = |p: &Page| {
            transcript_slots(&[p])
                .into_iter()
                .find(|s| s.role == SlotRole::ClosingStatement)
                .unwrap()
                .state
        };
        assert_eq!(state(&printed), SlotState::Signed);

        let mut handwritten = transcript_last_page();
        handwritten
            .images
            .push(signature_image(Rect::new(90.0, 112.0, 300.0, 130.0)));
        assert_eq!(state(&handwritten), SlotState::Signed);

        let missing = transcript_last_page();
        assert_eq!(state(&missing), SlotState::Blank);
    }

    #[test]
    fn a_red_seal_is_neither_signature_nor_fingerprint() {
        let mut p = page(
            1,
            &["本告知书已向我宣读。", "", "被告知人（签名）：", "2024年3月5日"],
        );
        let slot = after(&p, "被告知人（签名）：", 80.0);
        p.images.push(crate::page::PlacedImage {
            bbox: Rect::new(slot.x0 - 20.0, slot.y0 - 40.0, slot.x0 + 100.0, slot.y0 + 80.0),
            pixel_width: 300,
            pixel_height: 300,
            ink_ratio: Some(0.3),
            red_ratio: Some(0.95),
        });
        let slots = notice_slots(&[&p]);
        assert_eq!(slots.len(), 1);
        assert_eq!(slots[0].state, SlotState::Blank);
        assert!(!slots[0].fingerprint);
    }
}
