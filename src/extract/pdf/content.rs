//! The content-stream interpreter: runs a page's operators and records what is drawn, in page
//! space (top-left origin, points): each shown character with its box, every placed image and
//! every painted path.
//!
//! Only what extraction needs is modelled: the CTM and text state (saved by `q`/`Q`), the text
//! and line matrices, the current colours and the current path. Clipping, shadings and
//! rendering intents are ignored. Form XObjects are run in place with their own resources, with
//! a depth limit, a cycle check and a per-page operator budget, so hostile files cannot loop.

use std::rc::Rc;

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::geom::Rect;
use crate::page::{PlacedImage, Stroke};

use super::font::{Font, FontCache, Shown};
use super::images::ImageCache;
use super::matrix::Matrix;
use super::obj::{deref, get, get_dict, get_name, number, stream_bytes, xobject};
use super::paths::PathBuilder;
use super::state::{ColorSpace, GState, cmyk, gray, rgb};

pub const MAX_FORM_DEPTH: usize = 12;
pub const MAX_OPS_PER_PAGE: usize = 3_000_000;
const MAX_STROKES_PER_PAGE: usize = 50_000;
const MAX_GLYPHS_PER_PAGE: usize = 500_000;
/// Decoded size limit of one content stream or form.
pub const MAX_CONTENT_BYTES: usize = 64 * 1024 * 1024;

/// One shown character in page space.
#[derive(Debug, Clone, PartialEq)]
pub struct RawGlyph {
    pub ch: char,
    pub bbox: Rect,
    /// The em size in page space (for tolerances).
    pub size: f32,
    /// Baseline position across the line direction (y for upright text).
    pub baseline: f32,
    /// Upright horizontal text; other glyphs (rotated, vertical, mirrored) are grouped by `run`.
    pub upright: bool,
    pub run: u32,
}

/// Everything drawn on a page.
#[derive(Debug, Default)]
pub struct Drawn {
    pub glyphs: Vec<RawGlyph>,
    pub images: Vec<PlacedImage>,
    pub strokes: Vec<Stroke>,
    /// Control characters decoded and dropped (they count against the text layer's quality).
    pub controls: usize,
}

pub struct Interpreter<'a> {
    doc: &'a Document,
    fonts: &'a mut FontCache,
    images: &'a mut ImageCache,
    pub out: Drawn,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: PathBuilder,
    forms: Vec<ObjectId>,
    ops: usize,
    run: u32,
    shown: Vec<Shown>,
}

impl<'a> Interpreter<'a> {
    pub fn new(
        doc: &'a Document,
        fonts: &'a mut FontCache,
        images: &'a mut ImageCache,
        page: Matrix,
    ) -> Self {
        Interpreter {
            doc,
            fonts,
            images,
            out: Drawn::default(),
            gs: GState::new(page),
            stack: Vec::new(),
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: PathBuilder::default(),
            forms: Vec::new(),
            ops: 0,
            run: 0,
            shown: Vec::new(),
        }
    }

    /// Runs one content stream. Fails only when the stream cannot be parsed.
    pub fn run(&mut self, content: &[u8], resources: Option<&Dictionary>) -> Result<(), String> {
        for op in Content::decode_iter(content) {
            let op = op.map_err(|e| format!("content stream cannot be parsed: {e}"))?;
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE {
                return Ok(());
            }
            self.op(&op.operator, &op.operands, resources)?;
        }
        Ok(())
    }

