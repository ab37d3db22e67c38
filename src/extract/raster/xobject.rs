//! PDF image XObjects → `Samples`: the filter chain (Flate/LZW/RunLength/ASCII via lopdf, with a
//! size limit; DCT via `jpeg`; CCITT via `ccitt`), the colour space, `/BitsPerComponent`,
//! `/ImageMask` and `/Decode`. Shared by OCR (`pdf`) and by the text-layer extractor's ink
//! measurement (`extract::pdf::images`), so an image decodes the same way for both.

use lopdf::{Dictionary, Document, Object, Stream};

use super::samples::{Colors, Samples};
use super::{RasterError, ccitt, check_pixels, jpeg};
use crate::extract::pdf::obj::{deref, get, get_array, numbers};

/// A palette has at most 256 entries of at most 4 bytes.
const MAX_PALETTE_BYTES: usize = 256 * 4;
/// Encoded data (before the DCT or CCITT decoder) is allowed this many bytes per pixel, plus
/// `ENCODED_SLACK`: far above what real JPEG or fax data needs, far below a bomb's output.
const ENCODED_BYTES_PER_PIXEL: usize = 8;
const ENCODED_SLACK: usize = 1 << 20;

/// Decodes the image `stream`, refusing one that declares more than `max_pixels` pixels before
/// anything is decompressed.
pub fn decode_image(doc: &Document, stream: &Stream, max_pixels: u64) -> Result<Samples, RasterError> {
    let dict = &stream.dict;
    let dim = |key: &[u8]| {
        get(doc, dict, key)
            .and_then(|o| o.as_i64().ok())
            .filter(|v| *v >= 1)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| RasterError::Damaged {
                format: "PDF",
                detail: format!("the image has no valid /{}", String::from_utf8_lossy(key)),
            })
    };
    let (width, height) = (dim(b"Width")?, dim(b"Height")?);
    check_pixels(width, height, max_pixels)?;
    let filters = filter_chain(doc, dict)?;
    let image_mask = matches!(get(doc, dict, b"ImageMask"), Some(Object::Boolean(true)));
    let decode = get_array(doc, dict, b"Decode")
        .map(|a| numbers(doc, a))
        .unwrap_or_default();
    // Masks (stencils, soft masks) carry no colour space: their samples are gray.
    let colors = match get(doc, dict, b"ColorSpace") {
        Some(cs) if !image_mask => color_space(doc, cs)?,
        _ => Colors::Gray,
    };
    let encoded_limit = (width as usize)
        .saturating_mul(height as usize)
        .saturating_mul(ENCODED_BYTES_PER_PIXEL)
        .saturating_add(ENCODED_SLACK);
    let last = filters.len().saturating_sub(1);
    match filters.last().map(|f| f.name.as_slice()) {
        Some(name @ (b"JBIG2Decode" | b"JPXDecode")) => Err(RasterError::UnsupportedFilter {
            filter: String::from_utf8_lossy(name).into_owned(),
        }),
        Some(b"DCTDecode") => {
            let bytes = run_filters(stream, &filters[..last], encoded_limit)?;
            let jpeg = jpeg::decode(&bytes, max_pixels)?;
            Samples::new(jpeg.width, jpeg.height, 8, jpeg.colors, false, &decode, jpeg.data)
        }
        Some(b"CCITTFaxDecode") => {
            let bytes = run_filters(stream, &filters[..last], encoded_limit)?;
            let params = ccitt::Params::read(doc, filters[last].parms.as_ref(), height);
            let data = ccitt::decode(&bytes, &params, width, height)?;
            if colors.components() != 1 {
                return Err(RasterError::Damaged {
                    format: "PDF",
                    detail: "a fax image declares a colour space with several components".into(),
                });
            }
            Samples::new(width, height, 1, colors, false, &decode, data)
        }
        _ => {
            let bpc = if image_mask {
                1
            } else {
                get(doc, dict, b"BitsPerComponent")
                    .and_then(|o| o.as_i64().ok())
                    .map_or(8, |v| v.clamp(0, 64) as u32)
            };
            let mut samples = Samples::new(width, height, bpc, colors, false, &decode, Vec::new())?;
            let expected = samples.expected_len();
            // Some writers pad rows or streams; more than a quarter over is not an image.
            let limit = expected.saturating_add(expected / 4).saturating_add(1024);
            samples.data = run_filters(stream, &filters, limit)?;
            if samples.data.is_empty() {
                return Err(RasterError::Damaged {
                    format: "PDF",
                    detail: "the image data is empty or cannot be decompressed".into(),
                });
            }
            if samples.data.len() < expected {
                tracing::warn!(
                    got = samples.data.len(),
                    expected,
                    "image data is short; the rest is left white"
                );
            }
            Ok(samples)
        }
    }
}

/// One filter of a stream's chain: its full name and its `/DecodeParms` entry.
struct Filter {
    name: Vec<u8>,
    parms: Option<Dictionary>,
}

