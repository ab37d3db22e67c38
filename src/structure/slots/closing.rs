//! The closing statement 以上笔录我看过，和我说的相符 on a transcript's last page: printed on
//! the form (the subject signs beside it), or handwritten below the last answer, outside the
//! signature slots.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{SignatureSlot, SlotRole, SlotState};
use crate::geom::Rect;
use crate::page::{Line, Page};
use crate::structure::labels::{compile, is_qa_line};
use crate::text::fold::{Folded, compact};

use super::marks::{Mark, REFUSAL};

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"以上(笔录|记录|内容|谈话).{0,12}(看过|宣读|阅读|读过|念给).{0,16}(相符|一致|一样|无误|属实|正确|没有出入)",
    )
});

/// The same statement as OCR reads handwriting: characters dropped or exchanged
/// (以上→凡, 看过→看这 or nothing, 相符→相站, 记录→记隶), so only its skeleton is asked for, and
/// only below the last question and answer.
static CLOSING_OCR: LazyLock<Regex> =
    LazyLock::new(|| compile(r"(?:以|上|凡).{0,3}(?:笔|录|记|内容).{0,16}(?:相|符|一|致|样|实|误|确|出入)"));

/// The statement's opening words, all OCR may have read of a hand (「以上记录,」): below the
/// body no other line starts so.
/// A date with its year, as a sign-off writes it beside the signature (「2021年10月9日」, or
/// with 年 misread: 「2021和车10月9已」).
static DATED: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:19|20)\d{2}\D{0,3}\d{1,2}\s*月"));
static OPENING: LazyLock<Regex> = LazyLock::new(|| compile(r"^(?:以上|凡)\s*(?:笔|记|录)"));

/// The characters the closing statement is written with, in its usual wordings (以上笔录我看过，
/// 和我说的相符 / 与我说的一致 / 向我宣读过 / 记录无误 / 属实), and 这, OCR's reading of a
/// handwritten 过 (「…宣读这,和我说的相符」). OCR of handwriting garbles up to half of them, so a
/// line below the body mostly made of them (`closing_by_characters`) is the statement even when
/// no pattern survives.
const CLOSING_CHARS: &str = "以上笔录记我已看过这和与跟同说讲的所相符一致样宣读向给听念无误属实正确";
const READ_CHARS: &str = "看宣读阅念听";
const AGREE_CHARS: &str = "相符致至样误无实确";

/// Least width of a full line of the body, as a share of the page's width (a form's text
/// spans about three quarters of it): a shorter line that ends its sentence ends the answer.
const FULL_LINE: f32 = 0.5;

/// OCR's mean confidence under which a line reads as handwriting rather than print (print on
/// these forms comes back at 0.97–0.99, a garbled hand at about 0.9).
const HAND_CONF: f32 = 0.95;

/// Whether a line is the investigator asking for the statement (「以上笔录向你宣读过，是否与你所说
/// 相符？」) rather than the subject making it: OCR drops the 「问：」 that would have said so, but
/// the question speaks to 你 and asks 是否/吗, the statement speaks as 我.
fn asks_for_it(text: &str) -> bool {
    text.contains('你') || text.contains("是否") || text.contains('吗')
}

/// `run_on` says whether the line could be the last answer running on: only where that answer
/// fills its line to the body's right edge (or stands on the page before) can the next line
/// continue it.
fn closing_by_characters(line: &Line, run_on: bool) -> bool {
    let text = compact(&line.text);
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let hits = chars.iter().filter(|c| CLOSING_CHARS.contains(**c)).count();
    let has = |set: &str| chars.iter().any(|c| set.contains(*c));
    let hand = line.confidence() < HAND_CONF;
    // A hand garbles about half the characters; print, only what a bad scan does.
    let share = if hand { 4 } else { 6 };
    // Print must say both that it was read and that it agrees (or name the record it
    // vouches for): the last answer running on below its line says 「以上说的都是实话」.
    // A neat hand comes back with print's confidence, its last words garbled (相符 → 起特), so
    // 「以上笔录」 opening the line is enough: an answer never starts so.
    let names_record = text.starts_with("以上") && (text.contains("笔录") || text.contains("记录"));
    // 「以上」 and 看过/宣读 is the statement however its end came out (「以上党象我看过,和我说的一社」):
    // an answer's last words say what was said, not that it was read.
    // A hand's 「与我说的」 says it too (「愉上峙孙我有过'与我说的一臻」, seed 2047 s021 p12:
    // 看 and 一致 garbled).
    // Read and 「我说的」 are its skeleton with both ends garbled (「以工笔录我看过，和我说的坊帘」,
    // seed 2055 s011 p13: 上 read 工, 相符 lost): an answer says what it said, not that it read it.
    let said = if hand || !run_on {
        has(READ_CHARS) || has(AGREE_CHARS) || text.starts_with("以上") || text.contains("我说的")
    } else {
        (has(READ_CHARS) && (has(AGREE_CHARS) || text.starts_with("以上") || text.contains("我说的")))
            || names_record
    };
    hits >= 5 && hits * 10 >= chars.len() * share && said
}

