//! Simple-font encodings: the built-in base encodings (WinAnsi, MacRoman, Standard), the
//! `/Differences` glyph names, and glyph name → Unicode for a small subset of the Adobe Glyph
//! List plus the `uniXXXX` / `uXXXX[XX]` forms.
//!
//! Only what dossiers need is here: ASCII, Latin-1, common punctuation. A glyph name we do not
//! know decodes as U+FFFD, so a page full of private names (`/g12`) is sent to OCR instead of
//! being read as garbage.

/// Which base encoding a simple font starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
}

impl BaseEncoding {
    pub fn from_name(name: &[u8]) -> Option<BaseEncoding> {
        match name {
            b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
            b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
            b"StandardEncoding" => Some(BaseEncoding::Standard),
            _ => None,
        }
    }

    /// The 256-entry code → text table of the encoding.
    pub fn table(self) -> Vec<Option<String>> {
        (0u8..=255)
            .map(|code| self.decode(code).map(String::from))
            .collect()
    }

    fn decode(self, code: u8) -> Option<char> {
        if code < 0x20 {
            return None;
        }
        match self {
            BaseEncoding::Standard => match code {
                0x27 => Some('\u{2019}'),
                0x60 => Some('\u{2018}'),
                0x20..=0x7E => Some(code as char),
                _ => STANDARD_HIGH.iter().find(|(c, _)| *c == code).map(|(_, ch)| *ch),
            },
            BaseEncoding::WinAnsi => match code {
                0x20..=0x7E => Some(code as char),
                // PDF 32000 D.2: WinAnsi shows the non-breaking space as a space.
                0xA0 => Some(' '),
                0x7F..=0xFF => single_byte(encoding_rs::WINDOWS_1252, code),
                _ => None,
            },
            BaseEncoding::MacRoman => match code {
                0x20..=0x7E => Some(code as char),
                0x80..=0xFF => single_byte(encoding_rs::MACINTOSH, code),
                _ => None,
            },
        }
    }
}

fn single_byte(enc: &'static encoding_rs::Encoding, code: u8) -> Option<char> {
    let byte = [code];
    let (s, bad) = enc.decode_without_bom_handling(&byte);
    let ch = s.chars().next()?;
    (!bad && !ch.is_control()).then_some(ch)
}

const STANDARD_HIGH: &[(u8, char)] = &[
    (0xA1, '¡'),
    (0xA2, '¢'),
    (0xA3, '£'),
    (0xA4, '⁄'),
    (0xA5, '¥'),
    (0xA6, 'ƒ'),
    (0xA7, '§'),
    (0xA8, '¤'),
    (0xA9, '\''),
    (0xAA, '“'),
    (0xAB, '«'),
    (0xAC, '‹'),
    (0xAD, '›'),
    (0xAE, 'ﬁ'),
    (0xAF, 'ﬂ'),
    (0xB1, '–'),
    (0xB2, '†'),
    (0xB3, '‡'),
    (0xB4, '·'),
    (0xB6, '¶'),
    (0xB7, '•'),
    (0xB8, '‚'),
    (0xB9, '„'),
    (0xBA, '”'),
    (0xBB, '»'),
    (0xBC, '…'),
    (0xBD, '‰'),
    (0xBF, '¿'),
    (0xC1, '`'),
    (0xC2, '´'),
    (0xC3, 'ˆ'),
    (0xC4, '˜'),
    (0xC5, '¯'),
    (0xC6, '˘'),
    (0xC7, '˙'),
    (0xC8, '¨'),
    (0xCA, '˚'),
    (0xCB, '¸'),
    (0xCD, '˝'),
    (0xCE, '˛'),
    (0xCF, 'ˇ'),
    (0xD0, '—'),
    (0xE1, 'Æ'),
    (0xE3, 'ª'),
    (0xE8, 'Ł'),
    (0xE9, 'Ø'),
    (0xEA, 'Œ'),
    (0xEB, 'º'),
    (0xF1, 'æ'),
    (0xF5, 'ı'),
    (0xF8, 'ł'),
    (0xF9, 'ø'),
    (0xFA, 'œ'),
    (0xFB, 'ß'),
];

/// PostScript names of U+0020..U+007E, in order.
const ASCII_NAMES: &str = "space exclam quotedbl numbersign dollar percent ampersand quotesingle \
    parenleft parenright asterisk plus comma hyphen period slash zero one two three four five six \
    seven eight nine colon semicolon less equal greater question at A B C D E F G H I J K L M N O \
    P Q R S T U V W X Y Z bracketleft backslash bracketright asciicircum underscore grave a b c d \
    e f g h i j k l m n o p q r s t u v w x y z braceleft bar braceright asciitilde";

