//! Signature slots: where the subject, the investigators, the recorder and the notified
//! suspect must sign, and whether they did. A slot is the area after its printed label; it
//! is judged only by what is *placed* there (an image with ink, or freeform vector strokes),
//! never by text: a typed name is not a signature. Red marks of fingerprint size count as
//! fingerprints, large red marks (official seals) count as nothing. A refusal to sign noted
//! next to the slot makes it `RefusalNoted`.
//!
//! On a scan OCR sometimes reads a signature as text, and its ink is then explained away as
//! print. Where no form types anything — Latin letters anywhere, ideographs after a label
//! below a transcript's header — what OCR read counts as the slot's ink. A typed name in the
//! header still signs nothing.
//!
//! `marks` gives what is placed on a page to the slots and judges them; on scans `pixels` lets
//! the signature model (`crate::model`) re-judge them from the page's pixels; `closing` finds
//! the closing statement, and on scans the signatures whose label OCR could not read.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{SignatureSlot, SlotRole, SlotState};
use crate::geom::Rect;
use crate::page::Page;
use crate::structure::header::{
    INVESTIGATOR_CLIPPED, INVESTIGATOR_LABELS, RECORDER_LABELS, RECORDER_MISREAD, SUBJECT_LABELS,
};
use crate::structure::labels::{
    BEI_READ_AS, any_of, compile, first_qa_line, is_qa_line, last_qa_line, spaced,
};
use crate::text::fold::{Folded, compact};

mod closing;
mod marks;
mod pixels;

use marks::{marks, settle};

/// What may follow a label inside the slot's own label: 「（签名）」, 「签名捺指印」, 「（签名、捺印）」
/// (OCR reads the brackets as angle or square brackets or an opening quote too, the opening
/// one now and then twice, 「被告知人《〈签名、控指印):」; 签名 as 答名, and 捺 as almost
/// anything before 指印; 「签名/印」 asks for a signature or a seal). Where OCR misread both the
/// bracket and 签 (「被告知人 :从名、捧指印 ，:」, seed 2061 s035 p5: the rest of the printed
/// label read as the notified person's name), 名 listed with 指印 is still the label's: no name
/// ends in 名 followed by a fingerprint. 签 shares 等's bamboo top: 「（签名）」 read 「(等)」 in its
/// brackets (seed 2067 s006 p16) asks for the signature still, and so does 「(答)」, 签名 read
/// as the 答 it is read as with 名 (seed 2078 s026 p16). So does 捺指 with 印 lost before
/// the closing bracket (「被告知人〈签名、氛指):」, seed 2072 s015 p5: cut at 签名, the label's
/// printed rest passed for the notified person's hand), or with its 印 misread before the
/// bracket (「被告知人签名/擦指外):」, seed 2081 s019 p9).
const SIGN_SUFFIX: &str = r"(?:\s*[(\[〈<]\s*[等答]\s*[名字]?\s*[)\]〉>]|\s*[(\[〈<《\x22]{0,2}\s*(?:签\s*[名字章]?|[:;]?\s*\p{Han}\s*名\s*[、,]\s*\p{Han}?\s*指\s*[印纹]|答\s*[名字]|[捺按氛控探接擦捧拱]\s*指?\s*[印纹]|[捺按氛控探接擦捧拱]\s*指\s*\p{Han}?\s*[)\]〉>》]|\p{Han}?\s*指\s*[印纹]|盖\s*章|印|[、,及和或/]|\s)+\s*[)\]〉>》]?)?";

