//! Tolerant label patterns. Forms space their labels out (「地  点」), OCR confuses a few
//! characters (问/间/回, 讯/迅, 录/孙, 捺/擦/捧, 被/社, 告/千), colons come full- or half-width: a label literal is turned
//! into a pattern that accepts all of that, to be run on `Folded::spaced` text.

use regex::Regex;

use crate::page::Page;
use crate::text::fold::Folded;

/// 被 and what it comes back as under a light scan (「社告知人签名」, 「设询问人」).
pub const BEI_READ_AS: &[char] = &['被', '社', '设'];

/// Characters OCR (and sloppy typing) exchange, as regex classes.
fn class_of(c: char) -> String {
    match c {
        '问' => "[问间回]".into(),
        '讯' => "[讯迅]".into(),
        '录' => "[录孙]".into(),
        '签' => "[签鉴]".into(),
        '被' => format!("[{}]", BEI_READ_AS.iter().collect::<String>()),
        '告' => "[告千]".into(),
        '捺' => "[捺氛控按探接擦捧拱]".into(),
        // OCR reads a full-width bracket as an angle bracket as often as not.
        '(' => r"[(\[〈<《]".into(),
        ')' => r"[)\]〉>》]".into(),
        '/' => "[/／、]".into(),
        c => regex::escape(&c.to_string()),
    }
}

/// Pattern text for a literal label: optional spaces between characters, OCR classes.
pub fn spaced(label: &str) -> String {
    label.chars().map(class_of).collect::<Vec<_>>().join(r"\s*")
}

/// Pattern text for any of the literals, longest first so that 「被讯问人」 wins over 「讯问人」.
pub fn any_of(labels: &[&str]) -> String {
    let mut sorted: Vec<&str> = labels.to_vec();
    sorted.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    format!(
        "(?:{})",
        sorted.iter().map(|l| spaced(l)).collect::<Vec<_>>().join("|")
    )
}

/// Compiles a pattern built from constants; a failure is a bug in this file.
pub fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| panic!("label pattern {pattern}: {e}"))
}

/// A question or answer line of a transcript body: 「问：」, 「答:」 (OCR: 间). Not the title
/// with its 讯 / 询 lost to the scan, spaced out (「问 笔录」, seed 2069 s004 p10): the header
/// below it would be taken for the body.
pub fn is_qa_line(folded: &str) -> bool {
    let mut it = folded.trim_start().chars();
    match (it.next(), it.next()) {
        (Some('问' | '答' | '间'), Some(':' | ';')) => true,
        (Some('问' | '答' | '间'), Some(' ')) => !it.as_str().trim_start().starts_with('笔'),
        _ => false,
    }
}

/// Whether a folded line opens with a colon and words after it: a question's or answer's line
/// whose 问/答 the scan cut off at the page's edge.
fn colon_led(folded: &str) -> bool {
    folded
        .trim_start()
        .strip_prefix([':', ';'])
        .is_some_and(|rest| rest.chars().any(crate::text::is_ideograph))
}

/// Lines opening with a bare colon that make a page's 问/答 markers cut off: fewer is a label
/// OCR lost on a line or two, not a body.
const CLIPPED_MARKERS: usize = 3;

/// Which lines of a page are questions or answers. A page shifted left on the scanner loses the
/// 问/答 at the start of every line of the body and keeps the colons (seed 2057 s033 p13:
/// 「: 我们是…」, 「:听明白了。」); where several lines open so, those are the body's too.
fn qa_lines(page: &Page) -> Vec<bool> {
    let read: Vec<(bool, bool)> = page
        .lines
        .iter()
        .map(|l| Folded::spaced(&l.text).text)
        .map(|t| (is_qa_line(&t), colon_led(&t)))
        .collect();
    let clipped = read.iter().filter(|(_, colon)| *colon).count() >= CLIPPED_MARKERS;
    read.into_iter()
        .map(|(marked, colon)| marked || (clipped && colon))
        .collect()
}

