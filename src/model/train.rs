//! Training and held-out evaluation of the signature classifier on the generated crops.
//!
//! Deterministic from a seed: the initial weights and the order of the batches come from a
//! seeded generator of our own (candle cannot seed its CPU generator), and candle's CPU
//! kernels do not depend on thread timing. The last tenth of the training crops is kept out
//! of training to fit the calibration.
//!
//! Each convolution's output is normalised over the batch while training (batch
//! normalisation); the saved weights have the normalisation folded into the convolutions, so
//! the network that judges slots is the plain one of `signature.rs`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::time::Instant;

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Conv2d, Linear, Optimizer, ParamsAdamW, VarBuilder, VarMap};

use super::ModelError;
use super::baseline::Baseline;
use super::crops::Crops;
use super::norm::norm_relu_pool;
use super::signature::{Calibration, Net, OUTPUTS, PLANES, SignatureModel, conv3x3_unbiased, sigmoid};

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Folder with `train.bin` and `heldout.bin`.
    pub data: PathBuf,
    /// Where the weights go.
    pub out: PathBuf,
    pub seed: u64,
    pub epochs: usize,
    pub batch: usize,
    pub learning_rate: f64,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f64,
    /// Weight of the positive examples of each output in the loss (the fingerprint class
    /// is the rarer one: ≈30 % of the training crops).
    pub pos_weight: [f32; 2],
}

/// Counts of a binary decision against the truth.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Confusion {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
    pub tn: usize,
}

impl Confusion {
    pub fn of(pred: &[bool], truth: &[bool]) -> Confusion {
        let mut c = Confusion::default();
        for (p, t) in pred.iter().zip(truth) {
            match (p, t) {
                (true, true) => c.tp += 1,
                (true, false) => c.fp += 1,
                (false, true) => c.fn_ += 1,
                (false, false) => c.tn += 1,
            }
        }
        c
    }
    pub fn precision(&self) -> f32 {
        self.tp as f32 / (self.tp + self.fp).max(1) as f32
    }
    pub fn recall(&self) -> f32 {
        self.tp as f32 / (self.tp + self.fn_).max(1) as f32
    }
    pub fn f1(&self) -> f32 {
        2.0 * self.tp as f32 / (2 * self.tp + self.fp + self.fn_).max(1) as f32
    }
    pub fn accuracy(&self) -> f32 {
        (self.tp + self.tn) as f32 / (self.tp + self.tn + self.fp + self.fn_).max(1) as f32
    }
}

/// A small seeded generator (splitmix64): weights and batch order.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f32 {
        ((self.next() >> 40) as f32 + 0.5) / (1u64 << 24) as f32
    }
    fn normal(&mut self) -> f32 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f32::consts::TAU * v).cos()
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            v.swap(i, (self.next() % (i as u64 + 1)) as usize);
        }
    }
}

/// A batch of crops as the model's input, and their labels as `[batch, 2]` floats.
fn batch(crops: &Crops, idx: &[usize]) -> candle_core::Result<(Tensor, Tensor)> {
    let mut x = Vec::with_capacity(idx.len() * PLANES * crops.height * crops.width);
    let mut y = Vec::with_capacity(idx.len() * 2);
    for &i in idx {
        x.extend_from_slice(crops.planes(i));
        y.extend(crops.labels[i].map(|l| if l { 1.0f32 } else { 0.0 }));
    }
    let x = Tensor::from_vec(x, (idx.len(), PLANES, crops.height, crops.width), &Device::Cpu)?;
    let x = (x.to_dtype(DType::F32)? / 255.0)?;
    Ok((x, Tensor::from_vec(y, (idx.len(), 2), &Device::Cpu)?))
}

/// Share of the training crops shown without their blue plane.
const BLUE_DROPPED: f32 = 0.5;

