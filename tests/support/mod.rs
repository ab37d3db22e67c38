//! Test helpers shared by the integration tests: small PDFs built with lopdf (good, broken,
//! empty), the generated fixtures when they exist, and running the real `dossier` binary.
#![allow(dead_code)]

pub mod client;
pub mod pg;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use lopdf::{Dictionary, Document, Object, Stream, dictionary};

/// How to build one page's content stream.
pub enum PageContent<'a> {
    /// A line of Helvetica text per string.
    Text(&'a [&'a str]),
    /// A line of Chinese text per string, in a CID font with the predefined UniGB-UCS2-H
    /// encoding (the codes are the characters' UCS-2, so no embedded font or ToUnicode map is
    /// needed to read them back).
    Chinese(&'a [&'a str]),
    /// A content stream that claims FlateDecode but holds garbage: it cannot be decompressed.
    /// (lopdf's own decoder returns an empty stream for it, without an error: an extractor
    /// must notice either the error or that nothing is left to read.)
    BrokenStream,
    /// A scanned page: one image XObject filling the page, its stream holding `data` as is.
    Scan {
        data: &'a [u8],
        filter: &'a str,
        width: i64,
        height: i64,
    },
}

/// A PDF with one page per entry.
pub fn pdf(pages: &[PageContent<'_>]) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let cid_font = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong-Light", "DW" => 1000,
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("GB1"),
            "Supplement" => 4,
        },
    });
    let cjk_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "STSong-Light", "Encoding" => "UniGB-UCS2-H",
        "DescendantFonts" => vec![cid_font.into()],
    });
    let resources_id =
        doc.add_object(dictionary! { "Font" => dictionary! { "F1" => font_id, "F2" => cjk_id } });
    let mut kids = Vec::new();
    for page in pages {
        let stream = match page {
            PageContent::Text(lines) => {
                let mut ops = String::from("BT /F1 14 Tf 72 770 Td 18 TL\n");
                for l in *lines {
                    ops.push_str(&format!(
                        "({}) Tj T*\n",
                        l.replace('(', "\\(").replace(')', "\\)")
                    ));
                }
                ops.push_str("ET\n");
                Stream::new(Dictionary::new(), ops.into_bytes())
            }
            PageContent::Chinese(lines) => {
                let mut ops = String::from("BT /F2 12 Tf 60 780 Td 18 TL\n");
                for l in *lines {
                    let hex: String = l.encode_utf16().map(|u| format!("{u:04X}")).collect();
                    ops.push_str(&format!("<{hex}> Tj T*\n"));
                }
                ops.push_str("ET\n");
                Stream::new(Dictionary::new(), ops.into_bytes())
            }
            PageContent::BrokenStream => Stream::new(
                dictionary! { "Filter" => "FlateDecode" },
                b"this is not zlib data \x00\x01\x02 at all".to_vec(),
            ),
            PageContent::Scan { .. } => {
                Stream::new(Dictionary::new(), b"q 595 0 0 842 0 0 cm /Im1 Do Q\n".to_vec())
            }
        };
        let content_id = doc.add_object(stream);
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
        });
        if let PageContent::Scan {
            data,
            filter,
            width,
            height,
        } = page
        {
            let image = doc.add_object(Stream::new(
                dictionary! {
                    "Type" => "XObject", "Subtype" => "Image", "Width" => *width, "Height" => *height,
                    "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => *filter,
                },
                data.to_vec(),
            ));
            if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page_id) {
                d.set(
                    "Resources",
                    dictionary! { "XObject" => dictionary! { "Im1" => image } },
                );
            }
        }
        kids.push(Object::Reference(page_id));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => count, "Resources" => resources_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("lopdf writes the test PDF");
    out
}

/// A readable three-page text PDF.
pub fn good_pdf() -> Vec<u8> {
    pdf(&[
        PageContent::Text(&["Case file", "Page 1 of 3"]),
        PageContent::Text(&["Record of questioning", "Page 2 of 3"]),
        PageContent::Text(&["Closing", "Page 3 of 3"]),
    ])
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write test file");
    path
}

/// Runs the real binary with `args`.
pub fn dossier(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .env("OMP_THREAD_LIMIT", "1")
        .env_remove("DOSSIER_LOG")
        .env_remove("RUST_LOG")
        .output()
        .expect("run the dossier binary")
}

pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

pub fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// `fixtures/generated`, when the generator has been run (scripts/test.sh does).
pub fn generated_fixtures() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/generated");
    let has_truth = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().ends_with(".truth.json"));
    has_truth.then_some(dir)
}

/// The generated fixture whose truth lists the most defects, and how many.
pub fn fixture_with_most_defects() -> Option<(PathBuf, usize)> {
    let dir = generated_fixtures()?;
    let mut best: Option<(PathBuf, usize)> = None;
    for entry in std::fs::read_dir(&dir).ok()?.filter_map(Result::ok) {
        let path = entry.path();
        let name = path.file_name()?.to_string_lossy().into_owned();
        let Some(stem) = name.strip_suffix(".truth.json") else {
            continue;
        };
        let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?;
        if truth.get("source").and_then(|s| s.as_str()) != Some("text") {
            continue;
        }
        let n = truth
            .get("defects")
            .and_then(|d| d.as_array())
            .map_or(0, |d| d.len());
        let pdf = dir.join(format!("{stem}.pdf"));
        if pdf.exists() && best.as_ref().is_none_or(|(_, m)| n > *m) {
            best = Some((pdf, n));
        }
    }
    best
}
