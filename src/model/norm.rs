//! One training layer's batch normalisation, ReLU and 2×2 max pooling as a single candle
//! operation with its own gradient.
//!
//! Candle's backward pass adds every gradient into a zero-filled tensor of its own, one per
//! edge of the graph; normalising with candle's operations (mean, subtract, square, mean,
//! divide, scale, shift), then ReLU and pooling (whose gradient candle builds from an
//! upsampling, a comparison, an average pooling and two products), made some thirty passes
//! over each layer's activations in a training step. Here they are two passes forward and
//! three back, the textbook gradient of batch normalisation.

use std::sync::{Arc, Mutex, PoisonError};

use candle_core::{CpuStorage, CustomOp3, Layout, Result, Shape, Tensor};
use rayon::prelude::*;

use super::im2col::f32_slice;

/// `relu(γ · (y − mean) / √(var + ε) + β)` per channel of `y` (`[c, batch, h, w]`, channel
/// first), with the batch's own mean and variance, then (with `pool`) the maximum of each 2×2
/// block. Returns the output and the batch's per-channel mean and (biased) variance, which
/// the caller keeps as running statistics.
pub fn norm_relu_pool(
    y: &Tensor,
    gamma: &Tensor,
    beta: &Tensor,
    eps: f64,
    pool: bool,
) -> Result<(Tensor, Vec<(f32, f32)>)> {
    let op = NormReluPool {
        eps,
        pool,
        stats: Arc::new(Mutex::new(Vec::new())),
    };
    let stats = op.stats.clone();
    let out = y
        .contiguous()?
        .apply_op3(&gamma.contiguous()?, &beta.contiguous()?, op)?;
    let stats = stats.lock().unwrap_or_else(PoisonError::into_inner).clone();
    Ok((out, stats))
}

struct NormReluPool {
    eps: f64,
    pool: bool,
    /// The batch's mean and variance per channel, set by the forward pass.
    stats: Arc<Mutex<Vec<(f32, f32)>>>,
}

/// The gradient of `NormReluPool` with respect to `y`, `γ` and `β`, packed one after another,
/// from `y`, the gradient of the output and the output (where it is 0, ReLU stopped it).
struct NormReluPoolGrad {
    eps: f64,
    pool: bool,
    stats: Vec<(f32, f32)>,
    gamma: Vec<f32>,
}

