//! PDF `DCTDecode` data → samples, through zune-jpeg directly rather than the `image` crate: a
//! CMYK JPEG must come out as its stored CMYK so that the image's `/Decode` array (Acrobat
//! writes `[1 0 1 0 1 0 1 0]` for Adobe's inverted CMYK) is applied like every other image's,
//! where `image` would already have converted it to RGB under its own assumption.

use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

use super::samples::Colors;
use super::{RasterError, check_pixels, header};

/// A decoded JPEG: 8-bit samples, `colors.components()` per pixel.
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub colors: Colors,
    pub data: Vec<u8>,
}

pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<Decoded, RasterError> {
    let head = header::jpeg(bytes)?;
    check_pixels(head.width, head.height, max_pixels)?;
    if !head.complete {
        return Err(damaged("the data ends before the end-of-image marker"));
    }
    let options = DecoderOptions::default()
        .set_strict_mode(false)
        .set_max_width(head.width as usize)
        .set_max_height(head.height as usize);
    let mut decoder = JpegDecoder::new_with_options(ZCursor::new(bytes), options);
    decoder.decode_headers().map_err(|e| damaged(&e.to_string()))?;
    let (out, colors) = match decoder.input_colorspace() {
        Some(ColorSpace::Luma) => (ColorSpace::Luma, Colors::Gray),
        Some(ColorSpace::YCbCr | ColorSpace::RGB) => (ColorSpace::RGB, Colors::Rgb),
        Some(ColorSpace::CMYK) => (ColorSpace::CMYK, Colors::Cmyk),
        // Kept as stored and converted below: zune only converts YCCK to RGB.
        Some(ColorSpace::YCCK) => (ColorSpace::YCCK, Colors::Cmyk),
        other => {
            return Err(RasterError::Unsupported {
                what: format!("JPEG data in the {other:?} colour model"),
            });
        }
    };
    decoder.set_options(decoder.options().jpeg_set_out_colorspace(out));
    let mut data = decoder.decode().map_err(|e| damaged(&e.to_string()))?;
    let (width, height) = decoder
        .dimensions()
        .map_or((head.width, head.height), |(w, h)| (w as u32, h as u32));
    if out == ColorSpace::YCCK {
        ycck_to_cmyk(&mut data);
    }
    Ok(Decoded {
        width,
        height,
        colors,
        data,
    })
}

fn damaged(detail: &str) -> RasterError {
    RasterError::Damaged {
        format: "JPEG",
        detail: detail.to_string(),
    }
}

/// Adobe's YCCK: the CMY channels were stored as YCbCr of their complement, K as is.
fn ycck_to_cmyk(data: &mut [u8]) {
    for px in data.chunks_exact_mut(4) {
        let (y, cb, cr) = (
            f32::from(px[0]),
            f32::from(px[1]) - 128.0,
            f32::from(px[2]) - 128.0,
        );
        let r = y + 1.402 * cr;
        let g = y - 0.344_136 * cb - 0.714_136 * cr;
        let b = y + 1.772 * cb;
        px[0] = (255.0 - r).clamp(0.0, 255.0).round() as u8;
        px[1] = (255.0 - g).clamp(0.0, 255.0).round() as u8;
        px[2] = (255.0 - b).clamp(0.0, 255.0).round() as u8;
    }
}
