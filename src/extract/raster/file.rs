//! Image uploads (PNG, JPEG, multi-page TIFF) as pages. `open` reads headers only (for a TIFF,
//! the chain of page directories) so that sizes are refused before decoding and the page count
//! is known; `decode` decodes one page from the borrowed bytes and can run on several threads
//! at once. PNG and JPEG go through the `image` crate, TIFF through `tiff_file`.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, RgbImage};

use super::{RasterError, Scan, check_pixels, guarded, header, orient, tiff_file};
use crate::ingest::{FileKind, Limits};

/// Resolutions outside this range (dpi) are taken as missing or wrong.
const PLAUSIBLE_DPI: std::ops::RangeInclusive<f32> = 100.0..=1200.0;
/// The shorter side of A4 in points, for images without a plausible resolution.
const A4_SHORT_SIDE_PT: f32 = 595.3;
/// Decoders may allocate this many bytes per declared pixel (16-bit RGBA) plus some slack.
const ALLOC_BYTES_PER_PIXEL: u64 = 8;
const ALLOC_SLACK: u64 = 64 << 20;

/// One page of an image file, as its header describes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageInfo {
    pub width: u32,
    pub height: u32,
    pub dpi: Option<(f32, f32)>,
    /// JPEG: the data reaches its end-of-image marker.
    pub complete: bool,
    /// TIFF: the offset of the page's directory.
    pub ifd: u64,
}

/// A page-image upload over borrowed bytes.
#[derive(Debug, Clone)]
pub struct ImageFile<'a> {
    bytes: &'a [u8],
    kind: FileKind,
    max_pixels: u64,
    pages: Vec<PageInfo>,
}

impl<'a> ImageFile<'a> {
    /// Reads the headers (a TIFF's page directories) without decoding pixels.
    pub fn open(bytes: &'a [u8], kind: FileKind, limits: &Limits) -> Result<ImageFile<'a>, RasterError> {
        if bytes.is_empty() {
            return Err(RasterError::Empty);
        }
        let single = |h: header::Header| PageInfo {
            width: h.width,
            height: h.height,
            dpi: h.dpi,
            complete: h.complete,
            ifd: 0,
        };
        let pages = match kind {
            FileKind::Png => vec![single(header::png(bytes)?)],
            FileKind::Jpeg => vec![single(header::jpeg(bytes)?)],
            FileKind::Tiff => guarded(|| tiff_file::pages(bytes, limits.max_pages))?,
            FileKind::Pdf => return Err(RasterError::NotAnImage { kind: "PDF" }),
        };
        Ok(ImageFile {
            bytes,
            kind,
            max_pixels: limits.max_page_pixels,
            pages,
        })
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Decodes page `index` (0-based).
    pub fn decode(&self, index: usize) -> Result<Scan, RasterError> {
        let info = self.pages.get(index).ok_or(RasterError::NoSuchPage {
            index,
            count: self.pages.len(),
        })?;
        check_pixels(info.width, info.height, self.max_pixels)?;
        let (image, orientation) = guarded(|| match self.kind {
            FileKind::Tiff => tiff_file::decode(self.bytes, info, self.max_pixels),
            _ => self.decode_with_image(info),
        })?;
        let (mut page_width, mut page_height) = page_size(info);
        if orient::transposes(orientation) {
            (page_width, page_height) = (page_height, page_width);
        }
        Ok(Scan {
            image: orient::apply(image, orientation),
            page_width,
            page_height,
        })
    }

    fn decode_with_image(&self, info: &PageInfo) -> Result<(RgbImage, Orientation), RasterError> {
        let (format, name) = match self.kind {
            FileKind::Png => (ImageFormat::Png, "PNG"),
            _ => (ImageFormat::Jpeg, "JPEG"),
        };
        if !info.complete {
            return Err(RasterError::Damaged {
                format: name,
                detail: "the data ends before the end-of-image marker".into(),
            });
        }
        let mut limits = image::Limits::default();
        limits.max_image_width = Some(info.width);
        limits.max_image_height = Some(info.height);
        limits.max_alloc = Some(
            self.max_pixels
                .saturating_mul(ALLOC_BYTES_PER_PIXEL)
                .saturating_add(ALLOC_SLACK),
        );
        let mut reader = ImageReader::with_format(Cursor::new(self.bytes), format);
        reader.limits(limits);
        let error = |e: ImageError| image_error(name, e);
        let mut decoder = reader.into_decoder().map_err(error)?;
        let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
        let image = DynamicImage::from_decoder(decoder).map_err(error)?;
        Ok((flatten(image), orientation))
    }
}

fn image_error(format: &'static str, e: ImageError) -> RasterError {
    match e {
        ImageError::Unsupported(e) => RasterError::Unsupported {
            what: format!("a {format} feature ({e})"),
        },
        ImageError::Limits(e) => RasterError::Damaged {
            format,
            detail: format!("decoding it would exceed the memory limit ({e})"),
        },
        e => RasterError::Damaged {
            format,
            detail: e.to_string(),
        },
    }
}

/// 8-bit RGB, with any transparency composited over white (a transparent pixel of a scan is
/// paper, whatever colour its RGB channels hold).
fn flatten(image: DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.into_rgb8();
    }
    let rgba = image.into_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let over_white =
            |c: u8| ((u32::from(c) * u32::from(a) + 255 * (255 - u32::from(a)) + 127) / 255) as u8;
        image::Rgb([over_white(r), over_white(g), over_white(b)])
    })
}

/// The page size in points the image covers, from its resolution or, when that is missing or
/// implausible, by taking the shorter side as A4's.
fn page_size(info: &PageInfo) -> (f32, f32) {
    let (w, h) = (info.width as f32, info.height as f32);
    match info.dpi {
        Some((dx, dy)) if PLAUSIBLE_DPI.contains(&dx) && PLAUSIBLE_DPI.contains(&dy) => {
            (w * 72.0 / dx, h * 72.0 / dy)
        }
        _ => {
            let k = A4_SHORT_SIDE_PT / w.min(h);
            (w * k, h * k)
        }
    }
}
