//! The closing statement 以上笔录我看过，和我说的相符 on a transcript's last page: printed on
//! the form (the subject signs beside it), or handwritten below the last answer, outside the
//! signature slots.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{SignatureSlot, SlotRole, SlotState};
use crate::geom::Rect;
use crate::page::{Line, Page, PageSource};
use crate::structure::labels::{compile, is_qa_line};
use crate::text::fold::compact;

use super::marks::{Mark, REFUSAL};
use crate::structure::labels::last_qa_line;

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"以上(笔录|记录|内容|谈话).{0,12}(看过|宣读|阅读|读过|念给).{0,16}(相符|一致|一样|无误|属实|正确|没有出入)",
    )
});

/// The same statement as OCR reads handwriting: characters dropped or exchanged
/// (以上→凡, 看过→看这 or nothing, 相符→相站), so only its skeleton is asked for, and only below the
/// last question and answer.
static CLOSING_OCR: LazyLock<Regex> = LazyLock::new(|| {
    compile(r"(?:以|上|凡).{0,3}(?:笔|录|记录|内容).{0,16}(?:相|符|一|致|样|实|误|确|出入)")
});

/// The closing statement 以上笔录我看过，和我说的相符: printed on the form (then the subject
/// signs beside it), or handwritten below the last answer, outside the signature slots.
pub(super) fn closing_statement(page: &Page, free: &[Mark], h: f32) -> SignatureSlot {
    let ocr = matches!(page.source, PageSource::Ocr { .. });
    let body_end = last_qa_line(page);
    let after_body = body_end.map_or(0, |i| i + 1);
    let top = body_end
        .and_then(|i| page.lines.get(i))
        .map_or(0.0, |l| l.bbox.y1);
    let printed = page.lines.iter().enumerate().find(|(i, l)| {
        let t = compact(&l.text);
        ((*i >= after_body || !is_qa_line(&t)) && CLOSING.is_match(&t))
            || (ocr && *i >= after_body && CLOSING_OCR.is_match(&t))
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
