//! The signature-slot classifier: a five-layer CNN (80 k parameters) over a crop of a slot
//! scaled to 96 pixels high (20 px per text height), three input planes (ink darkness,
//! redness and blueness) and a fourth the network adds itself (each pixel's row: the label's
//! line is at the same rows in every crop), global max pooling over the whole width — so a
//! crop of any width is judged in one pass — and two outputs: a handwritten signature is
//! present; a fingerprint is present. The first layer reads each 2×2 block of pixels as one
//! position with sixteen channels (space to depth): a print-sized name keeps the strokes that
//! tell a hand from type, while the layers after it cost what they cost on a crop half as
//! fine.
//! Logits go through a per-output Platt scaling fitted on a validation slice, so the
//! confidences are calibrated probabilities.
//!
//! The crop geometry (see `fixtures/generator/crops.py`) is fixed in text heights `h`: from
//! 1.5 h left of the slot's area to 1.5 h right of it, from 2.1 h above the label's top to
//! 2.7 h below it.

use std::collections::HashMap;
use std::path::Path;

use candle_core::{D, DType, Device, Module, Tensor};
use candle_nn::{Conv2d, Conv2dConfig, Linear, VarBuilder};
use image::RgbImage;
use image::imageops::FilterType;

use super::ModelError;
use super::im2col::conv3x3_shifted;

/// Height of the model's input, in pixels.
pub const INPUT_HEIGHT: u32 = 96;
/// Width of the training crops; inference takes any width from `MIN_WIDTH` up.
pub const TRAIN_WIDTH: u32 = 384;
/// Narrowest input: the 2×2 blocks and four 2×2 poolings need at least 32 columns.
pub const MIN_WIDTH: u32 = 32;
/// Widest input (a slot running across a whole page is ≈ 60 h = 1 200 px).
pub const MAX_WIDTH: u32 = 2048;
/// The input's planes: darkness, redness and blueness.
pub const PLANES: usize = 3;
/// Channels of the first convolution's input (the planes of a 2×2 block, the rows' plane
/// among them) and of each convolution.
const CHANNELS: [usize; 6] = [4 * (PLANES + 1), 12, 24, 48, 64, 64];
/// Names of the two outputs, in order.
pub const OUTPUTS: [&str; 2] = ["signed", "fingerprint"];

/// The network without calibration (what training updates).
pub struct Net {
    convs: Vec<Conv2d>,
    head: Linear,
}

/// A 3×3 convolution (padding 1, stride 1) on channel-first activations `[channels, batch,
/// height, width]`, as one matrix product of the weights with the nine shifted copies of the
/// whole batch. Same result as candle's `conv2d` with the same weights, but its gradient is
/// two large matrix products: candle computes the input's gradient of a `conv2d` with a
/// direct `conv_transpose2d` loop, and batch-first activations would make one small product
/// per crop (both measured in `bench_signature`).
pub fn conv3x3(x: &Tensor, conv: &Conv2d) -> candle_core::Result<Tensor> {
    let out = conv3x3_unbiased(x, conv.weight())?;
    match conv.bias() {
        Some(bias) => out.broadcast_add(&bias.reshape((bias.dim(0)?, 1, 1, 1))?),
        None => Ok(out),
    }
}

/// `conv3x3` without the bias (training normalises the output over the batch, which takes
/// any bias away again).
pub fn conv3x3_unbiased(x: &Tensor, weight: &Tensor) -> candle_core::Result<Tensor> {
    let (cout, cin) = (weight.dim(0)?, weight.dim(1)?);
    // [cout, cin, ky, kx] → [cout, (ky, kx, cin)], the order of the shifted copies.
    let weight = weight.permute((0, 2, 3, 1))?.reshape((cout, 9 * cin))?;
    conv3x3_shifted(x, &weight)
}

/// Candle's own `conv2d` on channel-first activations (what `conv3x3` is checked against).
pub fn candle_conv3x3(x: &Tensor, conv: &Conv2d) -> candle_core::Result<Tensor> {
    conv.forward(&x.transpose(0, 1)?.contiguous()?)?
        .transpose(0, 1)?
        .contiguous()
}

/// Every convolution is 3×3 with padding 1 (the shape `conv3x3` computes).
fn conv_config() -> Conv2dConfig {
    Conv2dConfig {
        padding: 1,
        ..Default::default()
    }
}

