//! CMap parsing: the embedded `/ToUnicode` maps (codes → Unicode text) and embedded encoding
//! CMaps (codes → CIDs, and the codespace ranges that say how many bytes a code has).
//!
//! lopdf has a ToUnicode parser, but it is tied to its own text decoding, which is wrong for the
//! fonts STACK-NOTES lists; this small tokenizer reads both kinds of CMap with one grammar and
//! never fails: a damaged CMap yields the entries read before the damage.

use std::collections::HashMap;

/// Ranges wider than this are kept as ranges instead of being expanded into the char table.
const MAX_EXPANDED_RANGE: u32 = 256;
/// A CMap with more entries than this is cut off (a 2-byte CJK font needs at most 65 536).
const MAX_ENTRIES: usize = 200_000;

/// One codespace range: codes of `len` bytes whose every byte lies within the bounds of
/// the corresponding bytes of `lo` and `hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Codespace {
    pub len: u8,
    pub lo: [u8; 4],
    pub hi: [u8; 4],
}

impl Codespace {
    fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() == self.len as usize
            && bytes
                .iter()
                .enumerate()
                .all(|(i, b)| *b >= self.lo[i] && *b <= self.hi[i])
    }
}

#[derive(Debug, Clone)]
enum RangeTarget {
    /// The first code's UTF-16 units; later codes add their offset to the last unit.
    Offset(Vec<u16>),
    /// One string per code.
    List(Vec<String>),
    /// The first CID; later codes add their offset.
    Cid(u32),
}

#[derive(Debug, Clone)]
struct Range {
    len: u8,
    lo: u32,
    hi: u32,
    target: RangeTarget,
}

/// A parsed CMap. Keys are `(code length in bytes, code)` so `<41>` and `<0041>` stay apart.
#[derive(Debug, Clone, Default)]
pub struct CMap {
    pub codespaces: Vec<Codespace>,
    /// The name after `usecmap`, when the CMap builds on a predefined one.
    pub use_cmap: Option<String>,
    unicode: HashMap<(u8, u32), String>,
    cids: HashMap<(u8, u32), u32>,
    ranges: Vec<Range>,
}

