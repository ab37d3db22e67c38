//! PDF page images, over small PDFs built in memory with lopdf: each filter and colour space,
//! placement and page rotation (checked by where a known dark block lands), the choice of the
//! largest image, and hostile or unsupported images.

use std::io::Cursor;

use image::{GrayImage, Luma, RgbImage};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::{RasterError, Scan, decode_pdf_page};
use crate::ingest::Limits;

/// A one-page A4 PDF whose page paints `content` with `xobjects` as resources.
fn pdf_page(content: &str, xobjects: Vec<(&str, Stream)>, extra: Dictionary) -> (Document, ObjectId) {
    let xobjects = xobjects
        .into_iter()
        .map(|(n, s)| (n, Object::Stream(s)))
        .collect();
    pdf_page_in(Document::with_version("1.7"), content, xobjects, extra)
}

/// Like `pdf_page`, in a document that may already hold objects the XObjects refer to.
fn pdf_page_in(
    mut doc: Document,
    content: &str,
    xobjects: Vec<(&str, Object)>,
    extra: Dictionary,
) -> (Document, ObjectId) {
    let pages_id = doc.new_object_id();
    let mut names = Dictionary::new();
    for (name, obj) in xobjects {
        let obj = match obj {
            Object::Stream(s) => Object::Reference(doc.add_object(s)),
            other => other,
        };
        names.set(name, obj);
    }
    let content_id = doc.add_object(Stream::new(Dictionary::new(), content.as_bytes().to_vec()));
    let mut page = dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => names },
    };
    // Set one by one: lopdf's `extend` merges clashing keys into arrays.
    for (key, value) in extra {
        page.set(key, value);
    }
    let page_id = doc.add_object(page);
    let pages = dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 };
    doc.objects.insert(pages_id, pages.into());
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    // Written and read back, so streams are parsed as they would be from an upload.
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let doc = Document::load_mem(&bytes).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    (doc, page)
}

fn image(width: u32, height: u32, entries: Dictionary, data: Vec<u8>) -> Stream {
    let mut dict =
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => width, "Height" => height };
    dict.extend(&entries);
    Stream::new(dict, data)
}

/// The stream compressed with FlateDecode (lopdf compresses only when that saves space, so
/// test images are made large enough).
fn flate(mut s: Stream) -> Stream {
    s.compress().unwrap();
    assert!(s.dict.has(b"Filter"), "too small to compress");
    s
}

/// Gray test picture: white, with a dark 1/4 × 1/4 block at the top left.
fn marked_gray(width: u32, height: u32) -> GrayImage {
    GrayImage::from_fn(width, height, |x, y| {
        Luma([if x < width / 4 && y < height / 4 { 0 } else { 255 }])
    })
}

fn decode(doc: &Document, page: ObjectId) -> Result<Scan, RasterError> {
    decode_pdf_page(doc, page, &Limits::default())
}

/// The centre of the dark pixels, as fractions of the image size.
fn dark_centre(scan: &Scan) -> (f32, f32) {
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for (x, y, p) in scan.image.enumerate_pixels() {
        if p.0.iter().map(|c| u32::from(*c)).sum::<u32>() < 3 * 100 {
            (sx, sy, n) = (sx + x as f32 + 0.5, sy + y as f32 + 0.5, n + 1.0);
        }
    }
    assert!(n > 0.0, "no dark pixels");
    (
        sx / n / scan.image.width() as f32,
        sy / n / scan.image.height() as f32,
    )
}

fn near(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() < 0.03 && (a.1 - b.1).abs() < 0.03
}

const FULL_PAGE: &str = "q 595 0 0 842 0 0 cm /Im Do Q";

#[test]
fn a_dct_jpeg_filling_the_page_is_decoded_at_its_resolution() {
    let mut jpeg = Vec::new();
    marked_gray(124, 176)
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let im = image(
        124,
        176,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
        jpeg,
    );
    let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", im)], Dictionary::new());
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.dimensions(), (124, 176));
    assert_eq!((scan.page_width, scan.page_height), (595.0, 842.0));
    assert!(scan.image.get_pixel(5, 5).0[0] < 40);
    assert!(scan.image.get_pixel(100, 150).0[0] > 215);
    assert!(near(dark_centre(&scan), (0.125, 0.125)));
}

#[test]
fn flate_gray_samples_come_out_exactly() {
    // 64×2: row 0 repeats 0, 64, 128, 255; row 1 the reverse.
    let row0 = [0u8, 64, 128, 255].repeat(16);
    let row1: Vec<u8> = row0.iter().rev().copied().collect();
    let im = flate(image(
        64,
        2,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        [row0, row1].concat(),
    ));
    // The image fills a 64×2 pt page exactly.
    let extra = dictionary! { "MediaBox" => vec![0.into(), 0.into(), 64.into(), 2.into()] };
    let (doc, page) = pdf_page("q 64 0 0 2 0 0 cm /Im Do Q", vec![("Im", im)], extra);
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.dimensions(), (64, 2));
    let row = |y| {
        (0..4)
            .map(|x| scan.image.get_pixel(x, y).0[0])
            .collect::<Vec<_>>()
    };
    assert_eq!(row(0), [0, 64, 128, 255]);
    assert_eq!(row(1), [255, 128, 64, 0]);
}

