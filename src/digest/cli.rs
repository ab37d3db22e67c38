//! `dossier digest --now`: today's digest at once (exactly once, as the server would), then the
//! deliveries that are due, with what happened on stderr.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Digester, Settings};
use crate::cli::Status;
use crate::config::{Config, Overrides};

pub fn run(data: Option<PathBuf>, config_file: Option<&Path>) -> anyhow::Result<Status> {
    let flags = Overrides {
        listen: None,
        data_dir: data,
    };
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    let outcome = crate::cli::runtime()?.block_on(async {
        let store = crate::cli::open_store(&config).await?;
        let digester = Digester::new(store.clone(), Settings::from_config(&config));
        let outcome = digester.send_now(chrono::Utc::now()).await;
        store.close().await;
        anyhow::Ok(outcome?)
    })?;
    match &outcome.created {
        Some(day) => eprintln!("dossier: created the digest of {day}"),
        None => eprintln!("dossier: today's digest exists already; not created again"),
    }
    eprintln!(
        "dossier: {} delivery(ies) sent, {} attempt(s) failed (retried later by the server)",
        outcome.sent, outcome.failed_attempts
    );
    Ok(Status::Clean)
}
