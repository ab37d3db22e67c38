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

/// A question or answer line of a transcript body: 「问：」, 「答:」 (OCR: 间).
pub fn is_qa_line(folded: &str) -> bool {
    let mut it = folded.trim_start().chars();
    matches!(
        (it.next(), it.next()),
        (Some('问' | '答' | '间'), Some(':' | ';' | ' '))
    )
}

/// Index of the first question or answer line of a page: on a transcript's first page, the
/// end of the header.
pub fn first_qa_line(page: &Page) -> Option<usize> {
    page.lines
        .iter()
        .position(|l| is_qa_line(&Folded::spaced(&l.text).text))
}

/// Index of the last question or answer line of a page: below it starts the closing block.
pub fn last_qa_line(page: &Page) -> Option<usize> {
    page.lines
        .iter()
        .rposition(|l| is_qa_line(&Folded::spaced(&l.text).text))
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
    }
}
