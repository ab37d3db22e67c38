//! The shipped weights on crops drawn by `crops.py --cases` (held-out fonts), and the errors a
//! bad weights file gives.

use std::path::Path;

use super::signature::SignatureModel;
use super::{ModelError, shipped_weights};

fn shipped() -> SignatureModel {
    SignatureModel::from_file(&shipped_weights()).expect("the shipped weights load")
}

fn crop(name: &str) -> image::RgbImage {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("models/testdata/signature/{name}.png"));
    image::open(&path).expect("test crop").into_rgb8()
}

fn verdict(name: &str) -> (f32, f32) {
    let v = shipped().classify(&crop(name)).expect("classified");
    (v.signed, v.fingerprint)
}

#[test]
fn blank_slot_with_underline_is_not_signed() {
    let (signed, fp) = verdict("blank_underline");
    assert!(signed < 0.5 && fp < 0.5, "signed {signed}, fingerprint {fp}");
}

#[test]
fn printed_label_and_neighbouring_print_are_not_a_signature() {
    let (signed, fp) = verdict("printed_label_only");
    assert!(signed < 0.5 && fp < 0.5, "signed {signed}, fingerprint {fp}");
}

#[test]
fn typed_name_in_the_slot_is_not_a_signature() {
    let (signed, _) = verdict("typed_name");
    assert!(signed < 0.5, "signed {signed}");
}

#[test]
fn official_seal_is_neither_signature_nor_fingerprint() {
    let (signed, fp) = verdict("seal_only");
    assert!(signed < 0.5 && fp < 0.5, "signed {signed}, fingerprint {fp}");
}

#[test]
fn handwritten_name_is_signed() {
    for name in ["name", "name_grey"] {
        let (signed, fp) = verdict(name);
        assert!(
            signed > 0.5 && fp < 0.5,
            "{name}: signed {signed}, fingerprint {fp}"
        );
    }
}

#[test]
fn fingerprint_alone_is_a_fingerprint_but_not_a_signature() {
    let (signed, fp) = verdict("fingerprint");
    assert!(signed < 0.5 && fp > 0.5, "signed {signed}, fingerprint {fp}");
}

#[test]
fn name_with_fingerprint_under_a_seal_is_both() {
    let (signed, fp) = verdict("name_fingerprint_seal");
    assert!(signed > 0.5 && fp > 0.5, "signed {signed}, fingerprint {fp}");
}

#[test]
fn wider_crop_of_the_same_blank_slot_stays_blank() {
    // A slot running to the page's edge is wider than the training crops.
    let c = crop("blank_underline");
    let mut wide = image::RgbImage::from_pixel(c.width() * 3, c.height(), image::Rgb([250, 250, 248]));
    image::imageops::replace(&mut wide, &c, 0, 0);
    let v = shipped().classify(&wide).expect("classified");
    assert!(v.signed < 0.5, "signed {}", v.signed);
}

#[test]
fn corrupt_weights_give_a_clear_error() {
    let err = SignatureModel::from_bytes(b"not safetensors at all", "models/bad.safetensors").unwrap_err();
    assert!(matches!(err, ModelError::Corrupt { .. }), "{err:?}");
    let msg = err.to_string();
    assert!(
        msg.contains("models/bad.safetensors") && msg.contains("not usable"),
        "{msg}"
    );
}

#[test]
fn missing_weights_file_names_the_path() {
    let err = SignatureModel::from_file(Path::new("/nonexistent/signature.safetensors")).unwrap_err();
    assert!(
        err.to_string().contains("/nonexistent/signature.safetensors"),
        "{err}"
    );
}

#[test]
fn page_copy_round_trips_the_model_planes() {
    use super::signature::planes;
    let img = image::RgbImage::from_fn(40, 20, |x, y| image::Rgb([(x * 6) as u8, (y * 12) as u8, 90]));
    let kept = super::pixels::keep(&img, 100.0, 40.0).expect("encoded");
    let back = super::pixels::decode(&kept).expect("decoded");
    assert_eq!(planes(back.as_raw(), 800), planes(img.as_raw(), 800));
}

#[test]
fn page_copy_kept_before_the_blue_plane_still_decodes_with_its_red() {
    use image::{ImageEncoder, LumaA};
    // Grey and alpha, as copies were kept: darkest channel 100, red over the others 60.
    let old = image::GrayAlphaImage::from_pixel(4, 2, LumaA([100, 60]));
    let mut png = Vec::new();
    image::codecs::png::PngEncoder::new(&mut png)
        .write_image(old.as_raw(), 4, 2, image::ExtendedColorType::La8)
        .unwrap();
    let copy = crate::page::PagePixels {
        png: std::sync::Arc::new(png),
        scale: 1.0,
    };
    let back = super::pixels::decode(&copy).expect("decoded");
    assert_eq!(back.get_pixel(3, 1).0, [160, 100, 100]);
}

