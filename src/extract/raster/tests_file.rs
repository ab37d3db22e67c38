//! Image uploads: PNG, JPEG and multi-page TIFF built in memory (with `image`, `tiff` and
//! `fax`'s encoders, or byte by byte for hostile TIFFs), checked by pixel values, page sizes and
//! clear errors.

use std::io::Cursor;

use image::codecs::jpeg::{JpegEncoder, PixelDensity};
use image::{GrayImage, ImageFormat, Luma, Rgba, RgbaImage};
use tiff::encoder::{Rational, TiffEncoder, colortype};
use tiff::tags::{ResolutionUnit, Tag};

use super::{ImageFile, RasterError, Scan};
use crate::ingest::{FileKind, Limits};

fn limits() -> Limits {
    Limits::default()
}

fn open(bytes: &[u8], kind: FileKind) -> ImageFile<'_> {
    ImageFile::open(bytes, kind, &limits()).unwrap()
}

fn png(image: impl Into<image::DynamicImage>) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .into()
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .unwrap();
    out
}

/// Inserts a chunk right after a PNG's IHDR, with its CRC.
fn with_chunk(png: &[u8], kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut crc_input = kind.to_vec();
    crc_input.extend_from_slice(data);
    chunk.extend_from_slice(&crc_input);
    chunk.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    let at = 8 + 12 + 13;
    [&png[..at], &chunk[..], &png[at..]].concat()
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// White, with a black block over the top-left quarter.
fn marked(width: u32, height: u32) -> GrayImage {
    GrayImage::from_fn(width, height, |x, y| {
        Luma([if x < width / 4 && y < height / 4 { 0 } else { 255 }])
    })
}

fn gray(scan: &Scan, x: u32, y: u32) -> u8 {
    scan.image.get_pixel(x, y).0[0]
}

#[test]
fn a_png_with_phys_gives_its_page_size_and_16_bit_gray_pixels() {
    let img = image::ImageBuffer::<Luma<u16>, _>::from_fn(300, 150, |x, _| {
        Luma([if x < 150 { 0 } else { 0xFFFF }])
    });
    let mut phys = 11_811u32.to_be_bytes().to_vec(); // 300 dpi in pixels per metre
    phys.extend_from_slice(&11_811u32.to_be_bytes());
    phys.push(1);
    let bytes = with_chunk(&png(img), b"pHYs", &phys);
    let file = open(&bytes, FileKind::Png);
    assert_eq!(file.page_count(), 1);
    let scan = file.decode(0).unwrap();
    assert_eq!(scan.image.dimensions(), (300, 150));
    assert_eq!((gray(&scan, 149, 0), gray(&scan, 150, 0)), (0, 255));
    assert!((scan.page_width - 72.0).abs() < 0.1 && (scan.page_height - 36.0).abs() < 0.1);
}

#[test]
fn transparent_png_pixels_are_paper_white() {
    let mut img = RgbaImage::from_pixel(4, 4, Rgba([0, 0, 0, 0]));
    img.put_pixel(1, 1, Rgba([200, 0, 0, 255]));
    let bytes = png(img);
    let scan = open(&bytes, FileKind::Png).decode(0).unwrap();
    assert_eq!(scan.image.get_pixel(0, 0).0, [255; 3]);
    assert_eq!(scan.image.get_pixel(1, 1).0, [200, 0, 0]);
    // No resolution: the shorter side is taken as A4's.
    assert!((scan.page_width - 595.3).abs() < 0.01);
}

#[test]
fn a_jpeg_with_jfif_density_gives_its_page_size() {
    let mut bytes = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut bytes, 90);
    encoder.set_pixel_density(PixelDensity::dpi(200));
    encoder.encode_image(&marked(400, 560)).unwrap();
    let scan = open(&bytes, FileKind::Jpeg).decode(0).unwrap();
    assert_eq!(scan.image.dimensions(), (400, 560));
    assert!((scan.page_width - 144.0).abs() < 0.1 && (scan.page_height - 201.6).abs() < 0.1);
    assert!(gray(&scan, 20, 20) < 40 && gray(&scan, 300, 400) > 215);
}

