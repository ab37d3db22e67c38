//! Document titles: which kind of document a page starts, read from the short lines near
//! the top of the page. Body text that names a document (「这是《犯罪嫌疑人诉讼权利义务告知书》」)
//! and rows of a table of contents are not titles.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::DocKind;
use crate::page::{Line, Page};
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
        // Also with 卷 and 录 misread (「状内文件目系」, seed 2063 s007 p2), or by the list's
        // column heads alone: its rows name documents by their titles (「行政案件权利义务告知书」
        // was taken for a notice, unsigned and missing every item).
        r(
            DocKind::TableOfContents,
            r"卷内(文件)?目录|^目录$|^\p{Han}?内文件目\p{Han}?$|^(序号)?文件名称(文号|页号|页码|页次|备注)+$",
        ),
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
        // 「讯问笔录」 whose first character OCR garbled (俩问笔录): a transcript all the
        // same, the header labels decide which.
        r(DocKind::InquiryRecord, r"^\p{Han}[问间]笔[录孙]"),
        r(DocKind::CaseAcceptance, r"受案登记表"),
        r(DocKind::FilingDecision, r"立案决定书"),
        r(DocKind::Summons, r"(传唤|拘传)证$|(传唤|拘传)证\(|^(传唤|拘传)证"),
        r(DocKind::DetentionNotice, r"拘留通知书"),
        r(DocKind::DetentionWarrant, r"拘留证"),
        r(DocKind::Report, r"^呈请.{1,30}报告(书)?$"),
        r(DocKind::CaseCover, r"(卷宗|案卷)(封面)?$|^卷宗封面"),
    ]
});

/// Titles as forms print them, for a title OCR garbled past the patterns (受委登记表, 传唤十,
/// 俩问笔录): a line within a character or so of one of them is that title. A transcript
/// whose first character is lost is typed by its header later, so both forms map to
/// `InquiryRecord` here.
const PRINTED_TITLES: &[(&str, DocKind)] = &[
    ("讯问笔录", DocKind::InquiryRecord),
    ("询问笔录", DocKind::InquiryRecord),
    ("受案登记表", DocKind::CaseAcceptance),
    ("立案决定书", DocKind::FilingDecision),
    ("传唤证", DocKind::Summons),
    ("拘传证", DocKind::Summons),
    ("拘留通知书", DocKind::DetentionNotice),
    ("拘留证", DocKind::DetentionWarrant),
    ("犯罪嫌疑人诉讼权利义务告知书", DocKind::RightsNotice),
    ("行政案件权利义务告知书", DocKind::AdminRightsNotice),
    ("公安行政案件权利义务告知书", DocKind::AdminRightsNotice),
];

/// Least share of a long printed title's characters that a reading with characters only
/// dropped must keep (`dropped_from`).
const KEPT_OF_TITLE: f32 = 0.6;

/// Whether `text` is the long title `title` with characters dropped and nothing else changed:
/// OCR loses characters of a letter-spaced title (「犯罪嫌疑 诉权义务告书」 for
/// 犯罪嫌疑人诉讼权利义务告知书, seed 2045 s006 p8), four edits, more than `near_title` allows
/// a title of fourteen characters, yet every character left is the title's, in its order.
fn dropped_from(text: &str, title: &str) -> bool {
    let len = title.chars().count();
    let n = text.chars().count();
    len >= 8 && n < len && n as f32 >= KEPT_OF_TITLE * len as f32 && in_order_of(text, title)
}

/// Whether every character of `text` is one of `title`'s, in `title`'s order (characters
/// only dropped, nothing added or changed).
fn in_order_of(text: &str, title: &str) -> bool {
    kept_in_order(text, title) == text.chars().count()
}

/// The printed title `text` is a character or so away from: one substitution in a short
/// title, one edit per eight characters (at least one) in a longer one; or a long title with
/// only characters dropped (`dropped_from`).
fn near_title(text: &str) -> Option<DocKind> {
    let n = text.chars().count();
    PRINTED_TITLES
        .iter()
        .filter(|(t, _)| {
            let len = t.chars().count();
            let d = strsim::levenshtein(text, t);
            if len <= 3 {
                n == len && d <= 1
            } else {
                d <= 1 + len / 8 || dropped_from(text, t)
            }
        })
        .min_by_key(|(t, _)| strsim::levenshtein(text, t))
        .map(|(_, kind)| *kind)
}

