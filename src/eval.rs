//! The evaluation: run the pipeline over a folder of fixtures and score the reported defects
//! against each fixture's truth file (`NAME.pdf` + `NAME.truth.json`, see fixtures/README.md).
//!
//! Matching is one-to-one and greedy: reports are taken in page order, and each is matched to
//! an unmatched truth defect of the same category whose `pages` contain the reported page
//! (the one with the fewest acceptable pages first, so a precise truth entry is not taken by a
//! report that a looser one would also accept). Unmatched reports are false flags, unmatched
//! truth defects are misses. A file the pipeline cannot read turns all its truth into misses
//! and is listed with its error, so one bad fixture never hides the others.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::checks::RuleConfig;
use crate::defect::Category;
use crate::ingest::Limits;
use crate::ocr::OcrSettings;
use crate::page::Page;
use crate::pipeline;
use crate::report::Report;

#[derive(Debug, Error)]
pub enum EvalError {
    #[error("cannot read the fixture folder {path}: {source}")]
    ReadDir { path: String, source: std::io::Error },
    #[error("cannot read the truth file {path}: {message}")]
    Truth { path: String, message: String },
    #[error(
        "no fixtures in {path}: expected NAME.pdf (or NAME.tif, .png, .jpg) files with a NAME.truth.json beside them"
    )]
    Empty { path: String },
}

/// The part of a truth file the evaluation reads.
#[derive(Debug, Clone, Deserialize)]
pub struct Truth {
    #[serde(default)]
    pub defects: Vec<TruthDefect>,
    /// The dossier's documents, in page order (older truth files have none).
    #[serde(default)]
    pub documents: Vec<TruthDocument>,
}

/// A document as the truth has it: its type id (as the report's) and its pages.
#[derive(Debug, Clone, Deserialize)]
pub struct TruthDocument {
    #[serde(rename = "type")]
    pub kind: String,
    pub first_page: usize,
    pub last_page: usize,
}

/// How the dossiers were split into documents: every check reads a document's pages, so a
/// transcript swallowed by the document before it loses all of its checks at once.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Segmentation {
    /// Documents in the truth of the files checked.
    pub documents: usize,
    /// Found with the same type and the same first and last page.
    pub exact: usize,
    /// Transcripts (讯问/询问笔录) in the truth, and those found exactly; a transcript of the
    /// other of the two kinds counts (its header decides the kind, and the checks run).
    pub transcripts: usize,
    pub transcripts_exact: usize,
    /// The truth's documents not found exactly: file, type and pages.
    pub wrong: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct TruthDefect {
    pub category: String,
    pub pages: Vec<usize>,
    #[serde(default)]
    pub note: String,
}

/// Counts and scores of one category, or of all (micro-averaged).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Score {
    pub category: String,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    /// `None` when nothing was reported (precision undefined).
    pub precision: Option<f64>,
    /// `None` when the truth has none (recall undefined).
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Score {
    fn new(category: String, tp: usize, fp: usize, fn_: usize) -> Score {
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        let precision = ratio(tp, tp + fp);
        let recall = ratio(tp, tp + fn_);
        let f1 = match (precision, recall) {
            (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
            (Some(_), Some(_)) => Some(0.0),
            _ => None,
        };
        Score {
            category,
            tp,
            fp,
            fn_,
            precision,
            recall,
            f1,
        }
    }
}

/// A truth defect nothing matched.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Miss {
    pub file: String,
    pub category: String,
    /// The pages on which a report would have matched.
    pub pages: Vec<usize>,
    /// The truth's note.
    pub message: String,
}