/// The subject's label, or 「被讯问」/「被询问」 with a colon right after: OCR drops the 人 under a
/// fingerprint pressed on the label (「被询问: 汤」), or the whole 问人： starting a row
/// (「被讯 般雪将 2016.4.2」), or all of 讯问人 before the bracketed 签名 (「被(签名): 从人」);
/// or with 问 misread or lost and the colon kept (「被询癌人:」, seed 2050 s024 p16; 「被讯人:」,
/// 2066 s040 p14: unread, the subject's fingerprint or hand beside it passed for a second
/// officer's signature in the row below);
/// or an officer's label asking for a fingerprint, which officers never press: the subject's
/// with 被 lost (「询问人签名捧指印:」 at a page's foot, seed 2052 s018 p17, judged as the
/// investigators' slot); or 犯罪嫌疑人 starting a row with a colon or comma after it and only
/// its 嫌 and 人 read right (「加弹嫌吕人，」, seed 2055 s015 p12: the slot unfound, its
/// fingerprint was nobody's and the page flagged as signed without one).
static SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}{SIGN_SUFFIX}\s*:?|^\s*\p{{Han}}{{2}}\s*嫌\s*\p{{Han}}\s*人\s*[:;,]|[讯询]\s*[问间]\s*人\s*[(\[〈<《\x22]?\s*[签答]\s*[名字]\s*[、,及和]?\s*\p{{Han}}?\s*指\s*[印纹]\s*[)\]〉>》]?\s*:?|被\s*[讯询]\s*[问间]\s*:|被\s*[讯询]\s*\p{{Han}}?\s*人\s*[:;]|^\s*被\s*[讯询]\s+|^\s*被\s*[(\[〈<《]\s*[签答]\s*[名字]\s*[)\]〉>》]?\s*:?",
        any_of(SUBJECT_LABELS)
    ))
});
/// An officer's label, clipped as the header reads it (`INVESTIGATOR_CLIPPED`), or 「讯问」/「询问」
/// alone starting a line with a colon (or a comma, as OCR reads it: 「询问，」, seed 2068 s025
/// p12) after it: OCR drops the 人 or 民警 of a label set small beside a large signature
/// (「询问:夺 之」). (Not in the header's reading: there 「询问:」 is as
/// often 询问时间 or 询问地点 clipped.)
static INVESTIGATOR: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}{SIGN_SUFFIX}\s*:?|{INVESTIGATOR_CLIPPED}|^\s*[讯询]\s*[问间]\s*[:;,]",
        any_of(INVESTIGATOR_LABELS)
    ))
});
/// The recorder's label, or 「记录」 alone starting a line with a colon, a comma or a space after it: OCR
/// drops the 人/员 of a label set small beside a large signature; or with a character OCR
/// put between 记录 and 人 (「记录和人:」, seed 2060 s022 p13: unread, the investigators'
/// area ran over the recorder's row and the recorder's name joined an officer's).
static RECORDER: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}{SIGN_SUFFIX}\s*:?|^\s*{}(?:\s*[:,;]|\s+)|^\s*记\s*录\s*\p{{Han}}\s*[人员]\s*[:;,]|{RECORDER_MISREAD}",
        any_of(RECORDER_LABELS),
        spaced("记录")
    ))
});
static NOTICE_SUBJECT: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        // 被告知人 with its third character misread (「被音知人」), or all of 告知人 lost
        // before 签名, starting the line (「”被签名」, seed 2069 s028 p9); or with its 被 misread,
        // starting the line and asking for the signature (「该告知人签名，」, seed 2082 s016 p7:
        // the notifying officer's 告知人 has no character before it).
        r"(?:{}|被\s*\p{{Han}}\s*知\s*人|^\W*\p{{Han}}\s*告\s*知\s*人\s*[(\[〈<《]?\s*[签答]\s*[名字]){SIGN_SUFFIX}\s*:?|^\W*被\s*[签答]\s*[名字]\s*[)\]〉>》]?\s*[:;]?",
        any_of(&[
            "被告知人",
            // 人 dropped by OCR before the bracket: 「被告知(签名)」.
            "被告知",
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
/// Any label that ends the area of the slot before it on the same line. 工作单位 with its 位
/// lost is still the unit's column (「记录人签名) 马 工作单 人全靖 全同和」, seed 2061 s023 p17:
/// the recorder's area ran on over the unit's cell, whose print OCR garbled signed it).
/// 第 opens a page's or a session's number (「第1页」, 「第 页」, 「第三次」): alone, it is a hand
/// OCR read as it (「询问人(签名): 韦军第 亿_“、陶倩婷」, seed 2082 s036 p15: the officers' area
/// ended at the first's scrawl, and the second's hand was not seen).
static ANY_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    compile(&format!(
        r"{}|{}|{}|{}|第\s*[\d一二三四五六七八九十页次]",
        any_of(SUBJECT_LABELS),
        any_of(INVESTIGATOR_LABELS),
        any_of(RECORDER_LABELS),
        any_of(&[
            "工作单位",
            "工作单",
            "单位",
            "日期",
            "时间",
            "年",
            "被告知人",
            "告知人"
        ])
    ))
});

