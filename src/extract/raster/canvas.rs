//! Placing an upright page image on its page: when the image covers only part of the page (or
//! spills over it), it is pasted on a white canvas of the page's shape at the image's own
//! resolution, so pixel positions stay proportional to page positions. Non-square pixels (fax
//! resolutions like 204×98 dpi) are resampled to square ones, which OCR needs, and the canvas
//! is kept within the pixel limit.

use image::imageops::{self, FilterType};
use image::{Rgb, RgbImage};

use super::Scan;
use crate::geom::Rect;

/// Horizontal and vertical resolutions closer than this (relative) count as square pixels.
const SQUARE_TOLERANCE: f32 = 0.02;

/// The scan of a `page_width` × `page_height` page whose only image is `image`, shown at `bbox`
/// (page points, top-left origin).
pub fn onto_page(image: RgbImage, bbox: Rect, page_width: f32, page_height: f32, max_pixels: u64) -> Scan {
    let (iw, ih) = (image.width() as f32, image.height() as f32);
    let (bw, bh) = (bbox.width().max(1e-3), bbox.height().max(1e-3));
    // Pixels per point along each axis.
    let (mut kx, mut ky) = (iw / bw, ih / bh);
    if (kx - ky).abs() > SQUARE_TOLERANCE * kx.max(ky) {
        kx = kx.max(ky);
        ky = kx;
    }
    let area = (page_width * kx * page_height * ky).max(bw * kx * bh * ky);
    if area > max_pixels as f32 {
        let f = (max_pixels as f32 / area).sqrt();
        (kx, ky) = (kx * f, ky * f);
    }
    let px = |v: f32| v.round().max(1.0) as u32;
    let (tw, th) = (px(bw * kx), px(bh * ky));
    let image = if (tw, th) == (image.width(), image.height()) {
        image
    } else {
        imageops::resize(&image, tw, th, FilterType::Triangle)
    };
    let (cw, ch) = (px(page_width * kx), px(page_height * ky));
    let (ox, oy) = ((bbox.x0 * kx).round() as i64, (bbox.y0 * ky).round() as i64);
    let image = if (cw, ch) == (tw, th) && (ox, oy) == (0, 0) {
        image
    } else {
        let mut canvas = RgbImage::from_pixel(cw, ch, Rgb([255; 3]));
        imageops::replace(&mut canvas, &image, ox, oy);
        canvas
    };
    Scan {
        image,
        page_width,
        page_height,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_page_image_is_kept_as_it_is() {
        let img = RgbImage::from_pixel(100, 141, Rgb([7; 3]));
        let scan = onto_page(
            img.clone(),
            Rect::new(0.0, 0.0, 595.0, 841.0),
            595.0,
            841.0,
            1 << 30,
        );
        assert_eq!(scan.image, img);
    }

    #[test]
    fn a_partial_image_is_pasted_on_white_at_its_place() {
        // 50×50 px over 100×100 pt in the bottom-right quarter of a 200×200 pt page.
        let img = RgbImage::from_pixel(50, 50, Rgb([0; 3]));
        let scan = onto_page(img, Rect::new(100.0, 100.0, 200.0, 200.0), 200.0, 200.0, 1 << 30);
        assert_eq!(scan.image.dimensions(), (100, 100));
        assert_eq!(scan.image.get_pixel(49, 49).0, [255; 3]);
        assert_eq!(scan.image.get_pixel(50, 50).0, [0; 3]);
        assert_eq!(scan.image.get_pixel(99, 99).0, [0; 3]);
    }

    #[test]
    fn fax_pixels_are_made_square_and_the_canvas_stays_within_the_limit() {
        let img = RgbImage::from_pixel(200, 100, Rgb([0; 3]));
        let scan = onto_page(
            img.clone(),
            Rect::new(0.0, 0.0, 100.0, 100.0),
            100.0,
            100.0,
            1 << 30,
        );
        assert_eq!(scan.image.dimensions(), (200, 200));
        let small = onto_page(img, Rect::new(0.0, 0.0, 1.0, 1.0), 1000.0, 1000.0, 10_000);
        assert!(u64::from(small.image.width()) * u64::from(small.image.height()) <= 10_000);
    }
}
