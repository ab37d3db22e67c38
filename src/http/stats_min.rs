//! `GET /api/stats?month=YYYY-MM`, the minimal monthly statistics the statistics page draws:
//! per unit, per officer and per defect category, the confirmed defects (confirmed, or
//! unrectified on re-submission) and their deductions over the dossiers uploaded that month
//! (China Standard Time), and the red-card list (officers whose average deduction per
//! checked dossier is over 3 points). A stand-in until the full statistics service (issue 7)
//! replaces this file; the page tolerates the extra fields that one adds.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate, TimeZone};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::auth::CurrentUser;
use super::error::ApiError;
use crate::store::month_counts::{ConfirmedCount, OfficerDossiers};

/// Average deduction per dossier above which an officer is on the red-card list.
pub const RED_CARD_AVERAGE: f64 = 3.0;

#[derive(Debug, Deserialize)]
pub struct StatsParams {
    month: Option<String>,
}

pub async fn month(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<Value>, ApiError> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let month = match p.month {
        Some(m) => m,
        None => {
            let now = chrono::Utc::now().with_timezone(&CST);
            format!("{:04}-{:02}", now.year(), now.month())
        }
    };
    let (from_ms, to_ms) = month_range_ms(&month)
        .ok_or_else(|| ApiError::invalid("month", format!("month must be YYYY-MM, not {month:?}")))?;
    let (dossiers, defects) = state.store.month_counts(user.scope(), from_ms, to_ms).await?;
    let mut summary = summarise(&month, &dossiers, &defects);
    // The trend: the same totals for the twelve months up to this one (two small grouped
    // queries a month; the full statistics service reads them in one).
    let mut trend = Vec::with_capacity(TREND_MONTHS as usize);
    for m in trend_months(&month) {
        let Some((from_ms, to_ms)) = month_range_ms(&m) else {
            continue;
        };
        let (dossiers, defects) = state.store.month_counts(user.scope(), from_ms, to_ms).await?;
        let mut totals = summarise(&m, &dossiers, &defects)["totals"].take();
        totals["month"] = json!(m);
        trend.push(totals);
    }
    summary["trend"] = json!(trend);
    Ok(Json(summary))
}

/// How many months the trend covers, this one included.
const TREND_MONTHS: u32 = 12;

/// `YYYY-MM` of the `TREND_MONTHS` months ending with `month`, oldest first.
fn trend_months(month: &str) -> Vec<String> {
    let Ok(first) = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d") else {
        return Vec::new();
    };
    (0..TREND_MONTHS)
        .rev()
        .filter_map(|back| first.checked_sub_months(chrono::Months::new(back)))
        .map(|d| format!("{:04}-{:02}", d.year(), d.month()))
        .collect()
}

/// Asia/Shanghai: China has kept UTC+8 all year since 1991, so a fixed offset is exact.
const CST: chrono::FixedOffset = match chrono::FixedOffset::east_opt(8 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+8 is a valid offset"),
};

/// The month's first instant and the next month's, in Unix ms, at Asia/Shanghai midnight.
fn month_range_ms(month: &str) -> Option<(i64, i64)> {
    let first = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").ok()?;
    if month.len() != 7 {
        return None;
    }
    let next = first.checked_add_months(chrono::Months::new(1))?;
    let at = |d: NaiveDate| {
        Some(
            CST.from_local_datetime(&d.and_hms_opt(0, 0, 0)?)
                .single()?
                .timestamp_millis(),
        )
    };
    Some((at(first)?, at(next)?))
}

#[derive(Default)]
struct Tally {
    dossiers: i64,
    defects: i64,
    deduction: f64,
}

impl Tally {
    fn average(&self) -> f64 {
        if self.dossiers > 0 {
            self.deduction / self.dossiers as f64
        } else {
            0.0
        }
    }
}