/// The typical text height on the page (median glyph height), for scaling areas.
pub(super) fn text_height(page: &Page) -> f32 {
    crate::geom::median(page.lines.iter().map(|l| l.bbox.height()).filter(|h| *h > 0.0))
        .map_or(12.0, |h| h.clamp(4.0, 60.0))
}

/// The page's print height (`Page::print_height`), no more than the text height `h`: on a
/// scan `h` is OCR's line boxes, which run taller than the characters, so a hand's
/// characters and a sentence's are measured against the print itself.
pub(super) fn print_size(page: &Page, h: f32) -> f32 {
    page.print_height().map_or(h, |p| p.min(h))
}

/// Whether the text before a label is one ideograph alone at the start of its line: a 被 OCR
/// misread, where the label is 讯问人/询问人.
fn line_start_han(before: &str) -> bool {
    let mut it = before.trim_start().chars();
    matches!((it.next(), it.next()), (Some(c), None) if crate::text::is_ideograph(c))
}

/// Ideographs before a bare label on its line that make the line prose (a sentence wrapped
/// after its subject), not a row of the signature block.
const PROSE_LEAST: usize = 8;

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
            // A comma ends a label only at the start of a line (「记录，」 as OCR reads 「记录员：」);
            // inside a sentence 「当事人，」 is prose.
            let line_start = f.text[..m.start()].trim().is_empty();
            let separator = [',', ';', '。', '.'];
            // A colon read as 二 (its dots as two strokes) ending OCR's line (「被询问人二」,
            // seed 2069 s006 p14) ends the label too.
            let colon_as_er = f.text[m.end()..].trim_end() == "二";
            let bounded = colon_as_er
                || m.as_str().ends_with([':', ' '])
                || (line_start
                    && (m.as_str().ends_with(separator) || after.is_some_and(|c| separator.contains(&c))))
                || m.as_str().contains(['签', '指'])
                || m.as_str().ends_with(')')
                || after.is_none_or(|c| c.is_whitespace() || c == '(');
            // The same comma with a space after it (「应当告知犯罪嫌疑人， 犯罪嫌疑人可以申请」) is
            // the sentence's too: a notice's items then held a "label" whose slot the rest
            // of the item, read as handwriting, signed.
            let bare = m.as_str().trim_end();
            let sentence_comma = !line_start && bare.ends_with(separator) && !bare.contains(['签', '指']);
            // Nor is a label one of a list in the text (「调查案件期间，违法嫌疑人、被侵害人及
            // 其他证人享有以下权利」, seed 2052 s013 p4): the notice's intro read as a signature
            // line, the rest of the sentence its "signature".
            let head = m
                .as_str()
                .trim_end_matches(['、', ',', '及', '和', '或', '/', ' ']);
            let listed = !m.as_str().contains(['签', '指'])
                && f.text[m.start() + head.len()..]
                    .trim_start()
                    .strip_prefix('、')
                    .is_some_and(|rest| rest.trim_start().starts_with(crate::text::is_ideograph));
            if listed {
                continue;
            }
            // Nor is a bare label after a comma: a sentence's subject, the sentence wrapped
            // right after it (「…在公安机关侦查期间，犯罪嫌疑人」 / 「享有以下诉讼权利」, seed
            // 2080 s003 p9: the notice's opening read as the notified person's blank slot).
            // So is one closing a line of prose it is run into with no space (「…在公安机关侦查
            // 期间，有犯罪嫌疑人」, seed 2082 s016 p7): a hand's label stands apart from the text.
            let prose = &f.text[..m.start()];
            let bare_label = !m.as_str().contains(['签', '指', ':']);
            let after_comma = prose.trim_end().ends_with(',');
            let run_into_prose = after.is_none()
                && prose.ends_with(crate::text::is_ideograph)
                && prose.chars().filter(|c| crate::text::is_ideograph(*c)).count() >= PROSE_LEAST;
            if bare_label && (after_comma || run_into_prose) {
                continue;
            }
            let before = f.text[..m.start()].chars().next_back();
            // 被 clipped or misread (「试讯问人签名」 starting the line) makes the subject's label
            // look like the officers'. So does any character read against 询问人 with no space
            // between (「网 让询问人: 孔海」, seed 2076 s039 p13: the subject's row behind a
            // fingerprint read as the investigators', its one hand for two officers): an officer's
            // label starts its cell, and a hand before it ends with a gap.
            let clipped_bei = m.as_str().starts_with(['讯', '询', '迅'])
                && (line_start_han(&f.text[..m.start()]) || before.is_some_and(crate::text::is_ideograph));
            if !bounded || sentence_comma || before.is_some_and(|c| BEI_READ_AS.contains(&c)) || clipped_bei {
                continue;
            }
            // Separators the suffix allows between 签名 and 捺指印 end no label: trailing, they
            // are OCR's reading of the signature after it (「记录人（签 、 、」, 「被询问人(答名 ， ，」).
            // A comma right after the label is its colon as OCR read it (「侦查员，」), and stays.
            let full = m.as_str();
            let mut text = full.trim_end_matches(['、', ',', '及', '和', '或', '/', ' ']);
            if full[text.len()..].starts_with(',') {
                text = &full[..text.len() + 1];
            }
            let text = if text.is_empty() { full } else { text };
            if let Some(range) = f.source_range(m.start(), m.start() + text.len()) {
                out.push(Label {
                    line: li,
                    range,
                    text: text.to_string(),
                });
            }
        }
    }
    out
}

