//! The command line: `check`, `eval`, `extract`, `serve`, `worker`, `migrate` and `user add`, parsed with clap and run here.
//! Each command returns a `Status` that `main` turns into the process exit code (0 clean,
//! 1 defects found, 2 a file or setting could not be read); messages for people go to
//! stderr, machine output (reports, JSON) to stdout.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::checks::RuleConfig;
use crate::config::{Config, Overrides};
use crate::eval;
use crate::http::Application;
use crate::ingest::{self, Limits};
use crate::page::PageSource;
use crate::report::Report;
use crate::store::Store;
use crate::{extract, report};

#[derive(Debug, Parser)]
#[command(
    name = "dossier",
    version,
    about = "Pre-review of police case dossiers (案卷) for procedural defects"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files without a server. Exit 0: no defects; 1: defects; 2: a file could not be read.
    Check {
        /// PDF files (or page images) to check.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print one JSON report per line instead of a table.
        #[arg(long)]
        json: bool,
        /// Rules file (TOML); built-in defaults otherwise.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
    },
    /// Score the checks against the fixtures in each DIR (NAME.pdf + NAME.truth.json); with
    /// several folders (exported and scanned), also a side-by-side summary.
    Eval {
        #[arg(required = true, num_args = 1..)]
        dirs: Vec<PathBuf>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
        /// Rules file (TOML); built-in defaults otherwise.
        #[arg(long, value_name = "FILE")]
        rules: Option<PathBuf>,
        /// Development aid: keep each file's extracted pages here and reuse them, so a change
        /// to structure or checks is re-scored without OCR (empty it after changing OCR).
        #[arg(long, value_name = "DIR")]
        page_cache: Option<PathBuf>,
    },
    /// Debug aid: print what extraction reads from each page (lines with boxes).
    Extract { file: PathBuf },
    /// Start the HTTP service.
    Serve {
        /// Address to listen on [env: DOSSIER_LISTEN, default 127.0.0.1:8080].
        #[arg(long, value_name = "ADDR")]
        listen: Option<String>,
        /// Data folder, created at start [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Check queued dossiers without serving HTTP (several may share one PostgreSQL).
    Worker {
        /// Data folder, shared with `serve` [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Manage the users of the service.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Monthly statistics (月执法清单): per unit, officer, category, rule and pass, the red-card
    /// list and a 12-month trend, from the reviewed defects in the database.
    Stats {
        /// The month, YYYY-MM, in the configured zone [env: DOSSIER_TZ, default Asia/Shanghai].
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Only this unit (its code).
        #[arg(long)]
        unit: Option<String>,
        /// Only this case officer.
        #[arg(long)]
        officer: Option<String>,
        /// table (all views), csv (one view: --view) or json (everything).
        #[arg(long, default_value = "table", value_parser = ["table", "csv", "json"])]
        format: String,
        /// The view printed as CSV.
        #[arg(long, default_value = "officers", value_parser = crate::stats::export::VIEWS)]
        view: String,
        /// Data folder [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
    /// The daily digest. `--now` creates today's digest at once (if no process has yet) and
    /// delivers what is due; `serve` does this by itself at the configured hour.
    Digest {
        /// Send today's digest now instead of waiting for the hour.
        #[arg(long, required = true)]
        now: bool,
        /// Data folder [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
    /// Create or update the database schema (`DATABASE_URL`, or the SQLite file in the data
    /// folder), then exit. `serve` does the same at start.
    Migrate {
        /// Data folder [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserAction {
    /// Add a user; the password is read from the first line of stdin. The unit is created if
    /// it does not exist yet.
    Add {
        #[arg(long)]
        username: String,
        /// officer, unit_legal, bureau_legal, leader or admin.
        #[arg(long)]
        role: String,
        /// The unit's code (required for officer and unit_legal).
        #[arg(long)]
        unit: Option<String>,
        /// E-mail address: the daily digest goes to users with one (all roles but officer).
        #[arg(long)]
        email: Option<String>,
        /// Data folder [env: DOSSIER_DATA, default ./data].
        #[arg(long, value_name = "DIR")]
        data: Option<PathBuf>,
        /// TOML configuration file; environment variables win over it.
        #[arg(long, value_name = "FILE", env = "DOSSIER_CONFIG")]
        config: Option<PathBuf>,
    },
}

impl Command {
    /// Log level when neither `DOSSIER_LOG` nor `RUST_LOG` is set: the service logs its
    /// requests; one-shot commands stay quiet unless something is wrong.
    pub fn default_log_filter(&self) -> &'static str {
        match self {
            Command::Serve { .. } | Command::Worker { .. } => "info",
            _ => "warn",
        }
    }
}

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Clean = 0,
    Defects = 1,
    Unreadable = 2,
}

pub fn run(cli: Cli) -> anyhow::Result<Status> {
    match cli.command {
        Command::Check { files, json, rules } => check(&files, json, rules.as_deref()),
        Command::Eval {
            dirs,
            json,
            rules,
            page_cache,
        } => run_eval(&dirs, json, rules.as_deref(), page_cache.as_deref()),
        Command::Extract { file } => run_extract(&file),
        Command::Serve { listen, data, config } => serve(
            Overrides {
                listen,
                data_dir: data,
            },
            config.as_deref(),
        ),
        Command::User {
            action:
                UserAction::Add {
                    username,
                    role,
                    unit,
                    email,
                    data,
                    config,
                },
        } => user_add(
            &username,
            &role,
            unit.as_deref(),
            email.as_deref(),
            data,
            config.as_deref(),
        ),
        Command::Stats {
            month,
            unit,
            officer,
            format,
            view,
            data,
            config,
        } => crate::stats::cli::run(
            crate::stats::cli::Args {
                month,
                unit,
                officer,
                format,
                view,
            },
            data,
            config.as_deref(),
        ),
        Command::Digest { now: _, data, config } => crate::digest::cli::run(data, config.as_deref()),
        Command::Worker { data, config } => worker(
            Overrides {
                listen: None,
                data_dir: data,
            },
            config.as_deref(),
        ),
        Command::Migrate { data, config } => migrate(
            Overrides {
                listen: None,
                data_dir: data,
            },
            config.as_deref(),
        ),
    }
}

fn load_rules(path: Option<&Path>) -> anyhow::Result<RuleConfig> {
    Ok(match path {
        Some(p) => RuleConfig::load(p)?,
        None => RuleConfig::default(),
    })
}

fn check(files: &[PathBuf], json: bool, rules: Option<&Path>) -> anyhow::Result<Status> {
    let rules = load_rules(rules)?;
    let limits = Limits::default();
    let ocr = Config::load(None, &Overrides::default())?.ocr();
    let mut status = Status::Clean;
    let mut out = std::io::stdout().lock();
    for path in files {
        match eval::check_catching_panics(path, &rules, &limits, &ocr) {
            Ok(report) => {
                if json {
                    writeln!(out, "{}", serde_json::to_string(&report)?)?;
                } else {
                    write!(out, "{}", render_report(&report))?;
                }
                if !report.defects.is_empty() {
                    status = status.max(Status::Defects);
                }
            }
            Err(message) => {
                out.flush()?;
                eprintln!("dossier: {}: {message}", path.display());
                status = Status::Unreadable;
            }
        }
    }
    out.flush()?;
    Ok(status)
}

/// The human-readable form of one report.
pub fn render_report(r: &Report) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let sha = r.sha256.get(..12).unwrap_or(&r.sha256);
    let _ = writeln!(
        s,
        "{}  ({} pages, source {}, sha256 {sha}…)",
        r.file, r.pages, r.source
    );
    for d in &r.documents {
        let _ = writeln!(
            s,
            "  document {}: {} pp.{}-{} {}",
            d.index, d.kind, d.first_page, d.last_page, d.title
        );
    }
    if r.defects.is_empty() {
        let _ = writeln!(s, "  no defects");
    } else {
        let _ = writeln!(
            s,
            "  {:>4}  {:<25} {:<8} {:>6}  message",
            "page", "category", "severity", "deduct"
        );
        for d in &r.defects {
            let severity = serde_json::to_value(d.severity).ok();
            let severity = severity.as_ref().and_then(|v| v.as_str()).unwrap_or("?");
            let _ = writeln!(
                s,
                "  {:>4}  {:<25} {:<8} {:>6.1}  {}",
                d.page,
                d.category.id(),
                severity,
                d.deduction,
                d.message
            );
        }
        let total: f32 = r.defects.iter().map(|d| d.deduction).sum();
        let _ = writeln!(s, "  {} defect(s), {total:.1} point(s) deducted", r.defects.len());
    }
    render_page_problems(&mut s, &r.page_problems);
    s
}

fn render_page_problems(s: &mut String, problems: &[report::PageProblem]) {
    use std::fmt::Write;
    if problems.is_empty() {
        return;
    }
    let _ = writeln!(s, "  pages not checked:");
    for p in problems {
        let _ = writeln!(s, "  {:>4}  {:<9} {}", p.page, p.kind, p.message);
    }
}

fn run_eval(
    dirs: &[PathBuf],
    json: bool,
    rules: Option<&Path>,
    page_cache: Option<&Path>,
) -> anyhow::Result<Status> {
    let rules = load_rules(rules)?;
    let mut results = Vec::with_capacity(dirs.len());
    for dir in dirs {
        results.push((
            dir.display().to_string(),
            eval::evaluate_with(dir, &rules, page_cache)?,
        ));
    }
    let mut out = std::io::stdout().lock();
    if json {
        // One folder: its result, as before; several: a list of {dir, result}.
        if let [(_, result)] = results.as_slice() {
            writeln!(out, "{}", serde_json::to_string_pretty(result)?)?;
        } else {
            let list: Vec<_> = results
                .iter()
                .map(|(dir, result)| serde_json::json!({ "dir": dir, "result": result }))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        return Ok(Status::Clean);
    }
    for (dir, result) in &results {
        if results.len() > 1 {
            writeln!(out, "== {dir}")?;
        }
        write!(out, "{}", eval::render(result))?;
        writeln!(out)?;
    }
    if results.len() > 1 {
        writeln!(out, "== side by side")?;
        write!(out, "{}", eval::render_side_by_side(&results))?;
    }
    Ok(Status::Clean)
}

fn run_extract(path: &Path) -> anyhow::Result<Status> {
    let limits = Limits::default();
    let shown = path.display();
    let upload = ingest::ingest_path(path, &limits).with_context(|| format!("{shown}"))?;
    let ocr = Config::load(None, &Overrides::default())?.ocr();
    let pages = extract::extract(&upload, &limits, &ocr).with_context(|| format!("{shown}"))?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{shown}: {} page(s), {}", pages.len(), upload.kind.name())?;
    for p in &pages {
        let source = match &p.source {
            PageSource::TextLayer => "text layer".to_string(),
            PageSource::Ocr { monochrome: false } => "ocr".to_string(),
            PageSource::Ocr { monochrome: true } => "ocr, monochrome".to_string(),
            PageSource::NeedsOcr { reason } => format!("needs OCR: {reason}"),
            PageSource::Failed { error } => format!("FAILED: {error}"),
        };
        writeln!(
            out,
            "\n== page {} ({:.0}x{:.0}) {source}; {} line(s), {} image(s), {} stroke(s)",
            p.number,
            p.width,
            p.height,
            p.lines.len(),
            p.images.len(),
            p.strokes.len()
        )?;
        for l in &p.lines {
            let b = l.bbox;
            writeln!(
                out,
                "[{:7.1} {:7.1} {:7.1} {:7.1}] {}",
                b.x0, b.y0, b.x1, b.y1, l.text
            )?;
        }
        for i in &p.images {
            let b = i.bbox;
            let pct = |v: Option<f32>| v.map_or_else(|| "?".to_string(), |v| format!("{:.1}%", v * 100.0));
            writeln!(
                out,
                "[{:7.1} {:7.1} {:7.1} {:7.1}] <image {}x{} ink {} red {}>",
                b.x0,
                b.y0,
                b.x1,
                b.y1,
                i.pixel_width,
                i.pixel_height,
                pct(i.ink_ratio),
                pct(i.red_ratio)
            )?;
        }
        // Freeform strokes are what the signature slots are judged by (on a scan: the ink
        // the OCR'd print does not explain); ruled lines are left out.
        for s in p.strokes.iter().filter(|s| s.freeform) {
            let b = s.bbox;
            let [r, g, bl] = s.color;
            writeln!(
                out,
                "[{:7.1} {:7.1} {:7.1} {:7.1}] <stroke {} segment(s) rgb {r:.2} {g:.2} {bl:.2}>",
                b.x0, b.y0, b.x1, b.y1, s.segments
            )?;
        }
    }
    Ok(Status::Clean)
}

/// A runtime for the commands that talk to the database.
pub(crate) fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

fn migrate(flags: Overrides, config_file: Option<&Path>) -> anyhow::Result<Status> {
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    runtime()?.block_on(async {
        let store = open_store(&config).await?;
        store.close().await;
        anyhow::Ok(())
    })?;
    eprintln!("dossier: the database is up to date");
    Ok(Status::Clean)
}

fn worker(flags: Overrides, config_file: Option<&Path>) -> anyhow::Result<Status> {
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    let rules = std::sync::Arc::new(load_rules(config.rules.as_deref())?);
    runtime()?.block_on(async {
        let store = open_store(&config).await?;
        let workers = crate::jobs::Workers::new(&config, store.clone(), rules);
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let tasks = workers.spawn(config.workers, stopped);
        tracing::info!(workers = config.workers, "checking queued dossiers");
        crate::http::shutdown_signal().await;
        let _ = stop.send(true);
        for task in tasks {
            let _ = task.await;
        }
        store.close().await;
        anyhow::Ok(())
    })?;
    Ok(Status::Clean)
}

fn user_add(
    username: &str,
    role: &str,
    unit: Option<&str>,
    email: Option<&str>,
    data: Option<PathBuf>,
    config_file: Option<&Path>,
) -> anyhow::Result<Status> {
    let flags = Overrides {
        listen: None,
        data_dir: data,
    };
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    let mut password = String::new();
    std::io::stdin()
        .read_line(&mut password)
        .context("cannot read the password from stdin")?;
    let password = password.trim_end_matches(['\r', '\n']);
    let id = runtime()?.block_on(async {
        let store = open_store(&config).await?;
        let id = crate::users::add_user(&store, username, role, unit, password).await;
        if let (Ok(_), Some(email)) = (&id, email) {
            store.set_user_email(username, Some(email)).await?;
        }
        store.close().await;
        anyhow::Ok(id?)
    })?;
    eprintln!("dossier: added user {username} ({role}), id {id}");
    Ok(Status::Clean)
}

/// Creates the data folder and opens (and migrates) the configured database.
pub async fn open_store(config: &Config) -> anyhow::Result<Store> {
    std::fs::create_dir_all(&config.data_dir)
        .with_context(|| format!("cannot create the data folder {}", config.data_dir.display()))?;
    Ok(Store::open(&config.database_url()).await?)
}

fn serve(flags: Overrides, config_file: Option<&Path>) -> anyhow::Result<Status> {
    let config = Config::load(config_file, &flags).context("invalid configuration")?;
    runtime()?.block_on(async {
        let app = Application::build(&config).await?;
        app.run_until_stopped().await
    })?;
    Ok(Status::Clean)
}
