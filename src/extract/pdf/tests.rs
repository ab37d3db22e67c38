//! End-to-end tests of PDF extraction over small PDFs built in memory with lopdf. No font
//! programs are embedded: extraction only reads font dictionaries, CMaps and widths.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::extract_pdf;
use crate::extract::ExtractError;
use crate::geom::Rect;
use crate::ingest::Limits;
use crate::page::{Page, PageSource};

/// A PDF under construction: objects are added, then pages, then `finish` writes the bytes.
struct TestPdf {
    doc: Document,
    pages_id: ObjectId,
    kids: Vec<Object>,
}

impl TestPdf {
    fn new() -> TestPdf {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        TestPdf {
            doc,
            pages_id,
            kids: Vec::new(),
        }
    }

    fn add(&mut self, obj: impl Into<Object>) -> ObjectId {
        self.doc.add_object(obj)
    }

    /// Adds an A4 page with `content`, `resources` and any extra page entries.
    fn page(&mut self, content: &[u8], resources: Dictionary, extra: Dictionary) -> ObjectId {
        let content_id = self.add(Stream::new(Dictionary::new(), content.to_vec()));
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => self.pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        page.extend(&extra);
        let id = self.add(page);
        self.kids.push(id.into());
        id
    }

    fn finish(mut self) -> Vec<u8> {
        let count = self.kids.len() as i64;
        let pages = dictionary! { "Type" => "Pages", "Kids" => self.kids, "Count" => count };
        self.doc.objects.insert(self.pages_id, pages.into());
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => self.pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).unwrap();
        out
    }
}

const TO_UNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <95EE> <0002> <7B54> <0003> <0020> endbfchar
1 beginbfrange <0010> <0012> [<65F6> <95F4> <5730>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

/// A Type0 Identity-H font with a ToUnicode map: 0001 问, 0002 答, 0003 space, 0010 时,
/// 0011 间, 0012 地; CJK glyphs 1000 wide, the space 250.
fn cjk_font(pdf: &mut TestPdf) -> ObjectId {
    let to_unicode = pdf.add(Stream::new(Dictionary::new(), TO_UNICODE.to_vec()));
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun",
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal("Identity"), "Supplement" => 0 },
        "DW" => 1000,
        "W" => vec![3.into(), vec![250.into()].into()],
    });
    pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "SimSun", "Encoding" => "Identity-H",
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    })
}

fn fonts(entries: Vec<(&str, ObjectId)>) -> Dictionary {
    let mut f = Dictionary::new();
    for (name, id) in entries {
        f.set(name, id);
    }
    dictionary! { "Font" => f }
}

fn extract(bytes: &[u8]) -> Vec<Page> {
    extract_pdf(bytes, &Limits::default()).unwrap()
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.01
}

fn assert_rect(r: Rect, x0: f32, y0: f32, x1: f32, y1: f32) {
    assert!(
        close(r.x0, x0) && close(r.y0, y0) && close(r.x1, x1) && close(r.y1, y1),
        "{r:?} != [{x0}, {y0}, {x1}, {y1}]"
    );
}

#[test]
fn identity_h_text_decodes_through_to_unicode_with_boxes_in_top_left_page_space() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    pdf.page(
        b"BT /F1 12 Tf 100 700 Td <00010002> Tj ET",
        fonts(vec![("F1", f)]),
        Dictionary::new(),
    );
    let pages = extract(&pdf.finish());
    assert_eq!(pages.len(), 1);
    let p = &pages[0];
    assert_eq!(p.source, PageSource::TextLayer);
    assert_eq!((p.width, p.height), (595.0, 842.0));
    assert_eq!(p.text(), "问答\n");
    assert_rect(
        p.lines[0].glyphs[0].bbox,
        100.0,
        142.0 - 0.88 * 12.0,
        112.0,
        142.0 + 0.12 * 12.0,
    );
    assert_rect(
        p.lines[0].glyphs[1].bbox,
        112.0,
        142.0 - 0.88 * 12.0,
        124.0,
        142.0 + 0.12 * 12.0,
    );
}