/// The three inputs of a `CustomOp3` as f32 slices (each op's prologue).
fn three<'a>(
    what: &str,
    (s1, l1): (&'a CpuStorage, &Layout),
    (s2, l2): (&'a CpuStorage, &Layout),
    (s3, l3): (&'a CpuStorage, &Layout),
) -> Result<[&'a [f32]; 3]> {
    Ok([
        f32_slice(s1, l1, what)?,
        f32_slice(s2, l2, what)?,
        f32_slice(s3, l3, what)?,
    ])
}

/// Mean and biased variance of each channel's `n` values. (Here and below the channels are
/// shared out among rayon's threads, the matrix products' pool: each channel's sums are made
/// in the same order on any thread, so the numbers do not depend on the threads.)
fn moments(y: &[f32], c: usize, n: usize) -> Vec<(f32, f32)> {
    (0..c)
        .into_par_iter()
        .map(|i| {
            let v = &y[i * n..][..n];
            let mean = v.iter().map(|&x| x as f64).sum::<f64>() / n as f64;
            let var = v.iter().map(|&x| (x as f64 - mean).powi(2)).sum::<f64>() / n as f64;
            (mean as f32, var as f32)
        })
        .collect()
}

/// Output dims for an input of `(c, b, h, w)`.
fn out_dims(pool: bool, (c, b, h, w): (usize, usize, usize, usize)) -> (usize, usize, usize, usize) {
    if pool { (c, b, h / 2, w / 2) } else { (c, b, h, w) }
}

impl CustomOp3 for NormReluPool {
    fn name(&self) -> &'static str {
        "norm-relu-pool"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let dims = l1.shape().dims4()?;
        let (c, b, h, w) = dims;
        let [y, gamma, beta] = three(self.name(), (s1, l1), (s2, l2), (s3, l3))?;
        if gamma.len() != c || beta.len() != c {
            candle_core::bail!(
                "{}: {} channels, γ {} and β {}",
                self.name(),
                c,
                gamma.len(),
                beta.len()
            );
        }
        let n = b * h * w;
        let stats = moments(y, c, n);
        let (_, _, oh, ow) = out_dims(self.pool, dims);
        let mut out = vec![0f32; c * b * oh * ow];
        out.par_chunks_mut((b * oh * ow).max(1))
            .enumerate()
            .for_each(|(i, dst)| {
                let (mean, var) = stats[i];
                let scale = gamma[i] / (var + self.eps as f32).sqrt();
                let shift = beta[i] - mean * scale;
                let act = |v: f32| (v * scale + shift).max(0.0);
                // ReLU after an affine map is monotone: a block's largest input gives its output
                // (its smallest, where γ is negative).
                let pick = if scale >= 0.0 { f32::max } else { f32::min };
                let src = &y[i * n..][..n];
                if !self.pool {
                    for (d, &v) in dst.iter_mut().zip(src) {
                        *d = act(v);
                    }
                    return;
                }
                for m in 0..b {
                    for oy in 0..oh {
                        let r0 = m * h * w + 2 * oy * w;
                        let r1 = r0 + w;
                        let row = &mut dst[(m * oh + oy) * ow..][..ow];
                        for (ox, d) in row.iter_mut().enumerate() {
                            let x = 2 * ox;
                            let cells = [src[r0 + x], src[r0 + x + 1], src[r1 + x], src[r1 + x + 1]];
                            *d = act(cells.into_iter().reduce(pick).unwrap_or(0.0));
                        }
                    }
                }
            });
        *self.stats.lock().unwrap_or_else(PoisonError::into_inner) = stats;
        Ok((CpuStorage::F32(out), Shape::from((c, b, oh, ow))))
    }

    fn bwd(
        &self,
        y: &Tensor,
        gamma: &Tensor,
        _beta: &Tensor,
        res: &Tensor,
        grad: &Tensor,
    ) -> Result<(Option<Tensor>, Option<Tensor>, Option<Tensor>)> {
        let (c, b, h, w) = y.dims4()?;
        let n = b * h * w;
        let op = NormReluPoolGrad {
            eps: self.eps,
            pool: self.pool,
            stats: self.stats.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            gamma: gamma.to_vec1::<f32>()?,
        };
        let packed = y.apply_op3_no_bwd(&grad.contiguous()?, &res.contiguous()?, &op)?;
        Ok((
            Some(packed.narrow(0, 0, c * n)?.reshape((c, b, h, w))?),
            Some(packed.narrow(0, c * n, c)?),
            Some(packed.narrow(0, c * n + c, c)?),
        ))
    }
}

impl CustomOp3 for NormReluPoolGrad {
    fn name(&self) -> &'static str {
        "norm-relu-pool-grad"
    }

    fn cpu_fwd(
        &self,
        s1: &CpuStorage,
        l1: &Layout,
        s2: &CpuStorage,
        l2: &Layout,
        s3: &CpuStorage,
        l3: &Layout,
    ) -> Result<(CpuStorage, Shape)> {
        let dims = l1.shape().dims4()?;
        let (c, b, h, w) = dims;
        let (_, _, oh, ow) = out_dims(self.pool, dims);
        let [y, grad, res] = three(self.name(), (s1, l1), (s2, l2), (s3, l3))?;
        if grad.len() != c * b * oh * ow || res.len() != grad.len() || self.stats.len() != c {
            candle_core::bail!("{}: gradient or statistics do not fit {:?}", self.name(), dims);
        }
        let n = b * h * w;
        let mut out = vec![0f32; c * n + 2 * c];
        let (dy, rest) = out.split_at_mut(c * n);
        let (dgamma, dbeta) = rest.split_at_mut(c);
        dy.par_chunks_mut(n.max(1))
            .zip(dgamma.par_iter_mut())
            .zip(dbeta.par_iter_mut())
            .enumerate()
            .for_each(|(i, ((gz, dg), db))| {
                let (mean, var) = self.stats[i];
                let inv = 1.0 / (var + self.eps as f32).sqrt();
                let scale = self.gamma[i] * inv;
                let z = |v: f32| v * scale; // ordered as the pre-activations are
                let src = &y[i * n..][..n];
                let g_out = &grad[i * b * oh * ow..][..b * oh * ow];
                let r_out = &res[i * b * oh * ow..][..b * oh * ow];
                // The gradient reaching each pre-activation: through the pooling (to the first
                // largest of its block) and the ReLU (none where the output is 0).
                if self.pool {
                    for m in 0..b {
                        for oy in 0..oh {
                            for ox in 0..ow {
                                let o = (m * oh + oy) * ow + ox;
                                if r_out[o] <= 0.0 {
                                    continue;
                                }
                                let top = m * h * w + 2 * oy * w + 2 * ox;
                                let best = [top, top + 1, top + w, top + w + 1]
                                    .into_iter()
                                    .reduce(|a, k| if z(src[k]) > z(src[a]) { k } else { a })
                                    .unwrap_or(top);
                                gz[best] = g_out[o];
                            }
                        }
                    }
                } else {
                    for ((d, &g), &r) in gz.iter_mut().zip(g_out).zip(r_out) {
                        if r > 0.0 {
                            *d = g;
                        }
                    }
                }
                // dβ = Σ g, dγ = Σ g · x̂, dy = γ / σ · (g − dβ / n − x̂ · dγ / n).
                let (mut sg, mut sgx) = (0f64, 0f64);
                for (&g, &v) in gz.iter().zip(src) {
                    sg += g as f64;
                    sgx += g as f64 * ((v - mean) * inv) as f64;
                }
                (*dg, *db) = (sgx as f32, sg as f32);
                let (mg, mgx) = ((sg / n as f64) as f32, (sgx / n as f64) as f32);
                for (d, &v) in gz.iter_mut().zip(src) {
                    *d = scale * (*d - mg - (v - mean) * inv * mgx);
                }
            });
        Ok((CpuStorage::F32(out), Shape::from(c * n + 2 * c)))
    }
}

