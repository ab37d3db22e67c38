//! Page images for reviewers: one page of a stored file as PNG, with defect boxes drawn on it
//! when asked. PDF pages — with a text layer or scanned — are rendered by poppler's
//! `pdftoppm` (what the page looks like, not only its largest image); PNG, JPEG and TIFF
//! uploads are decoded by the raster stage the OCR path uses. Boxes are fractions of the
//! page (the report's `bbox`), so the same box lands right at any resolution.

use std::io::Cursor;
use std::path::Path;
use std::process::Command;

use image::{ImageFormat, Rgb, RgbImage};
use thiserror::Error;

use crate::extract::raster::{ImageFile, RasterError};
use crate::ingest::{self, FileKind, Limits};

/// Rendering resolution for PDF pages: legible on screen, a few hundred kB per A4 page.
const DPI: u32 = 110;

#[derive(Debug, Error)]
pub enum RenderError {
    #[error("the file has no page {0}")]
    NoPage(usize),
    #[error("cannot render the page: {0}")]
    Tool(String),
    #[error(transparent)]
    Raster(#[from] RasterError),
    #[error("cannot read the stored file: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot encode the page image: {0}")]
    Image(#[from] image::ImageError),
}

/// Page `page` (1-based) of the stored file at `path` as PNG, with `boxes` outlined in red.
pub fn page_png(
    path: &Path,
    page: usize,
    boxes: &[[f64; 4]],
    limits: &Limits,
) -> Result<Vec<u8>, RenderError> {
    if page == 0 {
        return Err(RenderError::NoPage(page));
    }
    let bytes = std::fs::read(path)?;
    let kind = ingest::sniff(&bytes).ok_or(RenderError::NoPage(page))?;
    let image = match kind {
        FileKind::Pdf => {
            let png = pdftoppm(path, page)?;
            if boxes.is_empty() {
                return Ok(png);
            }
            image::load_from_memory_with_format(&png, ImageFormat::Png)?.to_rgb8()
        }
        FileKind::Png | FileKind::Jpeg | FileKind::Tiff => {
            let file = ImageFile::open(&bytes, kind, limits)?;
            if page > file.page_count() {
                return Err(RenderError::NoPage(page));
            }
            file.decode(page - 1)?.image
        }
    };
    let mut image = image;
    for b in boxes {
        outline(&mut image, *b);
    }
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png)?;
    Ok(out.into_inner())
}

fn pdftoppm(path: &Path, page: usize) -> Result<Vec<u8>, RenderError> {
    let dir = tempfile::tempdir()?;
    let root = dir.path().join("page");
    let n = page.to_string();
    let out = Command::new("pdftoppm")
        .args(["-f", &n, "-l", &n, "-r", &DPI.to_string(), "-png", "-singlefile"])
        .arg(path)
        .arg(&root)
        .output()
        .map_err(|e| RenderError::Tool(format!("cannot run pdftoppm (install poppler-utils): {e}")))?;
    let png = root.with_extension("png");
    if !out.status.success() || !png.exists() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        if stderr.contains("Wrong page range")
            || stderr.contains("first page")
            || !png.exists() && out.status.success()
        {
            return Err(RenderError::NoPage(page));
        }
        return Err(RenderError::Tool(stderr.trim().to_string()));
    }
    Ok(std::fs::read(png)?)
}

/// A red frame around `bbox` (fractions of the page), a little outside it so the marked text
/// stays readable.
fn outline(image: &mut RgbImage, bbox: [f64; 4]) {
    let (w, h) = (image.width(), image.height());
    if w == 0 || h == 0 {
        return;
    }
    let thick = (w / 400).max(2);
    let px = |v: f64, size: u32| ((v.clamp(0.0, 1.0) * f64::from(size)).round() as u32).min(size - 1);
    let x0 = px(bbox[0], w).saturating_sub(thick);
    let y0 = px(bbox[1], h).saturating_sub(thick);
    let x1 = (px(bbox[2], w) + thick).min(w - 1);
    let y1 = (px(bbox[3], h) + thick).min(h - 1);
    let red = Rgb([220, 20, 20]);
    for x in x0..=x1 {
        for t in 0..thick {
            image.put_pixel(x, (y0 + t).min(h - 1), red);
            image.put_pixel(x, y1.saturating_sub(t), red);
        }
    }
    for y in y0..=y1 {
        for t in 0..thick {
            image.put_pixel((x0 + t).min(w - 1), y, red);
            image.put_pixel(x1.saturating_sub(t), y, red);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_box_is_outlined_in_red_where_the_fractions_say() {
        let mut img = RgbImage::from_pixel(400, 200, Rgb([255, 255, 255]));
        outline(&mut img, [0.25, 0.5, 0.5, 0.75]);
        assert_eq!(img.get_pixel(100 - 2, 100 - 2), &Rgb([220, 20, 20]));
        assert_eq!(
            img.get_pixel(150, 125),
            &Rgb([255, 255, 255]),
            "the inside stays clear"
        );
        // A box off the page is clamped, not a panic.
        outline(&mut img, [-1.0, 0.9, 2.0, 3.0]);
    }
}