    fn op(&mut self, operator: &str, args: &[Object], res: Option<&Dictionary>) -> Result<(), String> {
        let n = |i: usize| args.get(i).and_then(number).unwrap_or(0.0);
        match operator {
            // Unbalanced `q` floods are capped; the extra saves are simply not kept.
            "q" if self.stack.len() < 256 => self.stack.push(self.gs.clone()),
            "Q" => {
                if let Some(gs) = self.stack.pop() {
                    self.gs = gs;
                }
            }
            "cm" => {
                if let Some(m) = Matrix::from_objects(args) {
                    self.gs.ctm = m.then(&self.gs.ctm);
                }
            }
            "w" => self.gs.line_width = n(0).abs(),
            // Colours.
            "G" => (self.gs.stroke, self.gs.stroke_space) = (gray(n(0)), ColorSpace::Gray),
            "g" => (self.gs.fill, self.gs.fill_space) = (gray(n(0)), ColorSpace::Gray),
            "RG" => (self.gs.stroke, self.gs.stroke_space) = (rgb(n(0), n(1), n(2)), ColorSpace::Rgb),
            "rg" => (self.gs.fill, self.gs.fill_space) = (rgb(n(0), n(1), n(2)), ColorSpace::Rgb),
            "K" => (self.gs.stroke, self.gs.stroke_space) = (cmyk(n(0), n(1), n(2), n(3)), ColorSpace::Cmyk),
            "k" => (self.gs.fill, self.gs.fill_space) = (cmyk(n(0), n(1), n(2), n(3)), ColorSpace::Cmyk),
            "CS" => {
                self.gs.stroke_space = self.color_space(args.first(), res);
                self.gs.stroke = self.gs.stroke_space.initial();
            }
            "cs" => {
                self.gs.fill_space = self.color_space(args.first(), res);
                self.gs.fill = self.gs.fill_space.initial();
            }
            "SC" | "SCN" => {
                if let Some(c) = self.gs.stroke_space.to_rgb(args) {
                    self.gs.stroke = c;
                }
            }
            "sc" | "scn" => {
                if let Some(c) = self.gs.fill_space.to_rgb(args) {
                    self.gs.fill = c;
                }
            }
            // Paths.
            "m" => self.path.move_to(&self.gs.ctm, n(0), n(1)),
            "l" => self.path.line_to(&self.gs.ctm, n(0), n(1)),
            "c" => self
                .path
                .curve_to(&self.gs.ctm, &[(n(0), n(1)), (n(2), n(3)), (n(4), n(5))]),
            "v" | "y" => self.path.curve_to(&self.gs.ctm, &[(n(0), n(1)), (n(2), n(3))]),
            "h" => self.path.close(),
            "re" => self.path.rect(&self.gs.ctm, n(0), n(1), n(2), n(3)),
            "S" | "s" | "B" | "B*" | "b" | "b*" => {
                if operator.starts_with(['s', 'b']) {
                    self.path.close();
                }
                let color = if operator.starts_with('S') || operator.starts_with('s') {
                    self.gs.stroke
                } else {
                    self.gs.fill
                };
                let half = self.line_width_on_page() / 2.0;
                self.path
                    .paint(color, half.max(0.25), &mut self.out.strokes, MAX_STROKES_PER_PAGE);
            }
            "f" | "F" | "f*" => {
                self.path
                    .paint(self.gs.fill, 0.0, &mut self.out.strokes, MAX_STROKES_PER_PAGE)
            }
            "n" => self.path.clear(),
            // Text.
            "BT" => {
                self.tm = Matrix::IDENTITY;
                self.tlm = Matrix::IDENTITY;
                self.run += 1;
            }
            "ET" => {}
            "Tf" => {
                self.gs.font_size = n(1);
                self.gs.font = Some(self.font(args.first(), res));
            }
            "Tc" => self.gs.char_spacing = n(0),
            "Tw" => self.gs.word_spacing = n(0),
            "Tz" => self.gs.h_scale = n(0) / 100.0,
            "TL" => self.gs.leading = n(0),
            "Ts" => self.gs.rise = n(0),
            "Td" => self.next_line(n(0), n(1)),
            "TD" => {
                self.gs.leading = -n(1);
                self.next_line(n(0), n(1));
            }
            "Tm" => {
                if let Some(m) = Matrix::from_objects(args) {
                    self.tm = m;
                    self.tlm = m;
                    self.run += 1;
                }
            }
            "T*" => self.next_line(0.0, -self.gs.leading),
            "Tj" => self.show_string(args.first()),
            "'" => {
                self.next_line(0.0, -self.gs.leading);
                self.show_string(args.first());
            }
            "\"" => {
                self.gs.word_spacing = n(0);
                self.gs.char_spacing = n(1);
                self.next_line(0.0, -self.gs.leading);
                self.show_string(args.get(2));
            }
            "TJ" => {
                if let Some(Object::Array(items)) = args.first() {
                    for item in items {
                        match item {
                            Object::String(..) => self.show_string(Some(item)),
                            other => {
                                if let Some(adj) = number(other) {
                                    let tx = -adj / 1000.0 * self.gs.font_size * self.gs.h_scale;
                                    self.advance(tx);
                                }
                            }
                        }
                    }
                }
            }
            // XObjects and inline images.
            "Do" => self.do_xobject(args.first(), res)?,
            "BI" => self.inline_image(args.first()),
            _ => {}
        }
        Ok(())
    }