impl CMap {
    /// Parses a CMap stream's decoded bytes.
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut tokens = Tokenizer { data, pos: 0 };
        // Operands seen since the last keyword (only the ones the sections need).
        let mut stack: Vec<Token> = Vec::new();
        let mut section: Option<&'static str> = None;
        while let Some(tok) = tokens.next_token() {
            if cmap.entry_count() > MAX_ENTRIES {
                break;
            }
            match tok {
                Token::Keyword(k) => {
                    match k.as_str() {
                        "begincodespacerange" => section = Some("codespace"),
                        "beginbfchar" => section = Some("bfchar"),
                        "beginbfrange" => section = Some("bfrange"),
                        "begincidchar" => section = Some("cidchar"),
                        "begincidrange" => section = Some("cidrange"),
                        "endcodespacerange" | "endbfchar" | "endbfrange" | "endcidchar" | "endcidrange" => {
                            section = None
                        }
                        "usecmap" => {
                            if let Some(Token::Name(n)) = stack.last() {
                                cmap.use_cmap = Some(n.clone());
                            }
                        }
                        _ => {}
                    }
                    stack.clear();
                }
                tok => {
                    stack.push(tok);
                    if let Some(s) = section {
                        cmap.take_entry(s, &mut stack);
                    }
                }
            }
        }
        cmap
    }

    fn entry_count(&self) -> usize {
        self.unicode.len() + self.cids.len() + self.ranges.len()
    }

    /// Consumes a complete entry from the operand stack, if one is there.
    fn take_entry(&mut self, section: &str, stack: &mut Vec<Token>) {
        match (section, stack.as_slice()) {
            ("codespace", [Token::Hex(lo), Token::Hex(hi)])
                if !lo.is_empty() && lo.len() <= 4 && lo.len() == hi.len() =>
            {
                let mut cs = Codespace {
                    len: lo.len() as u8,
                    lo: [0; 4],
                    hi: [0; 4],
                };
                cs.lo[..lo.len()].copy_from_slice(lo);
                cs.hi[..hi.len()].copy_from_slice(hi);
                self.codespaces.push(cs);
            }
            ("bfchar", [Token::Hex(src), dst]) => {
                if let (Some(code), Some(text)) = (code_of(src), target_text(dst)) {
                    self.unicode.insert((src.len() as u8, code), text);
                }
            }
            ("bfrange", [Token::Hex(lo), Token::Hex(hi), dst]) => {
                let target = match dst {
                    Token::Hex(h) => RangeTarget::Offset(utf16_units(h)),
                    Token::Array(items) => RangeTarget::List(items.iter().filter_map(target_text).collect()),
                    _ => {
                        stack.clear();
                        return;
                    }
                };
                self.push_range(lo, hi, target);
            }
            ("cidchar", [Token::Hex(src), Token::Number(cid)]) => {
                if let Some(code) = code_of(src) {
                    self.cids.insert((src.len() as u8, code), *cid as u32);
                }
            }
            ("cidrange", [Token::Hex(lo), Token::Hex(hi), Token::Number(cid)]) => {
                self.push_range(lo, hi, RangeTarget::Cid(*cid as u32));
            }
            // Not complete yet, or a stray token: wait for more, but never grow unbounded.
            (_, s) if s.len() < 3 => return,
            _ => {}
        }
        stack.clear();
    }

    fn push_range(&mut self, lo: &[u8], hi: &[u8], target: RangeTarget) {
        let (Some(l), Some(h)) = (code_of(lo), code_of(hi)) else {
            return;
        };
        if h < l {
            return;
        }
        let len = lo.len() as u8;
        if h - l < MAX_EXPANDED_RANGE {
            for (i, code) in (l..=h).enumerate() {
                match &target {
                    RangeTarget::Offset(units) => {
                        if let Some(t) = offset_text(units, i as u32) {
                            self.unicode.insert((len, code), t);
                        }
                    }
                    RangeTarget::List(list) => {
                        if let Some(t) = list.get(i) {
                            self.unicode.insert((len, code), t.clone());
                        }
                    }
                    RangeTarget::Cid(cid) => {
                        self.cids.insert((len, code), cid.saturating_add(i as u32));
                    }
                }
            }
        } else {
            self.ranges.push(Range {
                len,
                lo: l,
                hi: h,
                target,
            });
        }
    }

    /// The Unicode text of a code of `len` bytes. A code written with another length in the
    /// CMap (`<41>` for a 2-byte code 0x0041) is accepted as a fallback: writers disagree.
    pub fn unicode(&self, len: u8, code: u32) -> Option<String> {
        if let Some(t) = self.unicode.get(&(len, code)) {
            return Some(t.clone());
        }
        for r in &self.ranges {
            if r.len == len && (r.lo..=r.hi).contains(&code) {
                let i = code - r.lo;
                match &r.target {
                    RangeTarget::Offset(units) => return offset_text(units, i),
                    RangeTarget::List(list) => return list.get(i as usize).cloned(),
                    RangeTarget::Cid(_) => {}
                }
            }
        }
        (1..=4u8)
            .filter(|l| *l != len)
            .find_map(|l| self.unicode.get(&(l, code)))
            .cloned()
    }

    /// The CID of a code, when the CMap maps codes to CIDs.
    pub fn cid(&self, len: u8, code: u32) -> Option<u32> {
        if let Some(c) = self.cids.get(&(len, code)) {
            return Some(*c);
        }
        self.ranges.iter().find_map(|r| match r.target {
            RangeTarget::Cid(base) if r.len == len && (r.lo..=r.hi).contains(&code) => {
                Some(base.saturating_add(code - r.lo))
            }
            _ => None,
        })
    }

    /// The length of the code starting at `bytes[0]` according to the codespace ranges, or
    /// `None` when the CMap declares none.
    pub fn code_len(&self, bytes: &[u8]) -> Option<usize> {
        if self.codespaces.is_empty() {
            return None;
        }
        for len in 1..=4usize {
            if let Some(head) = bytes.get(..len)
                && self.codespaces.iter().any(|cs| cs.matches(head))
            {
                return Some(len);
            }
        }
        // No range matches: take the length of a range whose first byte fits, else the
        // shortest range, so decoding moves on (PDF 32000 9.7.6.3 leaves this to readers).
        let first = *bytes.first()?;
        self.codespaces
            .iter()
            .find(|cs| first >= cs.lo[0] && first <= cs.hi[0])
            .or_else(|| self.codespaces.iter().min_by_key(|cs| cs.len))
            .map(|cs| cs.len as usize)
    }
}

/// Big-endian code of 1–4 bytes.
fn code_of(bytes: &[u8]) -> Option<u32> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    Some(bytes.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
        .collect()
}

/// A bfrange destination plus `offset`, added to the last UTF-16 unit.
fn offset_text(units: &[u16], offset: u32) -> Option<String> {
    let mut units = units.to_vec();
    let last = units.last_mut()?;
    *last = u16::try_from(u32::from(*last) + offset).ok()?;
    Some(decode_utf16(&units))
}

