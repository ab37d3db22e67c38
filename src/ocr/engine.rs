//! A safe handle on one libtesseract engine (the C API of `tesseract-sys`): recognise a gray
//! page image into lines of symbols with pixel boxes and confidences, and detect a page's
//! orientation with the OSD model.
//!
//! An engine is used by one thread at a time (`&mut self`), but may move between threads:
//! workers keep theirs in a pool so the ≈0.15 s initialisation is paid once per process.

use std::ffi::{CStr, CString, c_char, c_int};
use std::ptr;

use image::GrayImage;
use tesseract_sys as sys;
use thiserror::Error;

#[derive(Debug, Error, Clone)]
pub enum EngineError {
    #[error(
        "tesseract could not load the language data {lang:?}: install tesseract-ocr and \
         tesseract-ocr-chi-sim (or set TESSDATA_PREFIX)"
    )]
    Init { lang: String },
    #[error("tesseract failed to recognise the page")]
    Recognise,
}

/// A recognised character: its text (one character after folding, but tesseract may give a
/// ligature or a few characters), box in pixels `[left, top, right, bottom)` and confidence
/// in `[0, 1]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Symbol {
    pub text: String,
    pub bbox: [i32; 4],
    pub conf: f32,
}

/// A text line as tesseract segmented it, symbols left to right.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OcrLine {
    pub symbols: Vec<Symbol>,
}

impl OcrLine {
    /// The box around the line's symbols, in pixels; `None` for a line without any.
    pub fn bbox(&self) -> Option<[i32; 4]> {
        self.symbols
            .iter()
            .map(|s| s.bbox)
            .reduce(|a, b| [a[0].min(b[0]), a[1].min(b[1]), a[2].max(b[2]), a[3].max(b[3])])
    }
}

/// Orientation as OSD sees it: the clockwise rotation that makes the page upright.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Orientation {
    pub degrees: i32,
    pub confidence: f32,
}

pub struct Engine {
    api: *mut sys::TessBaseAPI,
}

// Leptonica (linked by tesseract-sys) prints its internal complaints to stderr, e.g.
// 「boxClipToRectangle: box outside rectangle」 for every near-blank region: harmless, and
// thousands of lines per dossier that bury our own logs.
unsafe extern "C" {
    fn setMsgSeverity(newsev: c_int) -> c_int;
}
const L_SEVERITY_NONE: c_int = 6;
static QUIET_LEPTONICA: std::sync::Once = std::sync::Once::new();

// SAFETY: a TessBaseAPI has no thread affinity; `Engine` only hands it out through `&mut self`,
// so it is never used from two threads at once.
unsafe impl Send for Engine {}

impl Engine {
    /// Initialises an engine for `lang` (e.g. `chi_sim`, or `osd` for orientation only).
    pub fn new(lang: &str) -> Result<Engine, EngineError> {
        let c_lang = CString::new(lang).map_err(|_| EngineError::Init { lang: lang.into() })?;
        // SAFETY: sets a process-wide integer in leptonica, once, before any engine runs.
        QUIET_LEPTONICA.call_once(|| unsafe {
            setMsgSeverity(L_SEVERITY_NONE);
        });
        // SAFETY: plain C API calls on a pointer we own; a failed Init leaves it deletable.
        unsafe {
            let api = sys::TessBaseAPICreate();
            if api.is_null() {
                return Err(EngineError::Init { lang: lang.into() });
            }
            if sys::TessBaseAPIInit3(api, ptr::null(), c_lang.as_ptr()) != 0 {
                sys::TessBaseAPIDelete(api);
                return Err(EngineError::Init { lang: lang.into() });
            }
            let engine = Engine { api };
            // Forms are one block of lines; the automatic layout (psm 3) splits the 问：/答：
            // labels into a column of their own (STACK-NOTES).
            sys::TessBaseAPISetPageSegMode(api, sys::TessPageSegMode_PSM_SINGLE_COLUMN);
            engine.set("debug_file", "/dev/null");
            Ok(engine)
        }
    }

    fn set(&self, name: &str, value: &str) {
        let (n, v) = (CString::new(name).unwrap(), CString::new(value).unwrap());
        // SAFETY: valid C strings that outlive the call.
        unsafe { sys::TessBaseAPISetVariable(self.api, n.as_ptr(), v.as_ptr()) };
    }

    fn set_image(&mut self, image: &GrayImage, ppi: u32) {
        let (w, h) = image.dimensions();
        // SAFETY: tesseract copies the pixels during SetImage; the slice outlives the call.
        unsafe {
            sys::TessBaseAPISetImage(self.api, image.as_ptr(), w as c_int, h as c_int, 1, w as c_int);
            sys::TessBaseAPISetSourceResolution(self.api, ppi as c_int);
        }
    }

