//! The labelled slot crops `fixtures/generator/crops.py` writes (`train.bin`, `heldout.bin`),
//! read into the model's input planes.

use std::path::Path;

use super::ModelError;
use super::signature::{INPUT_HEIGHT, PLANES, planes};

const MAGIC: &[u8; 8] = b"SLOTCRP1";

/// A split of crops, all of one size, as the model's u8 input planes.
pub struct Crops {
    pub height: usize,
    pub width: usize,
    /// Per crop: (signed, fingerprint).
    pub labels: Vec<[bool; 2]>,
    planes: Vec<u8>,
}

impl Crops {
    pub fn read(path: &Path) -> Result<Crops, ModelError> {
        let bad = |reason: String| ModelError::Crops {
            path: path.to_path_buf(),
            reason,
        };
        let bytes = std::fs::read(path).map_err(|e| {
            bad(format!(
                "{e} (generate them with `python3 fixtures/generator/crops.py --out fixtures/crops`)"
            ))
        })?;
        if bytes.len() < 20 || &bytes[..8] != MAGIC {
            return Err(bad("not a crops file".into()));
        }
        let u32_at =
            |o: usize| u32::from_le_bytes([bytes[o], bytes[o + 1], bytes[o + 2], bytes[o + 3]]) as usize;
        let (count, height, width) = (u32_at(8), u32_at(12), u32_at(16));
        if height != INPUT_HEIGHT as usize {
            return Err(bad(format!(
                "crops are {height} px high, the model takes {INPUT_HEIGHT}"
            )));
        }
        let pixels = height * width;
        let record = 2 + 3 * pixels;
        if bytes.len() != 20 + count * record {
            return Err(bad(format!(
                "{} bytes, expected {}",
                bytes.len(),
                20 + count * record
            )));
        }
        let mut labels = Vec::with_capacity(count);
        let mut all = Vec::with_capacity(count * PLANES * pixels);
        for r in bytes[20..].chunks_exact(record) {
            labels.push([r[0] != 0, r[1] != 0]);
            all.extend(planes(&r[2..], pixels));
        }
        Ok(Crops {
            height,
            width,
            labels,
            planes: all,
        })
    }

    pub fn len(&self) -> usize {
        self.labels.len()
    }

    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// The two input planes of crop `i`.
    pub fn planes(&self, i: usize) -> &[u8] {
        let n = PLANES * self.height * self.width;
        &self.planes[i * n..(i + 1) * n]
    }
}