/// Whether a label stops inside an open bracket (「侦查员（签」): its cell wrapped the rest
/// (「名）」) to the line below. OCR reads the bracket as any of its look-alikes.
pub(super) fn stops_in_bracket(label: &str) -> bool {
    label.contains(['(', '（', '〈', '<', '《', '[']) && !label.contains([')', '）', '〉', '>', '》', ']'])
}

/// The area a label's signature goes into: from the end of the label to the next label on
/// the line (or some way past the line's end), from above the line to just below it, because
/// handwriting is larger than print and floats over the rule.
fn area_after(page: &Page, label: &Label, h: f32) -> (Rect, Rect) {
    let line = &page.lines[label.line];
    let end = label_end(line, label.range, h);
    let mut label_box = line.span_bbox(label.range.0, end).unwrap_or(line.bbox);
    // A label wrapped in its table cell (「侦查员（签」 / 「名）」): the label is both halves.
    // OCR reads the bracket as any of its look-alikes (「记录员〈签」, seed 2047 s039 p11).
    if stops_in_bracket(&label.text) {
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
    let x1 = match next.and_then(|(s, _)| line.glyphs.get(s)) {
        Some(g) => g.bbox.x0 - 1.0,
        // Nothing else on the line: the signature, its print and the date may run to the edge.
        None => right_limit(page, line, h),
    };
    (label_box, area_right_of(&label_box, x1, h))
}

/// The end of a label's glyphs without what the hand after it was read as: a colon wider
/// than a text height (a colon is a print character's sliver, so one so wide is a hand OCR
/// read as it: 「询问民警:」 with 梁国阳 signed read as a colon 51 pt wide, seed 2078 s030
/// p7), or marks standing `LABEL_GAP` or more past the rest (「被询问人， )」, its 「)」 the tail
/// of the signature 57 pt on, seed 2084 s033 p6: the label's box ran over the whole hand).
/// Either way the hand is the slot's.
fn label_end(line: &crate::page::Line, (start, end): (usize, usize), h: f32) -> usize {
    let mut end = end.min(line.glyphs.len());
    let trim = |end: &mut usize| {
        while *end > start && line.glyphs[*end - 1].ch.is_whitespace() {
            *end -= 1;
        }
    };
    trim(&mut end);
    // Marks after a gap: the last run of glyphs with no ideograph, after a space glyph or
    // a gap between boxes that wide.
    let marks_from = (start + 1..end)
        .rev()
        .take_while(|&i| !crate::text::is_ideograph(line.glyphs[i].ch))
        .filter(|&i| {
            let (g, before) = (&line.glyphs[i], &line.glyphs[i - 1]);
            let gap = g.bbox.x0 - before.bbox.x1;
            !g.ch.is_whitespace()
                && (gap >= LABEL_GAP * h || before.ch.is_whitespace() && before.bbox.width() >= LABEL_GAP * h)
        })
        .last();
    if let Some(i) = marks_from {
        end = i;
        trim(&mut end);
    }
    match line.glyphs.get(end.wrapping_sub(1)) {
        Some(g) if end > start + 1 && matches!(g.ch, ':' | '：') && g.bbox.width() > h => end - 1,
        _ => end,
    }
}

/// How far past a label's print marks stand that are no longer the label's, in text heights:
/// a label's characters and its colon stand a space apart at most.
const LABEL_GAP: f32 = 2.0;

/// How far right a slot may run when nothing ends it on its line: the page's edge.
fn right_limit(page: &Page, line: &crate::page::Line, h: f32) -> f32 {
    if page.width > 0.0 {
        page.width
    } else {
        line.bbox.x1 + 20.0 * h
    }
}

/// The area after a label's box up to `x1` (at least four text heights wide), from above the
/// line to just below it, because handwriting is larger than print and floats over the rule.
fn area_right_of(label_box: &Rect, x1: f32, h: f32) -> Rect {
    Rect::new(
        label_box.x1,
        label_box.y0 - 1.6 * h,
        x1.max(label_box.x1 + 4.0 * h),
        label_box.y1 + 1.2 * h,
    )
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
                per_name: None,
            }
        })
        .collect()
}