/// Whether `label` was read on `line`: its characters fill the label's box (a tall hand
/// on the line above may reach into it with a stroke or two, never with three characters).
fn is_label_line(line: &Line, label: &Rect) -> bool {
    line.glyphs
        .iter()
        .filter(|g| g.bbox.overlap_ratio(label) > 0.8)
        .count()
        >= 3
}

/// A line OCR read with a handwriting's low confidence, a sentence long: between the last
/// answer and the signatures nothing else is written by hand, so this is the statement even
/// when the hand is past reading. Long is measured in the page's print height `print`, not in
/// OCR's line boxes: on a page whose boxes run twice as tall as its print, nine characters of
/// a hand (「内工记未发看二无该」, 127 pt with 26 pt boxes over 10 pt print, seed 2072 s003
/// p14) fell short of five boxes' height and the statement was flagged missing.
fn handwritten_sentence(line: &Line, print: f32) -> bool {
    let text = compact(&line.text);
    let chars = text.chars().count();
    line.confidence() < HAND_CONF && chars >= 6 && line.bbox.width() >= 5.0 * print && !signature_row(&text)
}

/// Whether a line is a signature row whose label OCR garbled (「被讯癌人: 206后Ima」): a colon
/// after a label's few characters, or a date's digits, or a character of the subject's
/// 犯罪嫌疑人, which the statement's words never hold (「儿罪业疆人， 加避华」, seed 2071 s017
/// p17: the subject's row read as the statement nobody wrote). No label opens with the
/// statement's 以 (or 凡, OCR's 以上): there the colon is a stroke of the hand (「以上必闲我在让:
/// `知兽计的站全」, seed 2066 s028 p18; 「以工曝束发厦这:和禾」, 2071 s017 p12).
fn signature_row(text: &str) -> bool {
    (!text.starts_with(['以', '凡']) && text.chars().take(8).any(|c| c == ':'))
        || text.chars().filter(char::is_ascii_digit).count() > 2
        || text.contains(['罪', '嫌', '疑'])
}

/// A line a sentence wide of which OCR read only a few characters, most of them the
/// statement's: a hand OCR gave up on (「以这,和我」 over the whole of 以上笔录我看过，和我说的相符,
/// seed 2045 s013 p13; 「从上笔冰我,和我」, s017 p19). Print is read at about a character
/// per print height, a hand's characters are wider still; read at one character per two print
/// heights or sparser, most of the hand went unread. `print` is the page's print height.
fn sparse_sentence(line: &Line, print: f32) -> bool {
    let text = compact(&line.text);
    let chars: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let hits = chars.iter().filter(|c| CLOSING_CHARS.contains(**c)).count();
    let width = line.bbox.width();
    width >= 8.0 * print
        && (chars.len() as f32) * 2.0 * print <= width
        && hits >= 3
        && hits * 10 >= chars.len() * 6
        && !signature_row(&text)
}

/// What OCR makes of a body line's 「问：」/「答：」 on a poor scan: the marker dropped (「：都是真的」,
/// 「，这个我记不清了」) or misread as a like-shaped character (「可：你以上所讲…」).
const MARKER_MISREADS: &str = "问答间可司回向闯阿合";

