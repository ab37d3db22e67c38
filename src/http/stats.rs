//! Monthly statistics over HTTP: `GET /api/stats` (JSON), `GET /api/stats/export` (CSV of one
//! view, or XLSX with a sheet per view) and the digest archive `GET /api/digests`. Read-scoped
//! like the dossiers: officers and unit legal officers see their own unit, the bureau, leaders
//! and admins all units.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::CurrentUser;
use super::error::ApiError;
use crate::auth::{Role, User};
use crate::stats::{self, Month, MonthlyStats, StatsQuery, export};

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    month: Option<String>,
    unit: Option<String>,
    officer: Option<String>,
    format: Option<String>,
    view: Option<String>,
}

async fn compute(state: &AppState, user: &User, p: &StatsParams) -> Result<MonthlyStats, ApiError> {
    let month: Month = p
        .month
        .as_deref()
        .ok_or_else(|| ApiError::invalid("month", "give the month as ?month=YYYY-MM"))?
        .parse()
        .map_err(|e: stats::period::BadMonth| ApiError::invalid("month", e.to_string()))?;
    let q = StatsQuery {
        month,
        tz: state.stats.tz,
        red_card_threshold: state.stats.red_card_threshold,
        scope_unit_id: user.scope().unit_id(),
        unit: p.unit.clone().filter(|u| !u.is_empty()),
        officer: p.officer.clone().filter(|o| !o.is_empty()),
    };
    Ok(stats::monthly(&state.store, &q).await?)
}

/// `GET /api/stats?month=YYYY-MM[&unit=CODE][&officer=NAME]`
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<MonthlyStats>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    Ok(Json(compute(&state, &user, &p).await?))
}

/// `GET /api/stats/export?month=YYYY-MM&format=csv|xlsx[&view=officers]`
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let format = p.format.as_deref().unwrap_or("xlsx");
    if !matches!(format, "csv" | "xlsx") {
        return Err(ApiError::invalid("format", "format is csv or xlsx"));
    }
    let view = p.view.as_deref().unwrap_or("officers");
    if !export::VIEWS.contains(&view) {
        return Err(ApiError::invalid(
            "view",
            format!("unknown view {view:?}: one of {}", export::VIEWS.join(", ")),
        ));
    }
    let s = compute(&state, &user, &p).await?;
    let tables = export::tables(&s);
    let name = format!("monthly-{}", s.month);
    if format == "csv" {
        let table = tables
            .iter()
            .find(|t| t.id == view)
            .ok_or_else(|| ApiError::invalid("view", format!("unknown view {view:?}")))?;
        // A byte-order mark, so that spreadsheet programs read the Chinese headers as UTF-8.
        let body = format!("\u{feff}{}", export::csv(table));
        return Ok((
            [
                (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}-{view}.csv\""),
                ),
            ],
            body,
        )
            .into_response());
    }
    let bytes = tokio::task::spawn_blocking(move || export::xlsx(&tables))
        .await
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("the export task failed: {e}")))?
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("cannot write the workbook: {e}")))?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}.xlsx\""),
            ),
        ],
        bytes,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct DigestParams {
    limit: Option<i64>,
}

/// `GET /api/digests[?limit=N]`: the latest digests with their deliveries, newest first.
/// Officers do not receive the digest and may not read it; a unit legal officer sees only
/// their unit's lines.
pub async fn digests(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<DigestParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    ApiError::require(&user, user.role != Role::Officer)?;
    let limit = p.limit.unwrap_or(30);
    if !(1..=366).contains(&limit) {
        return Err(ApiError::invalid("limit", "limit is 1 to 366"));
    }
    let mut items = Vec::new();
    for mut d in state.store.digests(limit).await? {
        let deliveries = state.store.deliveries(d.id).await?;
        if let Some(unit) = user.scope().unit_id().and(user.unit.clone())
            && let Some(units) = d.content["units"].as_array_mut()
        {
            units.retain(|u| u["unit"].as_str() == Some(unit.as_str()));
            let sum = |key: &str| units.iter().filter_map(|u| u[key].as_i64()).sum::<i64>();
            let totals = [
                ("new_flags", sum("new_flags")),
                ("overdue", sum("overdue")),
                ("unrectified", sum("unrectified")),
            ];
            for (key, n) in totals {
                d.content[key] = json!(n);
            }
        }
        let visible: Vec<_> = if user.role == Role::UnitLegal {
            Vec::new()
        } else {
            deliveries.into_iter().map(without_secret).collect()
        };
        items.push(json!({"digest": d, "deliveries": visible}));
    }
    Ok(Json(json!({"items": items})))
}

/// A delivery as the archive shows it: a webhook's address without its query string, where
/// chat bots carry their secret key (also in an error that quotes the address). Whoever reads
/// the archive needs to know where it went, not how to post there.
fn without_secret(mut d: crate::store::digest::Delivery) -> crate::store::digest::Delivery {
    if let Some((base, _)) = d.recipient.split_once('?') {
        let shown = format!("{base}?…");
        if let Some(e) = d.last_error.as_mut() {
            *e = e.replace(&d.recipient, &shown);
        }
        d.recipient = shown;
    }
    d
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_archive_hides_a_webhooks_key_also_in_its_error() {
        let url = "https://qyapi.example.cn/cgi-bin/webhook/send?key=5f1c-secret";
        let d = crate::store::digest::Delivery {
            id: 1,
            digest_id: 1,
            channel: "webhook".into(),
            recipient: url.into(),
            body: String::new(),
            status: "failed".into(),
            attempts: 2,
            last_error: Some(format!("error sending request for url ({url})")),
            sent_at: None,
        };
        let shown = without_secret(d);
        assert_eq!(shown.recipient, "https://qyapi.example.cn/cgi-bin/webhook/send?…");
        assert!(!shown.last_error.unwrap().contains("secret"));
        let mail = crate::store::digest::Delivery {
            channel: "email".into(),
            recipient: "fzdd@example.cn".into(),
            last_error: None,
            ..shown
        };
        assert_eq!(without_secret(mail).recipient, "fzdd@example.cn");
    }
}
