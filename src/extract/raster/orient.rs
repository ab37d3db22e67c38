//! Turning an image upright: the eight flips and quarter turns, as `image`'s EXIF orientations.
//! A PDF image's placement matrix is reduced to the nearest of them (scans are placed
//! axis-aligned; a slight skew is not worth resampling for OCR), and TIFF/JPEG/PNG orientation
//! tags name one directly.

use image::metadata::Orientation;
use image::{DynamicImage, RgbImage};

use crate::extract::pdf::matrix::Matrix;

/// The orientation that shows an image as `m` places it, where `m` maps the image's unit square
/// to the displayed page (y down). Image row 0 is the top of the unit square (v = 1), so pixel
/// columns run along `(a, b)` and rows along `(-c, -d)`.
pub fn of_placement(m: &Matrix) -> Orientation {
    if m.a.abs() + m.d.abs() >= m.b.abs() + m.c.abs() {
        match (m.a < 0.0, m.d > 0.0) {
            (false, false) => Orientation::NoTransforms,
            (true, false) => Orientation::FlipHorizontal,
            (false, true) => Orientation::FlipVertical,
            (true, true) => Orientation::Rotate180,
        }
    } else {
        // Columns run down or up the page, rows across it: a transposition plus flips.
        match (m.c > 0.0, m.b < 0.0) {
            (false, false) => Orientation::Rotate90FlipH,
            (true, false) => Orientation::Rotate90,
            (false, true) => Orientation::Rotate270,
            (true, true) => Orientation::Rotate270FlipH,
        }
    }
}

/// Whether `o` swaps width and height.
pub fn transposes(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

pub fn apply(image: RgbImage, o: Orientation) -> RgbImage {
    if o == Orientation::NoTransforms {
        return image;
    }
    let mut image = DynamicImage::ImageRgb8(image);
    image.apply_orientation(o);
    image.into_rgb8()
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A 3×2 image with one black pixel at column 0, row 0 (the image's top left).
    fn marked() -> RgbImage {
        let mut img = RgbImage::from_pixel(3, 2, Rgb([255; 3]));
        img.put_pixel(0, 0, Rgb([0; 3]));
        img
    }

    fn black_at(img: &RgbImage) -> (u32, u32, u32, u32) {
        let (x, y, _) = img.enumerate_pixels().find(|(_, _, p)| p.0 == [0; 3]).unwrap();
        (img.width(), img.height(), x, y)
    }

    #[test]
    fn placement_matrices_map_to_the_turn_that_shows_the_image_as_placed() {
        // Each case: display matrix (unit square → page, y down), where the image's top-left
        // pixel must land, in an output of 3×2 or 2×3 pixels.
        let cases = [
            (Matrix::new(3.0, 0.0, 0.0, -2.0, 0.0, 2.0), (3, 2, 0, 0)),
            (Matrix::new(-3.0, 0.0, 0.0, -2.0, 3.0, 2.0), (3, 2, 2, 0)),
            (Matrix::new(3.0, 0.0, 0.0, 2.0, 0.0, 0.0), (3, 2, 0, 1)),
            (Matrix::new(-3.0, 0.0, 0.0, 2.0, 3.0, 0.0), (3, 2, 2, 1)),
            // Columns down the page, rows leftwards: a quarter turn clockwise.
            (Matrix::new(0.0, 3.0, 2.0, 0.0, 0.0, 0.0), (2, 3, 1, 0)),
            (Matrix::new(0.0, -3.0, -2.0, 0.0, 2.0, 3.0), (2, 3, 0, 2)),
            (Matrix::new(0.0, 3.0, -2.0, 0.0, 2.0, 0.0), (2, 3, 0, 0)),
            (Matrix::new(0.0, -3.0, 2.0, 0.0, 0.0, 3.0), (2, 3, 1, 2)),
        ];
        for (m, want) in cases {
            let got = black_at(&apply(marked(), of_placement(&m)));
            assert_eq!(got, want, "{m:?}");
            // Cross-check: the centre of pixel (0, 0) is u = 0.5 / 3, v = 1 - 0.5 / 2.
            let (x, y) = m.apply(0.5 / 3.0, 0.75);
            assert_eq!((x.floor() as u32, y.floor() as u32), (got.2, got.3), "{m:?}");
        }
    }
}
