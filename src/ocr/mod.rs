//! OCR of scanned pages with libtesseract, into the same `Page` type the text layer gives.
//!
//! Pages are read in parallel by a few workers, each with its own engine (tesseract's OpenMP
//! threading must be off: `OMP_THREAD_LIMIT=1` in the environment, which the scripts set).
//! A worker decodes a page only when it is about to read it and drops the image when done, so
//! at most one decoded page per worker is in memory, whatever the length of the dossier.
//! Engines outlive a dossier in a small pool: initialising one costs ≈0.15 s.

mod dropped;
mod engine;
mod marks;
mod prepare;
mod read;

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use tracing::{info_span, warn};

use crate::extract::raster::{RasterError, Scan};
use crate::page::{Page, PageSource};

pub use engine::EngineError;
pub use marks::PALE_PRINT;
use read::Engines;

/// How scans are read. Defaults suit the Debian `chi_sim` model (tessdata_fast).
#[derive(Debug, Clone, PartialEq)]
pub struct OcrSettings {
    /// Tesseract language(s), e.g. `chi_sim` or `chi_sim+eng`.
    pub lang: String,
    /// Pages read at the same time. Default: the number of cores.
    pub workers: usize,
    /// Resolution pages are scaled to when theirs is outside `ppi_band`.
    pub target_ppi: f32,
    pub ppi_band: (f32, f32),
}

impl Default for OcrSettings {
    fn default() -> Self {
        OcrSettings {
            lang: "chi_sim".into(),
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            // Scanners write 200 or 300 dpi; tesseract reads a 200-dpi page better as it is
            // than scaled up to 300 (character recall 0.949 against 0.944 on the scanned
            // fixtures' sample), and faster. Faxes and phone shots outside the band are scaled.
            target_ppi: 300.0,
            ppi_band: (180.0, 400.0),
        }
    }
}

/// Engines kept between dossiers, with the language they were made for.
static POOL: Mutex<Vec<(String, Engines)>> = Mutex::new(Vec::new());

fn take_engines(lang: &str) -> Result<Engines, EngineError> {
    let pooled = {
        let mut pool = POOL.lock().unwrap_or_else(|e| e.into_inner());
        pool.iter()
            .position(|(l, _)| l == lang)
            .map(|i| pool.swap_remove(i).1)
    };
    if let Some(e) = pooled {
        return Ok(e);
    }
    let text = engine::Engine::new(lang)?;
    // Without the OSD model pages are still read, only not turned upright.
    let osd = engine::Engine::new("osd")
        .inspect_err(|e| warn!(error = %e, "no orientation detection"))
        .ok();
    Ok(Engines { text, osd })
}

fn return_engines(lang: &str, engines: Engines) {
    POOL.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((lang.to_string(), engines));
}

/// Reads the pages numbered `numbers` (1-based page numbers of the upload); `decode(i)` gives
/// the image of `numbers[i]`. Every page comes back: read, failed (its image could not be
/// decoded), or still needing OCR (no engine could be started), in the order given.
pub fn read_pages<F>(numbers: &[usize], decode: F, settings: &OcrSettings) -> Vec<Page>
where
    F: Fn(usize) -> Result<Scan, RasterError> + Sync,
{
    read_pages_reporting(numbers, decode, settings, &|_, _| {})
}

/// As `read_pages`, calling `on_page(done, total)` each time a page is finished (from the
/// OCR threads, in completion order).
pub fn read_pages_reporting<F>(
    numbers: &[usize],
    decode: F,
    settings: &OcrSettings,
    on_page: &(dyn Fn(usize, usize) + Sync),
) -> Vec<Page>
where
    F: Fn(usize) -> Result<Scan, RasterError> + Sync,
{
    let finished = AtomicUsize::new(0);
    if !numbers.is_empty() {
        on_page(0, numbers.len());
    }
    let results: Mutex<Vec<Option<Page>>> = Mutex::new(vec![None; numbers.len()]);
    let next = AtomicUsize::new(0);
    let workers = settings.workers.clamp(1, numbers.len().max(1));
    let parent = tracing::Span::current();
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                let _in = parent.enter();
                let mut engines = take_engines(&settings.lang);
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&number) = numbers.get(i) else { break };
                    let page = info_span!("ocr", page = number).in_scope(|| match &mut engines {
                        Err(e) => unread(number, e.to_string()),
                        Ok(engines) => match decode(i) {
                            Err(e) => Page::failed(number, e.to_string()),
                            Ok(scan) => read::read_page(number, scan, engines, settings)
                                .unwrap_or_else(|e| Page::failed(number, e.to_string())),
                        },
                    });
                    results.lock().unwrap_or_else(|e| e.into_inner())[i] = Some(page);
                    on_page(finished.fetch_add(1, Ordering::Relaxed) + 1, numbers.len());
                }
                if let Ok(engines) = engines {
                    return_engines(&settings.lang, engines);
                }
            });
        }
    });
    results
        .into_inner()
        .unwrap_or_else(|e| e.into_inner())
        .into_iter()
        .zip(numbers)
        .map(|(p, n)| p.unwrap_or_else(|| Page::failed(*n, "the page was not read")))
        .collect()
}

fn unread(number: usize, reason: String) -> Page {
    Page {
        number,
        width: 0.0,
        height: 0.0,
        source: PageSource::NeedsOcr { reason },
        lines: Vec::new(),
        images: Vec::new(),
        strokes: Vec::new(),
        pixels: None,
    }
}
