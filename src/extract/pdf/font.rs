//! Fonts: turning the bytes of a shown string into codes, Unicode text and advance widths.
//!
//! We decode ourselves instead of using lopdf's `decode_text`, which reads garbage when a font's
//! `/Encoding` is an embedded CMap or a Type3 `/Differences` (STACK-NOTES). Order of preference
//! for the text of a code: the `/ToUnicode` map, then what the encoding itself implies (a
//! simple font's base encoding and glyph names; a predefined Unicode, GBK or Big5 CMap), else
//! U+FFFD so the page can be judged unreadable. A font is loaded once per document and shared
//! by every page that uses it (`FontCache`).

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::cmap::CMap;
use super::encoding::{BaseEncoding, glyph_name_to_unicode};
use super::obj::{
    deref, get, get_array, get_dict, get_f32, get_name, get_stream, number, numbers, stream_bytes,
};
use super::predefined::Predefined;

/// CMap streams larger than this are not read (real ones are a few hundred KiB at most).
const MAX_CMAP_BYTES: usize = 8 * 1024 * 1024;
/// Default ascent / descent in em when a font states none we can trust (CJK fonts often do not).
const DEFAULT_ASCENT: f32 = 0.88;
const DEFAULT_DESCENT: f32 = -0.12;

/// One shown code.
#[derive(Debug, Clone, PartialEq)]
pub struct Shown {
    pub text: String,
    /// Horizontal advance (or vertical, for vertical fonts) in text space per unit font size.
    pub width: f32,
    /// A single-byte code 32, to which word spacing applies.
    pub is_space: bool,
}

#[derive(Debug)]
enum Encoding {
    /// 1-byte codes; the table gives each code's text from the encoding and glyph names.
    Simple(Vec<Option<String>>),
    /// A composite font's CMap: predefined, or embedded (with an optional predefined parent).
    Cid {
        predefined: Predefined,
        embedded: Option<CMap>,
    },
}

#[derive(Debug, Default)]
struct CidWidths {
    default: f32,
    single: HashMap<u32, f32>,
    ranges: Vec<(u32, u32, f32)>,
}

impl CidWidths {
    fn get(&self, cid: u32) -> Option<f32> {
        self.single.get(&cid).copied().or_else(|| {
            self.ranges
                .iter()
                .find(|(lo, hi, _)| (*lo..=*hi).contains(&cid))
                .map(|r| r.2)
        })
    }
}

#[derive(Debug)]
enum Widths {
    /// `/FirstChar` and `/Widths`, in glyph units; `None` when the font has no widths.
    Simple {
        first: u32,
        widths: Option<Vec<f32>>,
        missing: f32,
    },
    Cid(CidWidths),
}

/// A loaded font, ready to decode strings.
#[derive(Debug)]
pub struct Font {
    encoding: Encoding,
    to_unicode: Option<CMap>,
    widths: Widths,
    /// Glyph units → text space (0.001, or a Type3 font's FontMatrix).
    scale: f32,
    pub vertical: bool,
    /// Ascent and descent in text space per unit font size.
    pub ascent: f32,
    pub descent: f32,
}

impl Font {
    /// A stand-in for a font that cannot be loaded: every byte is an unknown glyph, so the page
    /// is judged unreadable rather than silently misread.
    pub fn unknown() -> Font {
        Font {
            encoding: Encoding::Simple(vec![None; 256]),
            to_unicode: None,
            widths: Widths::Simple {
                first: 0,
                widths: None,
                missing: 0.0,
            },
            scale: 0.001,
            vertical: false,
            ascent: DEFAULT_ASCENT,
            descent: DEFAULT_DESCENT,
        }
    }