/// Three pages of different sizes and kinds: 8-bit gray at 300 dpi, RGB at 200 dpi, and 16-bit
/// gray turned a quarter by its orientation tag.
fn three_page_tiff() -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut tiff = TiffEncoder::new(&mut out).unwrap();
    let mut page = tiff.new_image::<colortype::Gray8>(120, 160).unwrap();
    page.resolution(ResolutionUnit::Inch, Rational { n: 300, d: 1 });
    page.write_data(marked(120, 160).as_raw()).unwrap();
    let mut page = tiff.new_image::<colortype::RGB8>(90, 60).unwrap();
    page.resolution(ResolutionUnit::Inch, Rational { n: 200, d: 1 });
    let rgb: Vec<u8> = (0..90 * 60).flat_map(|_| [255, 0, 0]).collect();
    page.write_data(&rgb).unwrap();
    let mut page = tiff.new_image::<colortype::Gray16>(80, 40).unwrap();
    page.encoder().write_tag(Tag::Orientation, 6u16).unwrap();
    let gray16: Vec<u16> = marked(80, 40).pixels().map(|p| u16::from(p.0[0]) * 257).collect();
    page.write_data(&gray16).unwrap();
    out.into_inner()
}

#[test]
fn multi_page_tiff_pages_decode_independently_from_several_threads() {
    let bytes = three_page_tiff();
    let file = open(&bytes, FileKind::Tiff);
    assert_eq!(file.page_count(), 3);
    let scans: Vec<Scan> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..3)
            .rev()
            .map(|i| {
                s.spawn({
                    let file = &file;
                    move || file.decode(i).unwrap()
                })
            })
            .collect();
        handles.into_iter().rev().map(|h| h.join().unwrap()).collect()
    });
    let first = &scans[0];
    assert_eq!(first.image.dimensions(), (120, 160));
    assert_eq!(
        (gray(first, 29, 39), gray(first, 30, 39), gray(first, 29, 40)),
        (0, 255, 255)
    );
    assert!((first.page_width - 28.8).abs() < 0.01 && (first.page_height - 38.4).abs() < 0.01);
    assert_eq!(scans[1].image.dimensions(), (90, 60));
    assert_eq!(scans[1].image.get_pixel(45, 30).0, [255, 0, 0]);
    assert!((scans[1].page_width - 32.4).abs() < 0.01);
    // Orientation 6: stored rows run top to bottom of the displayed page's right edge, so
    // the stored top-left block shows at the top right, and the page is portrait.
    let turned = &scans[2];
    assert_eq!(turned.image.dimensions(), (40, 80));
    assert_eq!((gray(turned, 39, 0), gray(turned, 0, 0)), (0, 255));
    assert!(turned.page_height > turned.page_width);
    assert!(matches!(
        file.decode(3),
        Err(RasterError::NoSuchPage { index: 3, count: 3 })
    ));
}

#[test]
fn a_group_4_tiff_decodes() {
    let (w, h) = (64u32, 48u32);
    let block = marked(w, h);
    let g4 = super::ccitt::tests::encode_g4(w, h, |x, y| block.get_pixel(x, y).0[0] == 0);
    let bytes = fax::tiff::wrap(&g4, w, h);
    let scan = open(&bytes, FileKind::Tiff).decode(0).unwrap();
    assert_eq!(scan.image.dimensions(), (w, h));
    assert_eq!(
        (
            gray(&scan, 0, 0),
            gray(&scan, 15, 11),
            gray(&scan, 16, 11),
            gray(&scan, 63, 47)
        ),
        (0, 0, 255, 255)
    );
    // Written at 200 dpi.
    assert!((scan.page_width - 64.0 * 72.0 / 200.0).abs() < 0.01);
}

