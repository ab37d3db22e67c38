//! Benchmark: the signature model's cost per slot, and the per-page cost of keeping and
//! decoding the page copy it crops from. Run it on one core, in release:
//!
//! ```text
//! RAYON_NUM_THREADS=1 cargo run --release --bin bench_signature -- --runs 200
//! ```

use std::time::Instant;

use clap::Parser;
use dossier::model::{self, SignatureModel, pixels};
use image::{Rgb, RgbImage};

#[derive(Parser)]
#[command(about = "Milliseconds per slot for the signature model")]
struct Args {
    #[arg(long, default_value_t = 200)]
    runs: u32,
}

fn ms(f: &mut dyn FnMut(), runs: u32) -> f64 {
    f();
    let t = Instant::now();
    for _ in 0..runs {
        f();
    }
    t.elapsed().as_secs_f64() * 1000.0 / runs as f64
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let m = SignatureModel::from_file(&model::shipped_weights())?;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/models/testdata/signature/name.png");
    let crop = image::open(dir)?.into_rgb8();
    for (label, width) in [
        (
            "one slot, 19 h wide (training size)",
            model::signature::TRAIN_WIDTH,
        ),
        // The input is 4.8 text heights high: 48 h wide is ten times its height.
        (
            "a slot to the page's edge, 48 h",
            10 * model::signature::INPUT_HEIGHT,
        ),
    ] {
        let mut wide = RgbImage::from_pixel(width, crop.height(), Rgb([250, 250, 250]));
        image::imageops::replace(&mut wide, &crop, 0, 0);
        let t = ms(
            &mut || {
                let _ = m.classify(&wide);
            },
            args.runs,
        );
        println!("{label}: {t:.2} ms per slot");
    }
    // An A4 page at 300 ppi: keeping its copy (in OCR) and decoding it (once per page).
    let page = RgbImage::from_fn(2480, 3508, |x, y| {
        if (y / 60) % 2 == 0 && (x * 7 + y * 3) % 11 < 3 {
            Rgb([30, 30, 30])
        } else {
            Rgb([245, 243, 240])
        }
    });
    let runs = (args.runs / 20).max(3);
    let kept = pixels::keep(&page, 300.0, 595.0).expect("kept");
    println!("page copy: {} KB", kept.png.len() / 1024);
    let t = ms(
        &mut || {
            let _ = pixels::keep(&page, 300.0, 595.0);
        },
        runs,
    );
    println!("keep a 300-ppi A4 page: {t:.1} ms per page");
    let t = ms(
        &mut || {
            let _ = pixels::decode(&kept);
        },
        runs,
    );
    println!("decode the page copy: {t:.1} ms per page");
    training_step((args.runs / 40).max(3))?;
    Ok(())
}

/// One training step's forward and backward pass on a batch of 32 training-size crops, with
/// our matrix-product convolution and with candle's `conv2d` (the same weights and input).
fn training_step(runs: u32) -> anyhow::Result<()> {
    use candle_core::{DType, Device, Tensor};
    // Variables (the shipped weights are constants: no gradient would be computed).
    let varmap = candle_nn::VarMap::new();
    let net = model::signature::Net::new(&candle_nn::VarBuilder::from_varmap(
        &varmap,
        DType::F32,
        &Device::Cpu,
    ))?;
    let (h, w) = (
        model::signature::INPUT_HEIGHT as usize,
        model::signature::TRAIN_WIDTH as usize,
    );
    let x = Tensor::rand(0f32, 1.0, (32, model::signature::PLANES, h, w), &Device::Cpu)?;
    let step = |ours: bool| -> anyhow::Result<()> {
        let z = if ours {
            net.forward(&x)?
        } else {
            net.forward_with(&x, |_, x, c| model::signature::candle_conv3x3(x, c))?
        };
        z.sqr()?.mean_all()?.backward()?;
        Ok(())
    };
    let time = |label: &str, ours: bool| -> anyhow::Result<()> {
        step(ours)?;
        let t = Instant::now();
        for _ in 0..runs {
            step(ours)?;
        }
        let ms = t.elapsed().as_secs_f64() * 1000.0 / runs as f64;
        println!("training step, batch 32, {label}: {ms:.0} ms");
        Ok(())
    };
    time("conv3x3 (matrix product)", true)?;
    time("candle conv2d", false)?;
    // What `dossier train` does first (it cannot be undone in this process: measured last).
    model::train::keep_freed_memory();
    time("conv3x3, freed memory kept (as training runs)", true)?;
    Ok(())
}