    fn line_width_on_page(&self) -> f32 {
        let m = &self.gs.ctm;
        let scale = ((m.a * m.d - m.b * m.c).abs()).sqrt();
        let w = self.gs.line_width * scale;
        if w.is_finite() { w } else { 0.0 }
    }

    fn next_line(&mut self, tx: f32, ty: f32) {
        self.run += 1;
        self.tlm = Matrix::translate(tx, ty).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn advance(&mut self, tx: f32) {
        let vertical = self.gs.font.as_ref().is_some_and(|f| f.vertical);
        self.tm = if vertical {
            // TJ adjustments move vertical text along y.
            Matrix::translate(0.0, tx / self.gs.h_scale.max(1e-6)).then(&self.tm)
        } else {
            Matrix::translate(tx, 0.0).then(&self.tm)
        };
    }

    fn font(&mut self, name: Option<&Object>, res: Option<&Dictionary>) -> Rc<Font> {
        let entry = res
            .and_then(|r| get_dict(self.doc, r, b"Font"))
            .zip(name.and_then(|n| n.as_name().ok()))
            .and_then(|(fonts, n)| fonts.get(n).ok());
        match entry {
            Some(obj) => self.fonts.get(self.doc, obj),
            None => Rc::new(Font::unknown()),
        }
    }

    fn color_space(&self, name: Option<&Object>, res: Option<&Dictionary>) -> ColorSpace {
        let Some(name) = name.and_then(|n| n.as_name().ok()) else {
            return ColorSpace::Other;
        };
        let named = |n: &[u8]| match n {
            b"DeviceGray" | b"CalGray" | b"G" => Some(ColorSpace::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Some(ColorSpace::Rgb),
            b"DeviceCMYK" | b"CMYK" => Some(ColorSpace::Cmyk),
            _ => None,
        };
        if let Some(cs) = named(name) {
            return cs;
        }
        let def = res
            .and_then(|r| get_dict(self.doc, r, b"ColorSpace"))
            .and_then(|d| get(self.doc, d, name));
        let Some(Object::Array(arr)) = def else {
            return ColorSpace::Other;
        };
        let family = arr.first().and_then(|o| o.as_name().ok()).unwrap_or(b"");
        match family {
            b"Separation" | b"DeviceN" => ColorSpace::Tint,
            b"ICCBased" => {
                let n = arr
                    .get(1)
                    .and_then(|o| deref(self.doc, o))
                    .and_then(|o| o.as_stream().ok());
                match n
                    .and_then(|s| s.dict.get(b"N").ok())
                    .and_then(number)
                    .map(|v| v as i32)
                {
                    Some(1) => ColorSpace::Gray,
                    Some(3) => ColorSpace::Rgb,
                    Some(4) => ColorSpace::Cmyk,
                    _ => ColorSpace::Other,
                }
            }
            other => named(other).unwrap_or(ColorSpace::Other),
        }
    }

    fn show_string(&mut self, obj: Option<&Object>) {
        let Some(Object::String(bytes, _)) = obj else {
            return;
        };
        let font = self.gs.font.clone().unwrap_or_else(|| Rc::new(Font::unknown()));
        let mut shown = std::mem::take(&mut self.shown);
        shown.clear();
        font.decode(bytes, &mut shown);
        let gs = &self.gs;
        let fs = gs.font_size;
        for s in &shown {
            let trm = Matrix::new(fs * gs.h_scale, 0.0, 0.0, fs, 0.0, gs.rise)
                .then(&self.tm)
                .then(&gs.ctm);
            let spacing = gs.char_spacing + if s.is_space { gs.word_spacing } else { 0.0 };
            if font.vertical {
                let bbox = trm.rect(-s.width.max(0.5) / 2.0, -1.0, s.width.max(0.5) / 2.0, 0.0);
                emit(&mut self.out, &s.text, bbox, &trm, false, self.run);
                self.tm = Matrix::translate(0.0, -fs + spacing).then(&self.tm);
            } else {
                let bbox = trm.rect(0.0, font.descent, s.width, font.ascent);
                let upright = trm.a > 0.0
                    && trm.d < 0.0
                    && trm.b.abs() <= 0.09 * trm.a
                    && trm.c.abs() <= 0.09 * trm.d.abs();
                emit(&mut self.out, &s.text, bbox, &trm, upright, self.run);
                self.tm = Matrix::translate((s.width * fs + spacing) * gs.h_scale, 0.0).then(&self.tm);
            }
        }
        self.shown = shown;
    }

    fn do_xobject(&mut self, name: Option<&Object>, res: Option<&Dictionary>) -> Result<(), String> {
        let doc = self.doc;
        let Some((id, stream)) = xobject(doc, res, name) else {
            return Ok(());
        };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => {
                let bbox = self.gs.ctm.rect(0.0, 0.0, 1.0, 1.0);
                let ink = self.images.analyze(doc, id, stream);
                let image = ink.place(bbox, self.gs.fill);
                self.out.images.push(image);
                Ok(())
            }
            Some(b"Form") => self.run_form(id, stream, res),
            _ => Ok(()),
        }
    }

    fn run_form(
        &mut self,
        id: Option<ObjectId>,
        stream: &Stream,
        parent: Option<&Dictionary>,
    ) -> Result<(), String> {
        if self.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| self.forms.contains(&id)) {
            return Ok(());
        }
        // A form that cannot be decoded is skipped, not fatal: the page's own text still reads.
        let Some(bytes) = stream_bytes(stream, MAX_CONTENT_BYTES) else {
            return Ok(());
        };
        let doc = self.doc;
        let resources = get_dict(doc, &stream.dict, b"Resources").or(parent);
        let matrix = Matrix::of_form(doc, &stream.dict);
        let saved = (self.gs.clone(), self.stack.len(), self.tm, self.tlm);
        self.gs.ctm = matrix.then(&self.gs.ctm);
        self.forms.push(id.unwrap_or((0, 0)));
        let result = self.run(&bytes, resources);
        self.forms.pop();
        self.path.clear();
        (self.gs, self.tm, self.tlm) = (saved.0, saved.2, saved.3);
        self.stack.truncate(saved.1);
        result
    }

