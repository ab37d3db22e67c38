//! Review actions: confirm, reject (with a reason), undo, bulk confirm, add a defect the
//! machine missed, and the dossier's review log. Only reviewing roles act, only inside
//! their units; a decision names the `version` it was made on, and a stale one — another
//! reviewer was faster — is a 409 carrying the defect as it is now.

use axum::Json;
use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::CurrentUser;
use super::body::{JsonBody, OptionalJson};
use super::dossiers::{dossier_not_found, parse_id};
use super::error::ApiError;
use crate::auth::User;
use crate::defect::{Category, Defect, Severity};
use crate::review::Action;
use crate::store::StoreError;
use crate::store::review::{DefectRow, LogEntry, ReviewError};

/// The longest reason or message, in characters.
const MAX_TEXT: usize = 2000;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    /// The defect's `version` the reviewer saw.
    version: Option<i64>,
    reason: Option<String>,
}

pub async fn confirm(
    state: State<AppState>,
    user: CurrentUser,
    id: Path<String>,
    OptionalJson(body): OptionalJson<Decision>,
) -> Result<Json<DefectRow>, ApiError> {
    decide(state, user, id, Action::Confirm, body).await
}

pub async fn reject(
    state: State<AppState>,
    user: CurrentUser,
    id: Path<String>,
    JsonBody(body): JsonBody<Decision>,
) -> Result<Json<DefectRow>, ApiError> {
    decide(state, user, id, Action::Reject, body).await
}

pub async fn undo(
    state: State<AppState>,
    user: CurrentUser,
    id: Path<String>,
    OptionalJson(body): OptionalJson<Decision>,
) -> Result<Json<DefectRow>, ApiError> {
    decide(state, user, id, Action::Undo, body).await
}

async fn decide(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    action: Action,
    body: Decision,
) -> Result<Json<DefectRow>, ApiError> {
    let id = parse_id("id", &id)?;
    // Readers who may not review still learn nothing about other units: 404 before 403.
    state
        .store
        .defect(user.scope(), id)
        .await
        .map_err(defect_not_found)?;
    ApiError::require(&user, user.role.can_review())?;
    let reason = reason(body.reason, action == Action::Reject)?;
    let row = state
        .store
        .review_defect(user.scope(), id, user.id, action, body.version, reason.as_deref())
        .await
        .map_err(review_error)?;
    tracing::info!(defect = id, action = action.id(), user = %user.username, status = %row.status, "reviewed");
    Ok(Json(row))
}

fn reason(reason: Option<String>, required: bool) -> Result<Option<String>, ApiError> {
    let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    match &reason {
        None if required => Err(ApiError::invalid("reason", "a rejection needs a reason")),
        Some(r) if r.chars().count() > MAX_TEXT => Err(ApiError::invalid(
            "reason",
            format!("the reason is over {MAX_TEXT} characters"),
        )),
        _ => Ok(reason),
    }
}

fn defect_not_found(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound {
            what: "defect",
            code: "defect_not_found",
        },
        e => e.into(),
    }
}