/// A rights notice whose title OCR cut to its end (「义务告知书」): criminal or administrative by
/// the law its first lines cite.
fn truncated_notice(text: &str, page: &Page) -> Option<DocKind> {
    if !text.ends_with("义务告知书") || text.contains("权利") {
        return None;
    }
    Some(law_cited(page).unwrap_or(DocKind::AdminRightsNotice))
}

/// Whether a line that stands right of centre is the tail of a centred notice title OCR cut
/// (「义务告知书」 of 犯罪嫌疑人诉讼权利义务告知书, its first nine characters lost, seed 2072 s034
/// p10): the whole title, as wide per character as the tail, would end where the tail ends and
/// stand centred. The notices' titles run from eleven characters (行政案件权利义务告知书) to
/// fourteen.
fn ends_a_centred_notice_title(line: &Line, text: &str, page_width: f32) -> bool {
    let n = text.chars().count();
    if n == 0 || page_width <= 0.0 {
        return false;
    }
    let per_char = line.bbox.width() / n as f32;
    (11..=14).any(|len| centred_at(line.bbox.x1 - per_char * len as f32 / 2.0, page_width))
}

/// Whether a line whose middle is at `x` stands where a title does: within 15 % of the page's
/// width of its middle.
fn centred_at(x: f32, page_width: f32) -> bool {
    (x - page_width / 2.0).abs() < 0.15 * page_width
}

/// Which rights notice a page is by the law its first lines cite: the Criminal Procedure Law
/// (or the suspect it speaks to) for the criminal one, the Public Security Administration
/// Punishments Law (or an administrative case) for the other. The title says the same in
/// fewer characters, which OCR garbles more often: 「犯嫌疑 诉权利义务告知书」 with 罪 and 讼
/// lost matched the administrative title's 「权利义务告知书」 (seed 2048 s002 p8).
fn law_cited(page: &Page) -> Option<DocKind> {
    let body: String = page.lines.iter().take(6).map(|l| compact(&l.text)).collect();
    if body.contains("刑事诉讼法") || body.contains("犯罪嫌疑人") {
        Some(DocKind::RightsNotice)
    } else if body.contains("治安管理处罚法") || body.contains("行政案件") {
        Some(DocKind::AdminRightsNotice)
    } else {
        None
    }
}

/// A rights notice's kind as its title was read, corrected by the law its first lines cite.
fn notice_by_law(kind: DocKind, page: &Page) -> DocKind {
    match kind {
        DocKind::RightsNotice | DocKind::AdminRightsNotice => law_cited(page).unwrap_or(kind),
        _ => kind,
    }
}

/// A rights notice whose title OCR garbled to a few of its characters (「嫌疑 义务告」 for
/// 犯罪嫌疑人诉讼权利义务告知书, seed 2047 s021 p7; 「犯徘嫌颖人诉讼权利义务后知书」, seed 2035
/// s030 p7): most of the characters left are the printed title's, in its order, and the lines
/// under it open as a notice does, telling the reader the rights they have and the duties
/// they bear (「犯罪嫌疑人有如下诉讼权利和义务」, 「你享有下列权利、承担下列义务」), words no
/// other form prints. Which notice it is, the law cited says.
fn garbled_notice(text: &str, page: &Page) -> Option<DocKind> {
    static OPENING: LazyLock<Regex> =
        LazyLock::new(|| compile(r"有(以下|下列|如下)?[^。]{0,6}权利[^。]{0,10}义务"));
    let opening: String = page
        .lines
        .iter()
        .take(TITLE_LINES)
        .map(|l| compact(&l.text))
        .filter(|t| !is_qa_line(t))
        .collect();
    if !OPENING.is_match(&opening) {
        return None;
    }
    let kind = law_cited(page).unwrap_or(if opening.contains("诉讼权利") {
        DocKind::RightsNotice
    } else {
        DocKind::AdminRightsNotice
    });
    let title = notice_title(kind);
    let n = text.chars().count();
    let kept = kept_in_order(text, title);
    // Fewer kept where every character read is the title's, in its order: a letter-spaced
    // title OCR lost all but a few characters of (「嫌疑 义」, seed 2074 s016 p7: the notice
    // went into the summons before it, and the suspect was said never to have been given one).
    let least = if kept == n {
        GARBLED_NOTICE_KEPT_CLEAN
    } else {
        GARBLED_NOTICE_KEPT
    };
    (kept >= least && kept as f32 >= GARBLED_NOTICE_SHARE * n as f32).then_some(kind)
}

