//! The output of structure and the input of the checks: the pages split into documents,
//! each with its type, its header fields, its signature slots and (for rights notices) the
//! items it states.
//!
//! Every extracted value keeps the page and box it was read from, so a defect can point at
//! the very place a legal officer has to look.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::geom::Rect;
use crate::page::Page;

/// Document types. The snake_case ids appear in the JSON report and never change meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocKind {
    /// 卷宗封面
    CaseCover,
    /// 卷内目录 / 卷内文件目录
    TableOfContents,
    /// 受案登记表
    CaseAcceptance,
    /// 立案决定书
    FilingDecision,
    /// 传唤证 (and 拘传证)
    Summons,
    /// 拘留证
    DetentionWarrant,
    /// 拘留通知书
    DetentionNotice,
    /// 犯罪嫌疑人诉讼权利义务告知书
    RightsNotice,
    /// 行政案件权利义务告知书 (and 被询问人 / 被侵害人 variants)
    AdminRightsNotice,
    /// 讯问笔录
    InterrogationRecord,
    /// 询问笔录
    InquiryRecord,
    /// 呈请…报告书
    Report,
    /// Anything not recognised; kept so page numbering and coverage stay whole.
    Other,
}

impl DocKind {
    pub fn id(self) -> &'static str {
        match self {
            DocKind::CaseCover => "case_cover",
            DocKind::TableOfContents => "table_of_contents",
            DocKind::CaseAcceptance => "case_acceptance",
            DocKind::FilingDecision => "filing_decision",
            DocKind::Summons => "summons",
            DocKind::DetentionWarrant => "detention_warrant",
            DocKind::DetentionNotice => "detention_notice",
            DocKind::RightsNotice => "rights_notice",
            DocKind::AdminRightsNotice => "admin_rights_notice",
            DocKind::InterrogationRecord => "interrogation_record",
            DocKind::InquiryRecord => "inquiry_record",
            DocKind::Report => "report",
            DocKind::Other => "other",
        }
    }

    /// 讯问笔录 and 询问笔录: the documents with Q&A, headers and per-page signatures.
    pub fn is_transcript(self) -> bool {
        matches!(self, DocKind::InterrogationRecord | DocKind::InquiryRecord)
    }
}

/// A value read from the page, with where it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub page: usize,
    pub bbox: Rect,
    /// The raw text it was read from (label included), for the defect's `evidence`.
    pub raw: String,
    /// Lowest recognition confidence of the glyphs it came from (1.0 on text layers); of an
    /// age or a birth date, of its digits.
    pub conf: f32,
}

/// The header of a 讯问笔录 / 询问笔录.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TranscriptFields {
    /// 第几次 (1 for the first session with this person).
    pub session: Option<Located<u32>>,
    pub start: Option<Located<NaiveDateTime>>,
    pub end: Option<Located<NaiveDateTime>>,
    pub location: Option<Located<String>>,
    /// 讯问人 / 询问人 / 侦查员 names, in order.
    pub investigators: Vec<Located<String>>,
    pub recorder: Option<Located<String>>,
    /// On a scan, an item of the investigators' list read too short for a name (「严、赵佳华」,
    /// 严健's 健 lost): an officer is named there whose name is unread.
    #[serde(default)]
    pub investigators_unread: bool,
    /// The recorder's field was struck out (「/」, 「—」, 「无」): the form says there was no
    /// separate recorder.
    #[serde(default)]
    pub recorder_struck: bool,
    /// 被讯问人 / 被询问人 / 犯罪嫌疑人 name.
    pub subject: Option<Located<String>>,
    pub id_number: Option<Located<String>>,
    pub birth_date: Option<Located<NaiveDate>>,
    pub sex: Option<Located<String>>,
    pub age: Option<Located<u32>>,
}

/// Who is meant to sign a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotRole {
    /// 被讯问人 / 被询问人 signature on a transcript page (every page).
    Subject,
    /// The handwritten closing statement 以上笔录我看过… on the last transcript page.
    ClosingStatement,
    /// 侦查员 / 讯问人 / 询问人 signature.
    Investigator,
    /// 记录人 signature.
    Recorder,
    /// 被告知人 / the suspect's signature on a notice form.
    NoticeSubject,
    /// Handwriting in a scanned transcript's closing block on a row whose label OCR could
    /// not read: somebody signed there, the scan does not say who.
    Unlabelled,
}

/// What is in a slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotState {
    /// Something placed in the slot looks like a signature (image with ink, or freeform paths).
    Signed,
    /// Nothing but printed label, rule lines or blank space.
    Blank,
    /// The investigators noted a refusal to sign (拒绝签名 / 拒签 / 拒不签字 …).
    RefusalNoted,
}

