//! Uploads: committed before 202, checked in the background, recognised when repeated,
//! listed and filtered within the reader's unit — on SQLite and on PostgreSQL.

use dossier::store::Backend;
use hyper::StatusCode;

use crate::helpers::{dossier_pdf, spawn_app_with};

async fn upload_is_checked_in_the_background(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |_| {}).await else {
        return;
    };
    let officer = app.user("officer1", "officer", Some("xingzhen")).await;
    let (pdf, truth) = dossier_pdf();
    let r = app.upload(&officer, "A2026-001", "卷宗.pdf", &pdf).await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    assert_eq!(r.json["version"], 1);
    assert_eq!(r.json["status"], "queued");
    let id = r.json["id"].as_i64().unwrap();

    let d = app.wait_checked(&officer, id).await;
    assert_eq!(d["status"], "done", "{d}");
    assert_eq!(d["case_number"], "A2026-001");
    assert_eq!(d["unit"], "xingzhen");
    assert_eq!(d["officer"], "officer1");
    let defects = d["defects"].as_array().unwrap();
    assert_eq!(defects.len(), d["report"]["defects"].as_array().unwrap().len());
    assert!(defects.len() >= truth.min(1), "{d}");
    assert!(
        defects
            .iter()
            .all(|x| x["status"] == "open" && x["id"].is_i64() && x["version"] == 1)
    );
    assert_eq!(
        d["page_list"].as_array().unwrap().len() as u64,
        d["pages"].as_u64().unwrap()
    );
    assert_eq!(d["job"]["status"], "done");
    // The worker recorded how far it got; an exported PDF needs no OCR.
    assert_eq!(d["job"]["stage"], "checks", "{}", d["job"]);
    assert!(d["job"]["progress_total"].is_null(), "{}", d["job"]);

    // The file is kept once, by hash, under the data folder.
    let sha = d["sha256"].as_str().unwrap();
    let stored = app.data.join("files").join(&sha[..2]).join(&sha[2..4]).join(sha);
    assert_eq!(std::fs::read(stored).unwrap(), pdf);

    // The same file again for the same case is recognised, not a new version.
    let again = app.upload(&officer, "A2026-001", "copy.pdf", &pdf).await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.json);
    assert_eq!(again.json["duplicate"], true);
    assert_eq!(again.json["id"], id);

    let list = app
        .get("/api/dossiers?status=done&case_number=A2026-001", Some(&officer))
        .await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.json);
    assert_eq!(list.json["total"], 1);
    assert_eq!(list.json["items"][0]["id"], id);
    let none = app.get("/api/dossiers?status=failed", Some(&officer)).await;
    assert_eq!(none.json["total"], 0);
    // Every order's SQL runs on this backend.
    for sort in [
        "created_desc",
        "created_asc",
        "deduction_desc",
        "defects_desc",
        "case_number",
    ] {
        let sorted = app
            .get(&format!("/api/dossiers?sort={sort}"), Some(&officer))
            .await;
        assert_eq!(sorted.status, StatusCode::OK, "{sort}: {}", sorted.json);
        assert_eq!(sorted.json["items"][0]["id"], id, "{sort}");
    }
}

#[tokio::test]
async fn an_upload_is_committed_then_checked_in_the_background_on_sqlite() {
    upload_is_checked_in_the_background(Backend::Sqlite).await;
}

#[tokio::test]
async fn an_upload_is_committed_then_checked_in_the_background_on_postgres() {
    upload_is_checked_in_the_background(Backend::Postgres).await;
}

#[tokio::test]
async fn a_file_the_pipeline_cannot_read_fails_with_its_reason_kept() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |_| {}).await else {
        return;
    };
    let officer = app.user("o", "officer", Some("u1")).await;
    // A PDF header and nothing else: accepted at upload (it sniffs as a PDF), refused by the
    // pipeline.
    let r = app
        .upload(&officer, "B-1", "broken.pdf", b"%PDF-1.7\n garbage")
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.json);
    let d = app.wait_checked(&officer, r.json["id"].as_i64().unwrap()).await;
    assert_eq!(d["status"], "failed");
    assert!(!d["error"].as_str().unwrap_or("").is_empty(), "{d}");
    assert_eq!(d["job"]["attempts"], 1, "a bad file is not retried");
}

#[test]
fn the_pipeline_reports_each_stage_in_order() {
    use dossier::pipeline::{self, Progress};
    let seen = std::sync::Mutex::new(Vec::new());
    let record = |p: Progress| seen.lock().unwrap().push(p);
    let checked = pipeline::check_bytes_reporting(
        "good.pdf",
        crate::support::good_pdf(),
        &Default::default(),
        &Default::default(),
        &Default::default(),
        &record,
    )
    .expect("a good PDF is checked");
    assert_eq!(checked.pages.len(), 3);
    assert_eq!(*seen.lock().unwrap(), [Progress::Extract, Progress::Checks]);
}