#[test]
fn tj_kerning_moves_glyphs_and_a_wide_gap_becomes_one_space() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    let content = b"BT /F1 10 Tf 2 Tc 50 800 Td [<0010> 500 <0011> -3000 <0012>] TJ ET";
    pdf.page(content, fonts(vec![("F1", f)]), Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.lines.len(), 1);
    assert_eq!(p.lines[0].text, "时间 地");
    let g = &p.lines[0].glyphs;
    // 时 at 50, advance 10 + Tc 2, kern -5 → 间 at 57, advance 12 → 69, kern +30 → 地 at 99.
    assert!(close(g[1].bbox.x0, 57.0), "{:?}", g[1].bbox);
    assert!(close(g[3].bbox.x0, 99.0), "{:?}", g[3].bbox);
    assert_rect(
        Rect::new(g[2].bbox.x0, 0.0, g[2].bbox.x1, 0.0),
        67.0,
        0.0,
        99.0,
        0.0,
    );
}

#[test]
fn a_label_and_its_value_on_one_baseline_form_one_line_and_lines_go_top_down() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    let content = b"BT /F1 12 Tf 300 600 Td <0002> Tj ET BT /F1 12 Tf 100 700 Td <0010> Tj ET BT /F1 12 Tf 300 700.5 Td <0011> Tj ET";
    pdf.page(content, fonts(vec![("F1", f)]), Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["时 间", "答"]);
}

#[test]
fn simple_truetype_font_decodes_differences_glyph_names_and_widths() {
    let mut pdf = TestPdf::new();
    let font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Arial",
        "FirstChar" => 65, "LastChar" => 67,
        "Widths" => vec![600.into(), 700.into(), 800.into()],
        "Encoding" => dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding", "Differences" => vec![66.into(), Object::Name(b"uni95EE".to_vec())] },
    });
    pdf.page(
        b"BT /F2 10 Tf 10 800 Td (ABC) Tj ET",
        fonts(vec![("F2", font)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.lines[0].text, "A问C");
    let g = &p.lines[0].glyphs;
    assert!(close(g[1].bbox.x0, 16.0) && close(g[2].bbox.x0, 23.0) && close(g[2].bbox.x1, 31.0));
}

#[test]
fn to_unicode_wins_over_a_type3_differences_encoding() {
    let mut pdf = TestPdf::new();
    let cmap =
        b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <8BAF> <02> <95EE> endbfchar";
    let to_unicode = pdf.add(Stream::new(Dictionary::new(), cmap.to_vec()));
    let font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), 0.001.into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), (-120).into(), 1000.into(), 880.into()],
        "FirstChar" => 1, "LastChar" => 2, "Widths" => vec![1000.into(), 1000.into()],
        "Encoding" => dictionary! { "Type" => "Encoding", "Differences" => vec![1.into(), "g1".into(), "g2".into()] },
        "CharProcs" => Dictionary::new(), "Resources" => Dictionary::new(),
        "ToUnicode" => to_unicode,
    });
    pdf.page(
        b"BT /T3 20 Tf 100 400 Td <0102> Tj ET",
        fonts(vec![("T3", font)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.source, PageSource::TextLayer);
    assert_eq!(p.lines[0].text, "讯问");
    assert_rect(p.lines[0].glyphs[1].bbox, 120.0, 442.0 - 17.6, 140.0, 442.0 + 2.4);
}

#[test]
fn form_xobjects_run_with_their_matrix_and_own_resources() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    let form = pdf.add(Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![2.into(), 0.into(), 0.into(), 2.into(), 100.into(), 100.into()],
            "Resources" => fonts(vec![("FX", f)]),
        },
        b"BT /FX 10 Tf 0 0 Td <0001> Tj ET 0 0 m 10 10 l S /Fm1 Do".to_vec(),
    ));
    // The form draws itself again: the cycle must stop.
    if let Ok(Object::Stream(s)) = pdf.doc.get_object_mut(form) {
        s.dict
            .get_mut(b"Resources")
            .unwrap()
            .as_dict_mut()
            .unwrap()
            .set("XObject", dictionary! { "Fm1" => form });
    }
    let res = dictionary! { "XObject" => dictionary! { "Fm1" => form } };
    pdf.page(b"q 1 0 0 1 50 0 cm /Fm1 Do Q", res, Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.text(), "问\n");
    // Origin (0,0) → form matrix (100,100) → cm (150,100) → page y 842-100 = 742; size 20.
    assert_rect(p.lines[0].glyphs[0].bbox, 150.0, 742.0 - 17.6, 170.0, 742.0 + 2.4);
    assert_eq!(p.strokes.len(), 1);
    assert!(p.strokes[0].freeform);
}

