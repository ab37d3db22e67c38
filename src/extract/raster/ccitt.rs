//! CCITT fax data (PDF `CCITTFaxDecode`) → packed 1-bit rows, as the filter defines its output:
//! 0 is black unless `BlackIs1`. Group 4 (what scanners write) goes through the `fax` crate's
//! decoder; Group 3 one-dimensional (modified Huffman, with or without EOLs and byte alignment) is
//! read here with the crate's code tables, because its own Group 3 reader insists on EOL codes
//! that PDF makes optional. Group 3 two-dimensional (`K > 0`) is refused with a clear error.

use fax::decoder::{DecodeStatus, Group4Decoder};
use fax::{BitReader, ByteReader, maps};
use lopdf::{Dictionary, Document};

use super::RasterError;
use crate::extract::pdf::obj::get;

/// A damaged tail shorter than this share of the rows is left white, as viewers do; anything
/// more is an error, because a page that is mostly blank would be read as mostly empty.
const TOLERATED_DAMAGED_SHARE: f32 = 0.05;

/// `CCITTFaxDecode`'s `/DecodeParms`, with the PDF defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub k: i64,
    pub columns: u32,
    pub rows: u32,
    pub black_is_1: bool,
    pub byte_align: bool,
}

impl Params {
    /// Reads `parms` (when given) for an image of `width` × `height`; `Rows` defaults to the
    /// image height, `Columns` to the PDF default 1728.
    pub fn read(doc: &Document, parms: Option<&Dictionary>, height: u32) -> Params {
        let int = |key: &[u8]| parms.and_then(|p| get(doc, p, key)).and_then(|o| o.as_i64().ok());
        let flag = |key: &[u8]| {
            parms
                .and_then(|p| get(doc, p, key))
                .and_then(|o| o.as_bool().ok())
                .unwrap_or(false)
        };
        let positive = |v: Option<i64>| v.filter(|v| *v > 0).and_then(|v| u32::try_from(v).ok());
        Params {
            k: int(b"K").unwrap_or(0),
            columns: positive(int(b"Columns")).unwrap_or(1728),
            rows: positive(int(b"Rows")).unwrap_or(height),
            black_is_1: flag(b"BlackIs1"),
            byte_align: flag(b"EncodedByteAlign"),
        }
    }
}

/// Decodes `data` into `height` rows of `width` pixels (the image's own size: a `Columns` or
/// `Rows` that disagrees is cropped or padded with white).
pub fn decode(data: &[u8], p: &Params, width: u32, height: u32) -> Result<Vec<u8>, RasterError> {
    let columns = u16::try_from(p.columns).map_err(|_| RasterError::Unsupported {
        what: format!("CCITT fax data {} pixels wide", p.columns),
    })?;
    let row_bytes = (width as usize).div_ceil(8);
    let white = if p.black_is_1 { 0x00 } else { 0xFF };
    let mut out = vec![white; row_bytes * height as usize];
    let wanted = p.rows.min(height);
    let mut row = 0u32;
    let mut sink = |transitions: &[u16]| {
        if row < wanted {
            let start = row as usize * row_bytes;
            paint_black(
                &mut out[start..start + row_bytes],
                transitions,
                width,
                p.black_is_1,
            );
            row += 1;
        }
        row < wanted
    };
    let result = if p.k < 0 {
        if p.byte_align {
            return Err(RasterError::Unsupported {
                what: "CCITT Group 4 fax data with byte-aligned rows".into(),
            });
        }
        decode_g4(data, columns, &mut sink)
    } else if p.k == 0 {
        decode_g3_1d(data, columns, p.byte_align, &mut sink)
    } else {
        return Err(RasterError::Unsupported {
            what: "CCITT Group 3 two-dimensional fax compression (K > 0)".into(),
        });
    };
    if let Err(detail) = result {
        let missing = wanted.saturating_sub(row);
        if row == 0 || missing as f32 > wanted as f32 * TOLERATED_DAMAGED_SHARE {
            return Err(RasterError::Damaged {
                format: "CCITT fax",
                detail: format!("{detail} at row {} of {wanted}", row + 1),
            });
        }
        tracing::warn!(
            rows = wanted,
            missing,
            "CCITT fax image damaged near its end; left white"
        );
    }
    Ok(out)
}