#[cfg(test)]
mod tests {
    use candle_core::{Device, Var};

    use super::*;

    /// The same layer from candle's own operations (what training did before).
    fn by_candle(y: &Tensor, gamma: &Tensor, beta: &Tensor, pool: bool) -> Result<Tensor> {
        let (c, b, h, w) = y.dims4()?;
        let flat = y.reshape((c, b * h * w))?;
        let centred = flat.broadcast_sub(&flat.mean_keepdim(1)?)?;
        let var = centred.sqr()?.mean_keepdim(1)?;
        let out = centred
            .broadcast_div(&(var + 1e-5)?.sqrt()?)?
            .broadcast_mul(&gamma.reshape((c, 1))?)?
            .broadcast_add(&beta.reshape((c, 1))?)?
            .reshape((c, b, h, w))?
            .relu()?;
        if pool { out.max_pool2d(2) } else { Ok(out) }
    }

    /// `n` values spread over about −1…1, the same on every run (candle's CPU generator cannot
    /// be seeded, and a finite difference across a ReLU's kink must not depend on luck).
    fn spread(n: usize, seed: f32, dims: impl Into<Shape>) -> Tensor {
        let v: Vec<f32> = (0..n)
            .map(|i| ((i as f32 * 12.9898 + seed).sin() * 43758.547).fract())
            .collect();
        Tensor::from_vec(v, dims, &Device::Cpu).unwrap()
    }