#[test]
fn a_page_rotated_90_degrees_reports_displayed_size_and_positions() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    pdf.page(
        b"BT /F1 10 Tf 100 700 Td <0001> Tj ET 0 0 m 595 0 l S",
        fonts(vec![("F1", f)]),
        dictionary! { "Rotate" => 90 },
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!((p.width, p.height), (842.0, 595.0));
    assert_eq!(p.lines.len(), 1);
    // User (100, 700) shows at (700, 100) with the text running downwards.
    let b = p.lines[0].glyphs[0].bbox;
    assert_rect(b, 700.0 - 1.2, 100.0, 700.0 + 8.8, 110.0);
    // The bottom edge of the unrotated page is the left edge of the displayed one.
    assert!(close(p.strokes[0].bbox.x1 - p.strokes[0].bbox.x0, 1.0) && close(p.strokes[0].bbox.y1, 595.5));
}

#[test]
fn strokes_carry_bbox_colour_segments_and_freeform() {
    let mut pdf = TestPdf::new();
    let content = b"1 0 0 RG 0.5 w 10 10 m 50 30 l 60 40 70 50 80 30 c S 0 0 1 rg 100 100 200 20 re f 0 0 0 1 K 10 500 m 300 500 l S";
    pdf.page(content, Dictionary::new(), Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    assert_eq!(
        p.source,
        PageSource::NeedsOcr {
            reason: "no text layer".into()
        }
    );
    assert_eq!(p.strokes.len(), 3);
    let s = &p.strokes;
    assert!(s[0].freeform && s[0].segments == 2 && s[0].color == [1.0, 0.0, 0.0]);
    assert_rect(s[0].bbox, 9.75, 842.0 - 50.25, 80.25, 842.0 - 9.75);
    assert!(!s[1].freeform && s[1].segments == 4 && s[1].color == [0.0, 0.0, 1.0]);
    assert_rect(s[1].bbox, 100.0, 842.0 - 120.0, 300.0, 742.0);
    assert!(!s[2].freeform && s[2].color == [0.0, 0.0, 0.0] && s[2].bbox.height() > 0.0);
}

/// A 40×40 gray image: the left `dark` columns black, the rest white.
fn gray_image(dark: usize, smask: Option<ObjectId>) -> Stream {
    let mut px = Vec::new();
    for _ in 0..40 {
        for x in 0..40 {
            px.push(if x < dark { 0u8 } else { 255 });
        }
    }
    let mut dict = dictionary! {
        "Type" => "XObject", "Subtype" => "Image", "Width" => 40, "Height" => 40,
        "ColorSpace" => "DeviceGray", "BitsPerComponent" => 8,
    };
    if let Some(m) = smask {
        dict.set("SMask", m);
    }
    let mut s = Stream::new(dict, px);
    s.compress().unwrap();
    s
}

#[test]
fn placed_flate_images_report_box_pixel_size_and_ink_honouring_the_soft_mask() {
    let mut pdf = TestPdf::new();
    let plain = gray_image(10, None);
    assert!(plain.dict.has(b"Filter"));
    let plain = pdf.add(plain);
    // The soft mask hides the left half, so only columns 20..40 count: all white.
    let mask = pdf.add(gray_image(20, None));
    let masked = pdf.add(gray_image(20, Some(mask)));
    let red = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceRGB", "BitsPerComponent" => 8 },
        vec![230, 20, 20, 255, 255, 255],
    ));
    let res = dictionary! { "XObject" => dictionary! { "A" => plain, "B" => masked, "C" => red } };
    pdf.page(
        b"q 100 0 0 50 10 20 cm /A Do Q q 40 0 0 40 200 200 cm /B Do Q q 2 0 0 1 0 0 cm /C Do Q",
        res,
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.images.len(), 3);
    let a = &p.images[0];
    assert_rect(a.bbox, 10.0, 842.0 - 70.0, 110.0, 842.0 - 20.0);
    assert_eq!((a.pixel_width, a.pixel_height), (40, 40));
    assert!(close(a.ink_ratio.unwrap(), 0.25) && a.red_ratio == Some(0.0));
    assert_eq!(p.images[1].ink_ratio, Some(0.0));
    assert_eq!(p.images[2].ink_ratio, Some(0.5));
    assert_eq!(p.images[2].red_ratio, Some(1.0));
}

