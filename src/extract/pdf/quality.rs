//! Is a decoded text layer worth reading? Some fonts decode to U+FFFD (no ToUnicode, private
//! glyph names); others decode to plausible-looking Latin-1 garbage (CFF CJK fonts read
//! byte-wise, STACK-NOTES). A Chinese dossier page is full of CJK, so a page nearly free of it
//! but full of Latin-1 symbols or control characters is sent to OCR instead of being misread.

use super::content::RawGlyph;

/// Why the page's text layer cannot be used, if it cannot.
pub fn unreadable(glyphs: &[RawGlyph], controls: usize) -> Option<String> {
    let mut total = controls;
    let (mut replacement, mut cjk, mut junk) = (0usize, 0usize, controls);
    for g in glyphs.iter().filter(|g| !g.ch.is_whitespace()) {
        total += 1;
        match g.ch as u32 {
            0xFFFD => replacement += 1,
            0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF => cjk += 1,
            0x80..=0xFF => junk += 1,
            _ => {}
        }
    }
    if total == 0 {
        return None;
    }
    let pct = |n: usize| (n * 100 + total / 2) / total;
    if replacement * 2 > total {
        return Some(format!(
            "text layer unreadable ({}% of characters undecodable)",
            pct(replacement)
        ));
    }
    if cjk * 20 < total && junk * 4 > total {
        return Some(format!(
            "text layer unreadable (no Chinese text, {}% Latin-1 symbols or control characters)",
            pct(junk)
        ));
    }
    None
}
