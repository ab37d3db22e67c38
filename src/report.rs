//! The JSON report: one object per input file, the contract that other tools, the API and
//! our own statistics read (see DESIGN.md, "JSON report"). Fields are only ever added.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::defect::Defect;
use chrono::{NaiveDateTime, NaiveTime};

use crate::dossier::{DocKind, Document, Dossier};
use crate::page::PageSource;

/// One document, as summarised in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentSummary {
    pub index: usize,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub first_page: usize,
    pub last_page: usize,
    /// Extracted header fields by name (`start`, `end`, `location`, `investigators`,
    /// `recorder`, `subject`, `id_number`, `session`, …); absent ones are left out.
    pub fields: Map<String, Value>,
}

/// A page that could not be checked, and why: failed to parse, or needs OCR.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageProblem {
    pub page: usize,
    /// `failed` or `needs_ocr`.
    pub kind: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub file: String,
    pub sha256: String,
    pub pages: usize,
    /// `text`, `scan` or `mixed`.
    pub source: String,
    pub documents: Vec<DocumentSummary>,
    pub defects: Vec<Defect>,
    /// Pages that were not checked (an extension of the contract: absent means none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub page_problems: Vec<PageProblem>,
    /// The dated events of the dossier in time order (an extension of the contract: absent
    /// means none were read).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub timeline: Vec<TimelineEvent>,
}

/// One dated event read from the dossier: the report coming in, a summons's arrival and
/// leaving, a transcript's start or end, the delivery to the detention house, a document's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// `YYYY-MM-DDTHH:MM`; a date without a time is at `T00:00` (see `kind`).
    pub at: String,
    /// `report`, `arrival`, `leaving`, `transcript_start`, `transcript_end`, `custody` or
    /// `document_date`.
    pub kind: String,
    /// The page it was read on.
    pub page: usize,
    /// The document it belongs to (none for custody, read across documents).
    pub document: Option<usize>,
    /// What happened, in Chinese, e.g. 「讯问笔录（第1次）开始」.
    pub label: String,
}

impl Report {
    pub fn build(file: &str, sha256: &str, dossier: &Dossier, defects: Vec<Defect>) -> Report {
        let text = dossier
            .pages
            .iter()
            .filter(|p| p.source == PageSource::TextLayer)
            .count();
        let scan = dossier
            .pages
            .iter()
            .filter(|p| {
                matches!(p.source, PageSource::Ocr { .. }) || matches!(p.source, PageSource::NeedsOcr { .. })
            })
            .count();
        let source = match (text, scan) {
            // Nothing read at all: what fails page by page is image decoding.
            (0, 0) if !dossier.pages.is_empty() => "scan",
            (_, 0) => "text",
            (0, _) => "scan",
            _ => "mixed",
        };
        let page_problems = dossier
            .pages
            .iter()
            .filter_map(|p| match &p.source {
                PageSource::Failed { error } => Some(PageProblem {
                    page: p.number,
                    kind: "failed".into(),
                    message: error.clone(),
                }),
                PageSource::NeedsOcr { reason } => Some(PageProblem {
                    page: p.number,
                    kind: "needs_ocr".into(),
                    message: reason.clone(),
                }),
                _ => None,
            })
            .collect();
        Report {
            file: file.to_string(),
            sha256: sha256.to_string(),
            pages: dossier.pages.len(),
            source: source.to_string(),
            documents: dossier.documents.iter().map(summarise).collect(),
            defects,
            page_problems,
            timeline: timeline(dossier),
        }
    }
}

