//! `incomplete_rights_notice`: a criminal suspect is given the written notice of litigation
//! rights and obligations, it states every required item for the date of the interrogation
//! (the guilty-plea leniency item from the 2018 revision on), and the first interrogation
//! records the notification exchange. Administrative cases have their own notice and items.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::checks::{CaseKind, Finding, RuleConfig, case_kind, doc_text, is_suspect_inquiry};
use crate::defect::{Category, Severity};
use crate::dossier::{DocKind, Document, Dossier};
use crate::geom::Rect;
use crate::structure::labels::compile;
use crate::structure::notice::concepts;

use super::Rule;

pub const NOTICE_MISSING: Rule = Rule {
    id: "rights.notice_missing",
    category: Category::IncompleteRightsNotice,
    severity: Severity::Major,
    deduction: 3.0,
    basis: "《刑事诉讼法》（2018）第一百二十条；《公安机关办理刑事案件程序规定》（2020）第二百零三条：讯问时应当告知犯罪嫌疑人享有的诉讼权利；《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十五条第三项。",
};
pub const NOTICE_ITEMS: Rule = Rule {
    id: "rights.notice_items",
    category: Category::IncompleteRightsNotice,
    severity: Severity::Major,
    deduction: 1.0,
    basis: "《刑事诉讼法》（2018）第九、十四、二十九至三十二、三十四、三十五、一百二十、一百二十二条；《公安机关办理刑事案件程序规定》（2020）第四十三条、第二百零三条；认罪认罚从宽告知自2018年10月26日起适用。",
};
pub const FIRST_INTERROGATION_EXCHANGE: Rule = Rule {
    id: "rights.first_interrogation_exchange",
    category: Category::IncompleteRightsNotice,
    severity: Severity::Major,
    deduction: 2.0,
    basis: "《最高人民法院关于适用〈刑事诉讼法〉的解释》第九十五条第三项：首次讯问笔录没有记录告知被讯问人相关权利和法律规定的，应当补正或作出合理解释；《公安机关办理刑事案件程序规定》（2020）第二百零三条。",
};
pub const ADMIN_NOTICE_MISSING: Rule = Rule {
    id: "rights.admin_notice_missing",
    category: Category::IncompleteRightsNotice,
    severity: Severity::Minor,
    deduction: 2.0,
    basis: "《公安机关办理行政案件程序规定》第七十四条：询问时应当告知被询问人如实提供证据、证言的义务及作伪证的法律责任（以《行政案件权利义务告知书》送达为常见做法）。",
};
pub const ADMIN_NOTICE_ITEMS: Rule = Rule {
    id: "rights.admin_notice_items",
    category: Category::IncompleteRightsNotice,
    severity: Severity::Minor,
    deduction: 1.0,
    basis: "《公安机关办理行政案件程序规定》第十七至二十五条（回避）、第七十四条（如实陈述）、第七十七条（核对笔录）、第七十八条及第一百六十九条（陈述和申辩）。",
};

/// Items every criminal notice states (rules-reference §11.1: items 2, 3, 4, 5, 8, 9).
const CRIMINAL_REQUIRED: &[&str] = &[
    "language",
    "complaint",
    "recusal",
    "counsel",
    "legal_aid",
    "truthful",
    "review",
];
/// Items every administrative notice states (§11.2: items 1, 2, 7, 9).
const ADMIN_REQUIRED: &[&str] = &["recusal", "truthful", "state_defend", "review"];