/// The batch `x` (`[batch, planes, h, w]`) with the blue plane of about half its crops
/// zeroed, drawn from `rng`. With blue always there the network took blue ink for a
/// signature and lost names in black it had found before (13 held-out names; models/
/// signature.md): a hand has to be told by its shape, and blue only adds to that.
fn drop_blue(x: &Tensor, rng: &mut Rng) -> candle_core::Result<Tensor> {
    let n = x.dim(0)?;
    let keep: Vec<f32> = (0..n)
        .map(|_| if rng.uniform() < BLUE_DROPPED { 0.0 } else { 1.0 })
        .collect();
    let keep = Tensor::from_vec(keep, (n, 1, 1, 1), &Device::Cpu)?;
    let others = Tensor::ones((n, PLANES - 1, 1, 1), DType::F32, &Device::Cpu)?;
    x.broadcast_mul(&Tensor::cat(&[&others, &keep], 1)?)
}

/// Raw logits of the crops `idx`.
fn logits(net: &Net, crops: &Crops, idx: &[usize]) -> candle_core::Result<Vec<[f32; 2]>> {
    let mut out = Vec::with_capacity(idx.len());
    for chunk in idx.chunks(128) {
        let (x, _) = batch(crops, chunk)?;
        for row in net.forward(&x)?.to_vec2::<f32>()? {
            out.push([row[0], row[1]]);
        }
    }
    Ok(out)
}

/// candle allocates every intermediate tensor afresh; glibc hands allocations above its
/// threshold (128 KB at first) back to the kernel when freed, so each training step mapped and
/// zeroed hundreds of megabytes again: a third of training time was the kernel's
/// (`bench_signature`: a training step 358 → 212 ms with this). Freed memory is kept for reuse
/// instead, for the rest of the process (training is a process of its own). The threshold
/// cannot go above 32 MB, and the first layer's shifted copies of a batch are 127 MB: with
/// `mmap` not used at all, they too come from the heap and go back to it (an epoch on 3 200
/// crops 80 → 53 s on one thread, the kernel's share 45 → 16 s; BENCHMARKS.md).
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets allocator parameters; glibc takes them at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_MMAP_MAX, 0);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TOP_PAD, 64 << 20);
    }
}

/// Batch normalisation of each convolution's output while training. Without it the network
/// did not learn its own training crops (F1 0.956 / 0.927 on them after 6 epochs), and the
/// same recipe on crops differing in 11 % of the fingerprint labels took another path from
/// the first epoch (loss 0.709 against 0.633) and ended 0.05 apart in held-out F1.
struct Norms {
    /// Per layer: scale and shift (trained).
    gamma: Vec<Var>,
    beta: Vec<Var>,
    /// Per layer: running mean and variance of the output over the batches, what the folded
    /// network uses.
    running: RefCell<Vec<(Vec<f32>, Vec<f32>)>>,
}

const NORM_EPS: f64 = 1e-5;
const NORM_MOMENTUM: f32 = 0.05;

impl Norms {
    fn new(net: &Net, varmap: &VarMap) -> candle_core::Result<Norms> {
        let (mut gamma, mut beta, mut running) = (Vec::new(), Vec::new(), Vec::new());
        let mut vars = varmap.data().lock().unwrap_or_else(|e| e.into_inner());
        for (i, conv) in net.convs().iter().enumerate() {
            let c = conv.weight().dim(0)?;
            let g = Var::from_tensor(&Tensor::ones(c, DType::F32, &Device::Cpu)?)?;
            let b = Var::from_tensor(&Tensor::zeros(c, DType::F32, &Device::Cpu)?)?;
            vars.insert(format!("norm{i}.gamma"), g.clone());
            vars.insert(format!("norm{i}.beta"), b.clone());
            gamma.push(g);
            beta.push(b);
            running.push((vec![0.0; c], vec![1.0; c]));
        }
        Ok(Norms {
            gamma,
            beta,
            running: RefCell::new(running),
        })
    }