/// A slot over the bottom of the page, for pages where no label was found: the page is
/// judged by what is placed below its text.
fn bottom_slot(page: &Page, role: SlotRole) -> SignatureSlot {
    let body_end = last_qa_line(page)
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
        per_name: None,
    }
}

/// The notified person's signature block where OCR lost its label: below the line that
/// acknowledges the notice (「本告知书已向我宣读」, 「以上内容我已看过并理解」) and above the
/// notifying officer's own line (「告知人：」), whose signature is not the notified person's.
fn acknowledged_block(page: &Page) -> Option<SignatureSlot> {
    static ACKNOWLEDGED: LazyLock<Regex> =
        LazyLock::new(|| compile(r"(告知书|以上内容|以上).{0,12}(宣读|看过|阅读|读过)"));
    let (i, ack) = page
        .lines
        .iter()
        .enumerate()
        .rev()
        .find(|(_, l)| ACKNOWLEDGED.is_match(&compact(&l.text)))?;
    let bottom = page.lines[i + 1..]
        .iter()
        .find(|l| compact(&l.text).starts_with("告知"))
        .map_or(page.height, |l| l.bbox.y0);
    let area = Rect::new(0.0, ack.bbox.y1, page.width, bottom.max(ack.bbox.y1 + 1.0));
    Some(SignatureSlot {
        label_bbox: area,
        area,
        ..bottom_slot(page, SlotRole::NoticeSubject)
    })
}

