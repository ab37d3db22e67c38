//! Multi-page TIFF through the `tiff` crate (which decodes Group 4 fax, LZW, Deflate, PackBits
//! and JPEG strips and tiles; Group 3 fax pages go to `tiff_fax`). `pages` walks the chain of page directories reading only their
//! tags; `decode` reads one page by presenting the crate a view of the file whose header points
//! straight at that page's directory, so decoding page n does not re-walk the n − 1 before it
//! and pages decode independently on several threads.

use std::collections::HashSet;
use std::io::{self, Cursor, Read, Seek, SeekFrom};

use image::RgbImage;
use image::metadata::Orientation;
use tiff::decoder::ifd::Value;
use tiff::decoder::{Decoder, DecodingResult, Limits};
use tiff::tags::Tag;
use tiff::{ColorType, TiffError};

use super::file::PageInfo;
use super::samples::{Colors, Samples};
use super::{RasterError, check_pixels, tiff_fax};

/// Room for a strip or tile's encoded bytes; a file cannot hand over more than its own size.
const MAX_CHUNK_BYTES: usize = 256 << 20;
/// Decoded pages may take this many bytes per declared pixel (16-bit RGBA).
const BYTES_PER_PIXEL: usize = 8;

fn error(e: TiffError) -> RasterError {
    match e {
        TiffError::UnsupportedError(e) => RasterError::Unsupported {
            what: format!("a TIFF feature ({e})"),
        },
        TiffError::LimitsExceeded => RasterError::Damaged {
            format: "TIFF",
            detail: "decoding it would exceed the memory limit".into(),
        },
        e => RasterError::Damaged {
            format: "TIFF",
            detail: e.to_string(),
        },
    }
}

/// The pages of a TIFF: every directory in the main chain except reduced-resolution copies
/// (thumbnails), at most `max_pages` of them.
pub fn pages(bytes: &[u8], max_pages: usize) -> Result<Vec<PageInfo>, RasterError> {
    let mut decoder = Decoder::new(Cursor::new(bytes)).map_err(error)?;
    let mut next = decoder.ifd_pointer();
    let mut seen = HashSet::new();
    let mut pages = Vec::new();
    while let Some(ptr) = next {
        if !seen.insert(ptr.0) {
            return Err(RasterError::Damaged {
                format: "TIFF",
                detail: "its chain of pages loops back on itself".into(),
            });
        }
        let dir = decoder.read_directory(ptr).map_err(error)?;
        next = dir.next();
        let mut tags = decoder.read_directory_tags(&dir);
        let mut unsigned = |tag| tags.find_tag_unsigned::<u32>(tag).map_err(error);
        if unsigned(Tag::NewSubfileType)?.is_some_and(|t| t & 1 == 1) {
            continue;
        }
        let (Some(width), Some(height)) = (unsigned(Tag::ImageWidth)?, unsigned(Tag::ImageLength)?) else {
            return Err(RasterError::Damaged {
                format: "TIFF",
                detail: format!("page {} has no image size", pages.len() + 1),
            });
        };
        let unit = unsigned(Tag::ResolutionUnit)?.unwrap_or(2);
        let mut resolution = |tag| tags.find_tag(tag).ok().flatten().and_then(ratio);
        let dpi = match (unit, resolution(Tag::XResolution), resolution(Tag::YResolution)) {
            (2, Some(x), Some(y)) => Some((x, y)),
            (3, Some(x), Some(y)) => Some((x * 2.54, y * 2.54)),
            _ => None,
        };
        if pages.len() == max_pages {
            return Err(RasterError::TooManyPages { limit: max_pages });
        }
        pages.push(PageInfo {
            width,
            height,
            dpi,
            complete: true,
            ifd: ptr.0,
        });
    }
    Ok(pages)
}

fn ratio(v: Value) -> Option<f32> {
    match v {
        Value::Rational(n, d) if d != 0 => Some(n as f32 / d as f32),
        Value::List(mut l) if !l.is_empty() => ratio(l.swap_remove(0)),
        Value::Short(v) => Some(f32::from(v)),
        Value::Unsigned(v) => Some(v as f32),
        Value::Float(v) => Some(v),
        _ => None,
    }
}