/// Index of the last line of the transcript body on a page: its last question or answer as
/// printed, or as OCR left it — the marker dropped or misread. Such a line is the body's only
/// at the body's left margin: elsewhere it is a signature row whose label OCR clipped to a
/// marker (「问: 健 2Q19年9月」, 被询 lost, to the right of the statement, seed 2055 s005 p11;
/// 「：罗军 2015.3.9」). A marker OCR made up must also stand above the page's first signature
/// label. The last is the lowest, not the last OCR listed: tesseract may list a block of
/// handwriting before the print above it (seed 2026 s031 p10).
fn last_body_line(page: &Page, labels: &[Rect], h: f32) -> Option<usize> {
    let first_label = labels
        .iter()
        .map(|l| l.y0)
        .min_by(f32::total_cmp)
        .unwrap_or(f32::INFINITY);
    let margin = page
        .lines
        .iter()
        .map(|l| l.bbox.x0)
        .min_by(f32::total_cmp)
        .unwrap_or(0.0);
    let at_margin = |l: &Line, tolerance: f32| l.bbox.x0 <= margin + tolerance * h;
    let body = |l: &Line| {
        let folded = Folded::spaced(&l.text).text;
        // Some templates indent 问/答 by two characters from the page's leftmost line.
        if is_qa_line(&folded) {
            return at_margin(l, 4.0);
        }
        let mut it = folded.trim_start().chars();
        let sep = |c: Option<char>| matches!(c, Some(':' | ';' | ','));
        let first = it.next();
        let marker_lost =
            sep(first) || (first.is_some_and(|c| MARKER_MISREADS.contains(c)) && sep(it.next()));
        // The statement itself may start with what OCR made of a hand's first stroke
        // (「,上上刘各向吉宣读过,和我说的相箱」 opening a last page, seed 2048 s030 p15).
        marker_lost && l.bbox.y1 <= first_label && at_margin(l, 2.0) && !closing_by_characters(l, true)
    };
    page.lines
        .iter()
        .enumerate()
        .filter(|(_, l)| body(l))
        .max_by(|(_, a), (_, b)| a.bbox.y1.total_cmp(&b.bbox.y1))
        .map(|(i, _)| i)
}

/// A page's last question or answer, if any; where its closing block starts (the bottom of
/// that line, or the top of the page); and the bottom of the first signature label row in
/// the block, if any.
fn closing_block<'a>(page: &'a Page, labels: &[Rect], h: f32) -> (Option<&'a Line>, f32, Option<f32>) {
    let last = last_body_line(page, labels, h).and_then(|i| page.lines.get(i));
    let top = last.map_or(0.0, |l| l.bbox.y1);
    let first_row = labels
        .iter()
        .filter(|l| l.y0 >= top - 0.3 * h)
        .map(|l| l.y1)
        .min_by(f32::total_cmp);
    (last, top, first_row)
}