/// A recorded notification in the Q&A of a first interrogation, also as OCR reads the
/// notice's name with a character of each word garbled (「宣读《犯罪嫌疑人拆讼权利义劳告知节》」,
/// seed 2053 s018 p10): reading out a document named in 《》 is the notification itself.
/// And 权利义务 with both middle characters misread (「人权和区务」, the question under a seal,
/// seed 2059 s039 p10): 权, two characters, 务. And the notice handed over by name, its name
/// garbled and the 告 of 告知书 lost (「这是《 帮人诉公务洁姑-世 ，你音一下…你是本起知书的
/// 内容?」, seed 2064 s012 p10), but no notice of detention (通知书). And a document in 《》
/// whose garbled name keeps 权利 and ends in 书 (「《和可央有人泊认权利六和和如书】」, the
/// question under a stain, seed 2068 s019 p11): no other document named so is put to a suspect.
/// Nor one in 《》 naming 诉讼权 and 告知, its 书 lost (「这是《犯罪嫌疑人诉讼权 务告知》」,
/// seed 2075 s009 p11).
static EXCHANGE: LazyLock<Regex> = LazyLock::new(|| {
    compile(
        r"权利义务告知书|\p{Han}讼权利|权利(和|与|及|、)?义\p{Han}|权\p{Han}{2}务|告知.{0,12}(享有的)?权利|(宣读|阅读|送达).{0,8}告知[书节]|告知书|(宣读|送达)\s*《|这是\s*《.{0,40}[^通]知书|《.{0,12}权利.{0,12}书|《[^》]{0,12}诉讼权[^》]{0,8}告知",
    )
});

pub fn check(d: &Dossier, config: &RuleConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    match case_kind(d) {
        CaseKind::Criminal => criminal(d, config, &mut out),
        CaseKind::Administrative => administrative(d, &mut out),
    }
    out
}

fn top_of(d: &Dossier, doc: &Document, page: usize) -> Rect {
    d.page(page)
        .and_then(|p| {
            let lines: Vec<Rect> = p
                .lines
                .iter()
                .filter(|_| doc.pages().contains(&page))
                .take(3)
                .map(|l| l.bbox)
                .collect();
            lines.into_iter().reduce(|a, b| a.union(&b))
        })
        .unwrap_or_default()
}

/// Interrogation records in the order they were held (by start time, then by page); a record
/// whose time could not be read (a scan) goes after those whose time is known, not before
/// them all, unless it says it is the first session (「第1次」): it was held first whatever
/// its time (seed 2056 s039 p7, 「自2024126日11时53分」).
fn interrogations(d: &Dossier) -> Vec<&Document> {
    let mut v: Vec<&Document> = d.documents_of(DocKind::InterrogationRecord).collect();
    v.sort_by_key(|doc| {
        let start = doc.fields.start.as_ref().map(|s| s.value);
        let first_session = doc.fields.session.as_ref().is_some_and(|s| s.value == 1);
        (start.is_none() && !first_session, start, doc.first_page)
    });
    v
}

fn criminal(d: &Dossier, config: &RuleConfig, out: &mut Vec<Finding>) {
    let records = interrogations(d);
    let Some(first) = records.first() else { return };
    let notices: Vec<&Document> = d.documents_of(DocKind::RightsNotice).collect();
    if notices.is_empty() {
        out.push(Finding {
            rule: NOTICE_MISSING.id,
            page: first.first_page,
            document: Some(first.index),
            bbox: top_of(d, first, first.first_page),
            message: "案卷中有讯问笔录，但没有《犯罪嫌疑人诉讼权利义务告知书》".to_string(),
            evidence: first.title.clone(),
        });
    }
    // The law in force on the day of the first interrogation decides the items.
    let act_date: Option<NaiveDate> = first
        .fields
        .start
        .as_ref()
        .map(|s| s.value.date())
        .or_else(|| notices.first().and_then(|n| n.date.as_ref()).map(|d| d.value));
    let from = config.rights.leniency_required_from;
    let leniency = match act_date {
        Some(day) => day >= from,
        // The day unread (「2016.01161135至…」, 「2016年1月416日」): a year written by the first
        // transcript's time or the notice's date still tells an edition from before the item
        // existed.
        None => written_year(d, first, &notices).is_none_or(|year| year >= from.year()),
    };
    let mut required: Vec<&str> = CRIMINAL_REQUIRED.to_vec();
    if leniency {
        required.insert(0, "leniency");
    }
    for notice in notices {
        missing_items(d, notice, &required, &NOTICE_ITEMS, out);
    }
    // The first interrogation records the notification. A dossier that starts at a later
    // session (第2次…) does not hold the first one.
    if first.fields.session.as_ref().is_none_or(|s| s.value <= 1) {
        let text = doc_text(d, first);
        if !EXCHANGE.is_match(&text) {
            out.push(Finding {
                rule: FIRST_INTERROGATION_EXCHANGE.id,
                page: first.first_page,
                document: Some(first.index),
                bbox: top_of(d, first, first.first_page),
                message: "第一次讯问笔录未记录向犯罪嫌疑人告知诉讼权利义务的问答".to_string(),
                evidence: first.title.clone(),
            });
        }
    }
}