#[test]
fn empty_truncated_and_oversized_images_are_clear_errors() {
    let err = ImageFile::open(&[], FileKind::Png, &limits()).unwrap_err();
    assert_eq!(err.to_string(), "the image file is empty");

    let mut jpeg = Vec::new();
    JpegEncoder::new(&mut jpeg)
        .encode_image(&marked(200, 200))
        .unwrap();
    jpeg.truncate(jpeg.len() * 2 / 3);
    let err = open(&jpeg, FileKind::Jpeg).decode(0).unwrap_err().to_string();
    assert!(
        err.starts_with("the JPEG image is truncated or damaged: "),
        "{err}"
    );

    // A PNG whose header claims 40000×40000: refused from the header, nothing decoded.
    let mut huge = png(GrayImage::new(1, 1));
    huge[16..20].copy_from_slice(&40_000u32.to_be_bytes());
    huge[20..24].copy_from_slice(&40_000u32.to_be_bytes());
    let err = open(&huge, FileKind::Png).decode(0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "page image is 40000×40000 pixels (1600.0 Mpx), over the limit of 50 Mpx"
    );

    let mut cut_png = png(marked(64, 64));
    cut_png.truncate(cut_png.len() - 30);
    let err = open(&cut_png, FileKind::Png).decode(0).unwrap_err().to_string();
    assert!(
        err.starts_with("the PNG image is truncated or damaged: "),
        "{err}"
    );
}

/// A little-endian TIFF of directories written byte by byte: each entry is (tag, type, count,
/// value), type 3 SHORT or 4 LONG with the value inline. `loop_back` makes the last directory
/// point at the first.
fn raw_tiff(ifds: &[Vec<(u16, u16, u32, u32)>], loop_back: bool) -> Vec<u8> {
    let mut out = b"II*\0".to_vec();
    out.extend_from_slice(&8u32.to_le_bytes());
    for (i, entries) in ifds.iter().enumerate() {
        let next = out.len() + 2 + entries.len() * 12 + 4;
        out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
        for (tag, kind, count, value) in entries {
            out.extend_from_slice(&tag.to_le_bytes());
            out.extend_from_slice(&kind.to_le_bytes());
            out.extend_from_slice(&count.to_le_bytes());
            out.extend_from_slice(&value.to_le_bytes());
        }
        let next = match (i + 1 == ifds.len(), loop_back) {
            (false, _) => next as u32,
            (true, true) => 8,
            (true, false) => 0,
        };
        out.extend_from_slice(&next.to_le_bytes());
    }
    out.extend_from_slice(&[0; 64]);
    out
}

/// One 8-bit gray page of `width` × `height` in one strip of `strip_bytes` at offset 8.
fn gray_ifd(width: u32, height: u32, strip_bytes: u32) -> Vec<(u16, u16, u32, u32)> {
    vec![
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 8),
        (259, 3, 1, 1),
        (262, 3, 1, 1),
        (273, 4, 1, 8),
        (277, 3, 1, 1),
        (278, 4, 1, height),
        (279, 4, 1, strip_bytes),
    ]
}

#[test]
fn tiff_bombs_are_refused_without_allocating() {
    // A 200-byte file declaring a 100000×100000 page with a 4 GB strip.
    let bomb = raw_tiff(&[gray_ifd(100_000, 100_000, 4_000_000_000)], false);
    let file = open(&bomb, FileKind::Tiff);
    let err = file.decode(0).unwrap_err();
    assert_eq!(
        err.to_string(),
        "page image is 100000×100000 pixels (10000.0 Mpx), over the limit of 50 Mpx"
    );

    // A plausible size whose strip claims 4 GB that the file does not hold.
    let lying = raw_tiff(&[gray_ifd(1000, 1000, 4_000_000_000)], false);
    assert!(open(&lying, FileKind::Tiff).decode(0).is_err());

    // Fifty million strip offsets declared.
    let mut many = gray_ifd(1000, 1000, 100);
    many[5] = (273, 4, 50_000_000, 8);
    let many = raw_tiff(&[many], false);
    assert!(
        ImageFile::open(&many, FileKind::Tiff, &limits())
            .and_then(|f| f.decode(0))
            .is_err()
    );

    // A page chain that loops, and one longer than the page limit.
    let looped = raw_tiff(&[gray_ifd(10, 10, 100), gray_ifd(10, 10, 100)], true);
    let err = ImageFile::open(&looped, FileKind::Tiff, &limits()).unwrap_err();
    assert!(err.to_string().contains("loops"), "{err}");
    let five = raw_tiff(&vec![gray_ifd(10, 10, 100); 5], false);
    let few = Limits {
        max_pages: 2,
        ..limits()
    };
    assert!(matches!(
        ImageFile::open(&five, FileKind::Tiff, &few),
        Err(RasterError::TooManyPages { limit: 2 })
    ));
    assert_eq!(open(&five, FileKind::Tiff).page_count(), 5);
}