/// Decodes one page in 8-bit RGB, with the orientation its tag asks for.
pub fn decode(
    bytes: &[u8],
    page: &PageInfo,
    max_pixels: u64,
) -> Result<(RgbImage, Orientation), RasterError> {
    check_pixels(page.width, page.height, max_pixels)?;
    let mut limits = Limits::default();
    limits.decoding_buffer_size = usize::try_from(max_pixels)
        .unwrap_or(usize::MAX)
        .saturating_mul(BYTES_PER_PIXEL);
    limits.intermediate_buffer_size = MAX_CHUNK_BYTES;
    let view = OnePage::new(bytes, page.ifd)?;
    let mut decoder = Decoder::new(view).map_err(error)?.with_limits(limits);
    let (width, height) = decoder.dimensions().map_err(error)?;
    check_pixels(width, height, max_pixels)?;
    let planar = decoder
        .find_tag_unsigned::<u16>(Tag::PlanarConfiguration)
        .map_err(error)?;
    let color = decoder.colortype().map_err(error)?;
    if planar == Some(2) && !matches!(color, ColorType::Gray(_)) {
        return Err(RasterError::Unsupported {
            what: "separate colour planes (TIFF)".into(),
        });
    }
    let orientation = decoder
        .find_tag_unsigned::<u16>(Tag::Orientation)
        .ok()
        .flatten()
        .and_then(|o| u8::try_from(o).ok())
        .and_then(Orientation::from_exif)
        .unwrap_or(Orientation::NoTransforms);
    let compression = decoder
        .find_tag_unsigned::<u16>(Tag::Compression)
        .map_err(error)?;
    let samples = match compression {
        Some(c @ (tiff_fax::MODIFIED_HUFFMAN | tiff_fax::GROUP_3)) => {
            tiff_fax::decode(&mut decoder, bytes, width, height, c)?
        }
        _ => to_samples(width, height, color, decoder.read_image().map_err(error)?)?,
    };
    Ok((samples.to_rgb_image(), orientation))
}

/// The crate's output as samples. It has already inverted WhiteIsZero gray, so gray is
/// black-is-zero here.
fn to_samples(
    width: u32,
    height: u32,
    color: ColorType,
    result: DecodingResult,
) -> Result<Samples, RasterError> {
    let (bpc, mut data) = match result {
        DecodingResult::U8(v) => (u32::from(color.bit_depth()), v),
        DecodingResult::U16(v) => (16, v.iter().flat_map(|s| s.to_be_bytes()).collect()),
        _ => {
            return Err(RasterError::Unsupported {
                what: "TIFF samples of more than 16 bits or in floating point".into(),
            });
        }
    };
    let (colors, alpha) = match color {
        ColorType::Gray(_) => (Colors::Gray, false),
        ColorType::GrayA(_) | ColorType::Multiband { num_samples: 2, .. } => (Colors::Gray, true),
        ColorType::RGB(_) => (Colors::Rgb, false),
        ColorType::RGBA(_) => (Colors::Rgb, true),
        ColorType::CMYK(_) => (Colors::Cmyk, false),
        ColorType::CMYKA(_) => (Colors::Cmyk, true),
        ColorType::YCbCr(8) => {
            ycbcr_to_rgb(&mut data);
            (Colors::Rgb, false)
        }
        other => {
            return Err(RasterError::Unsupported {
                what: format!("TIFF pixels of type {other:?}"),
            });
        }
    };
    Samples::new(width, height, bpc, colors, alpha, &[], data)
}

/// JPEG-compressed TIFF pages come out of the crate as YCbCr (JFIF full range).
fn ycbcr_to_rgb(data: &mut [u8]) {
    for px in data.chunks_exact_mut(3) {
        let (y, cb, cr) = (
            f32::from(px[0]),
            f32::from(px[1]) - 128.0,
            f32::from(px[2]) - 128.0,
        );
        px[0] = (y + 1.402 * cr).clamp(0.0, 255.0).round() as u8;
        px[1] = (y - 0.344_136 * cb - 0.714_136 * cr).clamp(0.0, 255.0).round() as u8;
        px[2] = (y + 1.772 * cb).clamp(0.0, 255.0).round() as u8;
    }
}

/// The file as the `tiff` crate reads it, but with a header whose first directory is `ifd`.
/// Classic and BigTIFF headers keep their length, so every other offset stays valid.
struct OnePage<'a> {
    header: Vec<u8>,
    bytes: &'a [u8],
    pos: u64,
}

impl<'a> OnePage<'a> {
    fn new(bytes: &'a [u8], ifd: u64) -> Result<OnePage<'a>, RasterError> {
        let little = bytes.starts_with(b"II");
        let bad = || RasterError::Damaged {
            format: "TIFF",
            detail: "the header is invalid".into(),
        };
        let version = bytes.get(2..4).ok_or_else(bad)?;
        let mut header = bytes.get(..4).ok_or_else(bad)?.to_vec();
        if version == [42, 0] || version == [0, 42] {
            let ifd = u32::try_from(ifd).map_err(|_| bad())?;
            header.extend(if little {
                ifd.to_le_bytes()
            } else {
                ifd.to_be_bytes()
            });
        } else {
            header = bytes.get(..8).ok_or_else(bad)?.to_vec();
            header.extend(if little {
                ifd.to_le_bytes()
            } else {
                ifd.to_be_bytes()
            });
        }
        Ok(OnePage {
            header,
            bytes,
            pos: 0,
        })
    }
}

impl Read for OnePage<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let pos = usize::try_from(self.pos).unwrap_or(usize::MAX);
        let source = if pos < self.header.len() {
            &self.header[pos..]
        } else {
            self.bytes.get(pos..).unwrap_or_default()
        };
        let n = source.len().min(buf.len());
        buf[..n].copy_from_slice(&source[..n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for OnePage<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => (self.bytes.len() as u64).checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos =
            target.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before the start"))?;
        Ok(self.pos)
    }
}