/// Index of the first question or answer line of a page: on a transcript's first page, the
/// end of the header.
pub fn first_qa_line(page: &Page) -> Option<usize> {
    let first = qa_lines(page).iter().position(|q| *q)?;
    // OCR may list a marker it read apart from its words ahead of everything else (「问;」 alone
    // at the margin of a page shifted left, seed 2069 s035 p9): the body starts at the line
    // its words are on, and the header lies before that.
    let marker = &page.lines[first];
    if Folded::spaced(&marker.text).text.trim().chars().count() <= 2
        && let Some(words) = page.lines.iter().enumerate().position(|(i, l)| {
            i != first
                && l.bbox.y0 < marker.bbox.y1
                && marker.bbox.y0 < l.bbox.y1
                && l.bbox.x0 > marker.bbox.x0
        })
    {
        return Some(words.max(first));
    }
    Some(first)
}

/// Index of the last question or answer line of a page: below it starts the closing block.
pub fn last_qa_line(page: &Page) -> Option<usize> {
    qa_lines(page).iter().rposition(|q| *q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_accept_spacing_and_ocr_confusions() {
        let re = compile(&any_of(&["讯问人", "被讯问人"]));
        assert_eq!(
            re.find("被 讯 间 人:张三").map(|m| m.as_str()),
            Some("被 讯 间 人")
        );
        assert!(re.is_match("讯问人:李四"));
        assert!(re.is_match("被讯回人〈签名):"));
        assert!(compile(&any_of(&["签名捺指印"])).is_match("被询问人签名擦指印;"));
        assert!(is_qa_line("问:你叫什么名字?"));
        assert!(is_qa_line("间:你叫什么名字?"));
        assert!(!is_qa_line("问题很多"));
        assert!(is_qa_line("问 你叫什么名字?"));
        assert!(!is_qa_line("问 笔录"));
    }

    #[test]
    fn a_body_whose_markers_the_scan_cut_off_starts_at_its_first_colon() {
        use crate::page_testkit::page;
        // Seed 2057 s033 p13: the page shifted left, every 问/答 cut off at the edge.
        let clipped = page(
            1,
            &[
                "询问笔录",
                "被询问人 林英 性别 女 年龄 37",
                ": 我们是刑侦大队的侦查员，今天找你了解情况，清楚吗?",
                ":听明白了。",
                ":这是《证人诉讼权利义务告知书》，你看一下，是否清楚?",
                "清楚了。",
                ": 你以上所讲的是否属实?",
                ":属实。",
                "被询问人签名捺指印: 一人",
            ],
        );
        assert_eq!(first_qa_line(&clipped), Some(2));
        assert_eq!(last_qa_line(&clipped), Some(7));
        // A label OCR lost on one line or two is not a body.
        let header = page(
            1,
            &[
                "询问笔录",
                ": 浙江省绍兴市越城区长江路314号",
                "工作单位: 刑侦大队",
                "问：你叫什么？",
            ],
        );
        assert_eq!(first_qa_line(&header), Some(3));
    }

    #[test]
    fn a_marker_listed_apart_from_its_words_does_not_end_the_header_above_them() {
        use crate::page_testkit::{line_at, page};
        // Seed 2069 s035 p9: the page shifted left, OCR listed 「问;」 first, alone.
        let mut p = page(
            1,
            &[
                "讯问笔录",
                "地点 江西省九江市浔阳区金山路61号",
                "讯问人 邵德、闫建虹",
                "我们是浔阳区分局的侦查员，现依法对你进行讯问。",
                ":清楚了。",
                ":你的个人基本情况?",
                ":我叫丁国凯。",
            ],
        );
        p.lines.insert(0, line_at(60.0, 132.0, "问;"));
        assert_eq!(first_qa_line(&p), Some(4));
        // A marker read on its own line, in order, starts the body where it stands.
        let p = page(
            1,
            &[
                "讯问笔录",
                "地点 派出所讯问室",
                "问:",
                "你叫什么名字?",
                "答:张三。",
            ],
        );
        assert_eq!(first_qa_line(&p), Some(2));
    }
}