#[test]
fn label_height_is_read_from_its_ink_not_from_its_box() {
    use crate::geom::Rect;
    use image::{Rgb, RgbImage};
    // A page copy at 2 px per page unit; print 10 units tall (rows 40–59) in a box 16 tall.
    let mut page = RgbImage::from_pixel(200, 100, Rgb([245, 245, 245]));
    for y in 40..60 {
        for x in (20..80).filter(|x| x % 3 != 0) {
            page.put_pixel(x, y, Rgb([25, 25, 25]));
        }
    }
    let label = Rect {
        x0: 10.0,
        y0: 17.0,
        x1: 45.0,
        y1: 33.0,
    };
    let height = |page: &RgbImage| super::pixels::ink_height(page, 2.0, &label).expect("ink");
    assert!((height(&page) - 10.0).abs() <= 0.5, "{}", height(&page));
    // A speck of dust at the box's top does not stretch it.
    page.put_pixel(30, 35, Rgb([0, 0, 0]));
    assert!((height(&page) - 10.0).abs() <= 0.5, "{}", height(&page));
    // Whitened (as the page number is before slots are cut), the box holds no ink.
    super::pixels::whiten(&mut page, 2.0, &label);
    assert_eq!(super::pixels::ink_height(&page, 2.0, &label), None);
    assert_eq!(*page.get_pixel(25, 50), Rgb([255, 255, 255]));
    assert_eq!(
        *page.get_pixel(95, 50),
        Rgb([245, 245, 245]),
        "outside the box is left alone"
    );
}

#[test]
fn matrix_product_convolution_equals_candles_conv2d() {
    use candle_core::{Device, Tensor};
    // The shipped weights on a crop whose 2×2 blocks make an odd width (padding at every
    // edge is exercised).
    let m = shipped();
    use super::signature::{INPUT_HEIGHT, PLANES};
    let x = Tensor::rand(0f32, 1.0, (3, PLANES, INPUT_HEIGHT as usize, 74), &Device::Cpu).unwrap();
    let ours = m
        .net()
        .forward(&x)
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1::<f32>()
        .unwrap();
    let candle = m
        .net()
        .forward_with(&x, |_, x, c| super::signature::candle_conv3x3(x, c))
        .unwrap()
        .flatten_all()
        .unwrap()
        .to_vec1::<f32>()
        .unwrap();
    assert_eq!(ours.len(), 6);
    for (a, b) in ours.iter().zip(&candle) {
        assert!((a - b).abs() < 1e-4 * (1.0 + b.abs()), "{ours:?} vs {candle:?}");
    }
}

#[test]
fn slot_crop_blanks_the_label_but_not_the_slot() {
    use crate::geom::Rect;
    use image::{Rgb, RgbImage};
    // A page copy at 2 px per page unit, grey ink everywhere; text height 10 units.
    let mut page = RgbImage::from_pixel(400, 200, Rgb([40, 40, 40]));
    // A fingerprint's red ink pressed over the label's end (page units 46–48), and print
    // beside it whose red is no more than a JPEG's colour bleeding.
    for x in 92..96 {
        for y in 88..94 {
            page.put_pixel(x, y, Rgb([200, 60, 70]));
            page.put_pixel(x - 8, y, Rgb([70, 40, 40]));
        }
    }
    let label = Rect {
        x0: 20.0,
        y0: 40.0,
        x1: 50.0,
        y1: 52.0,
    };
    let area = Rect {
        x0: 50.0,
        y0: 38.0,
        x1: 150.0,
        y1: 56.0,
    };
    let crop = super::pixels::slot_crop(&page, 2.0, &label, &area, 10.0).expect("inside the page");
    // The crop starts 1.5 h left of the area (x 35) and 2.1 h above the label (y 19).
    assert_eq!(crop.dimensions(), (260, 96));
    let at = |x: f32, y: f32| *crop.get_pixel(((x - 35.0) * 2.0) as u32, ((y - 19.0) * 2.0) as u32);
    assert_eq!(at(45.0, 46.0), Rgb([255, 255, 255]), "the label's box is blank");
    assert_eq!(
        at(43.0, 45.0),
        Rgb([255, 255, 255]),
        "print with a tinge of red too"
    );
    assert_eq!(at(47.0, 45.0), Rgb([200, 60, 70]), "but not red ink over it");
    assert_eq!(at(60.0, 46.0), Rgb([40, 40, 40]), "the slot after it is not");
    assert_eq!(at(45.0, 25.0), Rgb([40, 40, 40]), "nor the line above the label");
}