    fn inline_image(&mut self, image: Option<&Object>) {
        let bbox = self.gs.ctm.rect(0.0, 0.0, 1.0, 1.0);
        let dims = image.and_then(|o| o.as_stream().ok()).map(|s| {
            let dim = |a: &[u8], b: &[u8]| {
                s.dict
                    .get(a)
                    .or_else(|_| s.dict.get(b))
                    .ok()
                    .and_then(number)
                    .map_or(0, |v| v.max(0.0) as u32)
            };
            (dim(b"W", b"Width"), dim(b"H", b"Height"))
        });
        let (w, h) = dims.unwrap_or((0, 0));
        self.out.images.push(PlacedImage {
            bbox,
            pixel_width: w,
            pixel_height: h,
            ink_ratio: None,
            red_ratio: None,
        });
    }
}

/// Records the characters of one shown code; several characters (a ligature, a multi-character
/// ToUnicode entry) split the code's box evenly.
fn emit(out: &mut Drawn, text: &str, bbox: Rect, trm: &Matrix, upright: bool, run: u32) {
    let n = text.chars().count();
    if n == 0 || out.glyphs.len() >= MAX_GLYPHS_PER_PAGE {
        return;
    }
    if !(bbox.x0.is_finite() && bbox.y0.is_finite() && bbox.x1.is_finite() && bbox.y1.is_finite()) {
        return;
    }
    let size = (trm.c * trm.c + trm.d * trm.d).sqrt();
    let baseline = trm.f;
    let step = bbox.width() / n as f32;
    for (i, ch) in text.chars().enumerate() {
        let ch = match ch {
            '\t' | '\n' | '\r' => ' ',
            c if c.is_control() => {
                out.controls += 1;
                continue;
            }
            c => c,
        };
        let bbox = if upright && n > 1 {
            Rect::new(
                bbox.x0 + step * i as f32,
                bbox.y0,
                bbox.x0 + step * (i + 1) as f32,
                bbox.y1,
            )
        } else {
            bbox
        };
        out.glyphs.push(RawGlyph {
            ch,
            bbox,
            size,
            baseline,
            upright,
            run,
        });
    }
}
