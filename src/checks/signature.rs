//! `missing_signature`: the subject signs every transcript page (criminal: signature and
//! fingerprint; administrative: either), writes the closing statement on the last page; the
//! investigators and the recorder sign; the suspect signs the rights notice. A refusal noted
//! by the investigators is not a missing signature.

use crate::checks::{CaseKind, Finding, RuleConfig, case_kind};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier, SignatureSlot, SlotRole, SlotState};

use super::Rule;
use crate::structure::header::{one_apart, read_on, same_name};

pub const INTERVIEWEE_EACH_PAGE: Rule = Rule {
    id: "signature.interviewee_each_page",
    category: Category::MissingSignature,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零六条：犯罪嫌疑人核对无误后应当逐页签名、捺指印；《公安机关办理行政案件程序规定》第七十七条：被询问人确认笔录无误后，应当在询问笔录上逐页签名或者捺指印。",
};
pub const SUBJECT_FINGERPRINT: Rule = Rule {
    id: "signature.subject_fingerprint",
    category: Category::MissingSignature,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零六条：犯罪嫌疑人应当在笔录上逐页签名、捺指印（签名与指印均须具备）。",
};
pub const CLOSING_STATEMENT: Rule = Rule {
    id: "signature.closing_statement",
    category: Category::MissingSignature,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零六条：犯罪嫌疑人应当在笔录末页写明「以上笔录我看过（或向我宣读过），和我说的相符」；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十四条第一项。",
};
pub const INVESTIGATOR: Rule = Rule {
    id: "signature.investigator",
    category: Category::MissingSignature,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《刑事诉讼法》第一百二十二条；《公安机关办理刑事案件程序规定》（2020）第二百零六条第二款：侦查人员应当在讯问笔录上签名；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十五条第二项。",
};
pub const RECORDER: Rule = Rule {
    id: "signature.recorder",
    category: Category::MissingSignature,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零六条第二款：笔录所列项目应当按规定填写齐全（记录人签名栏）。",
};
pub const NOTICE_SUBJECT: Rule = Rule {
    id: "signature.notice_subject",
    category: Category::MissingSignature,
    severity: Severity::Major,
    deduction: 1.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零三条：告知犯罪嫌疑人诉讼权利并记录在案；送达的法律文书应由被告知人签名、捺指印，拒绝签名的应当注明。",
};

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    let kind = case_kind(d);
    let mut out = Vec::new();
    for doc in &d.documents {
        if doc.kind.is_transcript() {
            transcript(d, doc, kind, &mut out);
        }
        if matches!(doc.kind, DocKind::RightsNotice | DocKind::AdminRightsNotice) {
            for slot in doc
                .slots
                .iter()
                .filter(|s| s.role == SlotRole::NoticeSubject && s.state == SlotState::Blank)
            {
                out.push(finding(
                    &NOTICE_SUBJECT,
                    doc,
                    slot,
                    format!("第{}页{}被告知人未签名", slot.page, title(doc)),
                ));
            }
        }
    }
    out
}

fn title(doc: &Document) -> String {
    if doc.title.is_empty() {
        String::new()
    } else {
        format!("《{}》", doc.title)
    }
}

fn finding(rule: &Rule, doc: &Document, slot: &SignatureSlot, message: String) -> Finding {
    Finding {
        rule: rule.id,
        page: slot.page,
        document: Some(doc.index),
        bbox: defect_box(slot),
        message,
        evidence: if slot.label.is_empty() {
            "（签名处）".to_string()
        } else {
            slot.label.clone()
        },
    }
}

/// The box a reviewer is shown: the label and the space after it where the signature
/// belongs, a dozen characters wide at most (the slot itself may run to the page edge);
/// for the closing statement, where it is expected.
fn defect_box(slot: &SignatureSlot) -> crate::geom::Rect {
    if slot.role == SlotRole::ClosingStatement {
        return slot.label_bbox;
    }
    let h = slot.label_bbox.height().max(1.0);
    let area = slot.area;
    let right = area.x1.min(slot.label_bbox.x1 + 12.0 * h);
    slot.label_bbox.union(&crate::geom::Rect::new(
        area.x0,
        area.y0,
        right.max(area.x0),
        area.y1,
    ))
}