fn administrative(d: &Dossier, out: &mut Vec<Finding>) {
    if d.documents_of(DocKind::AdminRightsNotice).next().is_none() {
        let suspect = d
            .documents_of(DocKind::InquiryRecord)
            .find(|doc| is_suspect_inquiry(d, doc));
        if let Some(doc) = suspect {
            out.push(Finding {
                rule: ADMIN_NOTICE_MISSING.id,
                page: doc.first_page,
                document: Some(doc.index),
                bbox: top_of(d, doc, doc.first_page),
                message: "询问违法嫌疑人，案卷中没有《行政案件权利义务告知书》".to_string(),
                evidence: doc.title.clone(),
            });
        }
    }
    for notice in d.documents_of(DocKind::AdminRightsNotice) {
        missing_items(d, notice, ADMIN_REQUIRED, &ADMIN_NOTICE_ITEMS, out);
    }
}

/// A year as dates are written (「2016年」, 「2016.01」, 「2016-01」), not inside a longer
/// number (an ID number's birth date, a phone number).
static YEAR: LazyLock<Regex> = LazyLock::new(|| compile(r"(?:^|[^0-9])((?:19|20)[0-9]{2})\s*[年.\-/]"));

/// The year of the first interrogation, read from its header's time line or, failing that,
/// from the notice's last dated line.
fn written_year(d: &Dossier, first: &Document, notices: &[&Document]) -> Option<i32> {
    let year = |text: &str| {
        YEAR.captures(text)
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok())
    };
    let header = d.page(first.first_page).and_then(|p| {
        crate::structure::header::header_lines(p)
            .iter()
            .filter(|l| l.text.contains('至'))
            .find_map(|l| year(&l.text))
    });
    header.or_else(|| {
        notices.iter().find_map(|n| {
            n.pages()
                .rev()
                .filter_map(|p| d.page(p))
                .find_map(|p| p.lines.iter().rev().find_map(|l| year(&l.text)))
        })
    })
}

fn missing_items(d: &Dossier, notice: &Document, required: &[&str], rule: &Rule, out: &mut Vec<Finding>) {
    let unreadable = notice
        .pages()
        .any(|p| d.page(p).is_some_and(|p| !p.is_readable()));
    let missing: Vec<&str> = required
        .iter()
        .filter(|id| !notice.notice_items.iter().any(|i| i.concept == **id))
        .filter_map(|id| concepts(notice.kind).iter().find(|c| c.id == *id).map(|c| c.name))
        .collect();
    // Items on a page we could not read are not missing, only unknown.
    if missing.is_empty() || unreadable {
        return;
    }
    out.push(Finding {
        rule: rule.id,
        page: notice.first_page,
        document: Some(notice.index),
        bbox: top_of(d, notice, notice.first_page),
        message: format!(
            "《{}》缺少告知事项：{}",
            if notice.title.is_empty() {
                "权利义务告知书"
            } else {
                &notice.title
            },
            missing.join("；")
        ),
        evidence: notice.title.clone(),
    });
}
