//! `insufficient_officers`: a transcript's 讯问人/询问人 and 记录人 fields together must name at
//! least two distinct officers (rules reference R-PER-1 for criminal interrogations, A-PER-1
//! for administrative inquiries); a recorder who is also the only investigator does not make
//! two. Only judged when both the investigator and the recorder fields were read, so a header
//! that could not be parsed says nothing, nor one listing an officer whose name a scan lost.

use crate::checks::{CaseKind, Finding, RuleConfig, case_kind};
use crate::defect::{Category, Severity};
use crate::dossier::{Document, Dossier};
use crate::structure::header::{lists_two, read_on, same_name};

use super::Rule;

pub const CRIMINAL: Rule = Rule {
    id: "officers.two_investigators",
    category: Category::InsufficientOfficers,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《刑事诉讼法》第一百一十八条第一款：讯问犯罪嫌疑人必须由人民检察院或者公安机关的侦查人员负责进行，讯问的时候，侦查人员不得少于二人；《公安机关办理刑事案件程序规定》（2020）第二百零二条第一款。",
};
pub const ADMINISTRATIVE: Rule = Rule {
    id: "officers.two_officers_admin",
    category: Category::InsufficientOfficers,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《公安机关办理行政案件程序规定》第五十二条：公安机关进行询问、辨认、检查、勘验，实施行政强制措施等调查取证工作时，人民警察不得少于二人；《行政处罚法》第四十二条。",
};

pub fn check(d: &Dossier, _config: &RuleConfig) -> Vec<Finding> {
    let rule = match case_kind(d) {
        CaseKind::Criminal => &CRIMINAL,
        CaseKind::Administrative => &ADMINISTRATIVE,
    };
    d.documents
        .iter()
        .filter(|doc| doc.kind.is_transcript())
        .filter_map(|doc| transcript(rule, doc, d.is_scanned(doc)))
        .collect()
}

fn transcript(rule: &Rule, doc: &Document, scanned: bool) -> Option<Finding> {
    let f = &doc.fields;
    // An officer listed whose name OCR could not read may be the second: a doubt, no flag.
    if f.investigators_unread {
        return None;
    }
    let first = f.investigators.first()?;
    // On a scan, an investigators' line listing two names (「、」 between them) of which one
    // was kept has lost the other to its reading (「白伟阳 阳、谭欣 娟」: the first name, a
    // signature read on after it, dropped; seed 2051 s007 p6): a doubt, no flag.
    if scanned && f.investigators.len() == 1 && lists_two(&first.raw) {
        return None;
    }
    // A recorder struck out (「/」) means there was none: the investigators alone count.
    let recorder = match (&f.recorder, f.recorder_struck) {
        (Some(r), _) => r,
        (None, true) => first,
        (None, false) => return None,
    };
    // On a scan a name one character off is the same officer's, as the header reads it
    // (seed 2037 s018 p9: 侦查员 「宋薄梅」, 记录员 宋萍梅); so is a name another starts with,
    // the rest the officer's signature read on after the typed name (侦查员 「书丽住」, 记录人
    // 书丽: seed 2044 s004 p9; 「钱艳」 / 「钱艳钱」, 「歼晨晨梦晨」 / 「歼晨」), unless the
    // investigators' line lists two (「吴 宇、陶舌鹏」: the first name lost, 陶舌鹏 read as 陶舌).
    let listed_one = !lists_two(&first.raw);
    let same = |a: &str, b: &str| {
        a == b || (scanned && (same_name(a, b) || (listed_one && (read_on(a, b) || read_on(b, a)))))
    };
    let mut names: Vec<&str> = Vec::new();
    for name in f.investigators.iter().chain([recorder]).map(|n| n.value.as_str()) {
        if !names.iter().any(|n| same(n, name)) {
            names.push(name);
        }
    }
    if names.len() >= 2 {
        return None;
    }
    let role = if doc.kind == crate::dossier::DocKind::InterrogationRecord {
        "讯问人"
    } else {
        "询问人"
    };
    let message = if same(&recorder.value, &first.value) && !f.recorder_struck {
        format!(
            "第{}页笔录{}与记录人均为{}，办案人员不足二人",
            first.page, role, first.value
        )
    } else {
        format!(
            "第{}页笔录仅记载{}一名办案人员，不足二人",
            first.page, first.value
        )
    };
    Some(Finding {
        rule: rule.id,
        page: first.page,
        document: Some(doc.index),
        bbox: first.bbox.union(&recorder.bbox),
        message,
        evidence: if first.raw == recorder.raw {
            first.raw.clone()
        } else {
            format!("{} {}", first.raw, recorder.raw)
        },
    })
}