/// A reported defect that matched no truth.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FalseFlag {
    pub file: String,
    pub category: String,
    pub page: usize,
    pub rule: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FailedFile {
    pub file: String,
    pub error: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalResult {
    pub files: usize,
    /// Per category, in the order of `Category::ALL` (then any unknown ids from the truth);
    /// only categories present in the truth or the reports.
    pub categories: Vec<Score>,
    /// Micro-averaged over every category.
    pub overall: Score,
    pub misses: Vec<Miss>,
    pub false_flags: Vec<FalseFlag>,
    pub failed_files: Vec<FailedFile>,
    pub segmentation: Segmentation,
}

/// Scores every fixture in `dir`.
pub fn evaluate(dir: &Path, rules: &RuleConfig) -> Result<EvalResult, EvalError> {
    evaluate_with(dir, rules, None)
}

/// As `evaluate`; with `page_cache`, each file's extracted pages are kept there as JSON (by
/// the file's SHA-256) and read back on the next run, so that a change to structure or the
/// checks is re-scored on scans in seconds instead of re-running OCR. A change to extraction
/// or OCR needs an empty cache.
pub fn evaluate_with(
    dir: &Path,
    rules: &RuleConfig,
    page_cache: Option<&Path>,
) -> Result<EvalResult, EvalError> {
    let fixtures = find_fixtures(dir)?;
    let mut truths = Vec::with_capacity(fixtures.len());
    for (_, truth_path) in &fixtures {
        truths.push(read_truth(truth_path)?);
    }
    let pdfs: Vec<PathBuf> = fixtures.iter().map(|(pdf, _)| pdf.clone()).collect();
    let outcomes = check_all(&pdfs, rules, page_cache);
    let mut acc = Accumulator::default();
    for (((pdf, _), truth), outcome) in fixtures.iter().zip(&truths).zip(outcomes) {
        let name = pdf
            .file_name()
            .map_or_else(|| pdf.display().to_string(), |n| n.to_string_lossy().into());
        match outcome {
            Ok(report) => acc.score_file(&name, truth, &report),
            Err(error) => acc.fail_file(&name, truth, error),
        }
    }
    Ok(acc.finish(fixtures.len()))
}

/// What a fixture may be: an exported or scanned PDF, or page images.
const UPLOAD_EXTENSIONS: &[&str] = &["pdf", "tif", "tiff", "png", "jpg", "jpeg"];

/// `NAME.pdf` (or a page image file) with a `NAME.truth.json` beside it, sorted by name.
fn find_fixtures(dir: &Path) -> Result<Vec<(PathBuf, PathBuf)>, EvalError> {
    let read_err = |source| EvalError::ReadDir {
        path: dir.display().to_string(),
        source,
    };
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(read_err)? {
        let path = entry.map_err(read_err)?.path();
        let is_upload = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| UPLOAD_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
        if is_upload {
            let truth = path.with_extension("truth.json");
            if truth.is_file() {
                out.push((path, truth));
            }
        }
    }
    if out.is_empty() {
        return Err(EvalError::Empty {
            path: dir.display().to_string(),
        });
    }
    out.sort();
    Ok(out)
}

fn read_truth(path: &Path) -> Result<Truth, EvalError> {
    let err = |message: String| EvalError::Truth {
        path: path.display().to_string(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| err(e.to_string()))
}

/// Runs the pipeline over `paths` on one thread per core, keeping the input order. Files are
/// the unit of parallelism here, so each reads its scanned pages on its own thread.
fn check_all(
    paths: &[PathBuf],
    rules: &RuleConfig,
    page_cache: Option<&Path>,
) -> Vec<Result<Report, String>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(paths.len())
        .max(1);
    let ocr = OcrSettings {
        workers: 1,
        ..OcrSettings::default()
    };
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<Option<Result<Report, String>>> = vec![None; paths.len()];
    let done = std::sync::Mutex::new(&mut results);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let outcome = match page_cache {
                        Some(cache) => check_cached(path, rules, &ocr, cache),
                        None => check_catching_panics(path, rules, &Limits::default(), &ocr),
                    };
                    if let Ok(mut slots) = done.lock() {
                        slots[i] = Some(outcome);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not checked".to_string())))
        .collect()
}

/// `pipeline::check_path`, with a panic in the pipeline turned into an error for that file
/// (a bug, but one file must not take down a whole run).
pub fn check_catching_panics(
    path: &Path,
    rules: &RuleConfig,
    limits: &Limits,
    ocr: &OcrSettings,
) -> Result<Report, String> {
    catching_panics(|| pipeline::check_path(path, rules, limits, ocr).map_err(|e| e.to_string()))
}

/// Runs one file's check, a panic in it turned into that file's error.
fn catching_panics(run: impl FnOnce() -> Result<Report, String>) -> Result<Report, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)) {
        Ok(outcome) => outcome,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_string());
            Err(format!("internal error (panic): {what}"))
        }
    }
}