/// The dated events of a dossier, sorted by time, then page.
pub fn timeline(dossier: &Dossier) -> Vec<TimelineEvent> {
    let mut events: Vec<(NaiveDateTime, TimelineEvent)> = Vec::new();
    let mut push = |at: NaiveDateTime, kind: &str, page: usize, document: Option<usize>, label: String| {
        events.push((
            at,
            TimelineEvent {
                at: at.format("%Y-%m-%dT%H:%M").to_string(),
                kind: kind.to_string(),
                page,
                document,
                label,
            },
        ));
    };
    for doc in &dossier.documents {
        let name = doc_name(doc);
        let f = &doc.fields;
        if doc.kind.is_transcript() {
            let session = f
                .session
                .as_ref()
                .map_or(String::new(), |s| format!("（第{}次）", s.value));
            if let Some(s) = &f.start {
                push(
                    s.value,
                    "transcript_start",
                    s.page,
                    Some(doc.index),
                    format!("{name}{session}开始"),
                );
            }
            if let Some(e) = &f.end {
                push(
                    e.value,
                    "transcript_end",
                    e.page,
                    Some(doc.index),
                    format!("{name}{session}结束"),
                );
            }
        }
        if let Some(d) = &doc.date {
            push(
                d.value.and_time(NaiveTime::MIN),
                "document_date",
                d.page,
                Some(doc.index),
                format!("{name}日期"),
            );
        }
    }
    if let Some(r) = crate::checks::reported(dossier) {
        let what = if r.registration_only {
            "受案"
        } else {
            "接报案"
        };
        push(r.at, "report", r.page, Some(r.document), what.to_string());
    }
    for c in crate::checks::custodies(dossier) {
        let (s, who) = (&c.span, &c.person);
        push(
            s.from,
            "arrival",
            s.page,
            Some(c.document),
            format!("{who}到达（传唤）"),
        );
        push(s.to, "leaving", s.page, Some(c.document), format!("{who}离开"));
    }
    if let Some(c) = &dossier.custody {
        let label = match &c.place {
            Some(place) if !place.is_empty() => format!("送押{place}"),
            _ => "送押看守所".to_string(),
        };
        push(c.held_since.value, "custody", c.held_since.page, None, label);
    }
    events.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.page.cmp(&b.1.page)));
    events.into_iter().map(|(_, e)| e).collect()
}

/// The document's name for a label: its printed title, or its kind's name.
fn doc_name(doc: &Document) -> String {
    if !doc.title.is_empty() {
        return crate::text::fold::compact(&doc.title)
            .split(['(', '（'])
            .next()
            .unwrap_or_default()
            .to_string();
    }
    match doc.kind {
        DocKind::CaseCover => "卷宗封面",
        DocKind::TableOfContents => "卷内目录",
        DocKind::CaseAcceptance => "受案登记表",
        DocKind::FilingDecision => "立案决定书",
        DocKind::Summons => "传唤证",
        DocKind::DetentionWarrant => "拘留证",
        DocKind::DetentionNotice => "拘留通知书",
        DocKind::RightsNotice => "犯罪嫌疑人诉讼权利义务告知书",
        DocKind::AdminRightsNotice => "行政案件权利义务告知书",
        DocKind::InterrogationRecord => "讯问笔录",
        DocKind::InquiryRecord => "询问笔录",
        DocKind::Report => "呈请报告书",
        DocKind::Other => "文书",
    }
    .to_string()
}