/// PostScript names of U+00A0..U+00FF, in order.
const LATIN1_NAMES: &str = "nbspace exclamdown cent sterling currency yen brokenbar section \
    dieresis copyright ordfeminine guillemotleft logicalnot sfthyphen registered macron degree \
    plusminus twosuperior threesuperior acute mu paragraph periodcentered cedilla onesuperior \
    ordmasculine guillemotright onequarter onehalf threequarters questiondown Agrave Aacute \
    Acircumflex Atilde Adieresis Aring AE Ccedilla Egrave Eacute Ecircumflex Edieresis Igrave \
    Iacute Icircumflex Idieresis Eth Ntilde Ograve Oacute Ocircumflex Otilde Odieresis multiply \
    Oslash Ugrave Uacute Ucircumflex Udieresis Yacute Thorn germandbls agrave aacute acircumflex \
    atilde adieresis aring ae ccedilla egrave eacute ecircumflex edieresis igrave iacute \
    icircumflex idieresis eth ntilde ograve oacute ocircumflex otilde odieresis divide oslash \
    ugrave uacute ucircumflex udieresis yacute thorn ydieresis";

const OTHER_NAMES: &[(&str, char)] = &[
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("quotesinglbase", '‚'),
    ("quotedblbase", '„'),
    ("guilsinglleft", '‹'),
    ("guilsinglright", '›'),
    ("endash", '–'),
    ("emdash", '—'),
    ("bullet", '•'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("perthousand", '‰'),
    ("trademark", '™'),
    ("Euro", '€'),
    ("florin", 'ƒ'),
    ("fraction", '⁄'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("dotlessi", 'ı'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("OE", 'Œ'),
    ("oe", 'œ'),
    ("Scaron", 'Š'),
    ("scaron", 'š'),
    ("Zcaron", 'Ž'),
    ("zcaron", 'ž'),
    ("Ydieresis", 'Ÿ'),
    ("circumflex", 'ˆ'),
    ("tilde", '˜'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("ring", '˚'),
    ("ogonek", '˛'),
    ("caron", 'ˇ'),
    ("hungarumlaut", '˝'),
    ("minus", '−'),
    ("middot", '·'),
    ("periodcentered", '·'),
    ("nbspace", ' '),
    ("sfthyphen", '-'),
];

/// Unicode text of a glyph name: AGL subset, `uniXXXX[XXXX…]`, `uXXXX[XX]`, ligature
/// components joined by `_`, suffixes after `.` dropped.
pub fn glyph_name_to_unicode(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(single_name).collect();
        return parts;
    }
    single_name(base)
}

fn single_name(name: &str) -> Option<String> {
    if let Some(i) = ASCII_NAMES.split_whitespace().position(|n| n == name) {
        return char::from_u32(0x20 + i as u32).map(String::from);
    }
    if let Some(i) = LATIN1_NAMES.split_whitespace().position(|n| n == name) {
        return char::from_u32(0xA0 + i as u32).map(String::from);
    }
    if let Some((_, ch)) = OTHER_NAMES.iter().find(|(n, _)| *n == name) {
        return Some(ch.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni")
        && hex.len() >= 4
        && hex.len() % 4 == 0
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        let units: Vec<u16> = hex
            .as_bytes()
            .chunks(4)
            .filter_map(|c| u16::from_str_radix(std::str::from_utf8(c).ok()?, 16).ok())
            .collect();
        let s: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;
        return Some(s);
    }
    if let Some(hex) = name.strip_prefix('u')
        && (4..=6).contains(&hex.len())
        && hex.bytes().all(|b| b.is_ascii_hexdigit())
    {
        return u32::from_str_radix(hex, 16)
            .ok()
            .and_then(char::from_u32)
            .map(String::from);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names_decode_from_the_list_and_from_uni_forms() {
        assert_eq!(glyph_name_to_unicode("A").as_deref(), Some("A"));
        assert_eq!(glyph_name_to_unicode("space").as_deref(), Some(" "));
        assert_eq!(glyph_name_to_unicode("eacute").as_deref(), Some("é"));
        assert_eq!(glyph_name_to_unicode("quotedblright").as_deref(), Some("”"));
        assert_eq!(glyph_name_to_unicode("uni95EE").as_deref(), Some("问"));
        assert_eq!(glyph_name_to_unicode("uni95EE7B54").as_deref(), Some("问答"));
        assert_eq!(glyph_name_to_unicode("u20000").as_deref(), Some("\u{20000}"));
        assert_eq!(glyph_name_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_name_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_name_to_unicode("g12"), None);
    }

    #[test]
    fn base_encodings_differ_where_the_spec_says() {
        let win = BaseEncoding::WinAnsi.table();
        let std = BaseEncoding::Standard.table();
        let mac = BaseEncoding::MacRoman.table();
        assert_eq!(win[0x93].as_deref(), Some("“"));
        assert_eq!(win[0x27].as_deref(), Some("'"));
        assert_eq!(std[0x27].as_deref(), Some("’"));
        assert_eq!(std[0xD0].as_deref(), Some("—"));
        assert_eq!(mac[0x8E].as_deref(), Some("é"));
        assert_eq!(win[0x05], None);
    }
}