    /// Layer `i` on a training batch: the convolution, normalised by the batch's own
    /// statistics (which also move the running ones), ReLU and pooling. The convolution's
    /// bias is left out: the normalisation subtracts the batch's mean, bias and all, so its
    /// gradient is nil (it stays at its initial 0, and folding reads it).
    fn train_layer(&self, i: usize, x: &Tensor, conv: &Conv2d) -> candle_core::Result<Tensor> {
        let y = conv3x3_unbiased(x, conv.weight())?;
        let (out, stats) = norm_relu_pool(
            &y,
            self.gamma[i].as_tensor(),
            self.beta[i].as_tensor(),
            NORM_EPS,
            Net::pools(i),
        )?;
        let running = &mut self.running.borrow_mut()[i];
        for (k, (m, v)) in stats.into_iter().enumerate() {
            running.0[k] += NORM_MOMENTUM * (m - running.0[k]);
            running.1[k] += NORM_MOMENTUM * (v - running.1[k]);
        }
        Ok(out)
    }

    /// The plain network: each convolution followed by its normalisation with the running
    /// statistics is one convolution, `w·s` and `(b − mean)·s + β` with `s = γ / √(var + ε)`.
    fn fold(&self, net: &Net) -> candle_core::Result<Net> {
        let running = self.running.borrow();
        let mut convs = Vec::new();
        for (i, conv) in net.convs().iter().enumerate() {
            let (mean, var) = &running[i];
            let gamma = self.gamma[i].as_tensor().to_vec1::<f32>()?;
            let beta = self.beta[i].as_tensor().to_vec1::<f32>()?;
            let bias = match conv.bias() {
                Some(b) => b.to_vec1::<f32>()?,
                None => vec![0.0; gamma.len()],
            };
            let scale: Vec<f32> = (0..gamma.len())
                .map(|k| gamma[k] / (var[k] + NORM_EPS as f32).sqrt())
                .collect();
            let shift: Vec<f32> = (0..gamma.len())
                .map(|k| (bias[k] - mean[k]) * scale[k] + beta[k])
                .collect();
            let c = scale.len();
            let weight = conv.weight().detach().broadcast_mul(&Tensor::from_vec(
                scale,
                (c, 1, 1, 1),
                &Device::Cpu,
            )?)?;
            convs.push((weight, Tensor::from_vec(shift, c, &Device::Cpu)?));
        }
        let head = Linear::new(
            net.head().weight().detach(),
            net.head().bias().map(|b| b.detach()),
        );
        Ok(Net::from_parts(convs, head))
    }
}

/// Platt scaling per output, by gradient descent on the log loss.
fn fit_calibration(logits: &[[f32; 2]], labels: &[[bool; 2]]) -> Calibration {
    let mut c = Calibration::IDENTITY;
    for k in 0..2 {
        let (mut a, mut b) = (1.0f32, 0.0f32);
        for _ in 0..3000 {
            let (mut ga, mut gb) = (0.0, 0.0);
            for (z, l) in logits.iter().zip(labels) {
                let err = sigmoid(a * z[k] + b) - if l[k] { 1.0 } else { 0.0 };
                ga += err * z[k];
                gb += err;
            }
            let n = logits.len().max(1) as f32;
            a -= 0.05 * ga / n;
            b -= 0.05 * gb / n;
        }
        (c.scale[k], c.shift[k]) = (a, b);
    }
    c
}

/// Binary cross-entropy on logits as `max(z, 0) − z·y + ln(1 + e^−|z|)`: candle's
/// `binary_cross_entropy_with_logit` takes the log of a saturated sigmoid, which gave NaN
/// losses once the logits grew.
/// Positives of output `k` weigh `pos_weight[k]`.
fn stable_bce(z: &Tensor, y: &Tensor, pos_weight: [f32; 2]) -> candle_core::Result<Tensor> {
    let softplus = (z.abs()?.neg()?.exp()? + 1.0)?.log()?;
    let per = (z.relu()? - (z * y)?)?.add(&softplus)?;
    let extra = Tensor::new(&[pos_weight[0] - 1.0, pos_weight[1] - 1.0], &Device::Cpu)?;
    let w = (y.broadcast_mul(&extra)? + 1.0)?;
    (per * w)?.mean_all()
}

