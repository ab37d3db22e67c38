//! Large inputs stay usable: a dossier with 500 defects (the list is built once, and moving
//! through it by keyboard redraws only the boxes of one page) and a list of 10,000 dossiers
//! (filtered, sorted and paged by the server).

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
    // The page pane has scrolled the selected box into view, and the list its row.
    b.wait_js(
        "the selected box and row are in view",
        "const inside = (el, pane) => { const r = el.getBoundingClientRect(), p = pane.getBoundingClientRect(); \
           return r.top >= p.top - 1 && r.bottom <= p.bottom + 1; }; \
         const box = document.querySelector('#overlay .box.selected'); \
         const row = document.querySelector('#defects li.selected'); \
         return box && row && inside(box, document.querySelector('#pagepane')) \
           && inside(row, document.querySelector('#defects'));",
        10,
    )
    .await;
    b.screenshot(&artifact("6-500-defects.png")).await;
    eprintln!("500 defects: opened in {opened:?}, 100 × j in {paged:?}");
    assert!(opened < Duration::from_secs(10), "opening took {opened:?}");
    assert!(paged < Duration::from_secs(20), "100 × j took {paged:?}");
    assert!(b.page_errors().await.is_empty());
    b.quit().await;
}

/// Copies dossier `id` (checked) into `n` more cases of its unit, straight into the database.
async fn seed_copies(app: &crate::helpers::TestApp, id: i64, n: i64) {
    let url = format!("sqlite://{}", app.data.join("dossier.db").display());
    let pool = sqlx::SqlitePool::connect(&url)
        .await
        .expect("open the test database");
    sqlx::query(
        "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $2) \
         INSERT INTO cases (unit_id, case_number, case_name, created_at) \
         SELECT c.unit_id, printf('S-%05d', k.i), '批量案', c.created_at \
         FROM k, cases c WHERE c.id = (SELECT case_id FROM dossiers WHERE id = $1)",
    )
    .bind(id)
    .bind(n)
    .execute(&pool)
    .await
    .expect("seed cases");
    sqlx::query(
        "INSERT INTO dossiers (case_id, version, file_sha256, file_name, officer, uploaded_by, status, \
         pages, source, report, created_at, updated_at) \
         SELECT c.id, 1, d.file_sha256, 'bulk.pdf', d.officer, d.uploaded_by, 'done', d.pages, d.source, \
         d.report, d.created_at - c.id, d.updated_at \
         FROM cases c, dossiers d WHERE d.id = $1 AND c.case_number LIKE 'S-%'",
    )
    .bind(id)
    .execute(&pool)
    .await
    .expect("seed dossiers");
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_of_10000_dossiers_pages_and_sorts_on_the_server() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    let token = app.user("fzy_list", "unit_legal", Some("A")).await;
    let id = crate::checked_upload(&app, &token, "A-ORIG").await["id"]
        .as_i64()
        .expect("dossier id");
    seed_copies(&app, id, 10_000).await;

    sign_in(&b, &app, "fzy_list").await;
    let base = format!("http://{}/#/dossiers", app.addr);
    // Each step shows a different page number, so a stale list cannot pass for the next one.
    let steps = [
        ("", 1, 50),
        ("?page=201", 201, 1),
        ("?sort=deduction_desc&page=100", 100, 50),
        ("?sort=case_number", 1, 50),
    ];
    for (hash, page, rows) in steps {
        let started = Instant::now();
        b.goto(&format!("{base}{hash}")).await;
        let script = format!(
            "return document.querySelector('#list-total')?.textContent === '共 10001 份，第 {page} / 201 页' \
             && document.querySelectorAll('#dossier-list tbody tr[data-id]').length === {rows};"
        );
        b.wait_js(&format!("the list {hash}"), &script, 10).await;
        let took = started.elapsed();
        eprintln!("10,001 dossiers, list{hash}: {took:?}");
        assert!(took < Duration::from_secs(5), "list{hash} took {took:?}");
    }
    b.screenshot(&artifact("10-list-10000.png")).await;
    assert!(b.page_errors().await.is_empty(), "{:?}", b.page_errors().await);
    b.quit().await;
}