/// The pages' copies for the signature model (not in the pages' JSON): one PNG per page
/// and their scales, when OCR kept them.
fn cache_pixels(cache: &Path, sha: &str, pages: &[Page]) -> std::io::Result<()> {
    let mut scales = BTreeMap::new();
    for page in pages {
        if let Some(p) = &page.pixels {
            std::fs::write(
                cache.join(format!("{sha}.p{}.png", page.number)),
                p.png.as_slice(),
            )?;
            scales.insert(page.number, p.scale);
        }
    }
    if scales.is_empty() {
        return Ok(());
    }
    std::fs::write(
        cache.join(format!("{sha}.pixels.json")),
        serde_json::to_vec(&scales).unwrap_or_default(),
    )
}

/// Gives cached pages their copies back, when the model judges and the cache has them.
fn cached_pixels(cache: &Path, sha: &str, pages: &mut [Page]) {
    if !crate::model::judge_is_model() {
        return;
    }
    let Some(scales) = std::fs::read(cache.join(format!("{sha}.pixels.json")))
        .ok()
        .and_then(|b| serde_json::from_slice::<BTreeMap<usize, f32>>(&b).ok())
    else {
        return;
    };
    for page in pages {
        let png = std::fs::read(cache.join(format!("{sha}.p{}.png", page.number)));
        if let (Some(&scale), Ok(png)) = (scales.get(&page.number), png) {
            page.pixels = Some(crate::page::PagePixels {
                png: std::sync::Arc::new(png),
                scale,
            });
        }
    }
}

/// One file through the pipeline with its extracted pages read from, or written to, `cache`
/// (with the pages' copies for the signature model when it judges).
fn check_cached(path: &Path, rules: &RuleConfig, ocr: &OcrSettings, cache: &Path) -> Result<Report, String> {
    let limits = Limits::default();
    let upload = crate::ingest::ingest_path(path, &limits).map_err(|e| e.to_string())?;
    let stored = cache.join(format!("{}.pages.json", upload.sha256));
    let cached: Option<Vec<Page>> = std::fs::read(&stored)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let pages = match cached {
        Some(mut pages) => {
            cached_pixels(cache, &upload.sha256, &mut pages);
            pages
        }
        None => {
            let pages = crate::extract::extract_reporting(&upload, &limits, ocr, &|_, _| {})
                .map_err(|e| e.to_string())?;
            std::fs::create_dir_all(cache)
                .and_then(|()| std::fs::write(&stored, serde_json::to_vec(&pages).unwrap_or_default()))
                .and_then(|()| cache_pixels(cache, &upload.sha256, &pages))
                .map_err(|e| format!("page cache {}: {e}", cache.display()))?;
            pages
        }
    };
    catching_panics(|| Ok(pipeline::check_pages(&upload, pages, rules).report))
}

#[derive(Default)]
struct Accumulator {
    /// category id → (tp, fp, fn)
    counts: BTreeMap<String, (usize, usize, usize)>,
    misses: Vec<Miss>,
    false_flags: Vec<FalseFlag>,
    failed: Vec<FailedFile>,
    segmentation: Segmentation,
}

