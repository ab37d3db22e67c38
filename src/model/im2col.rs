//! The nine shifted copies a 3×3 convolution (padding 1) multiplies its weights with, as one
//! candle operation with its own gradient.
//!
//! Built from candle's operations (two zero paddings, nine narrowed views, one concatenation)
//! the copies cost a training step a dozen passes over the activations each way: every
//! padding and narrowing allocates, zeroes and copies, and their gradients are zero-filled
//! tensors added one to another. Half of a training step was spent there and in the
//! allocator, not in the matrix products (`perf` on `dossier train`). Here the copies are
//! one pass forward, and their gradient one pass back.

use candle_core::{CpuStorage, CustomOp1, Layout, Result, Shape, Tensor};

/// `[c, batch, h, w]` → `[9 · c, batch · h · w]`: row `(ky · 3 + kx) · c + i` holds channel `i`
/// shifted by `(ky − 1, kx − 1)`, zero where that falls outside the map.
pub fn shifted_3x3(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(Shifted)
}

/// The forward operation.
struct Shifted;

/// Its gradient: each input position sums the nine output positions it was copied to.
struct Unshifted {
    dims: (usize, usize, usize, usize),
}

pub(super) fn f32_slice<'a>(storage: &'a CpuStorage, layout: &Layout, what: &str) -> Result<&'a [f32]> {
    let CpuStorage::F32(all) = storage else {
        candle_core::bail!("{what}: f32 only");
    };
    match layout.contiguous_offsets() {
        Some((start, end)) => Ok(&all[start..end]),
        None => candle_core::bail!("{what}: contiguous input only"),
    }
}

/// For the shift `d` (−1, 0 or 1) along a length `n`: the output positions that read inside
/// the map, `lo..hi`; the input position of output `o` is `o + d`.
fn span(d: isize, n: usize) -> (usize, usize) {
    match d {
        -1 => (1, n),
        1 => (0, n.saturating_sub(1)),
        _ => (0, n),
    }
}

/// Every run of a row the shifted copies move, for maps of `b × h × w`: the shift `k`
/// (`(ky · 3 + kx)`), where the run starts in the copy and in the map, and its length.
fn runs(b: usize, h: usize, w: usize) -> impl Iterator<Item = (usize, usize, usize, usize)> {
    (0..9).flat_map(move |k| {
        let (dy, dx) = (k as isize / 3 - 1, k as isize % 3 - 1);
        let (y0, y1) = span(dy, h);
        let (x0, x1) = span(dx, w);
        (0..b)
            .flat_map(move |m| (y0..y1).map(move |y| (m, y)))
            .filter_map(move |(m, y)| {
                let at = m * h * w + y * w + x0;
                let from = at as isize + dy * w as isize + dx;
                (x1 > x0).then_some((k, at, from as usize, x1 - x0))
            })
    })
}

impl CustomOp1 for Shifted {
    fn name(&self) -> &'static str {
        "shifted-3x3"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (c, b, h, w) = layout.shape().dims4()?;
        let x = f32_slice(storage, layout, self.name())?;
        let plane = b * h * w;
        let mut out = vec![0f32; 9 * c * plane];
        for (k, at, from, len) in runs(b, h, w) {
            for i in 0..c {
                out[(k * c + i) * plane + at..][..len].copy_from_slice(&x[i * plane + from..][..len]);
            }
        }
        Ok((CpuStorage::F32(out), Shape::from((9 * c, plane))))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let dims = arg.dims4()?;
        Ok(Some(
            grad_res.contiguous()?.apply_op1_no_bwd(&Unshifted { dims })?,
        ))
    }
}

impl CustomOp1 for Unshifted {
    fn name(&self) -> &'static str {
        "unshifted-3x3"
    }

    fn cpu_fwd(&self, storage: &CpuStorage, layout: &Layout) -> Result<(CpuStorage, Shape)> {
        let (c, b, h, w) = self.dims;
        let g = f32_slice(storage, layout, self.name())?;
        let plane = b * h * w;
        if g.len() != 9 * c * plane {
            candle_core::bail!(
                "{}: gradient of {} values for {:?}",
                self.name(),
                g.len(),
                self.dims
            );
        }
        let mut out = vec![0f32; c * plane];
        for (k, at, from, len) in runs(b, h, w) {
            for i in 0..c {
                let src = &g[(k * c + i) * plane + at..][..len];
                for (d, s) in out[i * plane + from..][..len].iter_mut().zip(src) {
                    *d += s;
                }
            }
        }
        Ok((CpuStorage::F32(out), Shape::from((c, b, h, w))))
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Var};

    use super::*;

    /// The same copies from candle's own operations (what `conv3x3` did before).
    fn by_candle(x: &Tensor) -> Result<Tensor> {
        let (c, b, h, w) = x.dims4()?;
        let padded = x.pad_with_zeros(2, 1, 1)?.pad_with_zeros(3, 1, 1)?;
        let mut shifted = Vec::new();
        for ky in 0..3 {
            for kx in 0..3 {
                shifted.push(padded.narrow(2, ky, h)?.narrow(3, kx, w)?);
            }
        }
        Tensor::cat(&shifted, 0)?.reshape((9 * c, b * h * w))
    }

    #[test]
    fn shifted_copies_and_their_gradient_equal_candles() {
        // Odd sizes and a one-pixel-wide map: the edges are where a copy goes wrong.
        for (c, b, h, w) in [(3, 2, 5, 7), (2, 1, 1, 4), (1, 3, 4, 1)] {
            let x = Var::from_tensor(&Tensor::randn(0f32, 1.0, (c, b, h, w), &Device::Cpu).unwrap()).unwrap();
            let weights = Tensor::randn(0f32, 1.0, (9 * c, b * h * w), &Device::Cpu).unwrap();
            let ours = shifted_3x3(x.as_tensor()).unwrap();
            let theirs = by_candle(x.as_tensor()).unwrap();
            let flat = |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            assert_eq!(flat(&ours), flat(&theirs), "copies of {:?}", (c, b, h, w));
            // The gradient of a weighted sum: each input's weight summed over its copies.
            let grad = |t: Tensor| {
                let loss = (t * &weights).unwrap().sum_all().unwrap();
                flat(loss.backward().unwrap().get(x.as_tensor()).unwrap())
            };
            let (g_ours, g_theirs) = (grad(ours), grad(theirs));
            for (a, e) in g_ours.iter().zip(&g_theirs) {
                assert!((a - e).abs() < 1e-5, "gradient of {:?}: {a} vs {e}", (c, b, h, w));
            }
        }
    }
}