/// The page's JSON from the store's counts (pure, for tests).
fn summarise(month: &str, dossiers: &[OfficerDossiers], defects: &[ConfirmedCount]) -> Value {
    let mut units: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut officers: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    let mut categories: BTreeMap<&str, Tally> = BTreeMap::new();
    for d in dossiers {
        units.entry(&d.unit).or_default().dossiers += d.dossiers;
        officers.entry((&d.unit, &d.officer)).or_default().dossiers += d.dossiers;
    }
    for c in defects {
        for t in [
            units.entry(&c.unit).or_default(),
            officers.entry((&c.unit, &c.officer)).or_default(),
            categories.entry(&c.category).or_default(),
        ] {
            t.defects += c.defects;
            t.deduction += c.deduction;
        }
    }
    let round = |x: f64| (x * 100.0).round() / 100.0;
    let mut officer_rows: Vec<Value> = officers
        .iter()
        .map(|((unit, officer), t)| {
            json!({"unit": unit, "officer": officer, "dossiers": t.dossiers, "confirmed": t.defects,
                   "deduction": round(t.deduction), "average_deduction": round(t.average())})
        })
        .collect();
    officer_rows.sort_by(|a, b| {
        b["average_deduction"]
            .as_f64()
            .partial_cmp(&a["average_deduction"].as_f64())
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    let red_cards: Vec<Value> = officer_rows
        .iter()
        .filter(|o| o["average_deduction"].as_f64().unwrap_or(0.0) > RED_CARD_AVERAGE)
        .cloned()
        .collect();
    let mut category_rows: Vec<Value> = categories
        .iter()
        .map(|(category, t)| json!({"category": category, "confirmed": t.defects, "deduction": round(t.deduction)}))
        .collect();
    category_rows.sort_by_key(|c| -c["confirmed"].as_i64().unwrap_or(0));
    let total = |f: fn(&Tally) -> f64| units.values().map(f).sum::<f64>();
    json!({
        "month": month,
        "totals": {
            "dossiers": total(|t| t.dossiers as f64) as i64,
            "confirmed": total(|t| t.defects as f64) as i64,
            "deduction": round(total(|t| t.deduction)),
        },
        "units": units.iter().map(|(unit, t)| json!({"unit": unit, "dossiers": t.dossiers, "confirmed": t.defects,
            "deduction": round(t.deduction), "average_deduction": round(t.average())})).collect::<Vec<_>>(),
        "officers": officer_rows,
        "categories": category_rows,
        "red_cards": red_cards,
        "red_card_threshold": RED_CARD_AVERAGE,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_boundaries_are_shanghai_midnights() {
        let (from, to) = month_range_ms("2026-03").unwrap();
        // 2026-03-01T00:00+08:00 = 2026-02-28T16:00Z
        assert_eq!(from, 1_772_294_400_000);
        assert_eq!(to - from, 31 * 86_400_000);
        assert!(month_range_ms("2026-3").is_none());
        assert!(month_range_ms("2026-13").is_none());
    }

    #[test]
    fn the_trend_is_the_twelve_months_up_to_this_one() {
        let months = trend_months("2026-03");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0], "2025-04");
        assert_eq!(months[11], "2026-03");
    }

    #[test]
    fn an_officer_averaging_over_three_points_gets_a_red_card() {
        let d = |unit: &str, officer: &str, n| OfficerDossiers {
            unit: unit.into(),
            officer: officer.into(),
            dossiers: n,
        };
        let c = |officer: &str, category: &str, n, ded| ConfirmedCount {
            unit: "A".into(),
            officer: officer.into(),
            category: category.into(),
            defects: n,
            deduction: ded,
        };
        let s = summarise(
            "2026-03",
            &[d("A", "张三", 2), d("A", "李四", 1)],
            &[
                c("张三", "missing_signature", 4, 8.0),
                c("李四", "missing_field", 1, 1.0),
            ],
        );
        assert_eq!(s["totals"]["dossiers"], 3);
        assert_eq!(s["totals"]["confirmed"], 5);
        assert_eq!(s["red_cards"].as_array().unwrap().len(), 1);
        assert_eq!(s["red_cards"][0]["officer"], "张三");
        assert_eq!(s["red_cards"][0]["average_deduction"], 4.0);
        assert_eq!(s["categories"][0]["category"], "missing_signature");
    }
}
