//! Page numbering printed on forms: 「第1页 共3页」, 「第 1 页/共 3 页」, 「共3页 第1页」. Read from
//! the lines at the bottom (and, for some templates, the top) of the page.

use std::sync::LazyLock;

use regex::Regex;

use crate::dossier::PageNumber;
use crate::geom::Rect;
use crate::page::{DIGIT_DOUBT, Line, Page};
use crate::text::datetime::arabic_numerals;
use crate::text::fold::compact;

// The first number's 页 may be missing (OCR drops it: 「共3 第3页」); the second pair, which
// closes the footer, keeps it.
static FIRST_THEN_TOTAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"第(\d{1,3})[页頁]?.{0,4}?共(\d{1,3})[页頁]").expect("footer pattern"));
static TOTAL_THEN_FIRST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"共(\d{1,3})[页頁]?.{0,4}?第(\d{1,3})[页頁]").expect("footer pattern"));

/// The 第X页 共Y页 of a page, if printed.
pub fn read(page: &Page) -> Option<PageNumber> {
    footer(page).map(|(number, _)| number)
}

/// Where the page number is printed: from the 第 or 共 it starts with to its last 页. The
/// start is the last 第 or 共 from which the line still reads as a page number, not the
/// line's first: a signature on the footer's line that OCR read with a 共 in it (scanned
/// fixture s027 p23, 杜明鹏 as 「共有明起」 before 「第2页共2页」) is not the footer, and the
/// model must see it.
pub fn span(page: &Page) -> Option<Rect> {
    let (_, line) = footer(page)?;
    let (start, end) = span_chars(line)?;
    line.span_bbox(start, end + 1)
}

/// The first and last characters of the page number on its line (see `span`).
fn span_chars(line: &Line) -> Option<(usize, usize)> {
    let chars: Vec<char> = line.text.chars().collect();
    let start = chars
        .iter()
        .enumerate()
        .rev()
        .filter(|(_, c)| matches!(c, '第' | '共'))
        .map(|(i, _)| i)
        .find(|&i| numbers(&chars[i..].iter().collect::<String>()).is_some())?;
    let end = chars.iter().rposition(|c| matches!(c, '页' | '頁'))?;
    (start < end).then_some((start, end))
}

/// The page's number and the total, if `text` holds a page number, and whether the first of
/// them stands without its 页 (「第1 共5页」, 「共3第2页」): OCR lost a character of the footer,
/// and read the rest of it no more surely (第1页 共2页 read so, its 2 as 5 at 0.91, seed 2067
/// s030 p5).
fn numbers(text: &str) -> Option<(u32, u32, bool)> {
    let text = arabic_numerals(&compact(text));
    let clipped = |c: &regex::Captures| {
        c.get(1)
            .is_some_and(|m| !text[m.end()..].starts_with(['页', '頁']))
    };
    let found = FIRST_THEN_TOTAL
        .captures(&text)
        .map(|c| (c[1].parse().ok(), c[2].parse().ok(), clipped(&c)))
        .or_else(|| {
            TOTAL_THEN_FIRST
                .captures(&text)
                .map(|c| (c[2].parse().ok(), c[1].parse().ok(), clipped(&c)))
        });
    match found {
        Some((Some(index), Some(total), clipped)) if index >= 1 && total >= 1 => {
            Some((index, total, clipped))
        }
        _ => None,
    }
}

fn footer(page: &Page) -> Option<(PageNumber, &Line)> {
    let n = page.lines.len();
    let candidates = page
        .lines
        .iter()
        .rev()
        .take(4)
        .chain(page.lines.iter().take(2.min(n)));
    for line in candidates {
        if let Some((index, total, clipped)) = numbers(&line.text) {
            // A footer's digits OCR got wrong (页 as 5 in 「第25/共3页」, seed 2048 s002 p11; 3
            // as 5 in 「第3 共5页」, 2049 s006 p11) it read at 0.91–0.92.
            let unsure = |g: &crate::page::Glyph| g.ch.is_ascii_digit() && g.conf < DIGIT_DOUBT;
            let span = span_chars(line).filter(|_| page.is_scan());
            let doubt =
                span.is_some_and(|(start, end)| line.glyphs.iter().take(end + 1).skip(start).any(unsure));
            // The total's own digits, those after 共 up to its 页: a page number read in doubt
            // leaves the total sure (「第 1 页 共2页」, 1 at 0.93 and 2 at 0.99, seed 2078 s004
            // p6, the document's one total against the next page's 共3页).
            let total_doubt = span.is_some_and(|(start, end)| {
                let glyphs = || line.glyphs.iter().take(end + 1).skip(start);
                match glyphs().position(|g| g.ch == '共') {
                    Some(at) => glyphs()
                        .skip(at + 1)
                        .take_while(|g| !matches!(g.ch, '页' | '頁' | '第'))
                        .any(unsure),
                    None => doubt,
                }
            });
            let number = PageNumber {
                page: page.number,
                index,
                total,
                doubt,
                total_doubt,
                clipped: page.is_scan() && clipped,
            };
            return Some((number, line));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page_testkit::page;

    #[test]
    fn reads_the_usual_footer_forms() {
        let p = |s: &str| read(&page(7, &["问：……", s])).map(|n| (n.page, n.index, n.total));
        assert_eq!(p("第 2 页 共 3 页"), Some((7, 2, 3)));
        assert_eq!(p("第2页/共3页"), Some((7, 2, 3)));
        assert_eq!(p("共3页 第2页"), Some((7, 2, 3)));
        // OCR dropped the first 页.
        assert_eq!(p("共3 第3页"), Some((7, 3, 3)));
        assert_eq!(p("第二页 共三页"), Some((7, 2, 3)));
        assert_eq!(p("被讯问人签名："), None);
    }

    /// The span is the page number's glyphs, not a signature before it on the same line
    /// that OCR read with a 共 or 第 in it.
    #[test]
    fn the_span_starts_where_the_page_number_does() {
        let span = |s: &str| {
            let p = page(7, &["问：……", s]);
            let line = p.lines.last().unwrap().clone();
            let rect = super::span(&p).unwrap();
            let first = line.glyphs.iter().position(|g| g.bbox.x0 >= rect.x0).unwrap();
            line.text.chars().skip(first).collect::<String>()
        };
        assert_eq!(span("被询问人: 共有明起 第2页共2页"), "第2页共2页");
        assert_eq!(span("第1页共3页"), "第1页共3页");
        assert_eq!(span("签名：第五 共3页 第1页"), "共3页 第1页");
        assert_eq!(span("第2页/共3页"), "第2页/共3页");
    }
}