#[test]
fn one_bit_images_honour_an_inverting_decode_array() {
    // 256×16: in every row the first byte's bits are set (black under [1 0]), the rest clear.
    let data = [vec![0xFF], vec![0x00; 31]].concat().repeat(16);
    let im = flate(image(
        256,
        16,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Decode" => vec![1.into(), 0.into()] },
        data,
    ));
    let extra = dictionary! { "MediaBox" => vec![0.into(), 0.into(), 256.into(), 16.into()] };
    let (doc, page) = pdf_page("q 256 0 0 16 0 0 cm /Im Do Q", vec![("Im", im)], extra);
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.get_pixel(0, 0).0, [0; 3]);
    assert_eq!(scan.image.get_pixel(7, 15).0, [0; 3]);
    assert_eq!(scan.image.get_pixel(8, 0).0, [255; 3]);
    assert_eq!(scan.image.get_pixel(255, 15).0, [255; 3]);
}

#[test]
fn cmyk_and_indexed_images_become_rgb() {
    let cmyk = image(
        2,
        1,
        dictionary! { "ColorSpace" => "DeviceCMYK", "BitsPerComponent" => 8 },
        vec![0, 255, 255, 0, 0, 0, 0, 255],
    );
    let extra = || dictionary! { "MediaBox" => vec![0.into(), 0.into(), 2.into(), 1.into()] };
    let (doc, page) = pdf_page("q 2 0 0 1 0 0 cm /Im Do Q", vec![("Im", cmyk)], extra());
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.get_pixel(0, 0).0, [255, 0, 0]);
    assert_eq!(scan.image.get_pixel(1, 0).0, [0, 0, 0]);

    let palette = Object::String(vec![255, 255, 255, 0, 0, 200], lopdf::StringFormat::Hexadecimal);
    let indexed = image(
        2,
        1,
        dictionary! { "ColorSpace" => vec!["Indexed".into(), "DeviceRGB".into(), 1.into(), palette], "BitsPerComponent" => 8 },
        vec![1, 0],
    );
    let (doc, page) = pdf_page("q 2 0 0 1 0 0 cm /Im Do Q", vec![("Im", indexed)], extra());
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.get_pixel(0, 0).0, [0, 0, 200]);
    assert_eq!(scan.image.get_pixel(1, 0).0, [255, 255, 255]);
}

#[test]
fn a_group_4_fax_image_decodes() {
    let (w, h) = (200u32, 280u32);
    let marked = marked_gray(w, h);
    let g4 = super::ccitt::tests::encode_g4(w, h, |x, y| marked.get_pixel(x, y).0[0] == 0);
    let im = image(
        w,
        h,
        dictionary! {
            "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "CCITTFaxDecode",
            "DecodeParms" => dictionary! { "K" => -1, "Columns" => w, "Rows" => h },
        },
        g4,
    );
    let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", im)], Dictionary::new());
    let scan = decode(&doc, page).unwrap();
    let gray = |x, y| scan.image.get_pixel(x, y).0[0];
    assert_eq!(
        (gray(0, 0), gray(49, 69), gray(50, 69), gray(49, 70)),
        (0, 0, 255, 255)
    );
    assert_eq!(gray(199, 279), 255);
}

#[test]
fn page_rotate_inherited_from_the_page_tree_turns_the_scan() {
    let im = flate(image(
        120,
        168,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        marked_gray(120, 168).into_raw(),
    ));
    let (mut doc, page) = pdf_page(FULL_PAGE, vec![("Im", im)], Dictionary::new());
    // /Rotate on the parent Pages node, not the page.
    let parent = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Parent")
        .unwrap()
        .as_reference()
        .unwrap();
    doc.get_object_mut(parent)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("Rotate", 90);
    let scan = decode(&doc, page).unwrap();
    // Shown turned a quarter clockwise: landscape, the block at the top right.
    assert_eq!(scan.image.dimensions(), (168, 120));
    assert_eq!((scan.page_width, scan.page_height), (842.0, 595.0));
    assert!(
        near(dark_centre(&scan), (0.875, 0.125)),
        "{:?}",
        dark_centre(&scan)
    );
}

#[test]
fn flipped_and_turned_placements_are_undone() {
    let im = || {
        flate(image(
            120,
            168,
            dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            marked_gray(120, 168).into_raw(),
        ))
    };
    // Mirrored left to right: the block shows at the top right.
    let (doc, page) = pdf_page(
        "q -595 0 0 842 595 0 cm /Im Do Q",
        vec![("Im", im())],
        Dictionary::new(),
    );
    let scan = decode(&doc, page).unwrap();
    assert!(
        near(dark_centre(&scan), (0.875, 0.125)),
        "{:?}",
        dark_centre(&scan)
    );
    // Upside down: bottom right.
    let (doc, page) = pdf_page(
        "q -595 0 0 -842 595 842 cm /Im Do Q",
        vec![("Im", im())],
        Dictionary::new(),
    );
    assert!(near(dark_centre(&decode(&doc, page).unwrap()), (0.875, 0.875)));
    // A landscape scan placed a quarter turn on the portrait page: image columns run up the
    // page and rows to the right, so the image's top left lands at the page's bottom left.
    let landscape = flate(image(
        168,
        120,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        marked_gray(168, 120).into_raw(),
    ));
    let (doc, page) = pdf_page(
        "q 0 842 -595 0 595 0 cm /Im Do Q",
        vec![("Im", landscape)],
        Dictionary::new(),
    );
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.dimensions(), (120, 168));
    assert!(
        near(dark_centre(&scan), (0.125, 0.875)),
        "{:?}",
        dark_centre(&scan)
    );
}