fn review_error(e: ReviewError) -> ApiError {
    match e {
        ReviewError::NotFound => defect_not_found(StoreError::NotFound),
        ReviewError::Conflict { message, current } => ApiError::Conflict {
            code: "review_conflict",
            message,
            current: serde_json::to_value(*current).ok(),
        },
        ReviewError::Store(e) => e.into(),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bulk {
    /// The defects to confirm; each must belong to the dossier.
    ids: Vec<i64>,
}

/// `POST /api/dossiers/{id}/confirm {"ids": […]}`: confirms each; the ones that cannot be
/// (decided already, changed meanwhile) are listed with their current state.
pub async fn bulk_confirm(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<Bulk>,
) -> Result<Json<Value>, ApiError> {
    let dossier = checked_dossier(&state, &user, &id).await?;
    if body.ids.is_empty() || body.ids.len() > 1000 {
        return Err(ApiError::invalid("ids", "give 1 to 1000 defect ids"));
    }
    let own: std::collections::HashSet<i64> =
        state.store.defects(dossier).await?.iter().map(|d| d.id).collect();
    if body.ids.iter().any(|i| !own.contains(i)) {
        return Err(defect_not_found(StoreError::NotFound));
    }
    let (mut confirmed, mut conflicts) = (Vec::new(), Vec::new());
    for id in body.ids {
        match state
            .store
            .review_defect(user.scope(), id, user.id, Action::Confirm, None, None)
            .await
        {
            Ok(row) => confirmed.push(row),
            Err(ReviewError::Conflict { message, current }) => {
                conflicts.push(json!({"id": id, "message": message, "current": current}));
            }
            Err(e) => return Err(review_error(e)),
        }
    }
    Ok(Json(json!({"confirmed": confirmed, "conflicts": conflicts})))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewDefect {
    category: String,
    page: i64,
    message: String,
    /// Defaults to the whole page.
    bbox: Option<[f64; 4]>,
    rule: Option<String>,
    severity: Option<Severity>,
    deduction: Option<f32>,
    basis: Option<String>,
    evidence: Option<String>,
    reason: Option<String>,
}

/// `POST /api/dossiers/{id}/defects`: a defect the machine missed, recorded as confirmed.
pub async fn add(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<NewDefect>,
) -> Result<(axum::http::StatusCode, Json<DefectRow>), ApiError> {
    let dossier = checked_dossier(&state, &user, &id).await?;
    let pages = state
        .store
        .dossier(user.scope(), dossier)
        .await?
        .pages
        .unwrap_or(0);
    let category = Category::from_id(&body.category).ok_or_else(|| {
        ApiError::invalid("category", format!("unknown defect category {:?}", body.category))
    })?;
    if body.page < 1 || body.page > pages {
        return Err(ApiError::invalid("page", format!("page must be 1 to {pages}")));
    }
    let bbox = body.bbox.unwrap_or([0.0, 0.0, 1.0, 1.0]);
    if bbox.iter().any(|v| !(0.0..=1.0).contains(v)) || bbox[0] >= bbox[2] || bbox[1] >= bbox[3] {
        return Err(ApiError::invalid(
            "bbox",
            "bbox is [x0, y0, x1, y1], fractions of the page, x0 < x1, y0 < y1",
        ));
    }
    let message = body.message.trim().to_string();
    if message.is_empty() || message.chars().count() > MAX_TEXT {
        return Err(ApiError::invalid(
            "message",
            format!("message must be 1 to {MAX_TEXT} characters"),
        ));
    }
    let deduction = body.deduction.unwrap_or(1.0);
    if !(0.0..=100.0).contains(&deduction) {
        return Err(ApiError::invalid(
            "deduction",
            "deduction must be 0 to 100 points",
        ));
    }
    let defect = Defect {
        category,
        rule: body.rule.unwrap_or_else(|| format!("manual.{}", category.id())),
        severity: body.severity.unwrap_or(Severity::Minor),
        page: body.page as usize,
        document: None,
        bbox: bbox.map(|v| v as f32),
        message,
        evidence: body.evidence.unwrap_or_default(),
        basis: body.basis.unwrap_or_default(),
        deduction,
    };
    let reason = reason(body.reason, false)?;
    let row = state
        .store
        .add_manual_defect(dossier, user.id, &defect, reason.as_deref())
        .await?;
    tracing::info!(dossier, defect = row.id, user = %user.username, "defect added by hand");
    Ok((axum::http::StatusCode::CREATED, Json(row)))
}

/// `GET /api/dossiers/{id}/log`: every review decision on the dossier, oldest first.
pub async fn log(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Vec<LogEntry>>, ApiError> {
    let id = parse_id("id", &id)?;
    state
        .store
        .dossier(user.scope(), id)
        .await
        .map_err(dossier_not_found)?;
    Ok(Json(state.store.review_log(id).await?))
}

/// The dossier id of the path, visible to `user` (404 otherwise) and reviewable (403).
async fn checked_dossier(state: &AppState, user: &User, raw: &str) -> Result<i64, ApiError> {
    let id = parse_id("id", raw)?;
    state
        .store
        .dossier(user.scope(), id)
        .await
        .map_err(dossier_not_found)?;
    ApiError::require(user, user.role.can_review())?;
    Ok(id)
}
