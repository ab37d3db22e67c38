//! Structure: split the pages into documents (by title, the 第X页 共Y页 footer and
//! continuation), read each transcript's header, each notice's items, the custody time, and
//! locate every signature slot with what is in it.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::{DocKind, Document, Dossier, PageNumber, TranscriptFields};
use crate::page::Page;
use crate::structure::labels::compile;

pub mod custody;
pub mod footer;
pub mod header;
pub mod labels;
pub mod misread;
pub mod notice;
pub mod slots;
pub mod title;

/// Structures extracted pages into a dossier.
pub fn structure(mut pages: Vec<Page>) -> Dossier {
    for page in &mut pages {
        misread::correct_labels(page);
    }
    let mut documents = split(&pages);
    for doc in &mut documents {
        fill(doc, &pages);
    }
    let custody = custody::find(&pages, &documents);
    Dossier {
        pages,
        documents,
        custody,
    }
}

/// Splits pages into documents. A page starts a new document when it has a title, or for a
/// transcript whose title OCR garbled its header (`title::transcript_by_header`) (unless it
/// repeats the current document's title on a continuation page, as some templates do), or
/// when its footer says 第1页 after a finished document. Pages before any title, and runs
/// that start without one, are kept as `other`.
fn split(pages: &[Page]) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for page in pages {
        let mut number = footer::read(page);
        let title = if page.is_readable() {
            title::detect(page).or_else(|| title::transcript_by_header(page))
        } else {
            None
        };
        // A footer with a digit OCR read in doubt that is impossible (past its own total)
        // or breaks the document's total by a digit print confuses is a misreading, not a
        // numbering defect: the page counts as unnumbered. A doubtful footer that jumps
        // within the total is kept (a page torn out reads so), as is one that opens the next
        // document, and one whose total no misreading explains (共4页 among 共3页).
        if let (Some(n), None, Some(cur)) = (number.filter(|n| n.doubt), &title, docs.last())
            && !opens_misread(number, cur)
            && (n.index > n.total
                || cur
                    .page_numbers
                    .last()
                    .is_some_and(|l| l.total != n.total && n.total_may_be(l.total)))
        {
            number = None;
        }
        let continues = |doc: &Document| {
            let last = doc.page_numbers.last();
            match (number, last) {
                (Some(n), Some(l)) => n.index == l.index + 1 && n.total == l.total,
                (Some(n), None) => n.index > 1,
                (None, _) => title.is_none(),
            }
        };
        // Untitled, numbered past its total after a finished document: its 第1页 misread.
        let misread_first = title.is_none() && docs.last().is_some_and(|cur| opens_misread(number, cur));
        let start_new = match (&title, docs.last()) {
            (_, None) => true,
            (Some(t), Some(cur)) => {
                !(t.kind == cur.kind && number.is_some_and(|n| n.index > 1) && continues(cur))
            }
            (None, Some(cur)) => {
                let opens = number.is_some_and(|n| n.index == 1) || misread_first;
                opens && !cur.page_numbers.is_empty() && !continues(cur)
            }
        };
        if start_new && misread_first {
            number = number.map(|n| PageNumber { index: 1, ..n });
        }
        if start_new {
            let (kind, text) = title.map_or((DocKind::Other, String::new()), |t| (t.kind, t.text));
            docs.push(new_document(docs.len(), kind, text, page.number));
        }
        if let Some(doc) = docs.last_mut() {
            doc.last_page = page.number;
            if let Some(n) = number {
                doc.page_numbers.push(n);
            }
        }
    }
    docs
}

fn new_document(index: usize, kind: DocKind, title: String, page: usize) -> Document {
    Document {
        index,
        kind,
        title,
        first_page: page,
        last_page: page,
        fields: TranscriptFields::default(),
        slots: Vec::new(),
        page_numbers: Vec::<PageNumber>::new(),
        notice_items: Vec::new(),
        date: None,
    }
}