/// The closing statement 以上笔录我看过，和我说的相符: printed on the form (then the subject
/// signs beside it), or handwritten below the last answer, outside the signature slots.
///
/// `labels` are the boxes of the page's signature labels: the statement is written before
/// the signatures, so ink below the first label row under the body is a signature whose
/// label OCR missed, never the statement.
pub(super) fn closing_statement(
    page: &Page,
    previous: Option<&Page>,
    free: &[Mark],
    labels: &[Rect],
    h: f32,
) -> SignatureSlot {
    let ocr = page.is_scan();
    let print = super::print_size(page, h);
    let (last, top, first_row) = closing_block(page, labels, h);
    // Below the body by where a line stands, not where OCR listed it.
    let after_body = |l: &Line| l.bbox.center_y() > top;
    let first_row = first_row.unwrap_or(f32::INFINITY);
    let below: Vec<&Rect> = labels.iter().filter(|l| l.y0 >= top - 0.3 * h).collect();
    // The last answer runs on below only from a full line: 「答：相符。」 ends where it ends.
    let right = page
        .lines
        .iter()
        .filter(|l| !after_body(l))
        .map(|l| l.bbox.x1)
        .fold(0.0, f32::max);
    // A page holding the body's last short line alone (「答:一致。」 atop a transcript's last
    // page, seed 2061 s013 p12) has no full line to measure by: a line shorter than a full
    // one (half the page) that ends its sentence does not run on. Nor, on a last page that
    // holds no body at all, does the page before's last answer where it so ends (「答:相符。」,
    // the hand's 「以上也孙我 过'无误」 atop the next page, seed 2062 s009 p13).
    let run_on = match last {
        Some(l) => l.bbox.x1 >= right - 3.0 * h && !ends_short(l, page.width),
        // (The page before's labels are not at hand: a line that lost its 问/答 counts as
        // body down to its foot, which only makes its last answer lower.)
        None => previous.is_none_or(|p| {
            last_body_line(p, &[], super::text_height(p))
                .and_then(|i| p.lines.get(i))
                .is_none_or(|l| !ends_short(l, p.width))
        }),
    };
    let printed = page.lines.iter().find(|l| {
        let t = compact(&l.text);
        if asks_for_it(&t) {
            return false;
        }
        ((after_body(l) || !is_qa_line(&t)) && CLOSING.is_match(&t))
            || (ocr
                && after_body(l)
                && !is_qa_line(&t)
                && (CLOSING_OCR.is_match(&t)
                    || (l.bbox.center_y() < first_row
                        && !below.iter().any(|b| is_label_line(l, b))
                        && (OPENING.is_match(&t)
                            || closing_by_characters(l, run_on)
                            || handwritten_sentence(l, print)
                            || sparse_sentence(l, print)))))
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
        per_name: None,
    };
    if let Some(line) = printed {
        return slot(SlotState::Signed, line.bbox, line.text.clone());
    }
    // Ink on the row of a date read below the body is the sign-off's, a signature beside
    // its date whose label OCR lost (「被询问人: 石华新 2021年10月9日」 atop a last page, its
    // label read as ink, seed 2084 s022 p17: taken for the handwritten statement
    // the page lacks); the statement is written on a row of its own.
    let dated_rows: Vec<Rect> = page
        .lines
        .iter()
        .filter(|l| after_body(l) && DATED.is_match(&compact(&l.text)))
        .map(|l| l.bbox)
        .collect();
    let on_dated_row = |m: &Mark| {
        dated_rows.iter().any(|r| {
            let shared = m.bbox.y1.min(r.y1) - m.bbox.y0.max(r.y0);
            shared >= 0.5 * m.bbox.height().min(r.height())
        })
    };
    let handwriting: Vec<&Mark> = free
        .iter()
        .filter(|m| {
            !m.red
                && !m.letter
                && m.bbox.y0 >= top - 0.5 * h
                && m.bbox.center_y() <= first_row + 0.3 * h
                && !on_dated_row(m)
        })
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
    let refused = page
        .lines
        .iter()
        .any(|l| after_body(l) && REFUSAL.is_match(&compact(&l.text)));
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

/// Whether a body line is shorter than a full line (`FULL_LINE`) and ends its sentence: the
/// answer ends there, and nothing below it, on its page or the next, runs it on.
fn ends_short(line: &Line, page_width: f32) -> bool {
    let ended = compact(&line.text).ends_with(['。', '！', '？', '.', '!', '?']);
    ended && line.bbox.width() < FULL_LINE * page_width
}

/// Least ink, in stroke segments, of a row of handwriting taken for signatures under an
/// unread label (a signature is dozens; specks of print a few each).
const UNLABELLED_MIN_SEGMENTS: u32 = 20;

/// On a scan, the signatures in the closing block below the first label row that no slot
/// took: their label was garbled past reading (「侦查员：」 read as 「们:号 , 类」). They are kept as
/// one `Unlabelled` slot so that the checks do not call the officers' signatures missing
/// when the scan cannot tell whose they are.
pub(super) fn unlabelled(page: &Page, free: &[Mark], labels: &[Rect], h: f32) -> Option<SignatureSlot> {
    if !page.is_scan() {
        return None;
    }
    let first_row = closing_block(page, labels, h).2?;
    let ink: Vec<&Mark> = free
        .iter()
        .filter(|m| !m.red && m.bbox.center_y() > first_row + 0.3 * h)
        // The page's foot (page number, a footer signature line) has slots of its own.
        .filter(|m| m.bbox.y1 < page.height * 0.85)
        .collect();
    let segments: u32 = ink.iter().map(|m| m.segments).sum();
    if segments < UNLABELLED_MIN_SEGMENTS {
        return None;
    }
    let area = ink.iter().map(|m| m.bbox).reduce(|a, b| a.union(&b))?;
    Some(SignatureSlot {
        role: SlotRole::Unlabelled,
        page: page.number,
        label_bbox: area,
        area,
        state: SlotState::Signed,
        fingerprint: false,
        label: String::new(),
        signatures: 1,
        images: 0,
        stroke_chars: 0.0,
        per_name: None,
    })
}