/// All slots of a transcript: the subject on every page, the closing statement on the last,
/// the investigators and the recorder wherever their labels are.
pub fn transcript_slots(pages: &[&Page]) -> Vec<SignatureSlot> {
    let subjects: Vec<Vec<SignatureSlot>> = pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            if !page.is_readable() {
                return Vec::new();
            }
            let h = text_height(page);
            // On the first page, subject labels above the first question are header fields,
            // unless they say 签名.
            let header_end = if i == 0 {
                first_qa_line(page).unwrap_or(0)
            } else {
                0
            };
            slots_for(page, &SUBJECT, SlotRole::Subject, 0, h)
                .into_iter()
                .filter(|s| {
                    let header_y = page.lines.get(header_end).map_or(0.0, |l| l.bbox.y0);
                    header_end == 0 || s.label_bbox.y0 >= header_y || s.label.contains('签')
                })
                .collect()
        })
        .collect();
    let foot_labels: Vec<Option<&SignatureSlot>> = pages
        .iter()
        .zip(&subjects)
        .map(|(page, found)| page_line_label(page, found))
        .collect();
    let mut out = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        if !page.is_readable() {
            continue;
        }
        let h = text_height(page);
        let marks = marks(page);
        let mut slots = subjects[i].clone();
        if page.is_scan()
            && let Some(slot) = garbled_page_line(page, i, &foot_labels, &subjects[i], h)
        {
            slots.push(slot);
        }
        if slots.is_empty() && i + 1 < pages.len() {
            slots.extend(officer_label_at_foot(page, h));
        }
        if slots.is_empty() {
            slots.push(bottom_slot(page, SlotRole::Subject));
        }
        // The header (first page, above the first question) may hold typed names; a first
        // page without a question is all header.
        let typed_above = if i == 0 {
            first_qa_line(page)
                .and_then(|k| page.lines.get(k))
                .map_or(f32::INFINITY, |l| l.bbox.y0)
        } else {
            0.0
        };
        // An officer signs in the header only where the form asks for it (「讯问人（签名）：」);
        // after a bare label the names are typed. On a scan the rims of typed characters OCR
        // boxed too tightly are left as ink and would pass for signatures there.
        let scan = page.is_scan();
        let signs_here = |s: &SignatureSlot| {
            !scan || s.label_bbox.y0 >= typed_above || s.label.contains(['签', '等', '答'])
        };
        // Two labels do not share their ink: an officer's label read over most of the
        // subject's is the subject's read twice, its 被 split off (「被询问人签名」 and
        // 「询问人签名 拉指印:」 on one foot line, seed 2047 s011 p6).
        let subject_labels: Vec<Rect> = slots
            .iter()
            .filter(|s| !s.label.is_empty())
            .map(|s| s.label_bbox)
            .collect();
        let own_label =
            |s: &SignatureSlot| subject_labels.iter().all(|r| s.label_bbox.overlap_ratio(r) < 0.5);
        for (re, role) in [
            (&*INVESTIGATOR, SlotRole::Investigator),
            (&*RECORDER, SlotRole::Recorder),
        ] {
            slots.extend(
                slots_for(page, re, role, 0, h)
                    .into_iter()
                    .filter(signs_here)
                    .filter(own_label),
            );
        }
        end_at_labels_beside(&mut slots, h);
        let owned = settle(page, &mut slots, &marks, h, typed_above);
        if i + 1 == pages.len() {
            let free: Vec<marks::Mark> = marks
                .iter()
                .zip(&owned)
                .filter(|(_, o)| !**o)
                .map(|(m, _)| *m)
                .collect();
            let labels: Vec<Rect> = slots
                .iter()
                .filter(|s| !s.label.is_empty())
                .map(|s| s.label_bbox)
                .collect();
            let previous = i.checked_sub(1).and_then(|k| pages.get(k)).copied();
            slots.push(closing::closing_statement(page, previous, &free, &labels, h));
            slots.extend(closing::unlabelled(page, &free, &labels, h));
        }
        out.extend(slots);
    }
    out
}

/// On a page before a transcript's last, with no subject's label, 「询问人：」 at the foot is
/// the subject's 「被询问人：」 with 被 lost (seed 2046 s017 p9, the subject's hand read 「俊」
/// beside it): officers sign in the header or the closing block, on the last page, while
/// every page carries the subject's line at its foot.
fn officer_label_at_foot(page: &Page, h: f32) -> Vec<SignatureSlot> {
    slots_for(page, &INVESTIGATOR, SlotRole::Subject, 0, h)
        .into_iter()
        .filter(|s| s.label_bbox.y0 >= FOOT * page.height)
        .filter(|s| {
            let label = compact(&s.label);
            label.contains("问人") || label.contains("间人")
        })
        .collect()
}

/// Where a page's foot begins, as a share of its height.
const FOOT: f32 = 0.75;

/// Ends each slot's area where another slot's label stands to its right on its row (its
/// middle within the label's height: an OCR box of a label below, grown by the hand written
/// over it, reaches into the row above and must not end that row's area — 2026 s028 p13,
/// where the investigators' second name stood right of the recorder's label below).
/// `area_after` ends it at the next label on the label's own line; labels side by side on
/// staggered rows (「记录：」 at the left, 「侦查员」 half a line higher in the middle) are
/// lines of their own to OCR, and the left one's area ran over the right one's label and
/// the names signed after it (seed 2037 s019 p8: the recorder's slot took both
/// investigators' names, and the investigators were flagged as one short).
fn end_at_labels_beside(slots: &mut [SignatureSlot], h: f32) {
    let labels: Vec<Rect> = slots
        .iter()
        .filter(|s| !s.label.is_empty())
        .map(|s| s.label_bbox)
        .collect();
    for slot in slots.iter_mut().filter(|s| !s.label.is_empty()) {
        let own = slot.label_bbox;
        let next = labels
            .iter()
            .filter(|r| r.x0 >= own.x1 && (own.y0..=own.y1).contains(&r.center_y()))
            .map(|r| r.x0 - 1.0)
            .fold(f32::INFINITY, f32::min);
        // At least as wide as `area_right_of` makes any area.
        slot.area.x1 = slot.area.x1.min(next.max(own.x1 + 4.0 * h));
    }
}