#[test]
fn undecodable_filters_and_inline_images_keep_their_box_without_ink() {
    let mut pdf = TestPdf::new();
    let jbig = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 8, "ColorSpace" => "DeviceGray", "BitsPerComponent" => 1, "Filter" => "JBIG2Decode" },
        vec![0; 8],
    ));
    let res = dictionary! { "XObject" => dictionary! { "J" => jbig } };
    pdf.page(
        b"q 10 0 0 10 0 0 cm /J Do Q q 20 0 0 20 100 100 cm BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI Q",
        res,
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.images.len(), 2);
    assert_eq!((p.images[0].pixel_width, p.images[0].ink_ratio), (8, None));
    assert_eq!((p.images[1].pixel_width, p.images[1].pixel_height), (2, 1));
    assert_rect(p.images[1].bbox, 100.0, 842.0 - 120.0, 120.0, 842.0 - 100.0);
}

#[test]
fn identity_h_without_to_unicode_is_sent_to_ocr() {
    let mut pdf = TestPdf::new();
    let descendant = pdf
        .add(dictionary! { "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "X", "DW" => 1000 });
    let font = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-H", "DescendantFonts" => vec![descendant.into()] });
    pdf.page(
        b"BT /F1 12 Tf 100 700 Td <0001000200030004> Tj ET",
        fonts(vec![("F1", font)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert!(
        matches!(&p.source, PageSource::NeedsOcr { reason } if reason.starts_with("text layer unreadable")),
        "{:?}",
        p.source
    );
    assert!(p.lines.is_empty());
}

#[test]
fn latin1_garbage_without_chinese_is_sent_to_ocr() {
    let mut pdf = TestPdf::new();
    let font = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "TrueType", "BaseFont" => "Junk", "Encoding" => "WinAnsiEncoding" });
    pdf.page(
        b"BT /F1 12 Tf 100 700 Td (\xc3\xa9\xb5\x02\xd7\x01\xfe\xa7ab) Tj ET",
        fonts(vec![("F1", font)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert!(
        matches!(&p.source, PageSource::NeedsOcr { reason } if reason.contains("Latin-1")),
        "{:?}",
        p.source
    );
}

#[test]
fn gbk_and_ucs2_predefined_cmaps_decode_without_to_unicode() {
    let mut pdf = TestPdf::new();
    let d1 = pdf.add(
        dictionary! { "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong", "DW" => 1000 },
    );
    let gbk = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "GBK-EUC-H", "DescendantFonts" => vec![d1.into()] });
    let d2 = pdf.add(
        dictionary! { "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "STSong", "DW" => 1000 },
    );
    let ucs = pdf.add(dictionary! { "Type" => "Font", "Subtype" => "Type0", "Encoding" => "UniGB-UCS2-H", "DescendantFonts" => vec![d2.into()] });
    let content = b"BT /G 10 Tf 100 700 Td (\xd1\xb6\xce\xca1) Tj ET BT /U 10 Tf 100 600 Td <8BAF95EE> Tj ET";
    pdf.page(content, fonts(vec![("G", gbk), ("U", ucs)]), Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.text(), "讯问1\n讯问\n");
    // ASCII in a CJK font is half-width when the CID is unknown.
    assert!(close(p.lines[0].glyphs[2].bbox.width(), 5.0));
}

#[test]
fn a_page_whose_content_cannot_be_decoded_fails_alone() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    pdf.page(
        b"BT /F1 12 Tf 100 700 Td <0001> Tj ET",
        fonts(vec![("F1", f)]),
        Dictionary::new(),
    );
    let broken = pdf.add(Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        b"this is not zlib data at all".to_vec(),
    ));
    pdf.page(b"", Dictionary::new(), dictionary! { "Contents" => broken });
    let pages = extract(&pdf.finish());
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].text(), "问\n");
    assert!(
        matches!(&pages[1].source, PageSource::Failed { error } if error.contains("content stream")),
        "{:?}",
        pages[1].source
    );
    assert_eq!(pages[1].number, 2);
}

#[test]
fn zero_pages_too_many_pages_and_garbage_are_whole_file_errors() {
    let empty = TestPdf::new().finish();
    assert!(matches!(
        extract_pdf(&empty, &Limits::default()),
        Err(ExtractError::NoPages)
    ));

    let mut pdf = TestPdf::new();
    for _ in 0..3 {
        pdf.page(b"", Dictionary::new(), Dictionary::new());
    }
    let three = pdf.finish();
    let limits = Limits {
        max_pages: 2,
        ..Limits::default()
    };
    assert!(matches!(
        extract_pdf(&three, &limits),
        Err(ExtractError::TooManyPages { pages: 3, limit: 2 })
    ));

    assert!(matches!(
        extract_pdf(b"%PDF-1.4\nnothing here", &Limits::default()),
        Err(ExtractError::Malformed(_))
    ));
}

#[test]
fn a_truncated_file_is_malformed() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    pdf.page(
        b"BT /F1 12 Tf 100 700 Td <0001> Tj ET",
        fonts(vec![("F1", f)]),
        Dictionary::new(),
    );
    let bytes = pdf.finish();
    for cut in [20, bytes.len() / 4, bytes.len() / 2] {
        match extract_pdf(&bytes[..cut], &Limits::default()) {
            Err(ExtractError::Malformed(_)) => {}
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
}

#[test]
fn a_file_with_an_encrypt_entry_in_its_trailer_is_refused_as_encrypted() {
    let mut pdf = TestPdf::new();
    pdf.page(b"", Dictionary::new(), Dictionary::new());
    let enc = pdf.add(
        dictionary! { "Filter" => "Standard", "V" => 2, "R" => 3, "Length" => 128, "P" => -4,
        "O" => Object::string_literal(vec![0u8; 32]), "U" => Object::string_literal(vec![0u8; 32]) },
    );
    pdf.doc.trailer.set("Encrypt", enc);
    pdf.doc.trailer.set(
        "ID",
        vec![
            Object::string_literal(vec![1u8; 16]),
            Object::string_literal(vec![1u8; 16]),
        ],
    );
    let bytes = pdf.finish();
    assert!(matches!(
        extract_pdf(&bytes, &Limits::default()),
        Err(ExtractError::Encrypted)
    ));
}

#[test]
fn hostile_inputs_never_panic() {
    let mut pdf = TestPdf::new();
    let f = cjk_font(&mut pdf);
    let content: &[u8] =
        b"q q q Q Q Q Q Q 1e30 0 0 1e30 1e30 0 cm BT /F1 1e38 Tf (x) Tj /Nope 3 Tf <00> Tj ET \
        /Missing Do 1 2 3 4 5 6 7 8 cm 0 0 m c S BI ID EI re 3 Tz [] TJ TJ Tj ' \" 9 9 9 9 9 9 9 9 9 K";
    pdf.page(
        content,
        fonts(vec![("F1", f)]),
        dictionary! { "Rotate" => 45, "CropBox" => vec![1.into()] },
    );
    let bytes = pdf.finish();
    let _ = extract_pdf(&bytes, &Limits::default());
    for cut in (0..bytes.len()).step_by(97) {
        let _ = extract_pdf(&bytes[..cut], &Limits::default());
    }
}

#[test]
fn an_embedded_encoding_cmap_sets_code_lengths_while_to_unicode_gives_the_text() {
    let mut pdf = TestPdf::new();
    let enc = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
        2 begincidrange <00> <7F> 0 <8000> <8FFF> 200 endcidrange endcmap";
    let encoding = pdf.add(Stream::new(
        dictionary! { "Type" => "CMap", "CMapName" => "Custom" },
        enc.to_vec(),
    ));
    let tu = b"2 begincodespacerange <00> <7F> <8000> <FFFF> endcodespacerange
        3 beginbfchar <41> <0041> <8001> <8BAF> <8002> <95EE> endbfchar";
    let to_unicode = pdf.add(Stream::new(Dictionary::new(), tu.to_vec()));
    let descendant = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "CIDFontType0", "BaseFont" => "NotoSansCJK", "DW" => 1000,
        "W" => vec![65.into(), vec![600.into()].into()],
    });
    let font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "Encoding" => encoding,
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    });
    pdf.page(
        b"BT /F1 10 Tf 100 700 Td <4180018002> Tj ET",
        fonts(vec![("F1", font)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(p.text(), "A讯问\n");
    assert!(close(p.lines[0].glyphs[1].bbox.x0, 106.0));
}

#[test]
fn vertical_text_becomes_its_own_line_in_drawing_order() {
    let mut pdf = TestPdf::new();
    let to_unicode = pdf.add(Stream::new(Dictionary::new(), TO_UNICODE.to_vec()));
    let descendant = pdf.add(
        dictionary! { "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "SimSun", "DW" => 1000 },
    );
    let font = pdf.add(dictionary! {
        "Type" => "Font", "Subtype" => "Type0", "Encoding" => "Identity-V",
        "DescendantFonts" => vec![descendant.into()], "ToUnicode" => to_unicode,
    });
    let horizontal = cjk_font(&mut pdf);
    let content = b"BT /V 10 Tf 500 720 Td <001000110012> Tj ET BT /H 10 Tf 100 690 Td <00010002> Tj ET";
    pdf.page(
        content,
        fonts(vec![("V", font), ("H", horizontal)]),
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    let texts: Vec<&str> = p.lines.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(texts, vec!["时间地", "问答"]);
    let b = p.lines[0].bbox;
    assert_rect(b, 495.0, 122.0, 505.0, 152.0);
}

#[test]
fn a_stencil_mask_image_takes_the_fill_colour_for_its_ink() {
    let mut pdf = TestPdf::new();
    // 8×2, 1 bit per pixel: the first row painted (0 bits), the second not.
    let mask = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 8, "Height" => 2, "ImageMask" => true },
        vec![0x00, 0xFF],
    ));
    let res = dictionary! { "XObject" => dictionary! { "M" => mask } };
    pdf.page(
        b"q 0.9 0.1 0.1 rg 80 0 0 20 10 10 cm /M Do Q q 1 g 80 0 0 20 10 100 cm /M Do Q",
        res,
        Dictionary::new(),
    );
    let p = &extract(&pdf.finish())[0];
    assert_eq!(
        (p.images[0].ink_ratio, p.images[0].red_ratio),
        (Some(0.5), Some(1.0))
    );
    assert_eq!(p.images[1].ink_ratio, Some(0.0));
}

#[test]
fn cmyk_and_indexed_images_are_measured_in_rgb() {
    let mut pdf = TestPdf::new();
    let cmyk = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 2, "Height" => 1, "ColorSpace" => "DeviceCMYK", "BitsPerComponent" => 8 },
        vec![0, 255, 255, 0, 0, 0, 0, 0],
    ));
    let palette = Object::String(vec![255, 255, 255, 0, 0, 0], lopdf::StringFormat::Hexadecimal);
    let indexed = pdf.add(Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Image", "Width" => 4, "Height" => 1,
            "ColorSpace" => vec!["Indexed".into(), "DeviceRGB".into(), 1.into(), palette], "BitsPerComponent" => 1 },
        vec![0b0111_0000],
    ));
    let res = dictionary! { "XObject" => dictionary! { "C" => cmyk, "I" => indexed } };
    pdf.page(b"/C Do /I Do", res, Dictionary::new());
    let p = &extract(&pdf.finish())[0];
    assert_eq!(
        (p.images[0].ink_ratio, p.images[0].red_ratio),
        (Some(0.5), Some(1.0))
    );
    assert_eq!(p.images[1].ink_ratio, Some(0.75));
}