    pub fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = get_name(doc, font, b"Subtype").unwrap_or(b"");
        if subtype == b"Type0" {
            load_type0(doc, font)
        } else {
            load_simple(doc, font, subtype)
        }
    }

    /// Decodes a shown string into one `Shown` per code.
    pub fn decode(&self, bytes: &[u8], out: &mut Vec<Shown>) {
        let mut i = 0;
        while i < bytes.len() {
            let rest = &bytes[i..];
            let len = self.code_len(rest).clamp(1, 4).min(rest.len());
            let code_bytes = &rest[..len];
            let code = code_bytes.iter().fold(0u32, |a, b| (a << 8) | u32::from(*b));
            let text = self
                .text(code_bytes, code)
                .unwrap_or_else(|| char::REPLACEMENT_CHARACTER.to_string());
            let width = self.width(code_bytes, code, &text) * self.scale;
            out.push(Shown {
                is_space: len == 1 && code == 32,
                text,
                width,
            });
            i += len;
        }
    }

    fn code_len(&self, bytes: &[u8]) -> usize {
        match &self.encoding {
            Encoding::Simple(_) => 1,
            // The encoding CMap alone decides code lengths; ToUnicode codespaces are often wrong.
            Encoding::Cid { predefined, embedded } => embedded
                .as_ref()
                .and_then(|c| c.code_len(bytes))
                .unwrap_or_else(|| predefined.code_len(bytes)),
        }
    }

    fn text(&self, code_bytes: &[u8], code: u32) -> Option<String> {
        if let Some(t) = self
            .to_unicode
            .as_ref()
            .and_then(|c| c.unicode(code_bytes.len() as u8, code))
        {
            return Some(t);
        }
        match &self.encoding {
            Encoding::Simple(table) => table.get(code as usize).cloned().flatten(),
            Encoding::Cid { predefined, .. } => predefined.text(code_bytes),
        }
    }

    fn width(&self, code_bytes: &[u8], code: u32, text: &str) -> f32 {
        match &self.widths {
            Widths::Simple {
                first,
                widths: Some(w),
                missing,
            } => code
                .checked_sub(*first)
                .and_then(|i| w.get(i as usize))
                .copied()
                .unwrap_or(*missing),
            // No widths (a standard-14 font): a typical advance keeps boxes plausible.
            Widths::Simple {
                widths: None,
                missing,
                ..
            } => {
                if *missing > 0.0 {
                    *missing
                } else if text == " " {
                    250.0
                } else {
                    500.0
                }
            }
            Widths::Cid(w) => {
                let cid = match &self.encoding {
                    Encoding::Cid {
                        embedded: Some(cmap),
                        predefined,
                    } => cmap
                        .cid(code_bytes.len() as u8, code)
                        .or((*predefined == Predefined::Identity && cmap.use_cmap.is_some()).then_some(code)),
                    Encoding::Cid {
                        predefined: Predefined::Identity,
                        ..
                    } => Some(code),
                    _ => None,
                };
                match cid.and_then(|c| w.get(c)) {
                    Some(v) => v,
                    // CID unknown (a predefined CMap whose table we do not carry): ASCII in CJK
                    // fonts is half-width.
                    None if cid.is_none() && text.len() == 1 && text.is_ascii() => 500.0,
                    None => w.default,
                }
            }
        }
    }
}

fn load_type0(doc: &Document, font: &Dictionary) -> Font {
    let descendant = get_array(doc, font, b"DescendantFonts")
        .and_then(|a| a.first())
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok());
    let (predefined, embedded, vertical) = match get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => {
            let name = String::from_utf8_lossy(n);
            (Predefined::from_name(&name), None, name.ends_with("-V"))
        }
        Some(Object::Stream(s)) => {
            let cmap = stream_bytes(s, MAX_CMAP_BYTES)
                .map(|b| CMap::parse(&b))
                .unwrap_or_default();
            let parent = cmap
                .use_cmap
                .as_deref()
                .map(Predefined::from_name)
                .unwrap_or(Predefined::Identity);
            let vertical = matches!(get(doc, &s.dict, b"WMode"), Some(Object::Integer(1)))
                || cmap.use_cmap.as_deref().is_some_and(|n| n.ends_with("-V"));
            (parent, Some(cmap), vertical)
        }
        _ => (Predefined::Identity, None, false),
    };
    let mut widths = CidWidths {
        default: 1000.0,
        ..CidWidths::default()
    };
    let mut descriptor = None;
    if let Some(d) = descendant {
        if let Some(dw) = get_f32(doc, d, b"DW") {
            widths.default = dw;
        }
        if let Some(w) = get_array(doc, d, b"W") {
            parse_w_array(doc, w, &mut widths);
        }
        descriptor = get_dict(doc, d, b"FontDescriptor");
    }
    let (ascent, descent) = metrics(doc, descriptor);
    let mut to_unicode = load_to_unicode(doc, font);
    // `/ToUnicode /Identity-H` (seen in the wild) means the codes are UCS-2.
    let predefined = match get_name(doc, font, b"ToUnicode") {
        Some(n) if n.starts_with(b"Identity") && predefined == Predefined::Identity => {
            to_unicode = None;
            Predefined::Ucs2
        }
        _ => predefined,
    };
    Font {
        encoding: Encoding::Cid { predefined, embedded },
        to_unicode,
        widths: Widths::Cid(widths),
        scale: 0.001,
        vertical,
        ascent,
        descent,
    }
}

/// `/W [c [w1 w2 …] c_first c_last w …]`.
fn parse_w_array(doc: &Document, w: &[Object], out: &mut CidWidths) {
    let mut i = 0;
    while i < w.len() {
        let Some(first) = deref(doc, &w[i]).and_then(number) else {
            break;
        };
        let first = first.max(0.0) as u32;
        match w.get(i + 1).and_then(|o| deref(doc, o)) {
            Some(Object::Array(list)) => {
                for (k, v) in numbers(doc, list).into_iter().enumerate() {
                    out.single.insert(first.saturating_add(k as u32), v);
                }
                i += 2;
            }
            Some(o) => {
                let last = number(o).map(|v| v.max(0.0) as u32);
                let width = w.get(i + 2).and_then(|o| deref(doc, o)).and_then(number);
                if let (Some(last), Some(width)) = (last, width) {
                    out.ranges.push((first, last, width));
                }
                i += 3;
            }
            None => break,
        }
    }
}

