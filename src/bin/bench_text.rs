//! Benchmark: how fast `dossier` reads a text-layer PDF compared with `pdftotext -layout`.
//! Times the whole pipeline (ingest + extract + structure + checks), extraction alone, and
//! `pdftotext -layout FILE -` over the same number of runs in one process run, and prints
//! pages per second for each and the ratio. Build with `--release`: debug numbers mean nothing.
//!
//! ```text
//! cargo run --release --bin bench_text -- fixtures/generated/big100.pdf --runs 5
//! ```

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::Parser;
use dossier::checks::RuleConfig;
use dossier::ingest::{self, Limits};
use dossier::{extract, pipeline};

#[derive(Parser)]
#[command(about = "Pages per second: dossier's pipeline vs pdftotext -layout")]
struct Args {
    /// A text-layer PDF.
    file: PathBuf,
    /// Timed runs of each (after one untimed warm-up run).
    #[arg(long, default_value_t = 5)]
    runs: u32,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    if args.runs == 0 {
        bail!("--runs must be at least 1");
    }
    let bytes = std::fs::read(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let name = args.file.display().to_string();
    let rules = RuleConfig::default();
    let limits = Limits::default();
    let ocr = dossier::ocr::OcrSettings::default();

    let report = pipeline::check_bytes(&name, bytes.clone(), &rules, &limits, &ocr)?;
    let pages = report.pages;
    let pipeline_time = time(args.runs, || {
        pipeline::check_bytes(&name, bytes.clone(), &rules, &limits, &ocr)?;
        Ok(())
    })?;
    let upload = ingest::ingest(name.clone(), bytes.clone(), &limits)?;
    let extract_time = time(args.runs, || {
        extract::extract(&upload, &limits, &ocr)?;
        Ok(())
    })?;
    pdftotext(&args.file).context("pdftotext (poppler-utils) is needed for the comparison")?;
    let pdftotext_time = time(args.runs, || pdftotext(&args.file))?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "file: {name} ({pages} pages, {} bytes), {} timed runs, {cores} cores",
        bytes.len(),
        args.runs
    );
    let rate = |d: Duration| pages as f64 * f64::from(args.runs) / d.as_secs_f64();
    let row = |what: &str, d: Duration| {
        println!(
            "{what:<34} {:>9.1} ms/run {:>9.1} pages/s",
            d.as_secs_f64() * 1000.0 / f64::from(args.runs),
            rate(d)
        );
    };
    row("dossier pipeline (extract+checks)", pipeline_time);
    row("dossier extract only", extract_time);
    row("pdftotext -layout", pdftotext_time);
    println!(
        "ratio dossier pipeline / pdftotext (pages/s): {:.2}",
        rate(pipeline_time) / rate(pdftotext_time)
    );
    Ok(())
}

fn time(runs: u32, mut f: impl FnMut() -> anyhow::Result<()>) -> anyhow::Result<Duration> {
    let start = Instant::now();
    for _ in 0..runs {
        f()?;
    }
    Ok(start.elapsed())
}

fn pdftotext(file: &std::path::Path) -> anyhow::Result<()> {
    let status = Command::new("pdftotext")
        .arg("-layout")
        .arg(file)
        .arg("-")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("pdftotext failed: {status}");
    }
    Ok(())
}