fn decode_utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// A bfchar/bfrange destination: a UTF-16BE hex string, or a glyph name (rare but legal).
fn target_text(tok: &Token) -> Option<String> {
    match tok {
        Token::Hex(h) => Some(decode_utf16(&utf16_units(h))),
        Token::Name(n) => super::encoding::glyph_name_to_unicode(n),
        _ => None,
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Hex(Vec<u8>),
    Number(i64),
    Name(String),
    Array(Vec<Token>),
    Keyword(String),
    /// Literal strings and dictionaries: skipped, but they separate entries.
    Other,
}

struct Tokenizer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl Tokenizer<'_> {
    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn next_token(&mut self) -> Option<Token> {
        self.next_token_depth(0)
    }

    fn next_token_depth(&mut self, depth: usize) -> Option<Token> {
        loop {
            let c = self.peek()?;
            match c {
                b'%' => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' || c == b'\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                c if c.is_ascii_whitespace() || c == 0 => self.pos += 1,
                _ => break,
            }
        }
        let c = self.peek()?;
        self.pos += 1;
        Some(match c {
            b'<' if self.peek() == Some(b'<') => {
                self.pos += 1;
                Token::Other
            }
            b'>' if self.peek() == Some(b'>') => {
                self.pos += 1;
                Token::Other
            }
            b'<' => {
                let mut nibbles = Vec::new();
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    if c == b'>' {
                        break;
                    }
                    if let Some(v) = (c as char).to_digit(16) {
                        nibbles.push(v as u8);
                    }
                }
                if nibbles.len() % 2 == 1 {
                    nibbles.push(0);
                }
                Token::Hex(nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect())
            }
            b'[' => {
                let mut items = Vec::new();
                while let Some(c) = self.peek() {
                    if c == b']' {
                        self.pos += 1;
                        break;
                    }
                    if depth > 8 {
                        self.pos += 1;
                        continue;
                    }
                    match self.next_token_depth(depth + 1) {
                        Some(t) => items.push(t),
                        None => break,
                    }
                }
                Token::Array(items)
            }
            b'(' => {
                let mut level = 1;
                while let Some(c) = self.peek() {
                    self.pos += 1;
                    match c {
                        b'\\' => self.pos += 1,
                        b'(' => level += 1,
                        b')' => {
                            level -= 1;
                            if level == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
                Token::Other
            }
            b'/' => Token::Name(String::from_utf8_lossy(self.word()).into_owned()),
            b']' | b'{' | b'}' | b'>' | b')' => Token::Other,
            _ => {
                self.pos -= 1;
                let w = self.word();
                if w.is_empty() {
                    self.pos += 1;
                    return Some(Token::Other);
                }
                let s = String::from_utf8_lossy(w);
                match s.parse::<i64>() {
                    Ok(n) => Token::Number(n),
                    Err(_) => Token::Keyword(s.into_owned()),
                }
            }
        })
    }

    fn word(&mut self) -> &[u8] {
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() || b"/<>[](){}%".contains(&c) || c == 0 {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        /CMapName /Adobe-Identity-UCS def
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar <0003> <0020> <0010> <95EE> <0011> <D840DC00> endbfchar
        2 beginbfrange <0020> <0022> <7B2C> <0030> <0031> [<65F6> <95F4>] endbfrange
        1 beginbfrange <1000> <1FFF> <4E00> endbfrange
        endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_and_bfrange_entries_map_codes_to_text() {
        let cmap = CMap::parse(SAMPLE);
        assert_eq!(cmap.unicode(2, 0x10).as_deref(), Some("问"));
        assert_eq!(cmap.unicode(2, 0x03).as_deref(), Some(" "));
        assert_eq!(cmap.unicode(2, 0x11).as_deref(), Some("\u{20000}"));
        assert_eq!(cmap.unicode(2, 0x21).as_deref(), Some("\u{7B2D}"));
        assert_eq!(cmap.unicode(2, 0x30).as_deref(), Some("时"));
        assert_eq!(cmap.unicode(2, 0x31).as_deref(), Some("间"));
        assert_eq!(cmap.unicode(2, 0x1005).as_deref(), Some("\u{4E05}"));
        assert_eq!(cmap.unicode(2, 0x05), None);
    }

    #[test]
    fn codespace_ranges_decide_the_code_length() {
        let cmap = CMap::parse(
            b"2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange
              1 begincidrange <8140> <8150> 100 endcidrange",
        );
        assert_eq!(cmap.code_len(b"A\x81\x40"), Some(1));
        assert_eq!(cmap.code_len(b"\x81\x40"), Some(2));
        assert_eq!(cmap.cid(2, 0x8142), Some(102));
        assert_eq!(CMap::parse(b"").code_len(b"ab"), None);
    }

    #[test]
    fn damaged_cmaps_keep_what_was_read() {
        let cmap = CMap::parse(b"2 beginbfchar <01> <0041> <02> [[[[[[[[[[ <03> ( unterminated");
        assert_eq!(cmap.unicode(1, 1).as_deref(), Some("A"));
    }
}