/// Sets the black runs of one row: `transitions` are the columns where the colour changes,
/// starting with white. Positions are clamped, so hostile runs cannot reach past the row.
fn paint_black(row: &mut [u8], transitions: &[u16], width: u32, black_is_1: bool) {
    let (mut x, mut black) = (0u32, false);
    // The row edge closes a final black run.
    for t in transitions.iter().map(|&t| u32::from(t)).chain([width]) {
        let t = t.clamp(x, width);
        if black {
            for x in x..t {
                let (byte, bit) = ((x / 8) as usize, 7 - x % 8);
                if black_is_1 {
                    row[byte] |= 1 << bit;
                } else {
                    row[byte] &= !(1 << bit);
                }
            }
        }
        (x, black) = (t, !black);
    }
}

/// Feeds rows to `sink` until it has enough (it returns false) or the data ends.
fn decode_g4(data: &[u8], columns: u16, sink: &mut impl FnMut(&[u16]) -> bool) -> Result<(), String> {
    // Padding lets the last codes of a stream without EOFB be peeked at. It starts with the
    // extension code (0000001), which the decoder refuses: zeros would read as EOFB (the crate
    // does not check its final 1) and turn a truncated stream into a silently white page.
    let bytes = data
        .iter()
        .copied()
        .chain([0x02, 0x02])
        .map(Ok::<u8, std::convert::Infallible>);
    let Ok(mut decoder) = Group4Decoder::new(bytes, columns);
    loop {
        match decoder.advance() {
            Ok(DecodeStatus::End) => return Ok(()),
            Ok(DecodeStatus::Incomplete) => {
                if !sink(decoder.transition()) {
                    return Ok(());
                }
            }
            Err(_) => return Err("invalid Group 4 code".into()),
        }
    }
}

/// Group 3 one-dimensional: each row is alternating white and black run lengths, optionally
/// preceded by an EOL code (with zero fill bits) or, with `byte_align`, starting on a byte.
fn decode_g3_1d(
    data: &[u8],
    columns: u16,
    byte_align: bool,
    sink: &mut impl FnMut(&[u16]) -> bool,
) -> Result<(), String> {
    let bytes = data
        .iter()
        .copied()
        .chain([0, 0])
        .map(Ok::<u8, std::convert::Infallible>);
    let Ok(mut r) = ByteReader::new(bytes);
    let mut transitions = Vec::new();
    loop {
        let (eols, ended) = skip_eols(&mut r, byte_align);
        // Six EOLs in a row end the page (RTC); data that runs out before the rows do is cut.
        if eols >= 6 {
            return Ok(());
        }
        if ended {
            return Err("the data ends early".into());
        }
        transitions.clear();
        let (mut a0, mut white) = (0u16, true);
        while a0 < columns {
            let run = run_length(&mut r, white).ok_or("invalid Group 3 code")?;
            a0 = a0.saturating_add(run).min(columns);
            transitions.push(a0);
            white = !white;
        }
        if !sink(&transitions) {
            return Ok(());
        }
    }
}

/// Skips fill bits and EOL codes before a row; returns how many EOLs were seen and whether the
/// data ended. No run-length code starts with eight zeros, so eight zeros are fill before an
/// EOL. With `byte_align` every row starts on a byte, so short fill is alignment and an EOL is
/// recognised by ending on a byte boundary.
fn skip_eols<R: BitReader>(r: &mut R, byte_align: bool) -> (u32, bool) {
    let mut eols = 0;
    loop {
        let Some(bits) = r.peek(16) else {
            return (eols, true);
        };
        let zeros = bits.leading_zeros() as u8;
        let to_boundary = r.bits_to_byte_boundary();
        let eol = if byte_align {
            zeros >= 11 && (zeros == 16 || (zeros + 1) % 8 == to_boundary % 8)
        } else {
            zeros >= 8
        };
        if !eol {
            if byte_align {
                let _ = r.consume(to_boundary);
            }
            return (eols, false);
        }
        while r.peek(1) == Some(0) {
            let _ = r.consume(1);
        }
        if r.peek(1) != Some(1) {
            return (eols, true);
        }
        let _ = r.consume(1);
        eols += 1;
    }
}