    #[test]
    fn normalisation_relu_and_pooling_and_their_gradients_equal_candles() {
        let dev = &Device::Cpu;
        for (pool, (c, b, h, w)) in [(true, (3, 2, 4, 6)), (false, (2, 3, 3, 5)), (true, (4, 1, 2, 2))] {
            let var = |t: Tensor| Var::from_tensor(&t).unwrap();
            // Scaled and shifted so that the channels differ; one γ negative.
            let y = var(spread(c * b * h * w, 1.0, (c, b, h, w)).affine(3.0, 1.0).unwrap());
            let mut g: Vec<f32> = (0..c).map(|i| 0.5 + i as f32 * 0.4).collect();
            g[0] = -0.8;
            let gamma = var(Tensor::from_vec(g, c, dev).unwrap());
            let beta = var(spread(c, 2.0, c).affine(0.5, 0.0).unwrap());
            let (ours, stats) =
                norm_relu_pool(y.as_tensor(), gamma.as_tensor(), beta.as_tensor(), 1e-5, pool).unwrap();
            let theirs = by_candle(y.as_tensor(), gamma.as_tensor(), beta.as_tensor(), pool).unwrap();
            let flat = |t: &Tensor| t.flatten_all().unwrap().to_vec1::<f32>().unwrap();
            let close = |a: &[f32], e: &[f32], what: &str| {
                assert_eq!(a.len(), e.len(), "{what}");
                for (a, e) in a.iter().zip(e) {
                    assert!(
                        (a - e).abs() < 1e-4 * (1.0 + e.abs()),
                        "{what}: {a} vs {e} ({pool}, {c}×{b}×{h}×{w})"
                    );
                }
            };
            close(&flat(&ours), &flat(&theirs), "output");
            // The batch's moments, which the running statistics follow.
            let y2 = y.as_tensor().reshape((c, b * h * w)).unwrap();
            let mean = flat(&y2.mean_keepdim(1).unwrap());
            let var2 = flat(
                &y2.broadcast_sub(&y2.mean_keepdim(1).unwrap())
                    .unwrap()
                    .sqr()
                    .unwrap()
                    .mean_keepdim(1)
                    .unwrap(),
            );
            close(&stats.iter().map(|s| s.0).collect::<Vec<_>>(), &mean, "mean");
            close(&stats.iter().map(|s| s.1).collect::<Vec<_>>(), &var2, "variance");
            let weights = spread(ours.elem_count(), 3.0, ours.shape());
            let grads = |t: Tensor| {
                let g = (t * &weights).unwrap().sum_all().unwrap().backward().unwrap();
                [&y, &gamma, &beta].map(|v| flat(g.get(v.as_tensor()).unwrap()))
            };
            let (a, e) = (grads(ours), grads(theirs));
            // Candle's max-pool gradient is a quarter of the true one where a block has one
            // largest value (it multiplies by the share of the block that is largest instead
            // of dividing by their count); under Adam, which divides each gradient by its own
            // scale, a factor common to a layer changes nothing.
            let candle_share = if pool { 4.0 } else { 1.0 };
            for (k, what) in ["dy", "dγ", "dβ"].iter().enumerate() {
                close(
                    &a[k],
                    &e[k].iter().map(|v| v * candle_share).collect::<Vec<_>>(),
                    what,
                );
            }
            // Which is right: the loss's change as γ and β of one channel move a little.
            let loss = |gamma: &Tensor, beta: &Tensor| {
                let (out, _) = norm_relu_pool(y.as_tensor(), gamma, beta, 1e-5, pool).unwrap();
                (out * &weights)
                    .unwrap()
                    .sum_all()
                    .unwrap()
                    .to_scalar::<f32>()
                    .unwrap() as f64
            };
            let step = 1e-3;
            let nudge = |t: &Tensor, by: f64| {
                let mut v = flat(t);
                v[1] += by as f32;
                Tensor::from_vec(v, c, dev).unwrap()
            };
            let (g, b0) = (gamma.as_tensor(), beta.as_tensor());
            let dgamma = (loss(&nudge(g, step), b0) - loss(&nudge(g, -step), b0)) / (2.0 * step);
            let dbeta = (loss(g, &nudge(b0, step)) - loss(g, &nudge(b0, -step))) / (2.0 * step);
            assert!(
                (dgamma - a[1][1] as f64).abs() < 2e-2 * (1.0 + dgamma.abs()),
                "dγ {dgamma} vs {}",
                a[1][1]
            );
            assert!(
                (dbeta - a[2][1] as f64).abs() < 2e-2 * (1.0 + dbeta.abs()),
                "dβ {dbeta} vs {}",
                a[2][1]
            );
        }
    }
}
