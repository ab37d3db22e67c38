//! Re-submission (二次送评): the defects of version n+1 against the previous version's
//! confirmed ones. A confirmed defect found again is `unrectified` and its deduction doubled,
//! as the units' two-pass review rules require; one no longer found is carried into the new
//! version as `rectified`, with no deduction, so the officer sees what was fixed. New
//! defects are `open`. A plain function over the two lists: no database, no server.
//!
//! Two defects are the same finding when they come from the same rule; among several, the one
//! with the same message wins, then the nearest page (pages shift when a page is added).

use crate::defect::{Category, Defect, Severity};
use crate::store::results::DefectInsert;
use crate::store::review::DefectRow;

/// Statuses of the previous version that count as "still owed": confirmed, or found
/// unrectified once already.
pub fn is_owed(status: &str) -> bool {
    matches!(status, "confirmed" | "unrectified")
}

/// The new version's defects with their statuses. `previous` is the previous version's
/// defects (any status; only owed ones are matched).
pub fn classify(previous: &[DefectRow], new: Vec<Defect>) -> Vec<DefectInsert> {
    let mut owed: Vec<&DefectRow> = previous.iter().filter(|p| is_owed(&p.status)).collect();
    let mut out = Vec::with_capacity(new.len() + owed.len());
    for mut d in new {
        let best = owed
            .iter()
            .enumerate()
            .filter(|(_, p)| p.rule == d.rule && p.category == d.category.id())
            .min_by_key(|(_, p)| (p.message != d.message, (p.page - d.page as i64).abs()))
            .map(|(i, _)| i);
        match best {
            Some(i) => {
                let p = owed.remove(i);
                d.deduction *= 2.0;
                out.push(DefectInsert {
                    defect: d,
                    status: "unrectified",
                    previous_id: Some(p.id),
                });
            }
            None => out.push(DefectInsert {
                defect: d,
                status: "open",
                previous_id: None,
            }),
        }
    }
    for p in owed {
        if let Some(defect) = as_defect(p) {
            out.push(DefectInsert {
                defect: Defect {
                    deduction: 0.0,
                    ..defect
                },
                status: "rectified",
                previous_id: Some(p.id),
            });
        }
    }
    out
}

/// A stored defect back as a report defect (`None` for an unknown category).
fn as_defect(p: &DefectRow) -> Option<Defect> {
    let severity: Severity = serde_json::from_value(serde_json::Value::String(p.severity.clone())).ok()?;
    Some(Defect {
        category: Category::from_id(&p.category)?,
        rule: p.rule.clone(),
        severity,
        page: usize::try_from(p.page).ok()?,
        document: p.document.and_then(|d| usize::try_from(d).ok()),
        bbox: p.bbox.map(|v| v as f32),
        message: p.message.clone(),
        evidence: p.evidence.clone(),
        basis: p.basis.clone(),
        deduction: p.deduction as f32,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defect(rule: &str, page: usize, message: &str) -> Defect {
        Defect {
            category: Category::MissingSignature,
            rule: rule.into(),
            severity: Severity::Major,
            page,
            document: Some(0),
            bbox: [0.1, 0.1, 0.2, 0.2],
            message: message.into(),
            evidence: String::new(),
            basis: String::new(),
            deduction: 2.0,
        }
    }

    fn row(id: i64, d: &Defect, status: &str) -> DefectRow {
        DefectRow {
            id,
            dossier_id: 1,
            origin: "machine".into(),
            category: d.category.id().into(),
            rule: d.rule.clone(),
            severity: "major".into(),
            page: d.page as i64,
            document: Some(0),
            bbox: [0.1, 0.1, 0.2, 0.2],
            message: d.message.clone(),
            evidence: String::new(),
            basis: String::new(),
            deduction: f64::from(d.deduction),
            status: status.into(),
            reviewer: None,
            reason: None,
            previous_id: None,
            version: 1,
        }
    }

    #[test]
    fn a_confirmed_defect_found_again_is_unrectified_at_double_the_deduction() {
        let old = defect("signature.interviewee_each_page", 4, "第4页被讯问人未签名");
        let previous = [row(10, &old, "confirmed")];
        // The page moved by one: a page was inserted before it.
        let out = classify(
            &previous,
            vec![defect(
                "signature.interviewee_each_page",
                5,
                "第5页被讯问人未签名",
            )],
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].status, "unrectified");
        assert_eq!(out[0].previous_id, Some(10));
        assert_eq!(out[0].defect.deduction, 4.0);
    }

    #[test]
    fn a_confirmed_defect_gone_is_rectified_and_rejected_ones_are_forgotten() {
        let fixed = defect("signature.closing_statement", 9, "缺少结束语");
        let rejected = defect("signature.recorder", 3, "记录人未签名");
        let previous = [row(11, &fixed, "confirmed"), row(12, &rejected, "rejected")];
        let out = classify(&previous, vec![defect("signature.recorder", 3, "记录人未签名")]);
        assert_eq!(out.len(), 2);
        assert_eq!(
            out[0].status, "open",
            "a rejected flag raised again is simply open"
        );
        assert_eq!(out[1].status, "rectified");
        assert_eq!(out[1].previous_id, Some(11));
        assert_eq!(out[1].defect.deduction, 0.0);
    }

    #[test]
    fn each_previous_defect_matches_at_most_once_preferring_the_same_message() {
        let a = defect("r", 2, "A");
        let b = defect("r", 3, "B");
        let previous = [row(1, &a, "confirmed"), row(2, &b, "confirmed")];
        let out = classify(&previous, vec![defect("r", 2, "B"), defect("r", 2, "A")]);
        assert_eq!(out[0].previous_id, Some(2));
        assert_eq!(out[1].previous_id, Some(1));
    }
}
