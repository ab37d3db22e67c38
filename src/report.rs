//! The JSON report: one object per input file, the contract that other tools, the API and
//! our own statistics read (see DESIGN.md, "JSON report"). Fields are only ever added.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::defect::Defect;
use crate::dossier::{Document, Dossier};
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
            .filter(|p| p.source == PageSource::Ocr || matches!(p.source, PageSource::NeedsOcr { .. }))
            .count();
        let source = match (text, scan) {
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
        }
    }
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