#[test]
fn a_partial_image_keeps_page_coordinates_on_white() {
    let black = image(
        60,
        42,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0; 60 * 42],
    );
    // Covers the top half of the page: 60 px over 595 pt.
    let (doc, page) = pdf_page(
        "q 595 0 0 421 0 421 cm /Im Do Q",
        vec![("Im", black)],
        Dictionary::new(),
    );
    let scan = decode(&doc, page).unwrap();
    assert_eq!(scan.image.width(), 60);
    assert!((scan.image.height() as f32 - 842.0 * 60.0 / 595.0).abs() <= 1.0);
    assert_eq!(scan.image.get_pixel(30, 10).0, [0; 3]);
    assert_eq!(scan.image.get_pixel(30, scan.image.height() - 10).0, [255; 3]);
}

#[test]
fn the_largest_image_is_chosen_even_inside_a_form() {
    let gray = |v: u8| {
        image(
            4,
            4,
            dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
            vec![v; 16],
        )
    };
    // The scan sits in a form XObject that scales it to the page; a small signature image is
    // painted first.
    let mut doc = Document::with_version("1.7");
    let scan_id = doc.add_object(gray(200));
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 1.into(), 1.into()],
            "Matrix" => vec![595.into(), 0.into(), 0.into(), 842.into(), 0.into(), 0.into()],
            "Resources" => dictionary! { "XObject" => dictionary! { "Scan" => scan_id } },
        },
        b"/Scan Do".to_vec(),
    );
    let (doc, page) = pdf_page_in(
        doc,
        "q 50 0 0 20 10 10 cm /Sig Do Q /Fm Do",
        vec![("Sig", Object::Stream(gray(10))), ("Fm", Object::Stream(form))],
        Dictionary::new(),
    );
    let scan = decode(&doc, page).unwrap();
    // 4×4 pixels stretched over an A4 page come out with square pixels: 4 × 6.
    assert_eq!(scan.image.dimensions(), (4, 6));
    assert!(scan.image.pixels().all(|p| p.0 == [200; 3]));
}

#[test]
fn unsupported_filters_are_named_and_pages_without_images_say_so() {
    for filter in ["JBIG2Decode", "JPXDecode"] {
        let im = image(
            8,
            8,
            dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => filter },
            vec![0; 8],
        );
        let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", im)], Dictionary::new());
        let err = decode(&doc, page).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "page image compressed with {filter}, which dossier cannot decode: rescan the page as JPEG or TIFF"
            )
        );
    }
    let (doc, page) = pdf_page("BT ET 0 0 m 10 10 l S", vec![], Dictionary::new());
    assert_eq!(
        decode(&doc, page).unwrap_err().to_string(),
        "no image on this page to read"
    );
}

#[test]
fn huge_declared_images_and_decompression_bombs_are_refused_before_allocating() {
    let huge = image(
        40_000,
        40_000,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0; 16],
    );
    let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", huge)], Dictionary::new());
    assert_eq!(
        decode(&doc, page).unwrap_err().to_string(),
        "page image is 40000×40000 pixels (1600.0 Mpx), over the limit of 50 Mpx"
    );
    // 100×100 declared, 8 MB of zeros compressed.
    let bomb = flate(image(
        100,
        100,
        dictionary! { "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8 },
        vec![0; 8 << 20],
    ));
    assert!(bomb.content.len() < 100_000);
    let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", bomb)], Dictionary::new());
    assert!(matches!(
        decode(&doc, page),
        Err(RasterError::DataTooLarge { .. })
    ));
}

#[test]
fn truncated_jpeg_data_in_a_pdf_is_an_error_not_a_gray_page() {
    let mut jpeg = Vec::new();
    RgbImage::from_pixel(64, 64, image::Rgb([10, 20, 30]))
        .write_to(&mut Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    jpeg.truncate(jpeg.len() / 2);
    let im = image(
        64,
        64,
        dictionary! { "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8, "Filter" => "DCTDecode" },
        jpeg,
    );
    let (doc, page) = pdf_page(FULL_PAGE, vec![("Im", im)], Dictionary::new());
    let err = decode(&doc, page).unwrap_err().to_string();
    assert!(
        err.starts_with("the JPEG image is truncated or damaged: "),
        "{err}"
    );
}

#[test]
fn decoding_types_can_be_shared_across_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Document>();
    shared::<Scan>();
    shared::<RasterError>();
    shared::<super::ImageFile<'static>>();
}