fn summarise(doc: &Document) -> DocumentSummary {
    let f = &doc.fields;
    let mut fields = Map::new();
    let mut put = |k: &str, v: Value| {
        fields.insert(k.to_string(), v);
    };
    if let Some(s) = &f.session {
        put("session", s.value.into());
    }
    if let Some(s) = &f.start {
        put("start", s.value.format("%Y-%m-%dT%H:%M").to_string().into());
    }
    if let Some(s) = &f.end {
        put("end", s.value.format("%Y-%m-%dT%H:%M").to_string().into());
    }
    if let Some(s) = &f.location {
        put("location", s.value.clone().into());
    }
    if !f.investigators.is_empty() {
        put(
            "investigators",
            f.investigators
                .iter()
                .map(|i| Value::from(i.value.clone()))
                .collect(),
        );
    }
    if let Some(s) = &f.recorder {
        put("recorder", s.value.clone().into());
    }
    if let Some(s) = &f.subject {
        put("subject", s.value.clone().into());
    }
    if let Some(s) = &f.id_number {
        put("id_number", s.value.clone().into());
    }
    if let Some(s) = &doc.date {
        put("date", s.value.format("%Y-%m-%d").to_string().into());
    }
    if !doc.notice_items.is_empty() {
        put(
            "notice_items",
            doc.notice_items
                .iter()
                .map(|i| Value::from(i.concept.clone()))
                .collect(),
        );
    }
    DocumentSummary {
        index: doc.index,
        kind: doc.kind.id().to_string(),
        title: doc.title.clone(),
        first_page: doc.first_page,
        last_page: doc.last_page,
        fields,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::page;
    use crate::structure::structure;

    #[test]
    fn the_timeline_orders_transcripts_and_document_dates() {
        let notice = page(
            1,
            &[
                "犯罪嫌疑人诉讼权利义务告知书",
                "一、自愿如实供述自己的罪行，愿意接受处罚的，可以依法从宽处理。",
                "被告知人（签名）：",
                "2024年3月5日",
            ],
        );
        let second = page(
            2,
            &[
                "讯问笔录（第二次）",
                "时间：2024年3月6日9时00分至2024年3月6日10时00分",
                "地点：城东派出所办案区第二讯问室",
                "问：你还有什么补充？",
                "答：没有。",
            ],
        );
        let first = page(
            3,
            &[
                "讯问笔录（第一次）",
                "时间：2024年3月5日10时20分至2024年3月5日11时40分",
                "地点：城东派出所办案区第二讯问室",
                "问：你的基本情况？",
                "答：我叫赵小虎。",
            ],
        );
        let d = structure(vec![notice, second, first]);
        let r = Report::build("case.pdf", "0", &d, Vec::new());
        let got: Vec<(&str, &str, usize)> = r
            .timeline
            .iter()
            .filter(|e| e.kind != "document_date" || e.page == 1)
            .map(|e| (e.at.as_str(), e.kind.as_str(), e.page))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-03-05T00:00", "document_date", 1),
                ("2024-03-05T10:20", "transcript_start", 3),
                ("2024-03-05T11:40", "transcript_end", 3),
                ("2024-03-06T09:00", "transcript_start", 2),
                ("2024-03-06T10:00", "transcript_end", 2),
            ]
        );
        let start = r
            .timeline
            .iter()
            .find(|e| e.page == 3 && e.kind == "transcript_start")
            .map(|e| e.label.as_str());
        assert_eq!(start, Some("讯问笔录（第1次）开始"));
        assert!(r.timeline.iter().all(|e| e.document.is_some()));
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert_eq!(json["timeline"].as_array().map(Vec::len), Some(r.timeline.len()));
        assert_eq!(json["timeline"][0]["at"], "2024-03-05T00:00");
    }

    #[test]
    fn the_timeline_carries_the_report_and_the_summons() {
        let acceptance = page(
            1,
            &["受案登记表", "报案方式 110指令 接报时间 2024年3月5日8时20分"],
        );
        let summons = page(
            2,
            &[
                "传唤证",
                "兹传唤涉嫌盗窃的犯罪嫌疑人赵小虎（性别男）于2024年3月5日9时00分到城东派出所接受讯问。",
                "被传唤人到达时间：2024年3月5日9时05分",
                "被传唤人离开时间：2024年3月5日12时10分",
            ],
        );
        let d = structure(vec![acceptance, summons]);
        let r = Report::build("case.pdf", "0", &d, Vec::new());
        let got: Vec<(&str, &str, usize, &str)> = r
            .timeline
            .iter()
            .filter(|e| e.kind != "document_date")
            .map(|e| (e.at.as_str(), e.kind.as_str(), e.page, e.label.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("2024-03-05T08:20", "report", 1, "接报案"),
                ("2024-03-05T09:05", "arrival", 2, "赵小虎到达（传唤）"),
                ("2024-03-05T12:10", "leaving", 2, "赵小虎离开"),
            ]
        );
    }

    #[test]
    fn an_empty_timeline_is_left_out_of_the_json() {
        let d = structure(vec![page(1, &["卷宗封面"])]);
        let r = Report::build("case.pdf", "0", &d, Vec::new());
        let json = serde_json::to_value(&r).unwrap_or_default();
        assert!(json.get("timeline").is_none());
        let back: Report = serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"));
        assert!(back.timeline.is_empty());
    }
}