/// How many investigators are named, and how many of them have signed: each placed image is
/// one name; names written as strokes in one run are counted by the run's length against the
/// names' lengths (the shortest names first, so that a doubt never becomes a flag).
fn signed_names(doc: &Document, slots: &[&SignatureSlot], scanned: bool) -> (u32, u32) {
    let named = doc.fields.investigators.len() as u32;
    // Where every slot counted its signatures name by name, and its rows list the names the
    // header read, the count stands. A row may list one name more than the header read: a
    // typed name with a hand read on after it is too long for a name and was dropped
    // (「鸡建超礁建超、周凯波」, seed 2047 s005 p5), while the row's typed separator stands.
    let per_name: Option<Vec<_>> = slots.iter().map(|s| s.per_name).collect();
    if let Some(rows) = per_name.filter(|r| !r.is_empty()) {
        let listed: u32 = rows.iter().map(|r| r.listed).sum();
        if listed == named || (named >= 1 && listed == named + 1) {
            return (listed, rows.iter().map(|r| r.signed).sum());
        }
    }
    let counted: u32 = slots.iter().map(|s| s.signatures).sum();
    let images: u32 = slots.iter().map(|s| s.images).sum();
    let chars: f32 = slots.iter().map(|s| s.stroke_chars).sum();
    // On a scan, an officer's name read one character short that the recorder's row reads
    // whole is measured whole (「徐刚、余静」 over 「记录人：余静倩」, seed 2074 s004 p7: the
    // 余静倩 signed, three characters wide, passed for both two-character names).
    let recorder = doc.fields.recorder.as_ref().map(|r| r.value.as_str());
    let lengths: Vec<usize> = doc
        .fields
        .investigators
        .iter()
        .map(|n| match recorder {
            Some(r) if scanned && one_short(&n.value, r) => r.chars().count(),
            _ => n.value.chars().count(),
        })
        .collect();
    (named, counted.max(signed_by_length(lengths, chars, images)))
}

/// Whether `short` is `long` with its last character lost (`read_on`, by one character): one
/// officer's name as OCR read it in two rows of a scan's header.
fn one_short(short: &str, long: &str) -> bool {
    long.chars().count() == short.chars().count() + 1 && read_on(short, long)
}

/// Share of a print character's width a handwritten character of a name fills, at least:
/// officers signing in a header's narrow cell write smaller than print (two three-character
/// names in 4.14 and 4.23 print heights, seeds 2061 s023 p8 and 2062 s026 p8, counted as one
/// at three quarters).
const HAND_CHAR_WIDTH: f32 = 0.65;

/// How many of the names, of these lengths in characters, a run of handwriting `chars` print
/// characters wide holds besides `images` placed signatures: the shortest names first, each
/// at `HAND_CHAR_WIDTH` of its length.
fn signed_by_length(mut lengths: Vec<usize>, chars: f32, images: u32) -> u32 {
    lengths.sort_unstable();
    let mut by_length = images;
    let mut needed = 0.0;
    for len in lengths.iter().take(lengths.len().saturating_sub(images as usize)) {
        needed += HAND_CHAR_WIDTH * *len as f32;
        if chars < needed {
            break;
        }
        by_length += 1;
    }
    by_length
}

