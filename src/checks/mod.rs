//! Checks: a registry of rules run over a structured dossier. Each family (one file each)
//! reports `Finding`s — which rule, where, why; this module turns them into `Defect`s with
//! the rule's category, severity, deduction and legal basis, as configured.

use crate::defect::{Category, Defect, Severity};
use crate::dossier::{DocKind, Dossier};
use crate::geom::Rect;

mod chronology;
mod config;
mod fields;
mod guardian;
mod identity;
mod location;
mod officers;
mod pages;
mod persons;
mod rights;
mod signature;
mod timing;
pub mod unit;

pub use config::{RuleConfig, RuleConfigError, RuleSetting, TimingConfig};
// The milestones the timing rules read, for the report's timeline.
pub(crate) use chronology::reported;
pub(crate) use persons::custodies;

/// A rule's fixed description.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// Default deduction in the 100-point score. No national table publishes per-item points
    /// for transcript defects; units set their own in the rules file.
    pub deduction: f32,
    pub basis: &'static str,
}

/// Every rule, in report order.
pub const RULES: &[Rule] = &[
    signature::INTERVIEWEE_EACH_PAGE,
    signature::SUBJECT_FINGERPRINT,
    signature::CLOSING_STATEMENT,
    signature::INVESTIGATOR,
    signature::RECORDER,
    signature::NOTICE_SUBJECT,
    location::INTERROGATION_ROOM,
    location::DETENTION_HOUSE,
    location::ADMIN_CASE_AREA,
    rights::NOTICE_MISSING,
    rights::NOTICE_ITEMS,
    rights::FIRST_INTERROGATION_EXCHANGE,
    rights::ADMIN_NOTICE_MISSING,
    rights::ADMIN_NOTICE_ITEMS,
    timing::OFFICER_OVERLAP,
    timing::END_BEFORE_START,
    chronology::BEFORE_REPORT,
    chronology::AFTER_LEAVING,
    timing::CRIMINAL_DURATION,
    timing::ADMIN_DURATION,
    unit::UNIT_OVERLAP,
    persons::SUBJECT_OVERLAP,
    persons::CONSECUTIVE_SUMMONS,
    officers::CRIMINAL,
    officers::ADMINISTRATIVE,
    guardian::MINOR_ADULT_PRESENT,
    identity::CHECKSUM,
    identity::CONSISTENCY,
    pages::NUMBERING,
    fields::BLANK_HEADER,
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// What a check found, before configuration gives it severity and deduction.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static str,
    pub page: usize,
    pub document: Option<usize>,
    /// In page units.
    pub bbox: Rect,
    pub message: String,
    pub evidence: String,
}

/// Whether the dossier is a criminal or an administrative case: the rules differ (the
/// administrative transcript needs a signature *or* a fingerprint, has no fixed closing
/// sentence, and its own notice).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseKind {
    Criminal,
    Administrative,
}

pub fn case_kind(d: &Dossier) -> CaseKind {
    let criminal = d.documents.iter().any(|doc| {
        matches!(
            doc.kind,
            DocKind::InterrogationRecord
                | DocKind::RightsNotice
                | DocKind::DetentionWarrant
                | DocKind::FilingDecision
                | DocKind::DetentionNotice
        )
    });
    if criminal {
        return CaseKind::Criminal;
    }
    let administrative = d
        .documents
        .iter()
        .any(|doc| doc.kind == DocKind::AdminRightsNotice)
        || d.documents_of(DocKind::InquiryRecord).any(|doc| {
            d.page(doc.first_page).is_some_and(|p| {
                p.lines.iter().take(14).any(|l| {
                    let t = crate::text::fold::compact(&l.text);
                    t.contains("违法嫌疑人") || t.contains("行政")
                })
            })
        });
    if administrative {
        CaseKind::Administrative
    } else {
        CaseKind::Criminal
    }
}

static SUSPECT_CUE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::structure::labels::compile(r"违法嫌疑人|传唤|被扭送|自动投案|受过.{0,8}处罚|违法行为|涉嫌")
});
static WITNESS_ROLE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::structure::labels::compile(r"证人|被害人|被侵害人|报案人|举报人|了解.{0,4}情况")
});

/// The whole text of a document, folded and without spaces, for looking up what it states
/// (reasons, approvals, notifications) wherever the lines wrap.
pub(crate) fn doc_text(d: &Dossier, doc: &crate::dossier::Document) -> String {
    d.lines_of(doc)
        .map(|(_, l)| crate::text::fold::compact(&l.text))
        .collect()
}