fn load_simple(doc: &Document, font: &Dictionary, subtype: &[u8]) -> Font {
    let is_type3 = subtype == b"Type3";
    let default_base = match subtype {
        b"TrueType" => Some(BaseEncoding::WinAnsi),
        b"Type3" => None,
        _ => Some(BaseEncoding::Standard),
    };
    let mut table = default_base
        .map(BaseEncoding::table)
        .unwrap_or_else(|| vec![None; 256]);
    match get(doc, font, b"Encoding") {
        Some(Object::Name(n)) => {
            if let Some(base) = BaseEncoding::from_name(n) {
                table = base.table();
            }
        }
        Some(Object::Dictionary(enc)) => {
            if let Some(base) = get_name(doc, enc, b"BaseEncoding").and_then(BaseEncoding::from_name) {
                table = base.table();
            }
            if let Some(diffs) = get_array(doc, enc, b"Differences") {
                apply_differences(doc, diffs, &mut table);
            }
        }
        _ => {}
    }
    let descriptor = get_dict(doc, font, b"FontDescriptor");
    let first = get_f32(doc, font, b"FirstChar").unwrap_or(0.0).max(0.0) as u32;
    let widths = get_array(doc, font, b"Widths").map(|w| numbers(doc, w));
    let missing = descriptor
        .and_then(|d| get_f32(doc, d, b"MissingWidth"))
        .unwrap_or(0.0);
    let (mut ascent, mut descent) = metrics(doc, descriptor);
    let mut scale = 0.001;
    if is_type3 {
        let m = get_array(doc, font, b"FontMatrix")
            .map(|a| numbers(doc, a))
            .unwrap_or_default();
        if let [a, _, _, d, ..] = m.as_slice() {
            if a.abs() > 0.0 {
                scale = a.abs();
            }
            // A Type3 font has no em: take its bounding box as the glyph height when it has one.
            let bbox = get_array(doc, font, b"FontBBox")
                .map(|a| numbers(doc, a))
                .unwrap_or_default();
            if let [_, y0, _, y1] = bbox.as_slice()
                && (y1 - y0).abs() * d.abs() > 0.05
            {
                ascent = y0.max(*y1) * d.abs();
                descent = y0.min(*y1) * d.abs();
            }
        }
    }
    Font {
        encoding: Encoding::Simple(table),
        to_unicode: load_to_unicode(doc, font),
        widths: Widths::Simple {
            first,
            widths,
            missing,
        },
        scale,
        vertical: false,
        ascent,
        descent,
    }
}

/// `/Differences [code /name /name … code /name …]`.
fn apply_differences(doc: &Document, diffs: &[Object], table: &mut [Option<String>]) {
    let mut code: i64 = 0;
    for item in diffs {
        match deref(doc, item) {
            Some(Object::Integer(c)) => code = *c,
            Some(Object::Name(n)) => {
                if let Some(slot) = usize::try_from(code).ok().and_then(|c| table.get_mut(c)) {
                    *slot = glyph_name_to_unicode(&String::from_utf8_lossy(n));
                }
                code += 1;
            }
            _ => {}
        }
    }
}

fn load_to_unicode(doc: &Document, font: &Dictionary) -> Option<CMap> {
    let stream = get_stream(doc, font, b"ToUnicode")?;
    let bytes = stream_bytes(stream, MAX_CMAP_BYTES)?;
    Some(CMap::parse(&bytes))
}

/// Ascent and descent in em, from the descriptor when plausible.
fn metrics(doc: &Document, descriptor: Option<&Dictionary>) -> (f32, f32) {
    let asc = descriptor
        .and_then(|d| get_f32(doc, d, b"Ascent"))
        .map(|v| v / 1000.0);
    let desc = descriptor
        .and_then(|d| get_f32(doc, d, b"Descent"))
        .map(|v| v / 1000.0);
    match (asc, desc) {
        (Some(a), Some(d)) if (0.5..=1.2).contains(&a) && (-0.5..=0.0).contains(&d) => (a, d),
        _ => (DEFAULT_ASCENT, DEFAULT_DESCENT),
    }
}

/// Fonts loaded once per document, keyed by object id; direct font dictionaries (rare) are
/// loaded per use.
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<ObjectId, Rc<Font>>,
}

impl FontCache {
    pub fn get(&mut self, doc: &Document, font_obj: &Object) -> Rc<Font> {
        let id = font_obj.as_reference().ok();
        if let Some(f) = id.and_then(|id| self.fonts.get(&id)) {
            return f.clone();
        }
        let font = match deref(doc, font_obj).and_then(|o| o.as_dict().ok()) {
            Some(dict) => Rc::new(Font::load(doc, dict)),
            None => Rc::new(Font::unknown()),
        };
        if let Some(id) = id {
            self.fonts.insert(id, font.clone());
        }
        font
    }
}
