//! The HTTP service: the router, its shared state, and `Application`, which opens the store,
//! starts the worker pool, binds the listener (port 0 in tests), serves until SIGINT/SIGTERM
//! and then drains in-flight requests and lets the workers finish their current dossier.
//! Handlers live one area per file (`check`, `auth`, `upload`, `dossiers`,
//! `review`, `pages`, `stats`; `web` serves the reviewers' pages); `error` holds the one `ApiError`. The daily digest runs beside
//! the server in every `serve` process (its exactly-once rests on the database).

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, Semaphore, watch};
use tracing::Instrument;

use crate::blobs::Blobs;
use crate::checks::RuleConfig;
use crate::config::Config;
use crate::ingest::Limits;
use crate::jobs::Workers;
use crate::ocr::OcrSettings;
use crate::store::Store;

pub mod auth;
mod body;
pub mod check;
pub mod dossiers;
pub mod error;
pub mod pages;
pub mod review;
pub mod stats;
pub mod upload;
pub mod web;

use error::ApiError;

/// What handlers share: read-only settings and the bound on concurrent checks.
#[derive(Clone)]
pub struct AppState {
    pub rules: Arc<RuleConfig>,
    pub limits: Limits,
    pub ocr: OcrSettings,
    pub workers: Arc<Semaphore>,
    pub store: Store,
    /// Hours a session stays valid.
    pub session_hours: u64,
    pub blobs: Blobs,
    /// Wakes an idle worker when an upload is queued.
    pub wake: Arc<Notify>,
    pub job_max_attempts: u32,
    pub stats: StatsSettings,
}

/// How the statistics are computed: the zone of their months and the red-card line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StatsSettings {
    pub tz: chrono_tz::Tz,
    pub red_card_threshold: f64,
}

/// Multipart framing (boundaries, headers) on top of the file itself.
const MULTIPART_OVERHEAD: u64 = 64 * 1024;

pub fn router(state: AppState) -> Router {
    let body_limit =
        usize::try_from(state.limits.max_file_bytes.saturating_add(MULTIPART_OVERHEAD)).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(web::index))
        .route("/assets/{name}", get(web::asset))
        .route("/healthz", get(healthz))
        .route("/api/openapi.json", get(openapi))
        .route("/api/check", post(check::check))
        .route("/api/session", post(auth::login).delete(auth::logout))
        .route("/api/me", get(auth::me))
        .route("/api/dossiers", post(upload::upload).get(dossiers::list))
        .route("/api/dossiers/{id}", get(dossiers::get))
        .route("/api/dossiers/{id}/pages/{page}", get(pages::page))
        .route("/api/dossiers/{id}/defects", post(review::add))
        .route("/api/dossiers/{id}/confirm", post(review::bulk_confirm))
        .route("/api/dossiers/{id}/log", get(review::log))
        .route("/api/defects/{id}/confirm", post(review::confirm))
        .route("/api/defects/{id}/reject", post(review::reject))
        .route("/api/defects/{id}/undo", post(review::undo))
        .route("/api/stats", get(stats::get))
        .route("/api/stats/export", get(stats::export))
        .route("/api/digests", get(stats::digests))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::from_fn_with_state(
            (body_limit as u64, state.limits.max_file_bytes),
            refuse_oversized,
        ))
        .layer(axum::middleware::from_fn(log_request))
        .with_state(state)
}

/// Refuses a request whose declared `Content-Length` is over the body limit before reading
/// any of it (a 2 GB upload is answered at once, not after it has been received).
async fn refuse_oversized(
    State((body_limit, file_limit)): State<(u64, u64)>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > body_limit) {
        return axum::response::IntoResponse::into_response(ApiError::TooLarge { limit: file_limit });
    }
    next.run(request).await
}

/// One log line per request, in a span that the handler's own logs (and the pipeline's, on
/// its blocking thread) inherit.
async fn log_request(request: Request, next: Next) -> Response {
    let span = tracing::info_span!("request", method = %request.method(), path = %request.uri().path());
    let started = std::time::Instant::now();
    let response = next.run(request).instrument(span.clone()).await;
    let _enter = span.enter();
    tracing::info!(
        status = response.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
        "done"
    );
    response
}

/// The OpenAPI document of every route, written by hand beside the handlers
/// (`src/http/openapi.json`); tests/api/openapi.rs keeps it in step with the router.
async fn openapi() -> Response {
    let body = include_str!("openapi.json");
    axum::response::IntoResponse::into_response((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body,
    ))
}

/// 200 when the store answers a query, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(json!({"status": "ok"})))
}

/// A bound, ready-to-run service.
pub struct Application {
    listener: TcpListener,
    router: Router,
    store: Store,
    stop_workers: watch::Sender<bool>,
    worker_tasks: Vec<tokio::task::JoinHandle<()>>,
    digest_task: tokio::task::JoinHandle<()>,
}

/// How often the digest loop looks at the clock (and retries deliveries that are due).
const DIGEST_TICK: std::time::Duration = std::time::Duration::from_secs(30);

impl Application {
    /// Loads the rules, creates the data folder, opens and migrates the database and binds
    /// `config.listen` (port 0 picks a free port: see `port`).
    pub async fn build(config: &Config) -> anyhow::Result<Application> {
        let rules = match &config.rules {
            Some(path) => RuleConfig::load(path)?,
            None => RuleConfig::default(),
        };
        let store = crate::cli::open_store(config).await?;
        let rules = Arc::new(rules);
        let workers = Workers::new(config, store.clone(), rules.clone());
        let state = AppState {
            rules,
            limits: config.limits(),
            ocr: config.ocr(),
            workers: Arc::new(Semaphore::new(config.workers)),
            store,
            session_hours: config.session_hours,
            blobs: workers.blobs.clone(),
            wake: workers.wake.clone(),
            job_max_attempts: config.job_max_attempts,
            stats: StatsSettings {
                tz: config.time_zone,
                red_card_threshold: config.red_card_threshold,
            },
        };
        let (stop, stopped) = watch::channel(false);
        let worker_tasks = workers.spawn(config.workers, stopped.clone());
        let digester =
            crate::digest::Digester::new(state.store.clone(), crate::digest::Settings::from_config(config));
        let digest_task =
            tokio::spawn(digester.run(Arc::new(crate::digest::SystemClock), DIGEST_TICK, stopped));
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        Ok(Application {
            listener,
            router: router(state.clone()),
            store: state.store,
            stop_workers: stop,
            worker_tasks,
            digest_task,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.listener.local_addr()
    }

    /// The store the service uses (tests seed users through it).
    pub fn store(&self) -> Store {
        self.store.clone()
    }

    pub fn port(&self) -> u16 {
        self.local_addr().map_or(0, |a| a.port())
    }

    /// Serves until SIGINT or SIGTERM, then lets in-flight requests finish and the workers
    /// finish the dossier each is checking (a job cut short anyway is resumed after restart).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        if let Ok(addr) = self.listener.local_addr() {
            tracing::info!(%addr, "listening");
        }
        let served = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("the server failed");
        let _ = self.stop_workers.send(true);
        for task in self.worker_tasks {
            let _ = task.await;
        }
        let _ = self.digest_task.await;
        served
    }
}

/// Resolves on SIGINT or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
