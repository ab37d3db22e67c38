//! Document titles: which kind of document a page starts, read from the short lines near
//! the top of the page. Body text that names a document (「这是《犯罪嫌疑人诉讼权利义务告知书》」)
//! and rows of a table of contents are not titles.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::DocKind;
use crate::page::Page;
use crate::structure::labels::{compile, is_qa_line};
use crate::text::fold::compact;

/// A title found on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub kind: DocKind,
    pub text: String,
    pub line: usize,
}

struct TitleRule {
    kind: DocKind,
    re: Regex,
}

static RULES: LazyLock<Vec<TitleRule>> = LazyLock::new(|| {
    let r = |kind, p: &str| TitleRule { kind, re: compile(p) };
    vec![
        r(DocKind::TableOfContents, r"卷内(文件)?目录|^目录$"),
        // Victims' and witnesses' notices are other documents.
        r(
            DocKind::Other,
            r"(被害人|证人|被侵害人).{0,6}(诉讼)?权利义务告知书",
        ),
        r(DocKind::RightsNotice, r"(犯罪嫌疑人|诉讼).{0,6}权利义务告知书"),
        r(DocKind::AdminRightsNotice, r"权利义务告知书"),
        // The shared form 「询问/讯问笔录」 (the header decides which it is).
        r(
            DocKind::InquiryRecord,
            r"询[问间]?[/、]?[讯迅][问间]笔[录孙]|[讯迅][问间]?[/、]?询[问间]笔[录孙]",
        ),
        r(DocKind::InterrogationRecord, r"^[^询]{0,12}[讯迅][问间]笔[录孙]"),
        r(DocKind::InquiryRecord, r"询[问间]笔[录孙]"),
        r(DocKind::CaseAcceptance, r"受案登记表"),
        r(DocKind::FilingDecision, r"立案决定书"),
        r(DocKind::Summons, r"(传唤|拘传)证$|(传唤|拘传)证\(|^(传唤|拘传)证"),
        r(DocKind::DetentionNotice, r"拘留通知书"),
        r(DocKind::DetentionWarrant, r"拘留证"),
        r(DocKind::Report, r"^呈请.{1,30}报告(书)?$"),
        r(DocKind::CaseCover, r"(卷宗|案卷)(封面)?$|^卷宗封面"),
    ]
});

/// How far down the page a title may stand, as a share of the page height.
const TITLE_ZONE: f32 = 0.4;
/// How many lines from the top are considered.
const TITLE_LINES: usize = 8;

/// The title on a page, if it starts a document.
pub fn detect(page: &Page) -> Option<Title> {
    let zone = if page.height > 0.0 {
        page.height * TITLE_ZONE
    } else {
        f32::MAX
    };
    for (i, line) in page.lines.iter().enumerate().take(TITLE_LINES) {
        if line.bbox.y0 > zone {
            break;
        }
        let text = compact(&line.text);
        if !plausible_title(&text) {
            continue;
        }
        if let Some(rule) = RULES
            .iter()
            .find(|r| r.re.find(&text).is_some_and(|m| ends_title(&text[m.end()..])))
        {
            let kind = if rule.kind == DocKind::InterrogationRecord && text.contains('询') {
                // 「询问/讯问笔录」: the shared form; the header labels decide later.
                DocKind::InquiryRecord
            } else {
                rule.kind
            };
            return Some(Title { kind, text, line: i });
        }
    }
    None
}

/// A title ends with the document's name, or with a note in brackets (「（第二次）」) or the
/// copy's name; 「本权利义务告知书我已看过」 is a sentence, not a title.
fn ends_title(rest: &str) -> bool {
    static TAIL: LazyLock<Regex> =
        LazyLock::new(|| compile(r"^(\([^)]*\)|副本|存根|正本|回执|[一二三四五六七八九十\d]+)*$"));
    TAIL.is_match(rest)
}

/// Titles are short, are not Q&A, do not quote another document and do not carry page
/// numbers (rows of a table of contents do).
fn plausible_title(text: &str) -> bool {
    let n = text.chars().count();
    (2..=40).contains(&n)
        && !is_qa_line(text)
        && !text.contains('《')
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && !text.ends_with(|c: char| c.is_ascii_digit())
        && !text.contains("附件")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::page;

    fn kind(lines: &[&str]) -> Option<DocKind> {
        detect(&page(1, lines)).map(|t| t.kind)
    }

    #[test]
    fn recognises_titles_in_their_usual_forms() {
        assert_eq!(
            kind(&["XX市公安局", "讯 问 笔 录"]),
            Some(DocKind::InterrogationRecord)
        );
        assert_eq!(kind(&["讯问笔录（第二次）"]), Some(DocKind::InterrogationRecord));
        assert_eq!(
            kind(&["(行政刑事通用)", "询问笔录"]),
            Some(DocKind::InquiryRecord)
        );
        assert_eq!(
            kind(&["犯罪嫌疑人诉讼权利义务告知书"]),
            Some(DocKind::RightsNotice)
        );
        assert_eq!(
            kind(&["行政案件权利义务告知书"]),
            Some(DocKind::AdminRightsNotice)
        );
        assert_eq!(kind(&["证人诉讼权利义务告知书"]), Some(DocKind::Other));
        assert_eq!(
            kind(&["XX市公安局", "拘 留 证", "X公(刑)拘字[2024]12号"]),
            Some(DocKind::DetentionWarrant)
        );
        assert_eq!(kind(&["呈请拘留报告书"]), Some(DocKind::Report));
        assert_eq!(
            kind(&["卷内文件目录", "1 受案登记表 1"]),
            Some(DocKind::TableOfContents)
        );
        assert_eq!(kind(&["刑 事 案 件 卷 宗"]), Some(DocKind::CaseCover));
    }

    #[test]
    fn body_text_and_contents_rows_are_not_titles() {
        assert_eq!(
            kind(&["问：这是《犯罪嫌疑人诉讼权利义务告知书》，你看一下。"]),
            None
        );
        assert_eq!(kind(&["3 讯问笔录 5-8"]), None);
        assert_eq!(kind(&["答：我知道传唤证的内容"]), None);
        assert_eq!(kind(&["本权利义务告知书我已看过。"]), None);
        assert_eq!(kind(&["拘留证（副本）"]), Some(DocKind::DetentionWarrant));
    }
}
