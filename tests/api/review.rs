//! Review over HTTP: confirm / reject / undo with optimistic versions, a missed defect added
//! by hand, bulk confirm, the review log, page images, and re-submission.

use dossier::store::Backend;
use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, dossier_pdf, spawn_app_with};

/// An app with an officer and a unit legal officer of unit `xingzhen`, and one checked dossier.
async fn reviewed_dossier(backend: Backend) -> Option<(TestApp, String, String, Value)> {
    let app = spawn_app_with(backend, |_| {}).await?;
    let officer = app.user("officer1", "officer", Some("xingzhen")).await;
    let legal = app.user("legal1", "unit_legal", Some("xingzhen")).await;
    let (pdf, _) = dossier_pdf();
    let r = app.upload(&officer, "R-1", "r.pdf", &pdf).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let d = app.wait_checked(&legal, r.json["id"].as_i64().unwrap()).await;
    assert_eq!(d["status"], "done", "{d}");
    Some((app, officer, legal, d))
}

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> crate::helpers::Resp {
    app.json(Method::POST, path, Some(token), &body).await
}

#[tokio::test]
async fn a_legal_officer_confirms_rejects_undoes_and_adds_with_every_step_logged() {
    let (app, officer, legal, d) = reviewed_dossier(Backend::Sqlite).await.unwrap();
    let defects = d["defects"].as_array().unwrap().clone();
    if defects.len() < 2 {
        eprintln!("NOTICE: generated fixtures absent; review test needs a dossier with defects");
        return;
    }
    let (a, b) = (
        defects[0]["id"].as_i64().unwrap(),
        defects[1]["id"].as_i64().unwrap(),
    );

    let ok = post(
        &app,
        &format!("/api/defects/{a}/confirm"),
        &legal,
        json!({"version": 1}),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.json);
    assert_eq!(
        (ok.json["status"].as_str(), ok.json["version"].as_i64()),
        (Some("confirmed"), Some(2))
    );
    assert_eq!(ok.json["reviewer"], "legal1");

    // A second decision made on the version both saw: 409 with the state as it is now.
    let stale = post(
        &app,
        &format!("/api/defects/{a}/reject"),
        &legal,
        json!({"version": 1, "reason": "x"}),
    )
    .await;
    assert_eq!(stale.status, StatusCode::CONFLICT, "{}", stale.json);
    assert_eq!(stale.json["code"], "review_conflict");
    assert_eq!(stale.json["current"]["status"], "confirmed");

    let no_reason = post(&app, &format!("/api/defects/{b}/reject"), &legal, json!({})).await;
    assert_eq!(no_reason.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_reason.json["field"], "reason");
    let rejected = post(
        &app,
        &format!("/api/defects/{b}/reject"),
        &legal,
        json!({"reason": "已补签"}),
    )
    .await;
    assert_eq!(rejected.json["status"], "rejected", "{}", rejected.json);
    assert_eq!(rejected.json["reason"], "已补签");

    let undone = post(&app, &format!("/api/defects/{b}/undo"), &legal, json!({})).await;
    assert_eq!(undone.json["status"], "open", "{}", undone.json);
    let twice = post(&app, &format!("/api/defects/{b}/undo"), &legal, json!({})).await;
    assert_eq!(twice.status, StatusCode::CONFLICT);

    let officer_try = post(&app, &format!("/api/defects/{b}/confirm"), &officer, json!({})).await;
    assert_eq!(
        officer_try.status,
        StatusCode::FORBIDDEN,
        "officers do not review"
    );
    let unknown = post(&app, "/api/defects/999999/confirm", &legal, json!({})).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["code"], "defect_not_found");

    let id = d["id"].as_i64().unwrap();
    let added = post(
        &app,
        &format!("/api/dossiers/{id}/defects"),
        &legal,
        json!({"category": "missing_field", "page": 1, "message": "案由未填写", "bbox": [0.1, 0.1, 0.5, 0.2], "deduction": 1.0}),
    )
    .await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.json);
    assert_eq!(
        (added.json["origin"].as_str(), added.json["status"].as_str()),
        (Some("manual"), Some("confirmed"))
    );
    let bad_page = post(
        &app,
        &format!("/api/dossiers/{id}/defects"),
        &legal,
        json!({"category": "missing_field", "page": 9999, "message": "x"}),
    )
    .await;
    assert_eq!(bad_page.status, StatusCode::BAD_REQUEST);

    let rest: Vec<i64> = defects
        .iter()
        .skip(1)
        .map(|x| x["id"].as_i64().unwrap())
        .collect();
    let bulk = post(
        &app,
        &format!("/api/dossiers/{id}/confirm"),
        &legal,
        json!({"ids": rest.clone()}),
    )
    .await;
    assert_eq!(bulk.status, StatusCode::OK, "{}", bulk.json);
    assert_eq!(bulk.json["confirmed"].as_array().unwrap().len(), rest.len());

    let log = app.get(&format!("/api/dossiers/{id}/log"), Some(&legal)).await;
    let actions: Vec<&str> = log
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(&actions[..4], ["confirm", "reject", "undo", "add"]);
    assert_eq!(actions.len(), 4 + rest.len());

    // The page image, with and without the boxes.
    let page = defects[0]["page"].as_i64().unwrap();
    let plain = app
        .get(&format!("/api/dossiers/{id}/pages/{page}.png"), Some(&legal))
        .await;
    assert_eq!(
        plain.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&plain.bytes)
    );
    assert_eq!(plain.headers["content-type"], "image/png");
    assert!(plain.bytes.starts_with(b"\x89PNG"));
    let boxed = app
        .get(
            &format!("/api/dossiers/{id}/pages/{page}.png?boxes=1"),
            Some(&legal),
        )
        .await;
    assert!(boxed.bytes.starts_with(b"\x89PNG"));
    assert_ne!(plain.bytes, boxed.bytes, "boxes are drawn");
    let missing = app
        .get(&format!("/api/dossiers/{id}/pages/9999.png"), Some(&legal))
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