fn transcript(d: &Dossier, doc: &Document, kind: CaseKind, out: &mut Vec<Finding>) {
    let suspect_record = doc.kind == DocKind::InterrogationRecord;
    let who = if suspect_record {
        "被讯问人"
    } else {
        "被询问人"
    };
    for page in doc.pages() {
        if !d.page(page).is_some_and(|p| p.is_readable()) {
            continue;
        }
        let slots: Vec<&SignatureSlot> = doc
            .slots
            .iter()
            .filter(|s| s.page == page && s.role == SlotRole::Subject)
            .collect();
        let Some(first) = slots.first() else { continue };
        // The page's own signature line is the lowest subject slot; on the last page the
        // closing block holds another, which belongs to the closing statement and does not
        // stand in for an empty line below it.
        let line = slots
            .iter()
            .max_by(|a, b| a.label_bbox.y0.total_cmp(&b.label_bbox.y0))
            .copied()
            .unwrap_or(first);
        let refused = slots.iter().any(|s| s.state == SlotState::RefusalNoted);
        let signed = line.state == SlotState::Signed;
        let fingerprint = line.fingerprint;
        // An administrative transcript is signed *or* fingerprinted (MPS-Admin art 77).
        let lenient = kind == CaseKind::Administrative && !suspect_record;
        if refused || signed || (lenient && fingerprint) {
            // A suspect signs *and* fingerprints every page: the signature on the page's
            // line carries the print.
            // On a gray or black-and-white scan a fingerprint looks like any other ink: say
            // nothing rather than flag every page. A colour scan of a page without colour
            // looks the same, so the whole dossier decides.
            let visible = d.page(page).is_some_and(|p| p.shows_colour())
                || d.pages
                    .iter()
                    .any(|p| matches!(p.source, crate::page::PageSource::Ocr { monochrome: false }));
            if let (true, false, true, true) = (suspect_record, refused, signed && !fingerprint, visible) {
                let slot = line;
                out.push(finding(
                    &SUBJECT_FINGERPRINT,
                    doc,
                    slot,
                    format!("第{page}页{who}已签名但未捺指印"),
                ));
            }
            continue;
        }
        let slot = if line.label.is_empty() {
            slots
                .iter()
                .find(|s| !s.label.is_empty())
                .copied()
                .unwrap_or(line)
        } else {
            line
        };
        out.push(finding(
            &INTERVIEWEE_EACH_PAGE,
            doc,
            slot,
            format!("第{page}页{who}未签名"),
        ));
    }
    if kind == CaseKind::Criminal {
        for slot in doc
            .slots
            .iter()
            .filter(|s| s.role == SlotRole::ClosingStatement && s.state == SlotState::Blank)
        {
            out.push(finding(
                &CLOSING_STATEMENT,
                doc,
                slot,
                format!(
                    "第{}页笔录末尾缺少{who}亲笔书写的「以上笔录我看过，和我说的相符」",
                    slot.page
                ),
            ));
        }
    }
    // Investigators: every named investigator signs (in the header beside the typed names,
    // or in a closing block); the recorder signs. A form with no such labels says nothing.
    let inv: Vec<&SignatureSlot> = doc
        .slots
        .iter()
        .filter(|s| s.role == SlotRole::Investigator)
        .collect();
    let (named, signed) = signed_names(doc, &inv, d.is_scanned(doc));
    // Point at the slot where the officers did sign (the missing name belongs there), or,
    // when nobody signed, at the last slot (the closing block, where forms have one).
    let target = if signed > 0 {
        inv.iter().max_by_key(|s| s.signatures)
    } else {
        inv.last()
    };
    // On a scan, signatures on a closing-block row whose label OCR could not read may be the
    // missing ones: the scan cannot say, and a doubt is no flag. Only where the block shows
    // the investigators' label and not the recorder's is such a row the recorder's, and the
    // investigators are judged by their own row.
    let unlabelled = doc
        .slots
        .iter()
        .any(|s| s.role == SlotRole::Unlabelled && s.state == SlotState::Signed);
    let unlabelled_is_recorder = unlabelled
        && doc
            .slots
            .iter()
            .filter(|s| s.role == SlotRole::Unlabelled && s.state == SlotState::Signed)
            .all(|u| {
                let on_page = |role| doc.slots.iter().any(|s| s.role == role && s.page == u.page);
                on_page(SlotRole::Investigator) && !on_page(SlotRole::Recorder)
            });
    if let Some(slot) = target
        && (signed == 0 || signed < named)
        && (!unlabelled || unlabelled_is_recorder)
    {
        let message = if signed == 0 {
            format!("第{}页讯（询）问人未签名", slot.page)
        } else {
            format!(
                "第{}页讯（询）问人签名不全：列明{named}人，仅见{signed}人签名",
                slot.page
            )
        };
        out.push(finding(&INVESTIGATOR, doc, slot, message));
    }
    let rec: Vec<&SignatureSlot> = doc
        .slots
        .iter()
        .filter(|s| s.role == SlotRole::Recorder)
        .collect();
    // A recorder who is also a named investigator and has not signed is one omission, already
    // counted by the investigator rule. So may be a recorder whose name OCR could not read on
    // a scan (「记录员 袁华」 lost, 「侦查员 苏宁、袁华」 read): the recorder is most often one of
    // the investigators, the page is flagged for them already, and a doubt is no flag.
    // On a scan a two-character name read one character off may be the same too (侦查员
    // 「段春、约建」, 记录人 「黎建」: both 龚建, seed 2049 s005), and so may a name with its last
    // character lost (侦查员 「卢国杰 、喜敏 “」, 记录人 「喜敏佳」: both 袁敏佳, seed 2062 s008 p17).
    // So may any two readings with a character in common, so long as an investigator is
    // already flagged: OCR reads a name in two rows two ways (「碍切雪」 / 「比燕雪」 for 龚燕雪,
    // 「孔佘」 / 「了有孔多凯」 for 孔鑫凯, seed 2078 s008 p6, s011 p5), and a recorder of
    // another name left unsigned beside an unsigned investigator is a second flag on a page
    // already flagged.
    let scanned = d.is_scanned(doc);
    let clipped = |a: &str, b: &str| one_short(a, b) || one_short(b, a);
    let shared = |a: &str, b: &str| a.chars().any(|c| crate::text::is_ideograph(c) && b.contains(c));
    let may_be =
        |a: &str, b: &str| same_name(a, b) || (scanned && (one_apart(a, b) || clipped(a, b) || shared(a, b)));
    let recorder_counted = signed < named
        && match doc.fields.recorder.as_ref() {
            Some(r) => doc
                .fields
                .investigators
                .iter()
                .any(|i| may_be(&i.value, &r.value)),
            None => scanned,
        };
    // A struck-out recorder field asks for no signature.
    if !recorder_counted
        && !unlabelled
        && !doc.fields.recorder_struck
        && !rec.is_empty()
        && rec.iter().all(|s| s.state == SlotState::Blank)
        && let Some(slot) = rec.last()
    {
        out.push(finding(
            &RECORDER,
            doc,
            slot,
            format!("第{}页记录人未签名", slot.page),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::signed_by_length;

    #[test]
    fn a_run_of_small_handwriting_holds_the_names_it_is_wide_enough_for() {
        // Two three-character names signed small in one cell (seed 2062 s026 p8: 4.23).
        assert_eq!(signed_by_length(vec![3, 3], 4.23, 0), 2);
        // One name's width, however written, is one name.
        assert_eq!(signed_by_length(vec![3, 3], 3.1, 0), 1);
        assert_eq!(signed_by_length(vec![3, 2], 1.0, 0), 0);
        // A placed image is a signature of its own; the run is measured for the rest.
        assert_eq!(signed_by_length(vec![3, 3], 2.0, 1), 2);
    }
}
