//! Labels OCR read one character wrong. On a scan 侦查员 comes out as 「人查员：」, 被询问人 as
//! 「害询问人：」; the header then names no investigator, and the closing block has no
//! officers' slot (or a subject's label passes for an officer's).
//! Where a line of a scan starts with a word that is one character from the labels of exactly
//! one of the roles the checks read, and from no other word a form prints there, that
//! character is put right before anything reads the page. 「名问人」 is one character from
//! both 询问人 and 讯问人: the role is the officers' either way, and the spelling the page
//! prints elsewhere is taken.

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

/// Puts right the labels OCR misread on a scanned page (no-op on a text layer). Every line is
/// judged against the page as OCR read it, then the corrections are made.
pub fn correct_labels(page: &mut Page) {
    if !page.is_scan() {
        return;
    }
    let fixes: Vec<(usize, usize, &str)> = page
        .lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| correction(line, &page.lines).map(|(start, word)| (i, start, word)))
        .collect();
    for (i, start, word) in fixes {
        let line = &mut page.lines[i];
        for (g, c) in line.glyphs[start..].iter_mut().zip(word.chars()) {
            g.ch = c;
        }
        line.text = line.glyphs.iter().map(|g| g.ch).collect();
    }
}

/// The label a line's first word was misread from, with the glyph index the word starts at.
fn correction(line: &Line, page_lines: &[Line]) -> Option<(usize, &'static str)> {
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
        return None;
    }
    let word: String = glyphs[start..start + len].iter().map(|g| g.ch).collect();
    // Each word with the role it names (`None`: a word that is no signer's label).
    let roles = [INVESTIGATOR_LABELS, RECORDER_LABELS, SUBJECT_LABELS];
    let all = || {
        roles
            .iter()
            .enumerate()
            .flat_map(|(r, words)| words.iter().map(move |w| (Some(r), *w)))
            .chain(OTHER_WORDS.iter().map(|w| (None, *w)))
    };
    if all().any(|(_, w)| w == word) {
        return None;
    }
    let near: Vec<(Option<usize>, &'static str)> = all()
        .filter(|(_, w)| strsim::hamming(w, &word) == Ok(1))
        .collect();
    // Near two labels of one role (「名问人」: 询问人 and 讯问人 are both the officers') the
    // role is certain; near labels of two roles, or a word no signer's label is, it is not.
    let (Some(role), _) = *near.first()? else {
        return None;
    };
    if near.iter().any(|(r, _)| *r != Some(role)) {
        return None;
    }
    // Of several spellings, the one the page prints elsewhere (a 询问笔录 says 询问), else
    // the first listed.
    let elsewhere = |w: &str| {
        let stem: String = w.chars().take(len - 1).collect();
        page_lines.iter().filter(|l| l.text.contains(&stem)).count()
    };
    near.iter()
        .enumerate()
        .max_by_key(|(i, (_, w))| (elsewhere(w), std::cmp::Reverse(*i)))
        .map(|(_, (_, w))| (start, *w))
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
    fn a_word_near_two_labels_of_one_role_takes_the_spelling_the_page_prints() {
        // One character from both 询问人 and 讯问人 (s012's header): the officers' either way.
        let lines = ["询问笔录", "名问人 (签名)韦志俊", "被询问人: 张三"];
        assert_eq!(corrected(&lines)[1], "询问人 (签名)韦志俊");
        let lines = ["讯问笔录", "名问人: 韦志俊", "被问问人: 张三"];
        assert_eq!(corrected(&lines)[1..], ["讯问人: 韦志俊", "被讯问人: 张三"]);
    }

    #[test]
    fn words_near_two_roles_other_words_and_prose_are_left_alone() {
        let lines = [
            // One character from 记录人 (the recorder) and from 讯问人 (the officers).
            "记问人: 张三",
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
