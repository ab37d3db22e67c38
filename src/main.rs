//! The `dossier` binary: parse the command line, set up logging, run the command, and map
//! its outcome to the exit code once (0 clean, 1 defects found, 2 something unreadable).

use std::process::ExitCode;

use clap::Parser;
use dossier::cli::{self, Cli, Status};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing(cli.command.default_log_filter());
    match cli::run(cli) {
        Ok(status) => ExitCode::from(status as u8),
        Err(e) => {
            eprintln!("dossier: {}", cli::error_message(&e));
            ExitCode::from(Status::Unreadable as u8)
        }
    }
}

/// Logs go to stderr, filtered by `DOSSIER_LOG` (or `RUST_LOG`), e.g. `DOSSIER_LOG=dossier=debug`.
fn init_tracing(default: &str) {
    let filter = std::env::var("DOSSIER_LOG")
        .or_else(|_| std::env::var("RUST_LOG"))
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok())
        .unwrap_or_else(|| EnvFilter::new(default));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}