/// The confidence OCR gave each character of a scanned value, read back from the glyphs in
/// the value's box (`Located` keeps only the lowest): the glyphs `keep` takes, in reading
/// order, where they spell `value` (compared ignoring ASCII case); `None` where they do not.
pub(crate) fn glyph_confidences<T>(
    d: &Dossier,
    located: &crate::dossier::Located<T>,
    value: &str,
    keep: fn(char) -> bool,
) -> Option<Vec<f32>> {
    let b = located.bbox;
    let inside = |g: &&crate::page::Glyph| {
        let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
        b.x0 <= x && x <= b.x1 && b.y0 <= y && y <= b.y1
    };
    let glyphs: Vec<&crate::page::Glyph> = d
        .page(located.page)?
        .lines
        .iter()
        .flat_map(|l| &l.glyphs)
        .filter(inside)
        .filter(|g| keep(g.ch))
        .collect();
    let want: Vec<char> = value.chars().collect();
    if want.is_empty() {
        return None;
    }
    glyphs
        .windows(want.len())
        .find(|w| w.iter().zip(&want).all(|(g, c)| g.ch.eq_ignore_ascii_case(c)))
        .map(|w| w.iter().map(|g| g.conf).collect())
}

/// Whether an inquiry record questions the suspect of an administrative case (违法嫌疑人)
/// rather than a victim or witness: the header names the role, or the record shows a
/// summons, prior sanctions or the alleged offence; a victim's or witness's record says so
/// in its header or asks them to 「了解情况」.
pub fn is_suspect_inquiry(d: &Dossier, doc: &crate::dossier::Document) -> bool {
    let Some(first) = d.page(doc.first_page) else {
        return false;
    };
    let qa = crate::structure::labels::first_qa_line(first);
    let header: String = first.lines[..qa.unwrap_or(first.lines.len())]
        .iter()
        .map(|l| crate::text::fold::compact(&l.text))
        .collect();
    let text: String = d
        .lines_of(doc)
        .take(60)
        .map(|(_, l)| crate::text::fold::compact(&l.text))
        .collect();
    if header.contains("违法嫌疑人") {
        return true;
    }
    let witness = WITNESS_ROLE.is_match(&header) || text.contains("了解情况") || text.contains("作为证人");
    !witness && SUSPECT_CUE.is_match(&text)
}

/// Runs every enabled rule.
pub fn run(dossier: &Dossier, config: &RuleConfig) -> Vec<Defect> {
    let mut findings = Vec::new();
    findings.extend(signature::check(dossier, config));
    findings.extend(location::check(dossier, config));
    findings.extend(rights::check(dossier, config));
    findings.extend(timing::check(dossier, config));
    findings.extend(persons::check(dossier, config));
    findings.extend(chronology::check(dossier, config));
    findings.extend(officers::check(dossier, config));
    findings.extend(guardian::check(dossier, config));
    findings.extend(identity::check(dossier, config));
    findings.extend(pages::check(dossier, config));
    findings.extend(fields::check(dossier, config));
    let mut defects: Vec<Defect> = findings
        .into_iter()
        .filter_map(|f| to_defect(dossier, config, f))
        .collect();
    defects.sort_by(|a, b| a.page.cmp(&b.page).then(a.rule.cmp(&b.rule)));
    defects
}

fn to_defect(dossier: &Dossier, config: &RuleConfig, f: Finding) -> Option<Defect> {
    let rule = rule(f.rule)?;
    let setting = config.setting(rule.id);
    if !setting.enabled.unwrap_or(true) {
        return None;
    }
    let (w, h) = dossier.page(f.page).map_or((0.0, 0.0), |p| (p.width, p.height));
    Some(Defect {
        category: rule.category,
        rule: rule.id.to_string(),
        severity: setting.severity.unwrap_or(rule.severity),
        page: f.page,
        document: f.document,
        bbox: f.bbox.to_fractions(w, h),
        message: f.message,
        evidence: f.evidence,
        basis: rule.basis.to_string(),
        deduction: setting.deduction.unwrap_or(rule.deduction),
    })
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_chronology;
#[cfg(test)]
mod tests_cross;
#[cfg(test)]
mod tests_fields;
#[cfg(test)]
mod tests_persons;
