//! `GET /api/stats`: a month's confirmed defects within the reader's units, and the red card.

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{TestApp, spawn_app};

/// Uploads the small PDF for `officer` and records one confirmed defect of `deduction` points.
async fn dossier_with_confirmed_defect(
    app: &TestApp,
    officer: &str,
    legal: &str,
    case: &str,
    deduction: f64,
) {
    let up = app
        .upload(officer, case, "case.pdf", &crate::support::good_pdf())
        .await;
    assert_eq!(up.status, StatusCode::ACCEPTED, "{}", up.json);
    let id = up.json["id"].as_i64().expect("id");
    app.wait_checked(officer, id).await;
    let body = json!({"category": "missing_signature", "page": 1, "message": "第1页被讯问人未签名", "deduction": deduction});
    let r = app
        .json(
            Method::POST,
            &format!("/api/dossiers/{id}/defects"),
            Some(legal),
            &body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
}

#[tokio::test]
async fn the_month_counts_confirmed_defects_within_the_readers_units_and_gives_red_cards() {
    let app = spawn_app().await;
    let officer_a = app.user("officer_a", "officer", Some("A")).await;
    let legal_a = app.user("legal_a", "unit_legal", Some("A")).await;
    let officer_b = app.user("officer_b", "officer", Some("B")).await;
    let legal_b = app.user("legal_b", "unit_legal", Some("B")).await;
    let leader = app.user("leader", "leader", None).await;
    dossier_with_confirmed_defect(&app, &officer_a, &legal_a, "A-1", 4.0).await;
    dossier_with_confirmed_defect(&app, &officer_b, &legal_b, "B-1", 1.0).await;

    let a = app.get("/api/stats", Some(&legal_a)).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.json);
    assert_eq!(a.json["totals"]["confirmed"], 1, "{}", a.json);
    assert_eq!(a.json["units"].as_array().map(Vec::len), Some(1));
    assert_eq!(a.json["red_cards"][0]["officer"], "officer_a");
    assert_eq!(a.json["categories"][0]["category"], "missing_signature");

    let trend = a.json["trend"].as_array().expect("trend");
    assert_eq!(trend.len(), 12);
    assert_eq!(trend[11]["month"], a.json["month"]);
    assert_eq!(trend[11]["confirmed"], 1);

    let all = app.get("/api/stats", Some(&leader)).await;
    assert_eq!(all.json["totals"]["confirmed"], 2, "{}", all.json);
    assert_eq!(all.json["totals"]["dossiers"], 2);
    assert_eq!(all.json["red_cards"].as_array().map(Vec::len), Some(1));

    let past = app.get("/api/stats?month=2020-01", Some(&leader)).await;
    assert_eq!(past.json["totals"]["confirmed"], 0, "{}", past.json);
    let bad = app.get("/api/stats?month=2026-13", Some(&leader)).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json["code"], "invalid_field");
    assert_eq!(app.get("/api/stats", None).await.status, StatusCode::UNAUTHORIZED);
}