impl Accumulator {
    fn score_file(&mut self, file: &str, truth: &Truth, report: &Report) {
        let mut matched = vec![false; truth.defects.len()];
        let mut order: Vec<usize> = (0..report.defects.len()).collect();
        order.sort_by_key(|&i| report.defects[i].page);
        for i in order {
            let d = &report.defects[i];
            let category = d.category.id();
            let best = truth
                .defects
                .iter()
                .enumerate()
                .filter(|(j, t)| !matched[*j] && t.category == category && t.pages.contains(&d.page))
                .min_by_key(|(j, t)| (t.pages.len(), *j))
                .map(|(j, _)| j);
            let entry = self.counts.entry(category.to_string()).or_default();
            match best {
                Some(j) => {
                    matched[j] = true;
                    entry.0 += 1;
                }
                None => {
                    entry.1 += 1;
                    self.false_flags.push(FalseFlag {
                        file: file.to_string(),
                        category: category.to_string(),
                        page: d.page,
                        rule: d.rule.clone(),
                        message: d.message.clone(),
                    });
                }
            }
        }
        for (t, _) in truth.defects.iter().zip(&matched).filter(|(_, m)| !**m) {
            self.miss(file, t, t.note.clone());
        }
        self.score_documents(file, truth, report);
    }

    fn score_documents(&mut self, file: &str, truth: &Truth, report: &Report) {
        let transcript = |k: &str| matches!(k, "interrogation_record" | "inquiry_record");
        let seg = &mut self.segmentation;
        for t in &truth.documents {
            let found = report.documents.iter().any(|d| {
                let kind = d.kind == t.kind || (transcript(&d.kind) && transcript(&t.kind));
                kind && d.first_page == t.first_page && d.last_page == t.last_page
            });
            seg.documents += 1;
            seg.exact += usize::from(found);
            if transcript(&t.kind) {
                seg.transcripts += 1;
                seg.transcripts_exact += usize::from(found);
            }
            if !found {
                seg.wrong
                    .push(format!("{file}  {}  p.{}-{}", t.kind, t.first_page, t.last_page));
            }
        }
    }

    fn fail_file(&mut self, file: &str, truth: &Truth, error: String) {
        for t in &truth.defects {
            self.miss(file, t, format!("{} (file not checked)", t.note));
        }
        self.failed.push(FailedFile {
            file: file.to_string(),
            error,
        });
    }

    fn miss(&mut self, file: &str, t: &TruthDefect, message: String) {
        self.counts.entry(t.category.clone()).or_default().2 += 1;
        self.misses.push(Miss {
            file: file.to_string(),
            category: t.category.clone(),
            pages: t.pages.clone(),
            message,
        });
    }

    fn finish(self, files: usize) -> EvalResult {
        let rank = |id: &str| Category::from_id(id).map_or(usize::MAX, |c| c as usize);
        let mut ids: Vec<&String> = self.counts.keys().collect();
        ids.sort_by_key(|id| (rank(id), (*id).clone()));
        let categories: Vec<Score> = ids
            .into_iter()
            .map(|id| {
                let (tp, fp, fn_) = self.counts[id];
                Score::new(id.clone(), tp, fp, fn_)
            })
            .collect();
        let sum = |f: fn(&Score) -> usize| categories.iter().map(f).sum::<usize>();
        let overall = Score::new("overall".into(), sum(|s| s.tp), sum(|s| s.fp), sum(|s| s.fn_));
        EvalResult {
            files,
            categories,
            overall,
            misses: self.misses,
            false_flags: self.false_flags,
            failed_files: self.failed,
            segmentation: self.segmentation,
        }
    }
}