/// A place where someone must sign, and whether they did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignatureSlot {
    pub role: SlotRole,
    pub page: usize,
    /// The printed label (or, for the closing statement, where it is expected).
    pub label_bbox: Rect,
    /// The area judged for a signature.
    pub area: Rect,
    pub state: SlotState,
    /// A red mark (fingerprint) seen in or next to the slot.
    pub fingerprint: bool,
    /// The label text as printed, for the defect's `evidence`.
    pub label: String,
    /// How many separate signatures (clusters of handwriting) are in the slot: a slot for two
    /// investigators holds two.
    #[serde(default)]
    pub signatures: u32,
    /// Of those, how many are placed images (one name each).
    #[serde(default)]
    pub images: u32,
    /// Length of the handwriting drawn as strokes, in characters (width over height of each
    /// cluster): names written close together in one pen form one cluster, so the length
    /// tells how many names it holds.
    #[serde(default)]
    pub stroke_chars: f32,
    /// On a scan's header row that lists typed names between separators (「张三、李四」),
    /// how many of the names have handwriting after them, before the next separator: each
    /// officer signs beside their own typed name, so the count is by name, not by the width
    /// of the ink. `None` where the row has no such list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_name: Option<NamesSigned>,
}

/// A header row's typed names and how many of them have a hand after them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NamesSigned {
    /// Names the row lists (its typed separators, plus one).
    pub listed: u32,
    /// Of them, the names with handwriting after them.
    pub signed: u32,
}

/// The footer 第X页 共Y页 read on one page.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PageNumber {
    pub page: usize,
    pub index: u32,
    pub total: u32,
    /// On a scan, OCR read one of its digits in doubt (`page::DIGIT_DOUBT`): a
    /// total it alone disagrees with is a misreading, not a numbering defect.
    #[serde(default)]
    pub doubt: bool,
    /// Of them, one of the total's (共Y) own digits.
    #[serde(default)]
    pub total_doubt: bool,
    /// On a scan, OCR lost the 页 after the footer's first number (「第1 共5页」 for 第1页 共2页):
    /// a footer read so broken has its digits in doubt misread past any one confusion.
    #[serde(default)]
    pub clipped: bool,
}

impl PageNumber {
    /// Whether this footer's total, where it differs from `total`, may be `total` misread: a
    /// digit in doubt on a footer OCR read broken, or one `page::may_misread` explains.
    pub fn total_may_be(&self, total: u32) -> bool {
        self.doubt && (self.clipped || crate::page::may_misread(self.total, total))
    }
}

/// A rights-notice item recognised by concept (see `structure::notice`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeItem {
    /// Stable concept id, e.g. `leniency`, `counsel`, `recusal`.
    pub concept: String,
    pub page: usize,
    pub bbox: Rect,
}

/// One document of the dossier: a run of pages with one title.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub index: usize,
    pub kind: DocKind,
    /// The title as printed (normalised), or empty.
    pub title: String,
    pub first_page: usize,
    pub last_page: usize,
    /// Transcript header fields (empty for other kinds).
    pub fields: TranscriptFields,
    pub slots: Vec<SignatureSlot>,
    pub page_numbers: Vec<PageNumber>,
    /// Items recognised on a rights notice (empty for other kinds).
    pub notice_items: Vec<NoticeItem>,
    /// The date a notice or form was signed / served, where one is written.
    pub date: Option<Located<NaiveDate>>,
}

impl Document {
    pub fn pages(&self) -> std::ops::RangeInclusive<usize> {
        self.first_page..=self.last_page
    }
}

/// When the suspect was delivered to the detention house (看守所), read from a 拘留证's
/// execution block, a 拘留通知书 or a transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Custody {
    pub held_since: Located<NaiveDateTime>,
    /// The detention house named, if any.
    pub place: Option<String>,
}

/// A structured dossier: the pages and the documents found in them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dossier {
    pub pages: Vec<Page>,
    pub documents: Vec<Document>,
    pub custody: Option<Custody>,
}

impl Dossier {
    /// The page with 1-based `number`.
    pub fn page(&self, number: usize) -> Option<&Page> {
        number.checked_sub(1).and_then(|i| self.pages.get(i))
    }

    /// Whether the document's first page is a scan (its header read by OCR).
    pub fn is_scanned(&self, doc: &Document) -> bool {
        self.page(doc.first_page).is_some_and(|p| p.is_scan())
    }

    /// Documents of one kind, in page order.
    pub fn documents_of(&self, kind: DocKind) -> impl Iterator<Item = &Document> {
        self.documents.iter().filter(move |d| d.kind == kind)
    }

    /// Lines of a document's pages, with their page numbers, in reading order.
    pub fn lines_of<'a>(&'a self, doc: &Document) -> impl Iterator<Item = (usize, &'a crate::page::Line)> {
        doc.pages()
            .filter_map(|n| self.page(n))
            .flat_map(|p| p.lines.iter().map(move |l| (p.number, l)))
    }
}
