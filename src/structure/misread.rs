//! Labels OCR read one character wrong. On a scan 侦查员 comes out as 「人查员：」, 被询问人 as
//! 「害询问人：」; the header then names no investigator, and the closing block has no
//! officers' slot (or a subject's label passes for an officer's).
//! Where a line of a scan starts with a word that is one character from exactly one label of
//! the roles the checks read, and from no other word a form prints there, that character is
//! put right before anything reads the page.

use crate::page::{Line, Page};
use crate::structure::header::{INVESTIGATOR_LABELS, RECORDER_LABELS, SUBJECT_LABELS};
use crate::text::is_ideograph;

/// Words forms print at the start of a line that are no signer's label: a misreading as close
/// to one of them as to a label is left alone.
const OTHER_WORDS: &[&str] = &[
    "工作单位",
    "身份证号",
    "文化程度",
    "联系方式",
    "联系电话",
    "出生日期",
    "户籍地",
    "现住址",
    "报案人",
    "报警人",
    "被害人",
    "当事人",
    "见证人",
    "翻译人",
    "监护人",
    "代理人",
    "负责人",
    "批准人",
    "审核人",
    "审批人",
    "承办人",
    "告知人",
    "被告知人",
    "签收人",
    "受案人",
    "接报人",
    "联系人",
    "填表人",
    "填发人",
    "被侵害人",
];

/// What may follow a label: a colon, a bracket (「（签名）」), a comma OCR made of a colon.
fn ends_label(c: char) -> bool {
    matches!(
        c,
        ':' | '：' | ';' | '；' | '(' | '（' | '〈' | '<' | '《' | ',' | '，'
    )
}

/// Puts right the labels OCR misread on a scanned page (no-op on a text layer).
pub fn correct_labels(page: &mut Page) {
    if !page.is_scan() {
        return;
    }
    for line in &mut page.lines {
        correct_line(line);
    }
}

fn correct_line(line: &mut Line) {
    let glyphs = &line.glyphs;
    let start = glyphs
        .iter()
        .position(|g| !g.ch.is_whitespace())
        .unwrap_or(glyphs.len());
    let len = glyphs[start..].iter().take_while(|g| is_ideograph(g.ch)).count();
    let next = glyphs[start + len..]
        .iter()
        .map(|g| g.ch)
        .find(|c| !c.is_whitespace());
    if !(3..=4).contains(&len) || !next.is_some_and(ends_label) {
        return;
    }
    let word: Vec<char> = glyphs[start..start + len].iter().map(|g| g.ch).collect();
    let labels = INVESTIGATOR_LABELS
        .iter()
        .chain(RECORDER_LABELS)
        .chain(SUBJECT_LABELS);
    let all = || labels.clone().chain(OTHER_WORDS);
    let exact = |w: &&&str| w.chars().eq(word.iter().copied());
    let one_off = |w: &&&str| {
        w.chars().count() == len && w.chars().zip(word.iter()).filter(|(a, b)| a != *b).count() == 1
    };
    if all().any(|w| exact(&w)) {
        return;
    }
    let mut near = all().filter(|w| one_off(w));
    let (Some(only), None) = (near.next(), near.next()) else {
        return;
    };
    if !labels.clone().any(|l| l == only) {
        return;
    }
    for (g, c) in line.glyphs[start..start + len].iter_mut().zip(only.chars()) {
        g.ch = c;
    }
    line.text = line.glyphs.iter().map(|g| g.ch).collect();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::PageSource;
    use crate::page_testkit::page;

    fn corrected(lines: &[&str]) -> Vec<String> {
        let mut p = page(2, lines);
        p.source = PageSource::Ocr { monochrome: false };
        correct_labels(&mut p);
        p.lines.into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn a_label_one_character_off_at_a_line_start_is_put_right() {
        let lines = ["人查员: 付称德", "害询问人:邓新春", "侦查贝(签名) 张三"];
        let fixed = ["侦查员: 付称德", "被询问人:邓新春", "侦查员(签名) 张三"];
        assert_eq!(corrected(&lines), fixed);
    }

    #[test]
    fn words_near_two_labels_other_words_and_prose_are_left_alone() {
        let lines = [
            // One character from both 被询问人 and 被讯问人, from both 询问人 and 讯问人.
            "被问问人: 张三",
            "名问人 (签名)韦志俊",
            // A word forms print, read right.
            "报案人: 李四",
            // One from 办案人, but also from 报案人.
            "扳案人: 王五",
            // No colon or bracket after it: prose, not a label.
            "人查员说了什么",
            "问: 人查员:",
        ];
        assert_eq!(corrected(&lines), lines);
    }

    #[test]
    fn an_exported_page_is_never_changed() {
        let mut p = page(2, &["人查员: 付称德"]);
        correct_labels(&mut p);
        assert_eq!(p.lines[0].text, "人查员: 付称德");
    }
}