/// The human-readable table, misses and false flags.
pub fn render(result: &EvalResult) -> String {
    use std::fmt::Write;
    let num = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<26} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
        "category", "TP", "FP", "FN", "precision", "recall", "F1"
    );
    let overall = Score {
        category: "overall (micro)".into(),
        ..result.overall.clone()
    };
    for s in result.categories.iter().chain(std::iter::once(&overall)) {
        let _ = writeln!(
            out,
            "{:<26} {:>5} {:>5} {:>5} {:>9} {:>7} {:>6}",
            s.category,
            s.tp,
            s.fp,
            s.fn_,
            num(s.precision),
            num(s.recall),
            num(s.f1)
        );
    }
    let _ = writeln!(
        out,
        "\nfiles: {} ({} not checked)",
        result.files,
        result.failed_files.len()
    );
    for f in &result.failed_files {
        let _ = writeln!(out, "  {}: {}", f.file, f.error);
    }
    let seg = &result.segmentation;
    if seg.documents > 0 {
        let _ = writeln!(
            out,
            "\ndocuments found with their type and pages: {} of {} ({:.3}); transcripts {} of {} ({:.3})",
            seg.exact,
            seg.documents,
            seg.exact as f64 / seg.documents as f64,
            seg.transcripts_exact,
            seg.transcripts,
            seg.transcripts_exact as f64 / seg.transcripts.max(1) as f64
        );
        for w in &seg.wrong {
            let _ = writeln!(out, "  not found as such: {w}");
        }
    }
    let _ = writeln!(out, "\nmisses ({}):", result.misses.len());
    for m in &result.misses {
        let pages: Vec<String> = m.pages.iter().map(|p| p.to_string()).collect();
        let _ = writeln!(
            out,
            "  {}  {}  p.{}  {}",
            m.file,
            m.category,
            pages.join(","),
            m.message
        );
    }
    let _ = writeln!(out, "\nfalse flags ({}):", result.false_flags.len());
    for f in &result.false_flags {
        let _ = writeln!(
            out,
            "  {}  {}  p.{}  {}  [{}]",
            f.file, f.category, f.page, f.message, f.rule
        );
    }
    out
}

