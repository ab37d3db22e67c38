//! The dossier view stays usable with 500 defects: the list is built once, and moving through
//! it by keyboard redraws only the boxes of one page.

use std::time::{Duration, Instant};

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::artifact;
use crate::helpers::spawn_app;
use crate::review_flow::sign_in;
use crate::webdriver::browser;

const DEFECTS: usize = 500;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dossier_with_500_defects_opens_and_pages_by_keyboard_without_freezing() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    let token = app.user("fzy_big", "unit_legal", Some("A")).await;
    let checked = crate::checked_upload(&app, &token, "A2026-500").await;
    let id = checked["id"].as_i64().expect("dossier id");
    let pages = checked["pages"].as_i64().expect("pages");
    let before = checked["defects"].as_array().map_or(0, Vec::len);
    for i in 0..DEFECTS {
        let y = (i % 40) as f64 / 42.0;
        let body = json!({"category": "missing_field", "page": (i as i64 % pages) + 1,
                          "bbox": [0.1, y, 0.6, y + 0.02], "message": format!("第{i}项必填项空白")});
        let r = app
            .json(
                Method::POST,
                &format!("/api/dossiers/{id}/defects"),
                Some(&token),
                &body,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    }

    sign_in(&b, &app, "fzy_big").await;
    let started = Instant::now();
    b.goto(&format!("http://{}/#/dossiers/{id}", app.addr)).await;
    let want = before + DEFECTS;
    b.wait_js(
        "every defect is listed",
        &format!("return document.querySelectorAll('#defects li').length === {want};"),
        20,
    )
    .await;
    let opened = started.elapsed();
    let selected = "return [...document.querySelectorAll('#defects li')].findIndex((li) => li.classList.contains('selected'));";
    let first = b
        .js(selected, json!([]))
        .await
        .as_i64()
        .expect("a defect is selected");
    // 100 key presses, each selecting the next defect and scrolling to it.
    let started = Instant::now();
    for _ in 0..100 {
        b.press("j").await;
    }
    let last = b
        .js(selected, json!([]))
        .await
        .as_i64()
        .expect("a defect is selected");
    let paged = started.elapsed();
    assert_eq!(last, first + 100, "j moved the selection down by one each time");
    b.screenshot(&artifact("6-500-defects.png")).await;
    eprintln!("500 defects: opened in {opened:?}, 100 × j in {paged:?}");
    assert!(opened < Duration::from_secs(10), "opening took {opened:?}");
    assert!(paged < Duration::from_secs(20), "100 × j took {paged:?}");
    assert!(b.page_errors().await.is_empty());
    b.quit().await;
}
