//! The list (filters and sort done by the server, carried in the address) and the
//! re-submission view, version 2 beside version 1.

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::artifact;
use crate::helpers::spawn_app;
use crate::review_flow::sign_in;
use crate::webdriver::{Browser, browser};

/// The case numbers of the list's rows, top to bottom, once `n` rows are shown.
async fn rows(b: &Browser, n: usize) -> Vec<String> {
    let script = format!(
        "const r = [...document.querySelectorAll('#dossier-list tbody tr[data-id]')]; \
         return r.length === {n} ? r.map((tr) => tr.cells[0].textContent) : null;"
    );
    let v = b.wait_js(&format!("{n} rows"), &script, 10).await;
    serde_json::from_value(v).expect("case numbers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_filters_and_sorts_and_a_resubmission_is_compared_with_the_last_version() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    let token = app.user("fzy_c", "unit_legal", Some("A")).await;
    crate::checked_upload(&app, &token, "C-2").await;
    let v1 = crate::checked_upload(&app, &token, "C-1").await["id"]
        .as_i64()
        .expect("version 1");
    let missed = json!({"category": "missing_signature", "page": 1, "message": "第1页被讯问人未签名"});
    let r = app
        .json(
            Method::POST,
            &format!("/api/dossiers/{v1}/defects"),
            Some(&token),
            &missed,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    let other = crate::support::pdf(&[crate::support::PageContent::Text(&["Record, corrected"])]);
    let up = app.upload(&token, "C-1", "v2.pdf", &other).await;
    let v2 = up.json["id"].as_i64().expect("version 2");
    assert_eq!(up.json["version"], json!(2), "{}", up.json);
    app.wait_checked(&token, v2).await;

    sign_in(&b, &app, "fzy_c").await;
    let base = format!("http://{}/", app.addr);
    b.goto(&format!("{base}#/dossiers")).await;
    assert_eq!(rows(&b, 3).await, ["C-1", "C-1", "C-2"], "newest first");
    let total = b.text(&b.wait("#list-total", 1).await).await;
    assert!(total.starts_with("共 3 份"), "{total}");
    b.goto(&format!("{base}#/dossiers?sort=created_asc")).await;
    assert_eq!(rows(&b, 3).await, ["C-2", "C-1", "C-1"], "oldest first");
    b.goto(&format!("{base}#/dossiers?case_number=C-2")).await;
    assert_eq!(rows(&b, 1).await, ["C-2"]);
    b.screenshot(&artifact("7-list.png")).await;

    b.goto(&format!("{base}#/dossiers/{v2}/compare")).await;
    let summary = b.text(&b.wait("#compare-summary", 10).await).await;
    assert!(summary.contains("上一版确认问题 1 条"), "{summary}");
    assert_eq!(b.find_all("#compare-prev li").await.len(), 1);
    // Version 2 no longer has the page-1 finding: it counts as rectified.
    assert_eq!(b.find_all("#compare-rectified li").await.len(), 1);
    b.screenshot(&artifact("8-compare.png")).await;
    assert!(b.page_errors().await.is_empty(), "{:?}", b.page_errors().await);
    b.quit().await;
}