/// Several evaluations (e.g. the exported fixtures and their scans) in one table: precision,
/// recall and F1 per category, one column group per folder.
pub fn render_side_by_side(results: &[(String, EvalResult)]) -> String {
    use std::fmt::Write;
    let num = |v: Option<f64>| v.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"));
    let mut categories: Vec<String> = Vec::new();
    for (_, r) in results {
        for s in &r.categories {
            if !categories.contains(&s.category) {
                categories.push(s.category.clone());
            }
        }
    }
    let mut out = String::new();
    let _ = write!(out, "{:<26}", "");
    for (name, r) in results {
        let title = format!("{name} ({} files)", r.files);
        let _ = write!(out, " | {title:^23}");
    }
    let _ = write!(out, "\n{:<26}", "category");
    for _ in results {
        let _ = write!(out, " | {:>7} {:>7} {:>7}", "P", "R", "F1");
    }
    out.push('\n');
    let row = |out: &mut String, label: &str, pick: &dyn Fn(&EvalResult) -> Option<Score>| {
        let _ = write!(out, "{label:<26}");
        for (_, r) in results {
            match pick(r) {
                Some(s) => {
                    let _ = write!(
                        out,
                        " | {:>7} {:>7} {:>7}",
                        num(s.precision),
                        num(s.recall),
                        num(s.f1)
                    );
                }
                None => {
                    let _ = write!(out, " | {:>7} {:>7} {:>7}", "", "", "");
                }
            }
        }
        out.push('\n');
    };
    for c in &categories {
        row(&mut out, c, &|r: &EvalResult| {
            r.categories.iter().find(|s| &s.category == c).cloned()
        });
    }
    row(&mut out, "overall (micro)", &|r: &EvalResult| {
        Some(r.overall.clone())
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::defect::{Defect, Severity};
    use crate::report::DocumentSummary;

    fn defect(category: Category, page: usize) -> Defect {
        Defect {
            category,
            rule: "test.rule".into(),
            severity: Severity::Major,
            page,
            document: None,
            bbox: [0.0; 4],
            message: format!("p{page}"),
            evidence: String::new(),
            basis: String::new(),
            deduction: 1.0,
        }
    }

    fn report(defects: Vec<Defect>) -> Report {
        Report {
            file: "a.pdf".into(),
            sha256: String::new(),
            pages: 5,
            source: "text".into(),
            documents: vec![],
            defects,
            page_problems: vec![],
            timeline: vec![],
        }
    }

    fn truth(json: &str) -> Truth {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn matching_is_one_to_one_by_category_and_page() {
        let t = truth(
            r#"{"defects": [
                {"category": "missing_signature", "pages": [3, 4], "note": "closing"},
                {"category": "missing_signature", "pages": [4], "note": "slot p4"},
                {"category": "missing_page", "pages": [2], "note": "gap"}]}"#,
        );
        let r = report(vec![
            defect(Category::MissingSignature, 4),
            defect(Category::MissingSignature, 4),
            defect(Category::MissingSignature, 4),
            defect(Category::ImproperLocation, 2),
        ]);
        let mut acc = Accumulator::default();
        acc.score_file("a.pdf", &t, &r);
        let res = acc.finish(1);
        let sig = &res.categories[0];
        assert_eq!(
            (sig.category.as_str(), sig.tp, sig.fp, sig.fn_),
            ("missing_signature", 2, 1, 0)
        );
        assert_eq!(res.categories[1].category, "improper_location");
        assert_eq!(res.categories[2].category, "missing_page");
        assert_eq!((res.overall.tp, res.overall.fp, res.overall.fn_), (2, 2, 1));
        assert_eq!(res.misses.len(), 1);
        assert_eq!(res.misses[0].message, "gap");
        assert_eq!(res.false_flags.len(), 2);
    }

    #[test]
    fn scores_are_undefined_rather_than_zero_when_nothing_to_divide() {
        let s = Score::new("x".into(), 0, 0, 3);
        assert_eq!((s.precision, s.recall, s.f1), (None, Some(0.0), None));
        let s = Score::new("x".into(), 2, 2, 0);
        assert_eq!(s.precision, Some(0.5));
        assert!((s.f1.unwrap() - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn documents_count_where_type_and_pages_match_a_transcript_of_either_kind() {
        let t = truth(
            r#"{"documents": [
                {"type": "rights_notice", "first_page": 1, "last_page": 2},
                {"type": "interrogation_record", "first_page": 3, "last_page": 4},
                {"type": "inquiry_record", "first_page": 5, "last_page": 5}]}"#,
        );
        let doc = |kind: &str, first_page, last_page| DocumentSummary {
            index: 0,
            kind: kind.into(),
            title: String::new(),
            first_page,
            last_page,
            fields: Default::default(),
        };
        let mut r = report(vec![]);
        // The notice swallowed the transcript's first page; the second transcript was typed
        // as the other kind (its header decides, and its checks ran).
        r.documents = vec![
            doc("rights_notice", 1, 3),
            doc("interrogation_record", 4, 4),
            doc("interrogation_record", 5, 5),
        ];
        let mut acc = Accumulator::default();
        acc.score_file("a.pdf", &t, &r);
        let seg = acc.finish(1).segmentation;
        assert_eq!((seg.documents, seg.exact), (3, 1));
        assert_eq!((seg.transcripts, seg.transcripts_exact), (2, 1));
        assert_eq!(
            seg.wrong,
            [
                "a.pdf  rights_notice  p.1-2",
                "a.pdf  interrogation_record  p.3-4"
            ]
        );
    }

    #[test]
    fn a_failed_file_turns_its_truth_into_misses() {
        let t = truth(r#"{"defects": [{"category": "missing_page", "pages": [2]}]}"#);
        let mut acc = Accumulator::default();
        acc.fail_file("b.pdf", &t, "the PDF has no pages".into());
        let res = acc.finish(1);
        assert_eq!(res.overall.fn_, 1);
        assert_eq!(res.failed_files[0].error, "the PDF has no pages");
    }
}