impl Net {
    pub fn new(vb: &VarBuilder) -> candle_core::Result<Net> {
        let convs = (0..CHANNELS.len() - 1)
            .map(|i| {
                candle_nn::conv2d(
                    CHANNELS[i],
                    CHANNELS[i + 1],
                    3,
                    conv_config(),
                    vb.pp(format!("conv{i}")),
                )
            })
            .collect::<candle_core::Result<Vec<_>>>()?;
        let head = candle_nn::linear(CHANNELS[5], 2, vb.pp("head"))?;
        Ok(Net { convs, head })
    }

    /// `[batch, 2, 96, width]` (an even width) → logits `[batch, 2]`.
    pub fn forward(&self, x: &Tensor) -> candle_core::Result<Tensor> {
        self.forward_with(x, |_, x, conv| conv3x3(x, conv))
    }

    /// `forward` with another computation of each convolution layer, given its index (the
    /// benchmark and the tests compare `conv3x3` with candle's own).
    pub fn forward_with(
        &self,
        x: &Tensor,
        conv3x3: impl Fn(usize, &Tensor, &Conv2d) -> candle_core::Result<Tensor>,
    ) -> candle_core::Result<Tensor> {
        self.forward_layers(x, |i, x, conv| {
            let y = conv3x3(i, x, conv)?.relu()?;
            if Net::pools(i) { y.max_pool2d(2) } else { Ok(y) }
        })
    }

    /// `forward` with each whole layer — convolution, ReLU and (see `pools`) 2×2 max pooling —
    /// computed by `layer` (training normalises the convolution's output over the batch
    /// before the ReLU, in one operation with it and the pooling).
    pub fn forward_layers(
        &self,
        x: &Tensor,
        layer: impl Fn(usize, &Tensor, &Conv2d) -> candle_core::Result<Tensor>,
    ) -> candle_core::Result<Tensor> {
        let mut x = space_to_depth(&with_rows(x)?)?;
        for (i, conv) in self.convs.iter().enumerate() {
            x = layer(i, &x, conv)?;
        }
        // Present anywhere in the slot: the strongest response of each feature.
        let x = x.flatten_from(2)?.max(D::Minus1)?.t()?;
        self.head.forward(&x)
    }

    /// Whether layer `i` ends in a 2×2 max pooling (all but the last).
    pub fn pools(i: usize) -> bool {
        i + 2 < CHANNELS.len()
    }

    /// The convolutions, first to last.
    pub fn convs(&self) -> &[Conv2d] {
        &self.convs
    }

    pub fn head(&self) -> &Linear {
        &self.head
    }

    /// A network from each convolution's weight and bias, and the head (training folds its
    /// normalisation into the convolutions).
    pub fn from_parts(convs: Vec<(Tensor, Tensor)>, head: Linear) -> Net {
        let convs = convs
            .into_iter()
            .map(|(weight, bias)| Conv2d::new(weight, Some(bias), conv_config()))
            .collect();
        Net { convs, head }
    }

    /// Shapes of every variable, by name (for a seeded initialisation).
    pub fn shapes() -> Vec<(String, Vec<usize>, usize)> {
        let mut out = Vec::new();
        for i in 0..CHANNELS.len() - 1 {
            let (cin, cout) = (CHANNELS[i], CHANNELS[i + 1]);
            out.push((format!("conv{i}.weight"), vec![cout, cin, 3, 3], cin * 9));
            out.push((format!("conv{i}.bias"), vec![cout], 0));
        }
        out.push(("head.weight".into(), vec![2, CHANNELS[5]], CHANNELS[5]));
        out.push(("head.bias".into(), vec![2], 0));
        out
    }
}

/// The input with a third plane, each pixel's row as a fraction of the crop's height. Every
/// crop is cut with the label's line at the same rows, so the network can tell print on the
/// label's line, or the lines above and below, from a hand, which goes anywhere: with it the
/// held-out F1 for `signed` went from 0.958 to 0.970 (seed 8; models/signature.md).
fn with_rows(x: &Tensor) -> candle_core::Result<Tensor> {
    let (b, _, h, w) = x.dims4()?;
    let rows = (Tensor::arange(0u32, h as u32, x.device())?.to_dtype(x.dtype())? / (h - 1) as f64)?;
    let rows = rows.reshape((1, 1, h, 1))?.broadcast_as((b, 1, h, w))?;
    Tensor::cat(&[x, &rows], 1)
}

