//! Character folding for matching. Some PDF writers map characters to Kangxi radicals or the
//! CJK radicals supplement (⻚ for 页), full-width and half-width punctuation are mixed freely,
//! and forms space out titles (「讯 问 笔 录」). Matching works on a *folded* copy of a line
//! with whitespace removed, and `Folded::map` leads every folded character back to the line's
//! glyph, so a match still has a box on the page.

use unicode_normalization::UnicodeNormalization;

use crate::page::Line;

/// Folds one character to the form the patterns are written in: NFKC (full-width → ASCII,
/// Kangxi radicals → ideographs), the radicals supplement by table, and a few punctuation
/// marks that writers and OCR exchange.
pub fn fold_char(c: char) -> char {
    let c = match c {
        // CJK radicals supplement forms that NFKC leaves alone.
        '⻚' => '页',
        '⻓' => '长',
        '⻔' => '门',
        '⻅' => '见',
        '⻋' => '车',
        '⻆' => '角',
        '⻘' => '青',
        '⻝' => '食',
        '⻢' => '马',
        '⻛' => '风',
        '⻜' => '飞',
        '⻄' => '西',
        '⻁' => '虎',
        '⻩' => '黄',
        '⻰' => '龙',
        '⻥' => '鱼',
        '⻦' => '鸟',
        '⻉' => '贝',
        '⻈' => '讠',
        '⻊' => '足',
        '⺠' => '民',
        '⺟' => '母',
        '⺝' => '月',
        '⺮' => '竹',
        '⺷' => '羊',
        '⻣' => '骨',
        '〇' => '〇',
        // Dashes and colons that survive NFKC.
        '—' | '–' | '－' | '―' => '-',
        '∶' | '︰' => ':',
        '〔' | '【' | '［' => '[',
        '〕' | '】' | '］' => ']',
        '“' | '”' | '„' => '"',
        '‘' | '’' => '\'',
        '\u{3000}' | '\u{a0}' => ' ',
        c => c,
    };
    let mut it = c.nfkc();
    match (it.next(), it.next()) {
        (Some(f), None) => f,
        _ => c,
    }
}

/// A line folded for matching, whitespace and underscores removed.
#[derive(Debug, Clone, PartialEq)]
pub struct Folded {
    pub text: String,
    /// For each char of `text`, the index of the glyph in the source line.
    pub map: Vec<usize>,
}

impl Folded {
    /// Folds any string (no glyphs behind it): the map points at char indices of `s`.
    /// Whitespace and underscores are dropped.
    pub fn of_str(s: &str) -> Folded {
        Folded::build(s, false)
    }

    /// Like `of_str`, but a run of whitespace or underscores becomes one space, so that names
    /// written 「张三 李四」 stay apart. Labels are matched with optional spaces between their
    /// characters (forms write 「地  点」).
    pub fn spaced(s: &str) -> Folded {
        Folded::build(s, true)
    }

    fn build(s: &str, keep_spaces: bool) -> Folded {
        let mut text = String::new();
        let mut map = Vec::new();
        for (i, c) in s.chars().enumerate() {
            let f = fold_char(c);
            if f.is_whitespace() || f == '_' {
                if keep_spaces && !text.is_empty() && !text.ends_with(' ') {
                    text.push(' ');
                    map.push(i);
                }
                continue;
            }
            text.push(f);
            map.push(i);
        }
        if text.ends_with(' ') {
            text.pop();
            map.pop();
        }
        Folded { text, map }
    }

    /// Char index in `text` of a byte offset (as regex matches give them).
    pub fn char_index(&self, byte: usize) -> usize {
        self.text[..byte.min(self.text.len())].chars().count()
    }

    /// The source glyph range `[start, end)` of the folded byte range `[start, end)`.
    pub fn source_range(&self, byte_start: usize, byte_end: usize) -> Option<(usize, usize)> {
        let a = self.char_index(byte_start);
        let b = self.char_index(byte_end);
        if a >= b || b > self.map.len() {
            return None;
        }
        Some((self.map[a], self.map[b - 1] + 1))
    }
}

/// Folds a page line.
pub fn fold_line(line: &Line) -> Folded {
    Folded::of_str(&line.text)
}

/// Folds a whole string and drops whitespace; for matching text that spans lines.
pub fn compact(s: &str) -> String {
    Folded::of_str(s).text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_forms_and_radicals() {
        assert_eq!(compact("第１⻚ 共３⻚"), "第1页共3页");
        assert_eq!(compact("讯 问 笔 录（第一次）"), "讯问笔录(第一次)");
        assert_eq!(compact("地点：⽉坛派出所"), "地点:月坛派出所");
        assert_eq!(compact("被讯问人签名：________"), "被讯问人签名:");
    }

    #[test]
    fn folded_ranges_lead_back_to_source_glyphs() {
        let f = Folded::of_str("时 间：2024");
        assert_eq!(f.text, "时间:2024");
        let start = f.text.find("2024").unwrap();
        assert_eq!(f.source_range(start, f.text.len()), Some((4, 8)));
        assert_eq!(f.source_range(0, 6), Some((0, 3)));
    }
}