/// Trains from `opts.data/train.bin`, saves the weights to `opts.out` and returns the model.
pub fn train(opts: &TrainOptions) -> Result<SignatureModel, ModelError> {
    keep_freed_memory();
    let crops = Crops::read(&opts.data.join("train.bin"))?;
    let n_val = crops.len() / 10;
    let n_train = crops.len() - n_val;
    let mut rng = Rng(opts.seed);
    let varmap = VarMap::new();
    {
        let mut vars = varmap.data().lock().unwrap_or_else(|e| e.into_inner());
        for (name, shape, fan_in) in Net::shapes() {
            let count = shape.iter().product();
            let std = (2.0 / fan_in.max(1) as f32).sqrt();
            let v: Vec<f32> = (0..count)
                .map(|_| if fan_in == 0 { 0.0 } else { rng.normal() * std })
                .collect();
            vars.insert(
                name,
                Var::from_tensor(&Tensor::from_vec(v, shape, &Device::Cpu)?)?,
            );
        }
    }
    let net = Net::new(&VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu))?;
    let norms = Norms::new(&net, &varmap)?;
    let mut opt = AdamW::new(
        varmap.all_vars(),
        ParamsAdamW {
            lr: opts.learning_rate,
            weight_decay: opts.weight_decay,
            ..Default::default()
        },
    )?;
    let mut order: Vec<usize> = (0..n_train).collect();
    let steps = n_train / opts.batch;
    let total = (steps * opts.epochs).max(1);
    let started = Instant::now();
    for epoch in 0..opts.epochs {
        rng.shuffle(&mut order);
        let mut loss_sum = 0.0;
        for s in 0..steps {
            // Cosine decay to a tenth of the rate.
            let t = (epoch * steps + s) as f64 / total as f64;
            opt.set_learning_rate(
                opts.learning_rate * (0.1 + 0.45 * (1.0 + (std::f64::consts::PI * t).cos())),
            );
            let (x, y) = batch(&crops, &order[s * opts.batch..(s + 1) * opts.batch])?;
            let x = drop_blue(&x, &mut rng)?;
            let z = net.forward_layers(&x, |i, x, conv| norms.train_layer(i, x, conv))?;
            let loss = stable_bce(&z, &y, opts.pos_weight)?;
            let value = loss.to_scalar::<f32>()?;
            if !value.is_finite() {
                return Err(ModelError::Training(format!(
                    "the loss is {value} at epoch {}, step {}: lower the learning rate",
                    epoch + 1,
                    s + 1
                )));
            }
            opt.backward_step(&loss)?;
            loss_sum += value;
        }
        let val: Vec<usize> = (n_train..crops.len()).collect();
        let z = logits(&norms.fold(&net)?, &crops, &val)?;
        let acc: Vec<f32> = (0..2)
            .map(|k| {
                let pred: Vec<bool> = z.iter().map(|z| z[k] > 0.0).collect();
                let truth: Vec<bool> = val.iter().map(|&i| crops.labels[i][k]).collect();
                Confusion::of(&pred, &truth).f1()
            })
            .collect();
        eprintln!(
            "epoch {:>2}: loss {:.4}, validation F1 signed {:.4} fingerprint {:.4} ({:.0} s)",
            epoch + 1,
            loss_sum / steps.max(1) as f32,
            acc[0],
            acc[1],
            started.elapsed().as_secs_f32()
        );
    }
    let net = norms.fold(&net)?;
    let val: Vec<usize> = (n_train..crops.len()).collect();
    let calibration = fit_calibration(
        &logits(&net, &crops, &val)?,
        &val.iter().map(|&i| crops.labels[i]).collect::<Vec<_>>(),
    );
    let model = SignatureModel::new(net, calibration);
    model.save(&opts.out)?;
    Ok(model)
}

