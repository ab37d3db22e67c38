//! Debugging aid: prints what PDF extraction sees on each page — lines with their boxes, placed
//! images and painted strokes.
//!
//! `cargo run --example extract_dump -- FILE.pdf [--text] [--time]`: `--text` prints only the
//! lines' text (for diffing against `pdftotext`), `--time` only the time taken.

use std::time::Instant;

use dossier::extract::pdf::extract_pdf;
use dossier::ingest::Limits;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text_only = args.iter().any(|a| a == "--text");
    let time_only = args.iter().any(|a| a == "--time");
    for path in args.iter().filter(|a| !a.starts_with("--")) {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let start = Instant::now();
        let pages = match extract_pdf(&bytes, &Limits::default()) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let elapsed = start.elapsed();
        if time_only {
            println!(
                "{path}: {} pages in {:.1} ms",
                pages.len(),
                elapsed.as_secs_f64() * 1000.0
            );
            continue;
        }
        for page in &pages {
            if text_only {
                print!("{}", page.text());
                println!("\x0c");
                continue;
            }
            println!(
                "== page {} ({:.0}×{:.0}) {:?}",
                page.number, page.width, page.height, page.source
            );
            for l in &page.lines {
                let b = l.bbox;
                println!(
                    "  [{:6.1} {:6.1} {:6.1} {:6.1}] {}",
                    b.x0, b.y0, b.x1, b.y1, l.text
                );
            }
            for i in &page.images {
                let b = i.bbox;
                println!(
                    "  image [{:6.1} {:6.1} {:6.1} {:6.1}] {}×{} ink {:?} red {:?}",
                    b.x0, b.y0, b.x1, b.y1, i.pixel_width, i.pixel_height, i.ink_ratio, i.red_ratio
                );
            }
            for s in &page.strokes {
                let b = s.bbox;
                println!(
                    "  stroke [{:6.1} {:6.1} {:6.1} {:6.1}] segs {} freeform {} rgb {:?}",
                    b.x0, b.y0, b.x1, b.y1, s.segments, s.freeform, s.color
                );
            }
        }
    }
}