    /// Recognises `image` (8-bit gray, `ppi` pixels per inch), a strip holding one line of
    /// text, as that one line: no layout analysis to drop it (`read::recover_dropped`).
    pub fn recognise_line(&mut self, image: &GrayImage, ppi: u32) -> Result<Vec<OcrLine>, EngineError> {
        // SAFETY: plain C API calls on the engine's own handle.
        unsafe { sys::TessBaseAPISetPageSegMode(self.api, sys::TessPageSegMode_PSM_RAW_LINE) };
        let lines = self.recognise(image, ppi);
        // SAFETY: as above; the page mode every other reading expects is put back.
        unsafe { sys::TessBaseAPISetPageSegMode(self.api, sys::TessPageSegMode_PSM_SINGLE_COLUMN) };
        lines
    }

    /// Recognises `image` (8-bit gray, `ppi` pixels per inch) into lines of symbols.
    pub fn recognise(&mut self, image: &GrayImage, ppi: u32) -> Result<Vec<OcrLine>, EngineError> {
        self.set_image(image, ppi);
        let mut lines: Vec<OcrLine> = Vec::new();
        // SAFETY: the iterator belongs to this engine's last recognition and is deleted before
        // the engine is touched again; every string tesseract returns is freed with TessDeleteText.
        unsafe {
            if sys::TessBaseAPIRecognize(self.api, ptr::null_mut()) != 0 {
                sys::TessBaseAPIClear(self.api);
                return Err(EngineError::Recognise);
            }
            let it = sys::TessBaseAPIGetIterator(self.api);
            if it.is_null() {
                sys::TessBaseAPIClear(self.api);
                return Ok(lines);
            }
            let page = sys::TessResultIteratorGetPageIterator(it);
            let symbol = sys::TessPageIteratorLevel_RIL_SYMBOL;
            loop {
                if sys::TessPageIteratorIsAtBeginningOf(page, sys::TessPageIteratorLevel_RIL_TEXTLINE) != 0
                    || lines.is_empty()
                {
                    lines.push(OcrLine::default());
                }
                let text = take_text(sys::TessResultIteratorGetUTF8Text(it, symbol));
                let (mut l, mut t, mut r, mut b) = (0, 0, 0, 0);
                let boxed =
                    sys::TessPageIteratorBoundingBox(page, symbol, &mut l, &mut t, &mut r, &mut b) != 0;
                if let Some(text) = text.filter(|s| !s.trim().is_empty())
                    && boxed
                {
                    let conf = sys::TessResultIteratorConfidence(it, symbol) / 100.0;
                    if let Some(line) = lines.last_mut() {
                        line.symbols.push(Symbol {
                            text,
                            bbox: [l, t, r, b],
                            conf: conf.clamp(0.0, 1.0),
                        });
                    }
                }
                if sys::TessResultIteratorNext(it, symbol) == 0 {
                    break;
                }
            }
            sys::TessResultIteratorDelete(it);
            sys::TessBaseAPIClear(self.api);
        }
        lines.retain(|l| !l.symbols.is_empty());
        Ok(lines)
    }

    /// Detects the page's orientation (an engine initialised with `osd`). `None` when OSD
    /// finds too little text to decide.
    pub fn orientation(&mut self, image: &GrayImage, ppi: u32) -> Option<Orientation> {
        self.set_image(image, ppi);
        let (mut degrees, mut confidence, mut script_conf) = (0 as c_int, 0f32, 0f32);
        let mut script: *const c_char = ptr::null();
        // SAFETY: out-pointers to locals; the script name points into tesseract's own tables.
        let ok = unsafe {
            let ok = sys::TessBaseAPIDetectOrientationScript(
                self.api,
                &mut degrees,
                &mut confidence,
                &mut script,
                &mut script_conf,
            );
            sys::TessBaseAPIClear(self.api);
            ok
        };
        (ok != 0).then_some(Orientation { degrees, confidence })
    }
}

/// Copies and frees a string tesseract allocated.
unsafe fn take_text(p: *mut c_char) -> Option<String> {
    if p.is_null() {
        return None;
    }
    // SAFETY: a NUL-terminated string from tesseract, freed exactly once here.
    unsafe {
        let s = CStr::from_ptr(p).to_string_lossy().into_owned();
        sys::TessDeleteText(p);
        Some(s)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        // SAFETY: the pointer came from TessBaseAPICreate and is dropped once.
        unsafe {
            sys::TessBaseAPIEnd(self.api);
            sys::TessBaseAPIDelete(self.api);
        }
    }
}