/// A footer whose number is past its own total (「第4页共2页」: 第1页 misread, seed 2042
/// s005 p16), after a document finished on its last page (「第3页共3页」) and with another
/// total: the first page of the next document, whose title OCR garbled (「可笔录」).
fn opens_misread(number: Option<PageNumber>, cur: &Document) -> bool {
    let (Some(n), Some(last)) = (number, cur.page_numbers.last()) else {
        return false;
    };
    n.index > n.total && last.index == last.total && n.total != last.total
}

/// Reads what a document of its kind carries.
fn fill(doc: &mut Document, pages: &[Page]) {
    let doc_pages: Vec<&Page> = doc.pages().filter_map(|n| pages.get(n - 1)).collect();
    let Some(first) = doc_pages.first() else { return };
    if doc.kind.is_transcript() {
        doc.fields = header::read(first);
        // The shared form 「询问/讯问笔录」, or a title OCR garbled: the subject's label tells
        // which it is.
        let undecided = doc.title.contains('讯') || !doc.title.contains('询');
        if doc.kind == DocKind::InquiryRecord && undecided && header_says_interrogation(first) {
            doc.kind = DocKind::InterrogationRecord;
        }
        doc.slots = slots::transcript_slots(&doc_pages);
    }
    if matches!(doc.kind, DocKind::RightsNotice | DocKind::AdminRightsNotice) {
        doc.notice_items = notice::items(doc.kind, &doc_pages);
        doc.slots = slots::notice_slots(&doc_pages);
    }
    doc.date = notice::signing_date(&doc_pages);
}

/// The subject's label names a suspect (「被讯问人」, 「犯罪嫌疑人」, or 「被讯问」 with 人 lost), or
/// the header's own labels are an interrogation's (「讯问地点」, 「讯问民警」) and none an
/// inquiry's: seed 2042 s012 p9 and s017 p11, titles 「讯问笔永」 and 「房问笔录」, were judged
/// as inquiries and their interrogations in an office went unflagged.
fn header_says_interrogation(page: &Page) -> bool {
    static ASKS: LazyLock<Regex> = LazyLock::new(|| compile(r"^\W*(被)?([讯询])问(地点|时间|民警|人员|人)"));
    // Not the shared form's 「被讯问/询问人」.
    static SUSPECT: LazyLock<Regex> = LazyLock::new(|| compile(r"犯罪嫌疑人|被讯问(?:[^/(询]|$)"));
    let lines: Vec<String> = page
        .lines
        .iter()
        .take(12)
        .map(|l| crate::text::fold::compact(&l.text))
        .collect();
    let by_subject = lines.iter().any(|t| SUSPECT.is_match(t));
    let labels: Vec<&str> = lines
        .iter()
        .filter_map(|t| ASKS.captures(t).and_then(|c| c.get(2)).map(|m| m.as_str()))
        .collect();
    by_subject
        || (labels.contains(&"讯") && !labels.contains(&"询"))
        || (!labels.contains(&"询") && asks_as_interrogation(page))
}

/// The first page's questions speak of an interrogation (「今天依法对你进行讯问」, 「今天讯问你
/// 的侦查人员」, 「《犯罪嫌疑人诉讼权利义务告知书》」) twice or more and never of an inquiry: a
/// transcript whose title and subject's label OCR both garbled (「房问笔录」, 「被: 性:」, seed
/// 2062 s034 p8: an interrogation in an office unflagged). Twice, since OCR reads 询 as 讯
/// now and then.
fn asks_as_interrogation(page: &Page) -> bool {
    let body: String = page.lines[labels::first_qa_line(page).unwrap_or(page.lines.len())..]
        .iter()
        .map(|l| crate::text::fold::compact(&l.text))
        .collect();
    let count = |w: &str| body.matches(w).count();
    count("讯问") + count("犯罪嫌疑人") >= 2 && count("询问") == 0
}

#[cfg(test)]
mod tests;