/// The label of a page's own signature line, as the form prints it near the foot of every
/// page: the lowest subject label in the page's last quarter.
fn page_line_label<'a>(page: &Page, subjects: &'a [SignatureSlot]) -> Option<&'a SignatureSlot> {
    subjects
        .iter()
        .filter(|s| !s.label.is_empty() && s.label_bbox.y0 >= FOOT * page.height)
        .max_by(|a, b| a.label_bbox.y0.total_cmp(&b.label_bbox.y0))
}

/// On a scan, the page's own signature line whose label OCR garbled past the patterns
/// (「犯罪，苑 伟」 for 「犯罪嫌疑人：范庆伟」, the label's last characters read as one): the form
/// prints that line at the same place on every page, so where the nearest page of the same
/// transcript has it and this page has no subject label there, a line starting at that place
/// with the label's first character is the label, as wide as the other page's. Without it
/// the closing block's slot above stood for the page's line, and its signature and
/// fingerprint for the line's.
///
/// `foot_labels`: each page's line label (`page_line_label`); `found`: this page's subject
/// slots.
fn garbled_page_line(
    page: &Page,
    index: usize,
    foot_labels: &[Option<&SignatureSlot>],
    found: &[SignatureSlot],
    h: f32,
) -> Option<SignatureSlot> {
    let mut others: Vec<usize> = (0..foot_labels.len()).filter(|&j| j != index).collect();
    others.sort_by_key(|&j| j.abs_diff(index));
    let reference = others.into_iter().find_map(|j| foot_labels[j])?;
    let at = reference.label_bbox;
    if found.iter().any(|s| (s.label_bbox.y0 - at.y0).abs() < 3.0 * h) {
        return None;
    }
    let first = compact(&reference.label).chars().next()?;
    let line = page
        .lines
        .iter()
        .filter(|l| !is_qa_line(&compact(&l.text)))
        .filter_map(|l| {
            let glyph = l.glyphs.iter().find(|g| !g.ch.is_whitespace())?;
            let near = (glyph.bbox.x0 - at.x0).abs() <= 2.0 * h
                && (glyph.bbox.center_y() - at.center_y()).abs() <= 2.0 * h;
            (near && glyph.ch == first).then_some((l, glyph.bbox))
        })
        .min_by(|(_, a), (_, b)| {
            let d = |r: &Rect| (r.x0 - at.x0).abs() + (r.center_y() - at.center_y()).abs();
            d(a).total_cmp(&d(b))
        });
    let (line, glyph) = line?;
    let label_bbox = Rect::new(glyph.x0, glyph.y0, glyph.x0 + at.width(), glyph.y1);
    // The evidence is what OCR read of the label on this page.
    let label: String = line
        .glyphs
        .iter()
        .filter(|g| g.bbox.center_x() < label_bbox.x1 && !g.ch.is_whitespace())
        .map(|g| g.ch)
        .collect();
    let area = area_right_of(&label_bbox, right_limit(page, line, h), h);
    Some(SignatureSlot {
        label_bbox,
        area,
        label,
        ..bottom_slot(page, SlotRole::Subject)
    })
}

/// The notified person's signature on a rights notice: the last such label of the document
/// (the signature block follows the items); where OCR lost the label, the block below the
/// line acknowledging the notice, or else the bottom of the last page.
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
        slots.push(acknowledged_block(page).unwrap_or_else(|| bottom_slot(page, SlotRole::NoticeSubject)));
    }
    settle(page, &mut slots, &marks(page), h, 0.0);
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
mod tests;
