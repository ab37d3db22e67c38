//! `dossier stats --month YYYY-MM [--unit CODE] [--officer NAME] [--format table|csv|json]`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::{Month, StatsQuery, export};
use crate::cli::Status;
use crate::config::{Config, Overrides};

#[derive(Debug, Clone)]
pub struct Args {
    pub month: String,
    pub unit: Option<String>,
    pub officer: Option<String>,
    pub format: String,
    pub view: String,
}

pub fn run(args: Args, data: Option<PathBuf>, config_file: Option<&Path>) -> anyhow::Result<Status> {
    let flags = Overrides {
        listen: None,
        data_dir: data,
    };
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    let month: Month = args.month.parse()?;
    let q = StatsQuery {
        month,
        tz: config.time_zone,
        red_card_threshold: config.red_card_threshold,
        scope_unit_id: None,
        unit: args.unit,
        officer: args.officer,
    };
    let s = crate::cli::runtime()?.block_on(async {
        let store = crate::cli::open_store(&config).await?;
        let s = super::monthly(&store, &q).await;
        store.close().await;
        anyhow::Ok(s?)
    })?;
    let mut out = std::io::stdout().lock();
    match args.format.as_str() {
        "json" => writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?,
        "csv" => {
            let tables = export::tables(&s);
            let table = tables
                .iter()
                .find(|t| t.id == args.view)
                .with_context(|| format!("unknown view {}", args.view))?;
            write!(out, "{}", export::csv(table))?;
        }
        _ => write!(out, "{}", export::text_tables(&export::tables(&s)))?,
    }
    out.flush()?;
    Ok(Status::Clean)
}
