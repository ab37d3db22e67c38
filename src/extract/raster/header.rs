//! Reads the headers of PNG and JPEG data without decoding pixels: size (checked against the
//! limit before anything is allocated), resolution (PNG `pHYs`, JPEG JFIF density) and, for
//! JPEG, whether the data reaches its end-of-image marker. Decoders fill a truncated JPEG with
//! gray instead of failing, and a half-gray page would be read as a half-empty page.

use super::RasterError;

/// What a header says about an image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Header {
    pub width: u32,
    pub height: u32,
    /// Horizontal and vertical resolution in dots per inch, when recorded.
    pub dpi: Option<(f32, f32)>,
    /// JPEG only: an end-of-image marker follows the image data (always true for PNG, whose
    /// decoder detects truncation itself).
    pub complete: bool,
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

fn damaged(format: &'static str, detail: &str) -> RasterError {
    RasterError::Damaged {
        format,
        detail: detail.to_string(),
    }
}

fn be16(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from(u16::from_be_bytes(b.get(i..i + 2)?.try_into().ok()?)))
}

fn be32(b: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(b.get(i..i + 4)?.try_into().ok()?))
}

/// The PNG header (`IHDR`) and the `pHYs` chunk if it comes before the image data.
pub fn png(bytes: &[u8]) -> Result<Header, RasterError> {
    if !bytes.starts_with(PNG_SIGNATURE) || bytes.get(12..16) != Some(b"IHDR") {
        return Err(damaged("PNG", "the image header is missing"));
    }
    let (Some(width), Some(height)) = (be32(bytes, 16), be32(bytes, 20)) else {
        return Err(damaged("PNG", "the image header is cut short"));
    };
    let mut dpi = None;
    let mut i = 8usize;
    while let (Some(len), Some(kind)) = (be32(bytes, i), bytes.get(i + 4..i + 8)) {
        if kind == b"IDAT" || kind == b"IEND" {
            break;
        }
        if kind == b"pHYs" && len == 9 && bytes.get(i + 16) == Some(&1) {
            // Pixels per metre.
            if let (Some(x), Some(y)) = (be32(bytes, i + 8), be32(bytes, i + 12)) {
                dpi = Some((x as f32 * 0.0254, y as f32 * 0.0254));
            }
        }
        i = i.saturating_add(12).saturating_add(len as usize);
    }
    Ok(Header {
        width,
        height,
        dpi,
        complete: true,
    })
}

/// The JPEG frame header (`SOFn`), JFIF density, and whether an end-of-image marker follows the
/// first scan. Walks marker segments up to the first scan.
pub fn jpeg(bytes: &[u8]) -> Result<Header, RasterError> {
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err(damaged("JPEG", "the start-of-image marker is missing"));
    }
    let mut size = None;
    let mut dpi = None;
    let mut i = 2usize;
    loop {
        // Markers are 0xFF (possibly repeated as fill) and a code; stray bytes are skipped.
        while bytes.get(i).is_some_and(|b| *b != 0xFF) {
            i += 1;
        }
        while bytes.get(i) == Some(&0xFF) {
            i += 1;
        }
        let Some(&marker) = bytes.get(i) else {
            return Err(damaged("JPEG", "the data ends before the image data"));
        };
        i += 1;
        match marker {
            0x01 | 0xD0..=0xD8 => continue,
            0xD9 => return Err(damaged("JPEG", "there is no image data")),
            _ => {}
        }
        let Some(len) = be16(bytes, i).map(|l| l as usize).filter(|l| *l >= 2) else {
            return Err(damaged("JPEG", "a marker segment is cut short"));
        };
        let Some(seg) = bytes.get(i + 2..i + len) else {
            return Err(damaged("JPEG", "a marker segment is cut short"));
        };
        match marker {
            // Start of frame, all coding kinds (C4, C8 and CC are other tables).
            0xC0..=0xCF if !matches!(marker, 0xC4 | 0xC8 | 0xCC) => {
                if let (Some(h), Some(w)) = (be16(seg, 1), be16(seg, 3)) {
                    size = Some((w, h));
                }
            }
            0xE0 if seg.starts_with(b"JFIF\0") => {
                // Units: 1 dots per inch, 2 dots per centimetre, 0 only an aspect ratio.
                let per_inch = match seg.get(7) {
                    Some(1) => 1.0,
                    Some(2) => 2.54,
                    _ => 0.0,
                };
                if let (Some(x), Some(y)) = (be16(seg, 8), be16(seg, 10))
                    && per_inch > 0.0
                {
                    dpi = Some((x as f32 * per_inch, y as f32 * per_inch));
                }
            }
            0xDA => {
                let Some((width, height)) = size.filter(|(w, h)| *w > 0 && *h > 0) else {
                    return Err(damaged("JPEG", "the image size is missing"));
                };
                // Entropy-coded data never holds 0xFF 0xD9 (0xFF is stuffed), so its presence
                // after the first scan is the end of the image.
                let complete = bytes[i + len..].windows(2).any(|w| w == [0xFF, 0xD9]);
                return Ok(Header {
                    width,
                    height,
                    dpi,
                    complete,
                });
            }
            _ => {}
        }
        i += len;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(kind);
        c.extend_from_slice(data);
        c.extend_from_slice(&[0; 4]);
        c
    }

    #[test]
    fn png_header_gives_size_and_resolution_from_phys() {
        let mut data = PNG_SIGNATURE.to_vec();
        let mut ihdr = 40_000u32.to_be_bytes().to_vec();
        ihdr.extend_from_slice(&30_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        data.extend(chunk(b"IHDR", &ihdr));
        let mut phys = 11_811u32.to_be_bytes().to_vec(); // 300 dpi
        phys.extend_from_slice(&11_811u32.to_be_bytes());
        phys.push(1);
        data.extend(chunk(b"pHYs", &phys));
        let h = png(&data).unwrap();
        assert_eq!((h.width, h.height), (40_000, 30_000));
        let (x, y) = h.dpi.unwrap();
        assert!((x - 300.0).abs() < 0.1 && (y - 300.0).abs() < 0.1);
        assert!(png(b"\x89PNG\r\n").is_err());
    }

    #[test]
    fn jpeg_header_gives_size_density_and_completeness() {
        let img = image::GrayImage::from_fn(64, 48, |x, y| image::Luma([(x * 31 + y * 17) as u8]));
        let mut data = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut data), image::ImageFormat::Jpeg)
            .unwrap();
        let h = jpeg(&data).unwrap();
        assert_eq!((h.width, h.height, h.complete), (64, 48, true));
        let cut = jpeg(&data[..data.len() - 4]).unwrap();
        assert!(!cut.complete);
        assert!(jpeg(&data[..20]).is_err());
    }
}
