//! TIFF pages compressed with CCITT modified Huffman (compression 2) or Group 3 (3), which the
//! `tiff` crate does not decode: their strips go through `ccitt`, as PDF fax images do. Group 3
//! two-dimensional coding (T4Options bit 0) is refused, as in PDFs.

use std::borrow::Cow;
use std::io::{Read, Seek};

use tiff::decoder::Decoder;
use tiff::tags::Tag;

use super::samples::{Colors, Samples};
use super::{RasterError, ccitt};

/// TIFF compression codes handled here.
pub const MODIFIED_HUFFMAN: u16 = 2;
pub const GROUP_3: u16 = 3;
/// T4Options, which the `tiff` crate has no name for: bit 0 two-dimensional coding, bit 2 fill
/// bits that end each EOL on a byte boundary.
const T4_OPTIONS: u16 = 292;

fn damaged(detail: &str) -> RasterError {
    RasterError::Damaged {
        format: "TIFF",
        detail: detail.to_string(),
    }
}

/// Decodes the current page of `decoder` (compressed with `compression`) from the file `bytes`.
pub fn decode<R: Read + Seek>(
    decoder: &mut Decoder<R>,
    bytes: &[u8],
    width: u32,
    height: u32,
    compression: u16,
) -> Result<Samples, RasterError> {
    let tag_error = |e: tiff::TiffError| damaged(&e.to_string());
    let offsets = decoder
        .find_tag_unsigned_vec::<u64>(Tag::StripOffsets)
        .map_err(tag_error)?
        .ok_or_else(|| damaged("the fax page has no strips"))?;
    let counts = decoder
        .find_tag_unsigned_vec::<u64>(Tag::StripByteCounts)
        .map_err(tag_error)?
        .ok_or_else(|| damaged("the fax page has no strip sizes"))?;
    let rows_per_strip = decoder
        .find_tag_unsigned::<u32>(Tag::RowsPerStrip)
        .map_err(tag_error)?
        .unwrap_or(height)
        .clamp(1, height);
    let lsb_first = decoder
        .find_tag_unsigned::<u16>(Tag::FillOrder)
        .map_err(tag_error)?
        == Some(2);
    let options = decoder
        .find_tag_unsigned::<u32>(Tag::Unknown(T4_OPTIONS))
        .map_err(tag_error)?
        .unwrap_or(0);
    if compression == GROUP_3 && options & 1 == 1 {
        return Err(RasterError::Unsupported {
            what: "CCITT Group 3 two-dimensional fax compression (TIFF)".into(),
        });
    }
    let params = ccitt::Params {
        k: 0,
        columns: width,
        rows: rows_per_strip,
        black_is_1: false,
        // Modified Huffman rows always start on a byte; Group 3 rows do with fill bits.
        byte_align: compression == MODIFIED_HUFFMAN || options & 4 != 0,
    };
    let mut data = Vec::new();
    let mut row = 0u32;
    for (offset, count) in offsets.iter().zip(&counts) {
        if row >= height {
            break;
        }
        let rows = rows_per_strip.min(height - row);
        let strip = usize::try_from(*offset)
            .ok()
            .zip(usize::try_from(*count).ok())
            .and_then(|(o, c)| bytes.get(o..o.checked_add(c)?))
            .ok_or_else(|| damaged("a strip lies outside the file"))?;
        let strip = if lsb_first {
            Cow::Owned(strip.iter().map(|b| b.reverse_bits()).collect())
        } else {
            Cow::Borrowed(strip)
        };
        let p = ccitt::Params {
            rows,
            ..params.clone()
        };
        data.extend(ccitt::decode(&strip, &p, width, rows)?);
        row += rows;
    }
    if row < height {
        return Err(damaged("its strips hold fewer rows than the page"));
    }
    // The codes say which runs are white, whatever the photometric tag: 1 is white here.
    Samples::new(width, height, 1, Colors::Gray, false, &[], data)
}
