//! Predefined CMaps (the named `/Encoding`s of composite fonts) as Chinese documents use them:
//! how many bytes a code has and, where the CMap implies it, the code's Unicode text — UCS-2 /
//! UTF-16 codes directly, GB 2312 / GBK / GB 18030 and Big5 byte sequences through
//! `encoding_rs`. Identity CMaps imply no text: that needs a ToUnicode map.

/// The predefined CMaps of Chinese documents, by how their codes map to Unicode.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Predefined {
    /// Codes are CIDs; text only through ToUnicode.
    Identity,
    Ucs2,
    Utf16,
    Utf32,
    Utf8,
    /// GB 2312 / GBK / GB 18030 byte sequences.
    Gb,
    Big5,
}

impl Predefined {
    pub fn from_name(name: &str) -> Predefined {
        let upper = name.to_ascii_uppercase();
        if upper.starts_with("UNI") {
            if upper.contains("UCS2") {
                return Predefined::Ucs2;
            } else if upper.contains("UTF16") {
                return Predefined::Utf16;
            } else if upper.contains("UTF32") {
                return Predefined::Utf32;
            } else if upper.contains("UTF8") {
                return Predefined::Utf8;
            }
        }
        if upper.starts_with("GB") {
            Predefined::Gb
        } else if upper.contains("B5") {
            Predefined::Big5
        } else {
            Predefined::Identity
        }
    }

    pub fn code_len(self, bytes: &[u8]) -> usize {
        let first = bytes.first().copied().unwrap_or(0);
        match self {
            Predefined::Identity | Predefined::Ucs2 => 2,
            Predefined::Utf16 => {
                if (0xD8..=0xDB).contains(&first) {
                    4
                } else {
                    2
                }
            }
            Predefined::Utf32 => 4,
            Predefined::Utf8 => match first {
                0xF0..=0xF7 => 4,
                0xE0..=0xEF => 3,
                0xC0..=0xDF => 2,
                _ => 1,
            },
            Predefined::Gb => match (first, bytes.get(1)) {
                (0..=0x80, _) => 1,
                (_, Some(0x30..=0x39)) => 4,
                _ => 2,
            },
            Predefined::Big5 => {
                if first < 0x80 {
                    1
                } else {
                    2
                }
            }
        }
    }

    pub fn text(self, bytes: &[u8]) -> Option<String> {
        let s = match self {
            Predefined::Identity => return None,
            Predefined::Ucs2 | Predefined::Utf16 => {
                let units = bytes
                    .chunks(2)
                    .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]));
                char::decode_utf16(units).collect::<Result<String, _>>().ok()?
            }
            Predefined::Utf32 => {
                let v = bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
                char::from_u32(v)?.to_string()
            }
            Predefined::Utf8 => std::str::from_utf8(bytes).ok()?.to_string(),
            Predefined::Gb | Predefined::Big5 => {
                let enc = if self == Predefined::Gb {
                    encoding_rs::GB18030
                } else {
                    encoding_rs::BIG5
                };
                let (s, bad) = enc.decode_without_bom_handling(bytes);
                if bad {
                    return None;
                }
                s.into_owned()
            }
        };
        Some(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_gbk_and_ucs2_cmaps_decode_without_to_unicode() {
        let gb = Predefined::from_name("GBK-EUC-H");
        assert_eq!(gb, Predefined::Gb);
        assert_eq!(gb.code_len(&[0xCE, 0xCA]), 2);
        assert_eq!(gb.code_len(b"A"), 1);
        assert_eq!(gb.text(&[0xCE, 0xCA]).as_deref(), Some("问"));
        let ucs = Predefined::from_name("UniGB-UCS2-H");
        assert_eq!(ucs.text(&[0x95, 0xEE]).as_deref(), Some("问"));
        assert_eq!(Predefined::from_name("Identity-H").text(&[0, 1]), None);
    }
}