/// A rights notice whose title OCR cut by half (「疑人诉讼权利义 书」 for 犯罪嫌疑人诉讼权利义务告知书,
/// seed 2060 s038 p7: past `dropped_from`'s share), known when what is left is the printed
/// title's characters in its order, half of them at least, and the first lines cite the law
/// of that notice: no other form opens by citing the law under a heading made of the
/// notice's words.
fn cited_notice(text: &str, page: &Page) -> Option<DocKind> {
    let kind = law_cited(page)?;
    let title = notice_title(kind);
    let n = text.chars().count();
    (n as f32 >= CITED_KEPT * title.chars().count() as f32 && in_order_of(text, title)).then_some(kind)
}

/// A notice's title as printed in full (the administrative one with the issuing 公安 before
/// it), which a garbled or cut reading is measured against.
fn notice_title(kind: DocKind) -> &'static str {
    match kind {
        DocKind::RightsNotice => "犯罪嫌疑人诉讼权利义务告知书",
        _ => "公安行政案件权利义务告知书",
    }
}

/// Least share of a notice's printed title a reading must keep when the law cited confirms it
/// (`cited_notice`).
const CITED_KEPT: f32 = 0.5;

/// How many of `text`'s characters are `title`'s in `title`'s order (the longest common
/// subsequence of the two).
fn kept_in_order(text: &str, title: &str) -> usize {
    let t: Vec<char> = title.chars().collect();
    let mut row = vec![0usize; t.len() + 1];
    for c in text.chars() {
        let mut diagonal = 0;
        for (j, &tc) in t.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if c == tc { diagonal + 1 } else { above.max(row[j]) };
            diagonal = above;
        }
    }
    row[t.len()]
}

/// Least share of a garbled notice title's characters that must be the printed title's
/// (`garbled_notice`): OCR of a letter-spaced title changes some characters (徘 for 罪, 后
/// for 告) but a line of body text shares few with it.
const GARBLED_NOTICE_SHARE: f32 = 0.7;

/// Fewest characters of a notice's title a garbled reading must keep (`garbled_notice`).
const GARBLED_NOTICE_KEPT: usize = 4;
/// The same, where the reading holds nothing but the title's characters in its order.
const GARBLED_NOTICE_KEPT_CLEAN: usize = 3;

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
                notice_by_law(rule.kind, page)
            };
            return Some(Title { kind, text, line: i });
        }
        // Titles are centred: a garbled line is only taken for one when it stands where a
        // title does (a short word at the margin is body text).
        let centred = page.width <= 0.0 || centred_at(line.bbox.center_x(), page.width);
        let bare = TAIL_NOTE.replace(&text, "");
        let found = if centred {
            near_title(&bare)
                .map(|kind| notice_by_law(kind, page))
                .or_else(|| truncated_notice(&bare, page))
                .or_else(|| garbled_notice(&bare, page))
                .or_else(|| cited_notice(&bare, page))
        } else if ends_a_centred_notice_title(line, &bare, page.width) {
            truncated_notice(&bare, page)
        } else {
            None
        };
        if let Some(kind) = found {
            return Some(Title { kind, text, line: i });
        }
    }
    None
}