async fn two_reviewers_race(backend: Backend) {
    let Some((app, _, legal, d)) = reviewed_dossier(backend).await else {
        return;
    };
    let Some(first) = d["defects"].as_array().unwrap().first() else {
        return;
    };
    let id = first["id"].as_i64().unwrap();
    let bureau = app.user("bureau1", "bureau_legal", None).await;
    let path = format!("/api/defects/{id}/confirm");
    let reject = format!("/api/defects/{id}/reject");
    let (a, b) = tokio::join!(
        post(&app, &path, &legal, json!({"version": 1})),
        post(&app, &reject, &bureau, json!({"version": 1, "reason": "不成立"})),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert_eq!(
        statuses,
        [StatusCode::OK, StatusCode::CONFLICT],
        "{} / {}",
        a.json,
        b.json
    );
    let loser = if a.status == StatusCode::CONFLICT { &a } else { &b };
    let winner = if a.status == StatusCode::OK { &a } else { &b };
    assert_eq!(
        loser.json["current"]["status"], winner.json["status"],
        "the loser sees the winner's decision"
    );
}

#[tokio::test]
async fn of_two_reviewers_deciding_at_once_the_second_gets_409_on_sqlite() {
    two_reviewers_race(Backend::Sqlite).await;
}

#[tokio::test]
async fn of_two_reviewers_deciding_at_once_the_second_gets_409_on_postgres() {
    two_reviewers_race(Backend::Postgres).await;
}

async fn resubmission(backend: Backend) {
    let Some((app, officer, legal, d)) = reviewed_dossier(backend).await else {
        return;
    };
    let defects = d["defects"].as_array().unwrap().clone();
    if defects.len() < 2 {
        return;
    }
    // The first defect confirmed, the rest rejected.
    let first = defects[0]["id"].as_i64().unwrap();
    post(&app, &format!("/api/defects/{first}/confirm"), &legal, json!({})).await;
    for x in &defects[1..] {
        let r = post(
            &app,
            &format!("/api/defects/{}/reject", x["id"]),
            &legal,
            json!({"reason": "误报"}),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    // Version 2: the same pages (a different file: a comment after %%EOF), nothing fixed.
    let (mut pdf, _) = dossier_pdf();
    pdf.extend_from_slice(b"\n% resubmitted\n");
    let r = app.upload(&officer, "R-1", "r2.pdf", &pdf).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    assert_eq!(r.json["version"], 2);
    let v2 = app.wait_checked(&legal, r.json["id"].as_i64().unwrap()).await;
    let v2_defects = v2["defects"].as_array().unwrap();
    let unrectified: Vec<&Value> = v2_defects
        .iter()
        .filter(|x| x["status"] == "unrectified")
        .collect();
    assert_eq!(unrectified.len(), 1, "{v2}");
    assert_eq!(unrectified[0]["previous_id"], first);
    let before = defects[0]["deduction"].as_f64().unwrap();
    assert_eq!(
        unrectified[0]["deduction"].as_f64().unwrap(),
        before * 2.0,
        "the deduction is doubled"
    );
    assert_eq!(
        v2_defects.iter().filter(|x| x["status"] == "open").count(),
        defects.len() - 1,
        "rejected flags raised again are simply open"
    );

    // Version 3: a clean dossier: the owed defect is rectified.
    let r = app
        .upload(&officer, "R-1", "r3.pdf", &crate::support::good_pdf())
        .await;
    let v3 = app.wait_checked(&legal, r.json["id"].as_i64().unwrap()).await;
    let v3_defects = v3["defects"].as_array().unwrap();
    assert!(
        v3_defects
            .iter()
            .any(|x| x["status"] == "rectified" && x["previous_id"] == unrectified[0]["id"]),
        "{v3}"
    );
}

#[tokio::test]
async fn a_resubmission_doubles_what_was_not_fixed_and_marks_what_was_on_sqlite() {
    resubmission(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_resubmission_doubles_what_was_not_fixed_and_marks_what_was_on_postgres() {
    resubmission(Backend::Postgres).await;
}
