//! Prints what structure made of a PDF: documents, header fields and signature slots.
//! `cargo run --example structure_dump -- FILE.pdf|SHA256.pages.json [PAGE]`

use dossier::ingest::{Limits, ingest_path};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or_else(|| anyhow::anyhow!("usage: structure_dump FILE.pdf [PAGE]"))?;
    let only: Option<usize> = args.get(2).and_then(|p| p.parse().ok());
    // A page cache file of `dossier eval --page-cache` skips extraction (and OCR).
    let pages: Vec<dossier::page::Page> = if path.ends_with(".pages.json") {
        serde_json::from_slice(&std::fs::read(path)?)?
    } else {
        let upload = ingest_path(std::path::Path::new(path), &Limits::default())?;
        dossier::extract::extract(&upload, &Limits::default(), &Default::default())?
    };
    let d = dossier::structure::structure(pages);
    println!(
        "custody: {:?}",
        d.custody.as_ref().map(|c| (c.held_since.value, c.place.clone()))
    );
    for doc in &d.documents {
        if only.is_some_and(|p| !doc.pages().contains(&p)) {
            continue;
        }
        println!(
            "#{} {:?} «{}» p{}-{}",
            doc.index, doc.kind, doc.title, doc.first_page, doc.last_page
        );
        let f = &doc.fields;
        if doc.kind.is_transcript() {
            println!(
                "   start={:?} end={:?} session={:?}\n   location={:?}\n   investigators={:?} recorder={:?} subject={:?}",
                f.start.as_ref().map(|v| v.value),
                f.end.as_ref().map(|v| v.value),
                f.session.as_ref().map(|v| v.value),
                f.location.as_ref().map(|v| &v.value),
                f.investigators.iter().map(|v| &v.value).collect::<Vec<_>>(),
                f.recorder.as_ref().map(|v| &v.value),
                f.subject.as_ref().map(|v| &v.value)
            );
        }
        if !doc.notice_items.is_empty() {
            println!(
                "   items={:?}",
                doc.notice_items.iter().map(|i| &i.concept).collect::<Vec<_>>()
            );
        }
        for s in &doc.slots {
            println!(
                "   slot p{} {:?} {:?} fp={} n={} chars={:.1} label={:?} area=[{:.0},{:.0},{:.0},{:.0}]",
                s.page,
                s.role,
                s.state,
                s.fingerprint,
                s.signatures,
                s.stroke_chars,
                s.label,
                s.area.x0,
                s.area.y0,
                s.area.x1,
                s.area.y1
            );
        }
        if let Some(p) = only.and_then(|n| d.page(n)) {
            for i in &p.images {
                println!(
                    "   image [{:.0},{:.0},{:.0},{:.0}] ink={:?} red={:?}",
                    i.bbox.x0, i.bbox.y0, i.bbox.x1, i.bbox.y1, i.ink_ratio, i.red_ratio
                );
            }
            let free = p.strokes.iter().filter(|s| s.freeform).count();
            println!("   strokes: {} ({} freeform)", p.strokes.len(), free);
            for l in &p.lines {
                println!(
                    "   line [{:.0},{:.0},{:.0},{:.0}] {}",
                    l.bbox.x0, l.bbox.y0, l.bbox.x1, l.bbox.y1, l.text
                );
            }
        }
    }
    Ok(())
}