/// One run: make-up codes (multiples of 64) followed by a terminating code below 64.
fn run_length<R: BitReader>(r: &mut R, white: bool) -> Option<u16> {
    let mut total = 0u16;
    loop {
        let n = if white {
            maps::white::decode(r)?
        } else {
            maps::black::decode(r)?
        };
        total = total.saturating_add(n);
        if n < 64 {
            return Some(total);
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use fax::{BitWriter, Bits, Color, VecWriter};

    fn params(k: i64, columns: u32, rows: u32) -> Params {
        Params {
            k,
            columns,
            rows,
            black_is_1: false,
            byte_align: false,
        }
    }

    /// Rows of 16 pixels: row 0 all white, row 1 black in columns 4..12, row 2 all black.
    fn pattern(x: u32, y: u32) -> bool {
        (y == 1 && (4..12).contains(&x)) || y == 2
    }

    pub fn encode_g4(width: u32, height: u32, black: impl Fn(u32, u32) -> bool) -> Vec<u8> {
        let mut enc = fax::encoder::Encoder::new(VecWriter::new());
        for y in 0..height {
            let pels = (0..width).map(|x| if black(x, y) { Color::Black } else { Color::White });
            let _ = enc.encode_line(pels, width as u16);
        }
        enc.finish().map(VecWriter::finish).unwrap_or_default()
    }

    fn encode_run(w: &mut VecWriter, white: bool, mut n: u16) {
        let code = |n: u16| {
            if white {
                maps::white::encode(n)
            } else {
                maps::black::encode(n)
            }
            .unwrap_or(Bits { data: 0, len: 0 })
        };
        if n >= 64 {
            let _ = w.write(code(n / 64 * 64));
            n %= 64;
        }
        let _ = w.write(code(n));
    }

    /// Modified Huffman rows, each after an EOL when `eol`, or starting on a byte when `align`.
    pub fn encode_g3(
        width: u16,
        height: u32,
        eol: bool,
        align: bool,
        black: impl Fn(u32, u32) -> bool,
    ) -> Vec<u8> {
        let mut w = VecWriter::new();
        for y in 0..height {
            if eol {
                let _ = w.write(Bits { data: 1, len: 12 });
            }
            if align {
                w.pad();
            }
            let (mut x, mut white) = (0u32, true);
            while x < u32::from(width) {
                let run = (x..u32::from(width))
                    .take_while(|&i| black(i, y) != white)
                    .count() as u16;
                encode_run(&mut w, white, run);
                x += u32::from(run);
                white = !white;
            }
        }
        w.finish()
    }

    fn pixel(out: &[u8], width: u32, x: u32, y: u32) -> bool {
        let row = (width as usize).div_ceil(8);
        out[y as usize * row + x as usize / 8] & (0x80 >> (x % 8)) != 0
    }

    #[test]
    fn group_4_rows_decode_with_black_as_zero_bits() {
        let data = encode_g4(16, 3, pattern);
        let out = decode(&data, &params(-1, 16, 3), 16, 3).unwrap();
        assert_eq!(out, [0xFF, 0xFF, 0xF0, 0x0F, 0x00, 0x00]);
        let inverted = Params {
            black_is_1: true,
            ..params(-1, 16, 3)
        };
        assert_eq!(
            decode(&data, &inverted, 16, 3).unwrap(),
            [0x00, 0x00, 0x0F, 0xF0, 0xFF, 0xFF]
        );
    }

    #[test]
    fn group_3_one_dimensional_decodes_with_and_without_eols() {
        // 13 columns, so rows end inside a byte and alignment matters.
        let pattern = |x: u32, y: u32| pattern(x, y) && x < 13;
        for (eol, align) in [(false, false), (true, false), (false, true)] {
            let data = encode_g3(13, 3, eol, align, pattern);
            let p = Params {
                byte_align: align,
                ..params(0, 13, 3)
            };
            let out = decode(&data, &p, 13, 3).unwrap();
            for y in 0..3 {
                for x in 0..13 {
                    assert_eq!(
                        pixel(&out, 13, x, y),
                        !pattern(x, y),
                        "eol {eol} align {align} at {x},{y}"
                    );
                }
            }
        }
    }

    #[test]
    fn two_dimensional_group_3_and_garbage_are_clear_errors() {
        let err = decode(&[0xAA; 4], &params(1, 16, 3), 16, 3).unwrap_err();
        assert!(err.to_string().contains("K > 0"), "{err}");
        // Cut in the middle: half the rows are missing.
        let noisy = |x: u32, y: u32| (x * 7 + y * 3).is_multiple_of(5);
        let mut g4 = encode_g4(16, 300, noisy);
        g4.truncate(g4.len() / 2);
        let err = decode(&g4, &params(-1, 16, 300), 16, 300).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the CCITT fax image is truncated or damaged: "),
            "{err}"
        );
        let mut g3 = encode_g3(16, 300, false, false, noisy);
        g3.truncate(g3.len() / 2);
        let err = decode(&g3, &params(0, 16, 300), 16, 300).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("the CCITT fax image is truncated or damaged: "),
            "{err}"
        );
    }
}