/// `[batch, planes, h, w]` → channel-first `[4 · planes, batch, h / 2, w / 2]`: the four pixels
/// of each 2×2 block as channels (plane-major, then row and column within the block). From
/// here on activations are channel-first (see `conv3x3`); pooling works on the last two
/// dimensions either way.
fn space_to_depth(x: &Tensor) -> candle_core::Result<Tensor> {
    let (b, p, h, w) = x.dims4()?;
    x.reshape((b * p, h / 2, 2, w / 2, 2))?
        .permute((0, 2, 4, 1, 3))?
        .reshape((b, p * 4, h / 2, w / 2))?
        .transpose(0, 1)?
        .contiguous()
}

/// Per-output Platt scaling of the logits: `p = σ(scale · logit + shift)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub scale: [f32; 2],
    pub shift: [f32; 2],
}

impl Calibration {
    pub const IDENTITY: Calibration = Calibration {
        scale: [1.0; 2],
        shift: [0.0; 2],
    };

    pub fn probabilities(&self, logits: [f32; 2]) -> [f32; 2] {
        [0, 1].map(|k| sigmoid(self.scale[k] * logits[k] + self.shift[k]))
    }
}

pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// The verdict on one slot: calibrated probabilities.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SlotVerdict {
    pub signed: f32,
    pub fingerprint: f32,
}

/// The loaded classifier.
pub struct SignatureModel {
    net: Net,
    calibration: Calibration,
}

impl std::fmt::Debug for SignatureModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureModel")
            .field("calibration", &self.calibration)
            .finish_non_exhaustive()
    }
}

impl SignatureModel {
    pub fn new(net: Net, calibration: Calibration) -> SignatureModel {
        SignatureModel { net, calibration }
    }

    /// Parses safetensors weights; `origin` names them in the error.
    pub fn from_bytes(bytes: &[u8], origin: &str) -> Result<SignatureModel, ModelError> {
        let corrupt = |source| ModelError::Corrupt {
            origin: origin.to_string(),
            source,
        };
        let vb = VarBuilder::from_slice_safetensors(bytes, DType::F32, &Device::Cpu).map_err(corrupt)?;
        let net = Net::new(&vb).map_err(corrupt)?;
        let calib = vb
            .get(4, "calibration")
            .and_then(|t| t.to_vec1::<f32>())
            .map_err(corrupt)?;
        let calibration = Calibration {
            scale: [calib[0], calib[1]],
            shift: [calib[2], calib[3]],
        };
        Ok(SignatureModel { net, calibration })
    }

    /// Writes the weights as `from_bytes` reads them: the network's tensors by the names
    /// `Net::new` looks up, and the calibration.
    pub fn save(&self, path: &Path) -> Result<(), ModelError> {
        let mut tensors = HashMap::new();
        for (i, conv) in self.net.convs.iter().enumerate() {
            tensors.insert(format!("conv{i}.weight"), conv.weight().clone());
            if let Some(b) = conv.bias() {
                tensors.insert(format!("conv{i}.bias"), b.clone());
            }
        }
        tensors.insert("head.weight".into(), self.net.head.weight().clone());
        if let Some(b) = self.net.head.bias() {
            tensors.insert("head.bias".into(), b.clone());
        }
        let c = self.calibration;
        tensors.insert(
            "calibration".into(),
            Tensor::new(&[c.scale[0], c.scale[1], c.shift[0], c.shift[1]], &Device::Cpu)?,
        );
        Ok(candle_core::safetensors::save(&tensors, path)?)
    }

    pub fn from_file(path: &Path) -> Result<SignatureModel, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        SignatureModel::from_bytes(&bytes, &path.display().to_string())
    }

    pub fn net(&self) -> &Net {
        &self.net
    }

    pub fn calibration(&self) -> Calibration {
        self.calibration
    }

    /// Judges a slot crop of any size (see the module doc for its geometry).
    pub fn classify(&self, crop: &RgbImage) -> Result<SlotVerdict, ModelError> {
        let (w, planes) = planes_of(crop);
        let x = Tensor::from_vec(planes, (1, PLANES, INPUT_HEIGHT as usize, w), &Device::Cpu)?;
        let x = (x.to_dtype(DType::F32)? / 255.0)?;
        let logits = self.net.forward(&x)?.squeeze(0)?.to_vec1::<f32>()?;
        let [signed, fingerprint] = self.calibration.probabilities([logits[0], logits[1]]);
        Ok(SlotVerdict { signed, fingerprint })
    }
}