/// A transcript's first page whose title OCR garbled past any pattern (「了和讯加笔录」,
/// 「癌笔录」, 「讯句笔孙」, 「孔回笔录」) is still known by its header: a start time, an officer
/// named after an officers' or recorder's label, and a place or the person questioned, all
/// above the first question. The shared kind is returned; the header's labels decide which
/// transcript it is, as for a title that names neither. The range's end is not asked for:
/// OCR garbles it as it does the title (「至2016年6月27晶545分」), and the officers' label is
/// what no other document's header has.
///
/// Where the officers' names are lost too, a title still legible as a record (「起加笔录」,
/// 「讯加笔永」: two characters and 笔录, seed 2038 s037 p10 and s027 p10; 「可笔录」, one of
/// them lost, seed 2059 s020 p8; 「询问 笔了未」, 录 read as two characters, seed 2072 s008
/// p13) with a questioning
/// label in the header (「讯问地点」, 「询问民警」 or what OCR left of it, 「讯问民 。」,
/// 「被讯问人」) stands in for them: a 辨认笔录 or 勘验笔录 has no such label. So it does for the
/// start time where OCR lost the date's marks too (「自2024126日11时53分」, 2024-12-06 or
/// 2024-01-26, seed 2056 s039 p7) but read the officers. The person questioned is known by
/// an ID number in the header too, where the place was left blank and the subject's label
/// garbled (「犯罪嫌疑“许」, seed 2065 s006 p11).
pub fn transcript_by_header(page: &Page) -> Option<Title> {
    static RECORD: LazyLock<Regex> = LazyLock::new(|| compile(r"^\p{Han}{1,2}笔\p{Han}{1,2}$"));
    static ASKING: LazyLock<Regex> = LazyLock::new(|| compile(r"^\W*被?[讯询]问(?:地点|时间|民|人)"));
    let f = super::header::read(page);
    let timed = f.start.is_some();
    let officers = !f.investigators.is_empty() || f.recorder.is_some() || f.recorder_struck;
    let whom = f.location.is_some() || f.subject.is_some() || f.id_number.is_some();
    let record = || {
        let top: Vec<String> = page
            .lines
            .iter()
            .take(TITLE_LINES)
            .map(|l| compact(&l.text))
            .collect();
        top.iter().any(|t| RECORD.is_match(t)) && top.iter().any(|t| ASKING.is_match(t))
    };
    (whom && ((timed && (officers || record())) || (officers && record()))).then(|| Title {
        kind: DocKind::InquiryRecord,
        text: String::new(),
        line: 0,
    })
}

