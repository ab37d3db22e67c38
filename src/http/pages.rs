//! `GET /api/dossiers/{id}/pages/{n}.png[?boxes=1]`: a page image, with the boxes of the
//! page's standing defects (open, confirmed, unrectified) drawn when asked. Rendering runs on
//! a blocking thread under the same bound as the checks.

use axum::extract::{Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::AppState;
use super::auth::CurrentUser;
use super::dossiers::{dossier_not_found, parse_id};
use super::error::ApiError;
use crate::render::{self, RenderError};

#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    boxes: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path((id, page)): Path<(String, String)>,
    Query(params): Query<PageParams>,
) -> Result<Response, ApiError> {
    let id = parse_id("id", &id)?;
    let page = parse_id("page", page.strip_suffix(".png").unwrap_or(&page))?;
    let dossier = state
        .store
        .dossier(user.scope(), id)
        .await
        .map_err(dossier_not_found)?;
    let not_found = || ApiError::NotFound {
        what: "page",
        code: "page_not_found",
    };
    if dossier.pages.is_some_and(|n| page > n) {
        return Err(not_found());
    }
    let boxes: Vec<[f64; 4]> = if matches!(params.boxes.as_deref(), Some("1" | "true" | "yes")) {
        state
            .store
            .defects(id)
            .await?
            .into_iter()
            .filter(|d| d.page == page && matches!(d.status.as_str(), "open" | "confirmed" | "unrectified"))
            .map(|d| d.bbox)
            .collect()
    } else {
        Vec::new()
    };
    let path = state.blobs.path(&dossier.sha256).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "stored hash {:?} is not a SHA-256",
            dossier.sha256
        ))
    })?;
    let _permit = state
        .workers
        .clone()
        .acquire_owned()
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    let limits = state.limits;
    let png = tokio::task::spawn_blocking(move || render::page_png(&path, page as usize, &boxes, &limits))
        .await
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?
        .map_err(|e| match e {
            RenderError::NoPage(_) => not_found(),
            RenderError::Io(e) => {
                ApiError::Internal(anyhow::Error::new(e).context("cannot read the stored file"))
            }
            e => ApiError::PageUnavailable(e.to_string()),
        })?;
    Ok((
        [
            (CONTENT_TYPE, "image/png"),
            (CACHE_CONTROL, "private, max-age=300"),
        ],
        png,
    )
        .into_response())
}