/// The stream's filters, references followed and abbreviations expanded.
fn filter_chain(doc: &Document, dict: &Dictionary) -> Result<Vec<Filter>, RasterError> {
    let names: Vec<&Object> = match get(doc, dict, b"Filter") {
        None | Some(Object::Null) => Vec::new(),
        Some(Object::Array(a)) => a.iter().collect(),
        Some(other) => vec![other],
    };
    let parm = |o: &Object| deref(doc, o).and_then(|o| o.as_dict().ok()).cloned();
    let parms = get(doc, dict, b"DecodeParms");
    names
        .into_iter()
        .enumerate()
        .map(|(i, o)| {
            let name = deref(doc, o)
                .and_then(|o| o.as_name().ok())
                .ok_or_else(|| RasterError::Damaged {
                    format: "PDF",
                    detail: "the image's /Filter is not a name".into(),
                })?;
            let parms = match parms {
                Some(Object::Array(a)) => a.get(i).and_then(parm),
                Some(d @ Object::Dictionary(_)) => parm(d),
                _ => None,
            };
            Ok(Filter {
                name: full_filter_name(name).to_vec(),
                parms,
            })
        })
        .collect()
}

/// Inline images may abbreviate filter names.
fn full_filter_name(name: &[u8]) -> &[u8] {
    match name {
        b"AHx" => b"ASCIIHexDecode",
        b"A85" => b"ASCII85Decode",
        b"LZW" => b"LZWDecode",
        b"Fl" => b"FlateDecode",
        b"RL" => b"RunLengthDecode",
        b"CCF" => b"CCITTFaxDecode",
        b"DCT" => b"DCTDecode",
        other => other,
    }
}

/// Runs `filters` over the stream's bytes through lopdf, at most `limit` bytes out. The stream
/// is rebuilt with direct names and parameters, since lopdf reads only direct ones.
fn run_filters(stream: &Stream, filters: &[Filter], limit: usize) -> Result<Vec<u8>, RasterError> {
    if filters.is_empty() {
        if stream.content.len() > limit {
            return Err(RasterError::DataTooLarge { limit });
        }
        return Ok(stream.content.clone());
    }
    if let Some(f) = filters.iter().find(|f| {
        !matches!(
            f.name.as_slice(),
            b"FlateDecode" | b"LZWDecode" | b"ASCII85Decode" | b"ASCIIHexDecode" | b"RunLengthDecode"
        )
    }) {
        return Err(RasterError::UnsupportedFilter {
            filter: String::from_utf8_lossy(&f.name).into_owned(),
        });
    }
    let mut dict = Dictionary::new();
    dict.set(
        "Filter",
        filters
            .iter()
            .map(|f| Object::Name(f.name.clone()))
            .collect::<Vec<_>>(),
    );
    dict.set(
        "DecodeParms",
        filters
            .iter()
            .map(|f| f.parms.clone().map_or(Object::Null, Object::Dictionary))
            .collect::<Vec<_>>(),
    );
    Stream::new(dict, stream.content.clone())
        .decompressed_content_with_limit(limit)
        .map_err(|e| match e {
            lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
                RasterError::DataTooLarge { limit }
            }
            e => RasterError::Damaged {
                format: "PDF",
                detail: format!("the image data cannot be decompressed: {e}"),
            },
        })
}

/// An image colour space; unsupported families are named in the error.
pub fn color_space(doc: &Document, cs: &Object) -> Result<Colors, RasterError> {
    let unsupported = |name: &[u8]| RasterError::Unsupported {
        what: format!("the {} colour space", String::from_utf8_lossy(name)),
    };
    match deref(doc, cs).unwrap_or(cs) {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"CalGray" | b"G" => Ok(Colors::Gray),
            b"DeviceRGB" | b"CalRGB" | b"RGB" => Ok(Colors::Rgb),
            b"DeviceCMYK" | b"CMYK" => Ok(Colors::Cmyk),
            other => Err(unsupported(other)),
        },
        Object::Array(a) => {
            let family = a
                .first()
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_name().ok())
                .unwrap_or(b"?");
            match family {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|o| deref(doc, o))
                        .and_then(|o| o.as_stream().ok())
                        .and_then(|s| get(doc, &s.dict, b"N"))
                        .and_then(|o| o.as_i64().ok());
                    match n {
                        Some(1) => Ok(Colors::Gray),
                        Some(3) => Ok(Colors::Rgb),
                        Some(4) => Ok(Colors::Cmyk),
                        _ => Err(unsupported(b"ICCBased")),
                    }
                }
                b"Indexed" | b"I" => indexed(doc, a),
                b"Separation" => Ok(Colors::Separation),
                b"CalGray" | b"CalRGB" | b"DeviceGray" | b"DeviceRGB" | b"DeviceCMYK" => {
                    color_space(doc, &Object::Name(family.to_vec()))
                }
                other => Err(unsupported(other)),
            }
        }
        _ => Err(unsupported(b"(malformed)")),
    }
}

fn indexed(doc: &Document, a: &[Object]) -> Result<Colors, RasterError> {
    let base_space = a.get(1).ok_or_else(|| RasterError::Unsupported {
        what: "an indexed colour space without a base".into(),
    })?;
    let base = match color_space(doc, base_space)? {
        Colors::Gray => 1,
        Colors::Rgb => 3,
        Colors::Cmyk => 4,
        _ => {
            return Err(RasterError::Unsupported {
                what: "a palette over a separation or another palette".into(),
            });
        }
    };
    let palette = match a.get(3).and_then(|o| deref(doc, o)) {
        Some(Object::String(s, _)) => s.clone(),
        Some(Object::Stream(s)) => s
            .decompressed_content_with_limit(MAX_PALETTE_BYTES)
            .map_err(|e| RasterError::Damaged {
                format: "PDF",
                detail: format!("the image palette cannot be read: {e}"),
            })?,
        _ => {
            return Err(RasterError::Damaged {
                format: "PDF",
                detail: "the image palette is missing".into(),
            });
        }
    };
    Ok(Colors::Indexed { base, palette })
}
