//! `POST /api/check`: check one uploaded file synchronously and return its JSON report.
//!
//! The pipeline is CPU-bound, so it runs on a blocking thread, and a semaphore sized to the
//! configured workers (the cores by default) keeps a burst of uploads from oversubscribing
//! the machine: extra requests wait their turn instead of all running at once.

use axum::Json;
use axum::extract::State;
use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::http::StatusCode;

use super::AppState;
use super::error::ApiError;
use crate::ingest::IngestError;
use crate::pipeline::{self, PipelineError};
use crate::report::Report;

pub async fn check(
    State(state): State<AppState>,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Json<Report>, ApiError> {
    let mut multipart = multipart.map_err(|e| ApiError::BadMultipart(e.body_text()))?;
    let (name, bytes) = read_file_field(&mut multipart, state.limits.max_file_bytes).await?;
    let _permit = state
        .workers
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("worker pool closed")))?;
    let span = tracing::Span::current();
    let (rules, limits, ocr) = (state.rules.clone(), state.limits, state.ocr.clone());
    let outcome = tokio::task::spawn_blocking(move || {
        span.in_scope(|| pipeline::check_bytes(&name, bytes, &rules, &limits, &ocr))
    })
    .await
    .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("the check task failed")))?;
    match outcome {
        Ok(report) => Ok(Json(report)),
        Err(PipelineError::Ingest(IngestError::TooLarge { limit, .. })) => Err(ApiError::TooLarge { limit }),
        Err(e) => Err(ApiError::Unreadable(e)),
    }
}

/// Reads the `file` field, skipping any others.
async fn read_file_field(multipart: &mut Multipart, limit: u64) -> Result<(String, Vec<u8>), ApiError> {
    let to_api = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge { limit }
        } else {
            ApiError::BadMultipart(e.body_text())
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(to_api)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or("upload").to_string();
            let bytes = field.bytes().await.map_err(to_api)?;
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(ApiError::MissingFile)
}