/// Model and baseline on one split.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub crops: usize,
    /// Per output (signed, fingerprint): the model's and the baseline's confusion.
    pub model: [Confusion; 2],
    pub baseline: [Confusion; 2],
    /// Mean absolute gap between confidence and outcome in ten bins (expected calibration
    /// error), per output.
    pub calibration_error: [f32; 2],
    /// The model's calibrated probabilities per held-out crop, in file order.
    pub probabilities: Vec<[f32; 2]>,
    /// The held-out crops' labels (signed, fingerprint), in file order.
    pub labels: Vec<[bool; 2]>,
}

/// Judges the held-out crops with the model and with the baseline (fitted on the training
/// crops in `data`).
pub fn compare(model: &SignatureModel, data: &Path) -> Result<Comparison, ModelError> {
    let train = Crops::read(&data.join("train.bin"))?;
    let heldout = Crops::read(&data.join("heldout.bin"))?;
    let base = Baseline::fit(&train);
    let idx: Vec<usize> = (0..heldout.len()).collect();
    let probs: Vec<[f32; 2]> = logits(model.net(), &heldout, &idx)?
        .into_iter()
        .map(|z| model.calibration().probabilities(z))
        .collect();
    let judged: Vec<[bool; 2]> = idx
        .iter()
        .map(|&i| base.judge(heldout.planes(i), heldout.height, heldout.width))
        .collect();
    let per = |k: usize| {
        let truth: Vec<bool> = heldout.labels.iter().map(|l| l[k]).collect();
        let m = Confusion::of(&probs.iter().map(|p| p[k] >= 0.5).collect::<Vec<_>>(), &truth);
        let b = Confusion::of(&judged.iter().map(|j| j[k]).collect::<Vec<_>>(), &truth);
        (
            m,
            b,
            expected_calibration_error(&probs.iter().map(|p| p[k]).collect::<Vec<_>>(), &truth),
        )
    };
    let (s, f) = (per(0), per(1));
    Ok(Comparison {
        crops: heldout.len(),
        model: [s.0, f.0],
        baseline: [s.1, f.1],
        calibration_error: [s.2, f.2],
        probabilities: probs,
        labels: heldout.labels,
    })
}

fn expected_calibration_error(p: &[f32], truth: &[bool]) -> f32 {
    let mut bins = [(0.0f32, 0.0f32, 0usize); 10];
    for (p, t) in p.iter().zip(truth) {
        let b = &mut bins[((p * 10.0) as usize).min(9)];
        b.0 += p;
        b.1 += *t as u8 as f32;
        b.2 += 1;
    }
    bins.iter()
        .filter(|b| b.2 > 0)
        .map(|b| (b.0 - b.1).abs())
        .sum::<f32>()
        / p.len().max(1) as f32
}