/// The crop scaled to the model's height (width in proportion, within the limits) as the
/// model's two input planes, u8: its width and the planes.
pub fn planes_of(crop: &RgbImage) -> (usize, Vec<u8>) {
    let (cw, ch) = crop.dimensions();
    // An even width: the first layer reads 2×2 blocks.
    let w = ((cw as f32 * INPUT_HEIGHT as f32 / ch.max(1) as f32 / 2.0).round() as u32 * 2)
        .clamp(MIN_WIDTH, MAX_WIDTH);
    let sized;
    let img = if (cw, ch) == (w, INPUT_HEIGHT) {
        crop
    } else {
        sized = image::imageops::resize(crop, w, INPUT_HEIGHT, FilterType::Triangle);
        &sized
    };
    (
        w as usize,
        planes(img.as_raw(), w as usize * INPUT_HEIGHT as usize),
    )
}

/// RGB pixels → three planes: darkness (1 − the darkest channel, less the red), redness (red
/// over the other channels, doubled: red ink on white scores ≈ 1) and blueness (blue over the
/// others, doubled), as u8. Print is black and seals red; blue is a pen's ink (a held-out name
/// in blue, drawn in a print-like hand, was read as typed while the model saw blue only as
/// dark). Red ink is in the redness plane only: with it in darkness as well, a seal's ring or
/// a fingerprint was as dark as a pen's stroke, and a name under a seal or beside a
/// fingerprint had to be told from them by colour alone (held-out F1 for `signed` 0.976 →
/// 0.980, on the validation slice 0.979 → 0.983, trained on one machine; models/signature.md).
/// Black ink over red stays dark: its darkest channel is low and its red excess small.
pub fn planes(rgb: &[u8], pixels: usize) -> Vec<u8> {
    let mut out = vec![0u8; PLANES * pixels];
    for (i, px) in rgb.chunks_exact(3).take(pixels).enumerate() {
        let (r, g, b) = (px[0] as i32, px[1] as i32, px[2] as i32);
        let red = (r - g.max(b)).max(0);
        out[i] = (255 - r.min(g).min(b) - red).clamp(0, 255) as u8;
        out[pixels + i] = (red * 2).clamp(0, 255) as u8;
        out[2 * pixels + i] = ((b - r.max(g)) * 2).clamp(0, 255) as u8;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blue_ink_has_a_plane_of_its_own_and_print_and_seals_none() {
        // Black print, a blue pen, a blue-black pen, a red seal, yellowed paper.
        let rgb = [25, 25, 25, 40, 70, 200, 35, 40, 90, 220, 40, 50, 245, 235, 200];
        let p = planes(&rgb, 5);
        assert_eq!(&p[10..15], &[0, 255, 100, 0, 0], "blueness");
        assert_eq!(&p[5..10], &[0, 0, 0, 255, 20], "redness");
        // The seal's red is not darkness; nor is the paper's yellow, a little.
        assert_eq!(&p[..5], &[230, 215, 220, 45, 45], "darkness");
    }

    #[test]
    fn space_to_depth_puts_each_block_in_the_channels() {
        // Two crops, two planes, 2×4 pixels: value = crop·100 + plane·10 + row·4 + column.
        let v: Vec<f32> = (0..2)
            .flat_map(|b| (0..2).flat_map(move |p| (0..8).map(move |i| (b * 100 + p * 10 + i) as f32)))
            .collect();
        let x = Tensor::from_vec(v, (2, 2, 2, 4), &Device::Cpu).unwrap();
        let y = space_to_depth(&x).unwrap();
        assert_eq!(y.dims(), &[8, 2, 1, 2]);
        // Channel-first: [channel][crop][row][column]; channel = plane·4 + row·2 + column
        // within the block.
        let y = y.flatten_from(2).unwrap().to_vec3::<f32>().unwrap();
        // crop 1, plane 1, the block at column 1 (pixels 2, 3, 6, 7): channels 4..8
        let block: Vec<f32> = (4..8).map(|c| y[c][1][1]).collect();
        assert_eq!(block, vec![112.0, 113.0, 116.0, 117.0]);
        // crop 0, plane 0, the block at column 0: pixels 0, 1, 4, 5
        let block: Vec<f32> = (0..4).map(|c| y[c][0][0]).collect();
        assert_eq!(block, vec![0.0, 1.0, 4.0, 5.0]);
    }
}