/// A one-page bilevel TIFF whose strips are `strips` (each `rows_per_strip` rows), with the
/// given compression and T4Options.
fn fax_tiff(
    width: u32,
    height: u32,
    rows_per_strip: u32,
    compression: u32,
    t4: u32,
    strips: &[Vec<u8>],
) -> Vec<u8> {
    let entries = 11;
    let ifd_len = 2 + entries * 12 + 4;
    let offsets_at = 8 + ifd_len;
    let counts_at = offsets_at + 4 * strips.len();
    let mut data_at = counts_at + 4 * strips.len();
    let mut offsets = Vec::new();
    for s in strips {
        offsets.push(data_at as u32);
        data_at += s.len();
    }
    let mut ifd = vec![
        (256, 4, 1, width),
        (257, 4, 1, height),
        (258, 3, 1, 1),
        (259, 3, 1, compression),
        (262, 3, 1, 0),
        (273, 4, strips.len() as u32, offsets_at as u32),
        (277, 3, 1, 1),
        (278, 4, 1, rows_per_strip),
        (279, 4, strips.len() as u32, counts_at as u32),
        (292, 4, 1, t4),
        (296, 3, 1, 2),
    ];
    if strips.len() == 1 {
        // A single value is stored inline.
        ifd[5].3 = offsets[0];
        ifd[8].3 = strips[0].len() as u32;
    }
    let mut out = raw_tiff(&[ifd], false);
    out.truncate(8 + ifd_len);
    out.extend(offsets.iter().flat_map(|o| o.to_le_bytes()));
    out.extend(strips.iter().flat_map(|s| (s.len() as u32).to_le_bytes()));
    for s in strips {
        out.extend_from_slice(s);
    }
    out
}

#[test]
fn group_3_and_modified_huffman_tiffs_decode_strip_by_strip() {
    let (w, h) = (40u32, 20u32);
    let block = marked(w, h);
    let black = |x: u32, y: u32| block.get_pixel(x, y).0[0] == 0;
    let encode = |eol, align, rows: std::ops::Range<u32>| {
        super::ccitt::tests::encode_g3(w as u16, rows.len() as u32, eol, align, |x, y| {
            black(x, y + rows.start)
        })
    };
    // Group 3 with EOLs in two strips of 10 rows; modified Huffman (byte-aligned) in one.
    let g3 = fax_tiff(
        w,
        h,
        10,
        3,
        0,
        &[encode(true, false, 0..10), encode(true, false, 10..20)],
    );
    let mh = fax_tiff(w, h, h, 2, 0, &[encode(false, true, 0..20)]);
    for bytes in [g3, mh] {
        let scan = open(&bytes, FileKind::Tiff).decode(0).unwrap();
        assert_eq!(scan.image.dimensions(), (w, h));
        for (x, y, p) in scan.image.enumerate_pixels() {
            assert_eq!(p.0[0] == 0, black(x, y), "at {x},{y}");
        }
    }
    let two_d = fax_tiff(w, h, h, 3, 1, &[encode(true, false, 0..20)]);
    let err = open(&two_d, FileKind::Tiff).decode(0).unwrap_err().to_string();
    assert!(err.contains("Group 3 two-dimensional"), "{err}");
}