impl std::fmt::Display for Comparison {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "held-out crops: {}", self.crops)?;
        writeln!(
            f,
            "{:<12} {:<9} {:>9} {:>7} {:>7}   confusion (tp fp fn tn)",
            "output", "judge", "precision", "recall", "F1"
        )?;
        for (k, output) in OUTPUTS.iter().enumerate() {
            for (who, c) in [("model", self.model[k]), ("baseline", self.baseline[k])] {
                writeln!(
                    f,
                    "{:<12} {:<9} {:>9.4} {:>7.4} {:>7.4}   {} {} {} {}",
                    output,
                    who,
                    c.precision(),
                    c.recall(),
                    c.f1(),
                    c.tp,
                    c.fp,
                    c.fn_,
                    c.tn
                )?;
            }
        }
        write!(
            f,
            "model calibration error (ECE): signed {:.4}, fingerprint {:.4}",
            self.calibration_error[0], self.calibration_error[1]
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::signature::conv3x3;
    use super::*;

    /// A network with seeded random weights, and normalisation with random scales, shifts
    /// and running statistics.
    fn random_net(varmap: &VarMap, rng: &mut Rng) -> (Net, Norms) {
        {
            let mut vars = varmap.data().lock().unwrap();
            for (name, shape, _) in Net::shapes() {
                let v: Vec<f32> = (0..shape.iter().product()).map(|_| rng.normal() * 0.3).collect();
                vars.insert(
                    name,
                    Var::from_tensor(&Tensor::from_vec(v, shape, &Device::Cpu).unwrap()).unwrap(),
                );
            }
        }
        let net = Net::new(&VarBuilder::from_varmap(varmap, DType::F32, &Device::Cpu)).unwrap();
        let norms = Norms::new(&net, varmap).unwrap();
        for i in 0..net.convs().len() {
            let c = norms.gamma[i].as_tensor().dim(0).unwrap();
            let g: Vec<f32> = (0..c).map(|_| 0.5 + rng.uniform()).collect();
            let b: Vec<f32> = (0..c).map(|_| rng.normal()).collect();
            norms.gamma[i]
                .set(&Tensor::from_vec(g, c, &Device::Cpu).unwrap())
                .unwrap();
            norms.beta[i]
                .set(&Tensor::from_vec(b, c, &Device::Cpu).unwrap())
                .unwrap();
            norms.running.borrow_mut()[i] = (
                (0..c).map(|_| rng.normal()).collect(),
                (0..c).map(|_| 0.2 + 2.0 * rng.uniform()).collect(),
            );
        }
        (net, norms)
    }

    fn values(logits: candle_core::Result<Tensor>) -> Vec<f32> {
        logits.and_then(|t| t.flatten_all()?.to_vec1::<f32>()).unwrap()
    }

    #[test]
    fn drop_blue_zeroes_only_the_blue_plane_of_about_half_the_crops() {
        let x = Tensor::ones((200, PLANES, 2, 2), DType::F32, &Device::Cpu).unwrap();
        let sums = drop_blue(&x, &mut Rng(3))
            .unwrap()
            .sum((2, 3))
            .unwrap()
            .to_vec2::<f32>()
            .unwrap();
        assert!(sums.iter().all(|c| c[..PLANES - 1].iter().all(|&v| v == 4.0)));
        assert!(sums.iter().all(|c| c[PLANES - 1] == 0.0 || c[PLANES - 1] == 4.0));
        let dropped = sums.iter().filter(|c| c[PLANES - 1] == 0.0).count();
        assert!((70..130).contains(&dropped), "{dropped} of 200 dropped");
    }

    #[test]
    fn folded_network_equals_the_normalised_one_and_survives_saving() {
        let varmap = VarMap::new();
        let (net, norms) = random_net(&varmap, &mut Rng(3));
        let x = Tensor::rand(0f32, 1.0, (2, PLANES, 96, 74), &Device::Cpu).unwrap();
        // Normalisation by the running statistics, written out layer by layer.
        let expected = net.forward_with(&x, |i, x, conv| {
            let y = conv3x3(x, conv)?;
            let (mean, var) = norms.running.borrow()[i].clone();
            let c = mean.len();
            let col = |v: Vec<f32>| Tensor::from_vec(v, (c, 1, 1, 1), &Device::Cpu);
            let g = norms.gamma[i].as_tensor().reshape((c, 1, 1, 1))?;
            let b = norms.beta[i].as_tensor().reshape((c, 1, 1, 1))?;
            let sd = (col(var)? + NORM_EPS)?.sqrt()?;
            y.broadcast_sub(&col(mean)?)?
                .broadcast_div(&sd)?
                .broadcast_mul(&g)?
                .broadcast_add(&b)
        });
        let expected = values(expected);
        let folded = norms.fold(&net).unwrap();
        let got = values(folded.forward(&x));
        assert_eq!(got.len(), 4);
        for (a, b) in got.iter().zip(&expected) {
            assert!((a - b).abs() < 1e-3 * (1.0 + b.abs()), "{got:?} vs {expected:?}");
        }
        // Saved and read back as the checks read the shipped weights.
        let calibration = Calibration {
            scale: [0.7, 1.3],
            shift: [0.1, -0.2],
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("signature.safetensors");
        SignatureModel::new(folded, calibration).save(&path).unwrap();
        let read = SignatureModel::from_file(&path).unwrap();
        assert_eq!(read.calibration(), calibration);
        assert_eq!(values(read.net().forward(&x)), got);
    }
}
