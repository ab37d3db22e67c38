//! Reading dossiers: `GET /api/dossiers` (filtered, paginated, within the reader's units) and
//! `GET /api/dossiers/{id}` (status, case, version, documents, pages, defects with their
//! review state, the JSON report). Another unit's dossier is a 404, as if it did not exist.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use chrono::{NaiveDate, TimeZone};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::CurrentUser;
use super::error::ApiError;
use crate::defect::Category;
use crate::store::StoreError;
use crate::store::dossiers::{ListFilter, ListSort};

#[derive(Debug, Deserialize)]
pub struct ListParams {
    unit: Option<String>,
    status: Option<String>,
    category: Option<String>,
    officer: Option<String>,
    case_number: Option<String>,
    /// `YYYY-MM-DD`, inclusive (China Standard Time).
    from: Option<String>,
    /// `YYYY-MM-DD`, inclusive.
    to: Option<String>,
    /// `created_desc` (default), `created_asc`, `deduction_desc`, `defects_desc`, `case_number`.
    sort: Option<String>,
    page: Option<i64>,
    per_page: Option<i64>,
}

const STATUSES: [&str; 4] = ["queued", "processing", "done", "failed"];

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    if let Some(s) = p.status.as_deref().filter(|s| !STATUSES.contains(s)) {
        return Err(ApiError::invalid(
            "status",
            format!("unknown status {s:?}: queued, processing, done or failed"),
        ));
    }
    if let Some(c) = p.category.as_deref().filter(|c| Category::from_id(c).is_none()) {
        return Err(ApiError::invalid(
            "category",
            format!("unknown defect category {c:?}"),
        ));
    }
    let sort = match p.sort.as_deref().filter(|s| !s.is_empty()) {
        None => ListSort::default(),
        Some(s) => ListSort::from_id(s).ok_or_else(|| {
            ApiError::invalid(
                "sort",
                format!("unknown sort {s:?}: one of {}", ListSort::IDS.join(", ")),
            )
        })?,
    };
    let page = p.page.unwrap_or(1);
    let per_page = p.per_page.unwrap_or(50);
    if page < 1 || !(1..=200).contains(&per_page) {
        return Err(ApiError::invalid(
            "page",
            "page starts at 1; per_page is 1 to 200",
        ));
    }
    let filter = ListFilter {
        unit: p.unit.filter(|u| !u.is_empty()),
        status: p.status,
        category: p.category,
        officer: p.officer.filter(|o| !o.is_empty()),
        case_number: p.case_number.filter(|c| !c.is_empty()),
        from_ms: p
            .from
            .as_deref()
            .map(|d| day_start_ms("from", d, 0))
            .transpose()?,
        to_ms: p.to.as_deref().map(|d| day_start_ms("to", d, 1)).transpose()?,
        sort,
        limit: per_page,
        offset: (page - 1).saturating_mul(per_page),
    };
    let (items, total) = state.store.list_dossiers(user.scope(), &filter).await?;
    Ok(Json(
        json!({"items": items, "total": total, "page": page, "per_page": per_page}),
    ))
}

/// Midnight of `date` plus `days`, in China Standard Time (UTC+8, no daylight saving), as
/// Unix milliseconds.
fn day_start_ms(field: &'static str, date: &str, days: i64) -> Result<i64, ApiError> {
    let bad = || ApiError::invalid(field, format!("{field} must be a date YYYY-MM-DD, not {date:?}"));
    let day = NaiveDate::parse_from_str(date, "%Y-%m-%d").map_err(|_| bad())?;
    let day = day
        .checked_add_signed(chrono::Duration::days(days))
        .ok_or_else(bad)?;
    let cst = chrono::FixedOffset::east_opt(8 * 3600).ok_or_else(bad)?;
    let start = cst
        .from_local_datetime(&day.and_hms_opt(0, 0, 0).ok_or_else(bad)?)
        .single()
        .ok_or_else(bad)?;
    Ok(start.timestamp_millis())
}

/// A numeric id from the path; anything else is a 400 naming the field.
pub fn parse_id(field: &'static str, raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("{field} must be a positive whole number, not {raw:?}"),
        )
    })
}

pub fn dossier_not_found(e: StoreError) -> ApiError {
    match e {
        StoreError::NotFound => ApiError::NotFound {
            what: "dossier",
            code: "dossier_not_found",
        },
        e => e.into(),
    }
}

pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<String>,
) -> Result<Json<Value>, ApiError> {
    let id = parse_id("id", &id)?;
    let dossier = state
        .store
        .dossier(user.scope(), id)
        .await
        .map_err(dossier_not_found)?;
    let documents = state.store.documents(id).await?;
    let pages = state.store.pages(id).await?;
    let defects = state.store.defects(id).await?;
    let job = state.store.job_state(id).await.ok();
    let report: Value = match state.store.report_json(id).await? {
        Some(text) => serde_json::from_str(&text).map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?,
        None => Value::Null,
    };
    let mut body = serde_json::to_value(&dossier).map_err(|e| ApiError::Internal(anyhow::Error::new(e)))?;
    if let Value::Object(map) = &mut body {
        map.insert("documents".into(), json!(documents));
        map.insert("page_list".into(), json!(pages));
        map.insert("defects".into(), json!(defects));
        map.insert(
            "job".into(),
            job.map_or(
                Value::Null,
                |j| {
                    json!({"status": j.status, "attempts": j.attempts, "last_error": j.last_error,
                           "stage": j.stage, "progress_done": j.progress_done, "progress_total": j.progress_total})
                },
            ),
        );
        map.insert("report".into(), report);
    }
    Ok(Json(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_china_standard_time_days() {
        // 2026-03-01 00:00 +08:00 = 2026-02-28 16:00 UTC.
        assert_eq!(day_start_ms("from", "2026-03-01", 0).unwrap(), 1_772_294_400_000);
        assert!(day_start_ms("from", "2026-13-01", 0).is_err());
        assert!(parse_id("id", "../1").is_err());
        assert_eq!(parse_id("id", "7").unwrap(), 7);
    }
}
