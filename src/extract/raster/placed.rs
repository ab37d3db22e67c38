//! Which images a PDF page paints, and where: a content-stream walk that keeps only the CTM
//! (`q`/`Q`/`cm`) and follows form XObjects, with the text interpreter's depth, cycle and
//! operator limits. The text interpreter (`extract::pdf::content`) finds the same images but
//! also decodes every font and measures every image's ink, which an OCR worker asking for one
//! page's picture should not pay for. Inline images (`BI`) are not considered: scanners and
//! scan-to-PDF tools place page images as XObjects.

use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use super::RasterError;
use crate::extract::pdf::layout::inherited;
use crate::extract::pdf::matrix::Matrix;
use crate::extract::pdf::obj::{get_dict, get_name, stream_bytes, xobject};
use crate::extract::pdf::{MAX_CONTENT_BYTES, MAX_FORM_DEPTH, MAX_OPS_PER_PAGE};

/// An image XObject as painted: `ctm` maps its unit square to the displayed page.
pub struct Placed<'a> {
    pub stream: &'a Stream,
    pub ctm: Matrix,
}

/// The images painted on `page`, in painting order; `page_matrix` maps user space to the
/// displayed page. A content stream that cannot be decoded or parsed ends the walk there: the
/// images found before it are still returned, and only a page with none is an error.
pub fn placed_images(
    doc: &Document,
    page: ObjectId,
    page_matrix: Matrix,
) -> Result<Vec<Placed<'_>>, RasterError> {
    let resources = inherited(doc, page, b"Resources").and_then(|o| o.as_dict().ok());
    let mut walk = Walk {
        doc,
        ctm: page_matrix,
        stack: Vec::new(),
        forms: Vec::new(),
        ops: 0,
        out: Vec::new(),
    };
    let mut broken = None;
    for id in doc.get_page_contents(page) {
        let Ok(stream) = doc.get_object(id).and_then(|o| o.as_stream()) else {
            continue;
        };
        let result = stream_bytes(stream, MAX_CONTENT_BYTES)
            .ok_or_else(|| "its content stream cannot be decompressed".to_string())
            .and_then(|bytes| walk.run(&bytes, resources));
        if let Err(e) = result {
            broken = Some(e);
            break;
        }
    }
    match broken {
        Some(detail) if walk.out.is_empty() => Err(RasterError::Damaged {
            format: "PDF",
            detail,
        }),
        _ => Ok(walk.out),
    }
}

struct Walk<'a> {
    doc: &'a Document,
    ctm: Matrix,
    stack: Vec<Matrix>,
    forms: Vec<ObjectId>,
    ops: usize,
    out: Vec<Placed<'a>>,
}

impl<'a> Walk<'a> {
    fn run(&mut self, content: &[u8], res: Option<&'a Dictionary>) -> Result<(), String> {
        for op in Content::decode_iter(content) {
            let op = op.map_err(|e| format!("its content stream cannot be parsed: {e}"))?;
            self.ops += 1;
            if self.ops > MAX_OPS_PER_PAGE {
                return Ok(());
            }
            match op.operator.as_str() {
                // Unbalanced `q` floods are capped, as in the text interpreter.
                "q" if self.stack.len() < 256 => self.stack.push(self.ctm),
                "Q" => {
                    if let Some(m) = self.stack.pop() {
                        self.ctm = m;
                    }
                }
                "cm" => {
                    if let Some(m) = Matrix::from_objects(&op.operands) {
                        self.ctm = m.then(&self.ctm);
                    }
                }
                "Do" => self.paint(op.operands.first(), res)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn paint(&mut self, name: Option<&Object>, res: Option<&'a Dictionary>) -> Result<(), String> {
        let doc = self.doc;
        let Some((id, stream)) = xobject(doc, res, name) else {
            return Ok(());
        };
        match get_name(doc, &stream.dict, b"Subtype") {
            Some(b"Image") => self.out.push(Placed {
                stream,
                ctm: self.ctm,
            }),
            Some(b"Form") => {
                if self.forms.len() >= MAX_FORM_DEPTH || id.is_some_and(|id| self.forms.contains(&id)) {
                    return Ok(());
                }
                // A form that cannot be decoded is skipped, as the text interpreter does.
                let Some(bytes) = stream_bytes(stream, MAX_CONTENT_BYTES) else {
                    return Ok(());
                };
                let resources = get_dict(doc, &stream.dict, b"Resources").or(res);
                let (saved_ctm, saved_depth) = (self.ctm, self.stack.len());
                self.ctm = Matrix::of_form(doc, &stream.dict).then(&self.ctm);
                self.forms.push(id.unwrap_or((0, 0)));
                let result = self.run(&bytes, resources);
                self.forms.pop();
                self.ctm = saved_ctm;
                self.stack.truncate(saved_depth);
                result?;
            }
            _ => {}
        }
        Ok(())
    }
}
