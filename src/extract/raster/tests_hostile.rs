//! Hostile input: valid PNG, JPEG, TIFF, fax and PDF files with bytes overwritten, flipped or
//! cut off (fixed seeds, so failures reproduce). Each must end in a result or a `RasterError`
//! quickly, and never in a decoder panic (which `guarded` would report as `DecoderFailed`).

use std::io::Cursor;
use std::time::{Duration, Instant};

use image::{GrayImage, ImageFormat, Luma};
use lopdf::{Dictionary, Document, Object, Stream, dictionary};

use super::{ImageFile, RasterError, ccitt, decode_pdf_page};
use crate::ingest::{FileKind, Limits};

/// A page must not take longer than this to fail, even in a debug build.
const PATIENCE: Duration = Duration::from_secs(2);

/// `base` with a few random bytes overwritten, bits flipped or its tail cut (xorshift).
fn mutate(base: &[u8], seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    let mut v = base.to_vec();
    for _ in 0..1 + next() % 8 {
        let i = next() as usize % v.len();
        match next() % 4 {
            0 => v[i] = next() as u8,
            1 => v.truncate(i.max(1)),
            2 => v[i] ^= 1 << (next() % 8),
            _ => v[i] = 0xFF,
        }
    }
    v
}

fn picture() -> GrayImage {
    GrayImage::from_fn(97, 61, |x, y| Luma([((x * 7 + y * 13) % 256) as u8]))
}

fn encoded(format: ImageFormat) -> Vec<u8> {
    let mut out = Vec::new();
    picture().write_to(&mut Cursor::new(&mut out), format).unwrap();
    out
}

fn assert_no_panic(result: Result<(), RasterError>, what: &str, started: Instant) {
    assert!(
        !matches!(result, Err(RasterError::DecoderFailed)),
        "{what}: a decoder panicked"
    );
    assert!(
        started.elapsed() < PATIENCE,
        "{what}: took {:?}",
        started.elapsed()
    );
}

#[test]
fn mutated_image_files_give_errors_not_panics() {
    let mut tiff = Cursor::new(Vec::new());
    let mut encoder = tiff::encoder::TiffEncoder::new(&mut tiff).unwrap();
    for _ in 0..2 {
        encoder
            .write_image::<tiff::encoder::colortype::Gray8>(97, 61, picture().as_raw())
            .unwrap();
    }
    let g4 = ccitt::tests::encode_g4(97, 61, |x, y| (x * 3 + y) % 7 == 0);
    let files = [
        (FileKind::Png, encoded(ImageFormat::Png)),
        (FileKind::Jpeg, encoded(ImageFormat::Jpeg)),
        (FileKind::Tiff, tiff.into_inner()),
        (FileKind::Tiff, fax::tiff::wrap(&g4, 97, 61)),
    ];
    for (kind, base) in &files {
        for seed in 1..=500 {
            let bytes = mutate(base, seed);
            let started = Instant::now();
            let result = ImageFile::open(&bytes, *kind, &Limits::default())
                .and_then(|f| (0..f.page_count()).try_for_each(|i| f.decode(i).map(drop)));
            assert_no_panic(result, &format!("{kind:?} seed {seed}"), started);
        }
    }
    for seed in 1..=500 {
        let started = Instant::now();
        let bytes = mutate(&g4, seed);
        for k in [-1, 0] {
            let params = ccitt::Params {
                k,
                columns: 97,
                rows: 61,
                black_is_1: false,
                byte_align: seed % 3 == 0,
            };
            let result = super::guarded(|| ccitt::decode(&bytes, &params, 97, 61).map(drop));
            assert_no_panic(result, &format!("fax seed {seed}"), started);
        }
    }
}

#[test]
fn mutated_pdfs_give_errors_not_panics() {
    let g4 = ccitt::tests::encode_g4(97, 61, |x, y| (x * 3 + y) % 7 == 0);
    let image = |filter: &str, bpc: i64, data: Vec<u8>| {
        let mut dict = dictionary! {
            "Type" => "XObject", "Subtype" => "Image", "Width" => 97, "Height" => 61,
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => bpc,
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => 97, "Rows" => 61 },
        };
        if !filter.is_empty() {
            dict.set("Filter", filter);
        }
        Stream::new(dict, data)
    };
    let mut flate = image("", 8, picture().into_raw());
    flate.compress().unwrap();
    let images = [
        image("CCITTFaxDecode", 1, g4),
        image("DCTDecode", 8, encoded(ImageFormat::Jpeg)),
        flate,
    ];
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let mut kids = Vec::new();
    for (i, im) in images.into_iter().enumerate() {
        let im = doc.add_object(im);
        let content = format!("q 0 {} -595 0 595 0 cm /Im Do Q", 842 - 100 * i);
        let content = doc.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Rotate" => 90, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Im" => im } },
        });
        kids.push(Object::Reference(page));
    }
    doc.objects.insert(
        pages_id,
        dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 3 }.into(),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut base = Vec::new();
    doc.save_to(&mut base).unwrap();
    // A small pixel limit keeps pages whose box was mutated to kilometres cheap to paint.
    let limits = Limits {
        max_page_pixels: 1_000_000,
        ..Limits::default()
    };
    for seed in 1..=300 {
        let bytes = mutate(&base, seed);
        let Ok(Ok(doc)) = std::panic::catch_unwind(|| Document::load_mem(&bytes)) else {
            continue;
        };
        for page in doc.get_pages().into_values() {
            let started = Instant::now();
            let result = decode_pdf_page(&doc, page, &limits).map(drop);
            assert_no_panic(result, &format!("PDF seed {seed}"), started);
        }
    }
}