/// A note in brackets after a title (「（第二次）」), left out when comparing it with the
/// printed titles.
static TAIL_NOTE: LazyLock<Regex> = LazyLock::new(|| compile(r"(\([^)]*\))+$"));

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
        // Seed 2063 s007 p2: the title garbled, its rows' page numbers unread.
        for title in ["状内文件目系", "卷 内 文 件 目"] {
            assert_eq!(
                kind(&[title, "文件名称 文号", "受案登记表", "行政案件权利义务告知书"]),
                Some(DocKind::TableOfContents),
                "{title}"
            );
        }
        assert_eq!(
            kind(&["", "文件名称 文号", "行政案件权利义务告知书"]),
            Some(DocKind::TableOfContents)
        );
        assert_eq!(kind(&["刑 事 案 件 卷 宗"]), Some(DocKind::CaseCover));
    }

    /// `kind`, with the first line centred on the page as titles are.
    fn kind_centred(lines: &[&str]) -> Option<DocKind> {
        let mut p = page(1, lines);
        let w = p.lines[0].bbox.width();
        p.lines[0] = crate::page_testkit::line_at((p.width - w) / 2.0, 72.0, lines[0]);
        detect(&p).map(|t| t.kind)
    }

    #[test]
    fn titles_ocr_garbled_by_a_character_are_still_titles() {
        let kind = kind_centred;
        assert_eq!(kind(&["受委登记表"]), Some(DocKind::CaseAcceptance));
        assert_eq!(kind(&["传唤十"]), Some(DocKind::Summons));
        assert_eq!(kind(&["俩问笔录（第一次）"]), Some(DocKind::InquiryRecord));
        assert_eq!(
            kind(&["犯罪嫌疑人诉讼权利义务告和书"]),
            Some(DocKind::RightsNotice)
        );
        assert_eq!(
            kind(&["义务告知书", "依照《中华人民共和国治安管理处罚法》……"]),
            Some(DocKind::AdminRightsNotice)
        );
        assert_eq!(
            kind(&["义务告知书", "根据《中华人民共和国刑事诉讼法》……"]),
            Some(DocKind::RightsNotice)
        );
        // Cut to its tail, the tail stands right of centre, where the whole title ends
        // (seed 2072 s034 p10: 「义务告知书」 from x 340 to 435 on a 595 pt page, its middle
        // 90 pt right of the page's).
        let mut p = page(1, &["义务告知书", "根据《中华人民共和国刑事诉讼法》……"]);
        p.lines[0] = crate::page_testkit::line_at(380.0, 72.0, "义务告知书");
        let tail = |p: &Page| detect(p).map(|t| t.kind);
        assert_eq!(tail(&p), Some(DocKind::RightsNotice));
        // A short word at the margin is body text, as before.
        p.lines[0] = crate::page_testkit::line_at(480.0, 72.0, "义务告知书");
        assert_eq!(tail(&p), None);
        // A letter-spaced title OCR dropped characters of; the administrative notice's
        // title with the issuing 公安 before it.
        assert_eq!(kind(&["犯罪嫌疑 诉权义务告书"]), Some(DocKind::RightsNotice));
        assert_eq!(
            kind(&["公安行政案件权利义务后知书"]),
            Some(DocKind::AdminRightsNotice)
        );
        // Dropped characters only: a short remnant, or one with a character the title
        // does not have there, is no title.
        assert_eq!(kind(&["犯罪嫌疑人"]), None);
        assert_eq!(kind(&["犯罪嫌疑诉权义务告诉"]), None);
        // Fewer characters left (「嫌疑 义务告」, seed 2047 s021 p7) are that title where the
        // lines under it open as the notice does, and only there.
        let criminal = "根据《中华人民共和国刑事诉讼法》的规定，在公安机关对案件进行侦查期间，犯罪嫌疑人有如下诉讼权利和义务：";
        let admin = "根据《中华人民共和国治安管理处罚法》等规定，在公安机关调查案件期间，违法嫌疑人享有以下权利，承担以下义务：";
        assert_eq!(kind(&["嫌疑 义务告", criminal]), Some(DocKind::RightsNotice));
        assert_eq!(kind(&["行政 义务告", admin]), Some(DocKind::AdminRightsNotice));
        assert_eq!(kind(&["嫌疑 义务告"]), None);
        assert_eq!(kind(&["义务告诉", criminal]), None);
        // Half the title left, in order, over the first lines citing its law (「疑人诉讼权利义
        // 书」, seed 2060 s038 p7, under 「根据《中华人民共和国刑事诉讼法》的规定，…」 alone).
        let cites = "根据《中华人民共和国刑事诉讼法》的规定，在公安机关对案件进行侦查期间，";
        assert_eq!(kind(&["疑人诉讼权利义 书", cites]), Some(DocKind::RightsNotice));
        assert_eq!(kind(&["疑人诉讼权利义 书"]), None);
        assert_eq!(kind(&["疑人诉讼权", cites]), None);
        assert_eq!(
            kind(&["嫌疑 义务告", "问：你的诉讼权利和义务前次已经告知，还记得吗？"]),
            None
        );
        // A title with characters changed, not only dropped (「犯徘嫌颖人诉讼权利义务后知书」,
        // seed 2035 s030 p7), or cut to eight (seed 2044 s038 p9), under an opening that
        // words the rights and duties its own way: the law cited says which notice.
        let own_words = "根据《中华人民共和国刑事诉讼法》及《公安机关办理刑事案件程序规定》，在侦查阶段你享有下列权利、承担下列义务：";
        let criminal_order = "依照《中华人民共和国刑事诉讼法》的有关规定，在公安机关侦查期间，犯罪嫌疑人享有以下诉讼权利，并承担以下义务：";
        assert_eq!(
            kind(&["犯嫌疑 诉权 义 告书", own_words]),
            Some(DocKind::RightsNotice)
        );
        assert_eq!(
            kind(&["犯徘嫌颖人诉讼权利义务后知书", criminal_order]),
            Some(DocKind::RightsNotice)
        );
        // Three characters left, every one the title's in its order (「嫌疑 义」, seed 2074
        // s016 p7), under that opening; not with a character the title lacks, nor alone.
        assert_eq!(kind(&["嫌疑 义", own_words]), Some(DocKind::RightsNotice));
        assert_eq!(kind(&["嫌疑甲", own_words]), None);
        assert_eq!(kind(&["嫌疑 义"]), None);
        // Most of the line must be the title's: a sentence sharing a few of its characters
        // is not it.
        assert_eq!(kind(&["对犯罪嫌疑人的权利告知情况说明", own_words]), None);
        // The title's pattern for the administrative notice matched 「犯嫌疑 诉权利义务告知书」
        // (罪 and 讼 lost, seed 2048 s002 p8); the criminal law cited under it decides.
        assert_eq!(
            kind(&["犯嫌疑 诉权利义务告知书", criminal]),
            Some(DocKind::RightsNotice)
        );
        assert_eq!(kind(&["权利义务告知书", admin]), Some(DocKind::AdminRightsNotice));
        // Ordinary words are not titles, nor a near title at the margin.
        assert_eq!(kind(&["情况说明"]), None);
        assert_eq!(kind(&["问题笔记"]), None);
        assert_eq!(super::tests::kind(&["传唤十"]), None);
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
