//! The nine shifted copies a 3×3 convolution (padding 1) multiplies its weights with, as one
//! candle operation with its own gradient.
//!
//! Built from candle's operations (two zero paddings, nine narrowed views, one concatenation)
//! the copies cost a training step a dozen passes over the activations each way: every
//! padding and narrowing allocates, zeroes and copies, and their gradients are zero-filled
//! tensors added one to another. Half of a training step was spent there and in the
//! allocator, not in the matrix products (`perf` on `dossier train`). Here the copies are
//! one pass forward, and their gradient one pass back.

use candle_core::backend::BackendStorage;
use candle_core::{CpuStorage, CustomOp1, CustomOp2, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

/// Below this many values a pass over them stays on the calling thread: handing a pass to
/// rayon's pool wakes a worker and waits for it (from outside the pool even with one thread),
/// which costs about as much as copying this much. A slot's activations at inference are
/// mostly smaller; a training batch's are far larger.
const PARALLEL_FROM: usize = 1 << 16;

/// `f(i, chunk)` for each `chunk`-long piece of `out`, shared among rayon's threads when `out`
/// is large enough to pay for it (`PARALLEL_FROM`). Each piece is computed the same way on any
/// thread, so the numbers do not depend on the choice.
pub(super) fn each_chunk(out: &mut [f32], chunk: usize, f: impl Fn(usize, &mut [f32]) + Send + Sync) {
    let chunk = chunk.max(1);
    if out.len() < PARALLEL_FROM {
        out.chunks_mut(chunk).enumerate().for_each(|(i, c)| f(i, c));
    } else {
        out.par_chunks_mut(chunk).enumerate().for_each(|(i, c)| f(i, c));
    }
}

/// `[c, batch, h, w]` → `[9 · c, batch · h · w]`: row `(ky · 3 + kx) · c + i` holds channel `i`
/// shifted by `(ky − 1, kx − 1)`, zero where that falls outside the map. (The convolution
/// makes them inside its own operation; the tests check them on their own.)
#[cfg(test)]
fn shifted_3x3(x: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op1(Shifted)
}

/// A 3×3 convolution (padding 1, no bias) of `x` (`[c, batch, h, w]`) with `weight` as
/// `[cout, 9 · c]` (the order of the shifted copies): `[cout, batch, h, w]`, as one candle
/// operation. The same products as `weight.matmul(&shifted_3x3(x))`, but the copies live only
/// inside the operation: candle would keep them in the graph until the backward pass and give
/// their gradient (as large: 127 MB a batch for the first layer) a zero-filled tensor of its
/// own to be added into, one more allocation, fill and pass each (`perf`: a fifth of a
/// training step). The backward pass makes the copies again, a single pass.
pub fn conv3x3_shifted(x: &Tensor, weight: &Tensor) -> Result<Tensor> {
    x.contiguous()?.apply_op2(&weight.contiguous()?, ShiftedProduct)
}

/// The forward operation.
struct Shifted;

/// The convolution as one operation (see `conv3x3_shifted`).
struct ShiftedProduct;

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

/// Every run of a row the shifted copy `k` (`ky · 3 + kx`) moves, for maps of `b × h × w`:
/// where the run starts in the copy and in the map, and its length.
fn runs(k: usize, b: usize, h: usize, w: usize) -> impl Iterator<Item = (usize, usize, usize)> {
    let (dy, dx) = (k as isize / 3 - 1, k as isize % 3 - 1);
    let (y0, y1) = span(dy, h);
    let (x0, x1) = span(dx, w);
    (0..b)
        .flat_map(move |m| (y0..y1).map(move |y| (m, y)))
        .filter_map(move |(m, y)| {
            let at = m * h * w + y * w + x0;
            let from = at as isize + dy * w as isize + dx;
            (x1 > x0).then_some((at, from as usize, x1 - x0))
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
        // One copy per thread at a time (rayon's pool, the matrix products' too): the copies
        // are a memory-bound pass that would otherwise hold up the other core.
        each_chunk(&mut out, plane, |row, dst| {
            let (k, i) = (row / c, row % c);
            for (at, from, len) in runs(k, b, h, w) {
                dst[at..][..len].copy_from_slice(&x[i * plane + from..][..len]);
            }
        });
        Ok((CpuStorage::F32(out), Shape::from((9 * c, plane))))
    }

    fn bwd(&self, arg: &Tensor, _res: &Tensor, grad_res: &Tensor) -> Result<Option<Tensor>> {
        let dims = arg.dims4()?;
        Ok(Some(
            grad_res.contiguous()?.apply_op1_no_bwd(&Unshifted { dims })?,
        ))
    }
}

impl CustomOp2 for ShiftedProduct {
    fn name(&self) -> &'static str {
        "conv-3x3-shifted"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let (c, b, h, w) = l1.shape().dims4()?;
        let (cout, k) = l2.shape().dims2()?;
        if k != 9 * c {
            candle_core::bail!("{}: weights of {k} columns for {c} channels", self.name());
        }
        // The weights as `f32_slice` takes them, or an error that names this operation.
        f32_slice(s2, l2, self.name())?;
        let (copies, shape) = Shifted.cpu_fwd(s1, l1)?;
        // The storage's own product, the one `Tensor::matmul` calls: no copy of the weights in,
        // none of the result out.
        let out = s2.matmul(&copies, (1, cout, b * h * w, k), l2, &Layout::contiguous(shape))?;
        Ok((out, Shape::from((cout, b, h, w))))
    }

    fn bwd(
        &self,
        x: &Tensor,
        weight: &Tensor,
        _res: &Tensor,
        grad_res: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>)> {
        let dims = x.dims4()?;
        let (cout, b, h, w) = grad_res.dims4()?;
        let grad = grad_res.contiguous()?.reshape((cout, b * h * w))?;
        // The gradients candle's matrix product gives, in the same order of operations.
        let copies = x.apply_op1_no_bwd(&Shifted)?;
        let grad_weight = grad.matmul(&copies.t()?)?;
        drop(copies);
        let grad_copies = weight.t()?.matmul(&grad)?;
        let grad_x = grad_copies.apply_op1_no_bwd(&Unshifted { dims })?;
        Ok((Some(grad_x), Some(grad_weight)))
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
        // Per channel, the nine copies in order, as the sums were always made.
        each_chunk(&mut out, plane, |i, dst| {
            for k in 0..9 {
                for (at, from, len) in runs(k, b, h, w) {
                    let src = &g[(k * c + i) * plane + at..][..len];
                    for (d, s) in dst[from..][..len].iter_mut().zip(src) {
                        *d += s;
                    }
                }
            }
        });
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

    #[test]
    fn the_convolution_and_its_gradients_equal_the_product_with_candles_copies() {
        for (c, b, h, w, cout) in [(3, 2, 5, 7, 4), (2, 1, 1, 4, 3), (1, 3, 4, 1, 2)] {
            let x = Var::from_tensor(&Tensor::randn(0f32, 1.0, (c, b, h, w), &Device::Cpu).unwrap()).unwrap();
            let weight =
                Var::from_tensor(&Tensor::randn(0f32, 1.0, (cout, 9 * c), &Device::Cpu).unwrap()).unwrap();
            let outside = Tensor::randn(0f32, 1.0, (cout, b, h, w), &Device::Cpu).unwrap();
            let ours = conv3x3_shifted(x.as_tensor(), weight.as_tensor()).unwrap();
            let theirs = weight
                .as_tensor()
                .matmul(&by_candle(x.as_tensor()).unwrap())
                .unwrap();
            let theirs = theirs.reshape((cout, b, h, w)).unwrap();
            let flat = |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            assert_eq!(flat(&ours), flat(&theirs), "output of {:?}", (c, b, h, w, cout));
            let grads = |t: Tensor| {
                let g = (t * &outside).unwrap().sum_all().unwrap().backward().unwrap();
                (
                    flat(g.get(x.as_tensor()).unwrap()),
                    flat(g.get(weight.as_tensor()).unwrap()),
                )
            };
            let ((dx, dw), (dx_c, dw_c)) = (grads(ours), grads(theirs));
            // The same products in the same order: the same numbers, not merely close ones.
            assert_eq!(dw, dw_c, "weights' gradient of {:?}", (c, b, h, w, cout));
            for (a, e) in dx.iter().zip(&dx_c) {
                assert!(
                    (a - e).abs() < 1e-5,
                    "input's gradient of {:?}: {a} vs {e}",
                    (c, b, h, w, cout)
                );
            }
        }
    }
}
