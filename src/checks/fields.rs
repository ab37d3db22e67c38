//! `missing_field`: the printed items of a transcript's header must be filled in (MPS-Crim
//! art 206(2)); an item that does not apply is struck out with a slash or line, never left
//! blank. A label found on the first page with nothing after it is a blank field; a field
//! simply absent is not (the template may lack it, or reading failed), nor is an officer's
//! slot signed by hand, nor a struck-out 「/」「—」「无」. On a scan a value written by hand
//! that OCR could not read is ink it did not explain, and that ink in the value's area
//! keeps the field from being blank (`blank_labels`), as a signature's strokes do on a
//! text layer. (Until 2026-12-04 scans were left alone for fear of that case; measured on
//! the scans of seeds 2026, 2037 and 2038, no field with a value was flagged, and three of
//! five blank ones were.)

use crate::checks::{Finding, RuleConfig};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier, SlotRole, SlotState};
use crate::structure::header::{BlankField, BlankLabel, blank_labels};

use super::Rule;

pub const BLANK_HEADER: Rule = Rule {
    id: "fields.blank_header",
    category: Category::MissingField,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公安机关办理刑事案件程序规定》（2020）第二百零六条第二款：笔录所列项目应当按规定填写齐全；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十条第一项、第九十五条第一项；《公安机关刑事法律文书式样（2012版）》填写说明：不适用的项目应划线，不得空白。",
};

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    for doc in d.documents.iter().filter(|doc| doc.kind.is_transcript()) {
        let Some(page) = d.page(doc.first_page) else {
            continue;
        };
        if !page.is_readable() {
            continue;
        }
        for blank in blank_labels(page) {
            if signed_by_hand(doc, &blank) {
                continue;
            }
            out.push(Finding {
                rule: BLANK_HEADER.id,
                page: page.number,
                document: Some(doc.index),
                bbox: blank.bbox,
                message: format!(
                    "第{}页{}「{}」一栏未填写",
                    page.number,
                    name(doc),
                    field_name(&blank)
                ),
                evidence: if blank.raw.is_empty() {
                    blank.label.clone()
                } else {
                    blank.raw.clone()
                },
            });
        }
    }
    out
}

/// An officer's header slot with a signature in it (an image or strokes) is filled in.
fn signed_by_hand(doc: &Document, blank: &BlankLabel) -> bool {
    let role = match blank.field {
        BlankField::Investigator => SlotRole::Investigator,
        BlankField::Recorder => SlotRole::Recorder,
        _ => return false,
    };
    let h = blank.bbox.height().max(1.0);
    doc.slots.iter().any(|s| {
        s.role == role
            && s.page == doc.first_page
            && s.state == SlotState::Signed
            && (s.label_bbox.center_y() - blank.bbox.center_y()).abs() <= 1.5 * h
    })
}

fn name(doc: &Document) -> &'static str {
    match doc.kind {
        DocKind::InterrogationRecord => "讯问笔录",
        _ => "询问笔录",
    }
}

fn field_name(blank: &BlankLabel) -> String {
    match blank.field {
        BlankField::Start => format!("{}（起）", blank.label),
        BlankField::End => format!("{}（止）", blank.label),
        _ => blank.label.clone(),
    }
}
