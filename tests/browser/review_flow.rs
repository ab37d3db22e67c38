//! The legal officer's round trip through the pages, and an officer kept out of another
//! unit's dossier.

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::artifact;
use dossier::store::Backend;

use crate::helpers::{PASSWORD, TestApp, spawn_app, spawn_app_with};
use crate::webdriver::{Browser, browser};

pub async fn sign_in(b: &Browser, app: &TestApp, username: &str) {
    b.goto(&format!("http://{}/#/login", app.addr)).await;
    let user = b.wait("#username", 10).await;
    b.type_into(&user, username).await;
    b.type_into(&b.wait("#password", 1).await, PASSWORD).await;
    b.click(&b.wait("#login-submit", 1).await).await;
    b.wait_js(
        "signed in",
        "return document.querySelector('#who-user')?.textContent;",
        10,
    )
    .await;
}

/// Waits until the selected defect's box is drawn, at a visible size, over a loaded page.
async fn wait_selected_box(b: &Browser) {
    b.wait_js(
        "the selected box is drawn over a loaded page",
        "const img = document.querySelector('#page-image'); \
         const box = document.querySelector('#overlay .box.selected'); \
         if (!box || !img.complete || !img.naturalWidth) return null; \
         const r = box.getBoundingClientRect(); return r.width > 0 && r.height > 0;",
        20,
    )
    .await;
}

/// The id of the selected defect.
async fn selected_id(b: &Browser) -> String {
    let v = b
        .js(
            "return document.querySelector('#defects li.selected')?.dataset.id;",
            json!([]),
        )
        .await;
    v.as_str().expect("a defect is selected").to_string()
}

/// The `data-status` of defect `id` in the list, waiting until it is `want`.
async fn wait_status(b: &Browser, id: &str, want: &str) {
    let script = format!(
        "return document.querySelector('#defects li[data-id=\"{id}\"]')?.dataset.status === '{want}';"
    );
    b.wait_js(&format!("defect {id} {want}"), &script, 10).await;
}

async fn assert_no_page_errors(b: &Browser) {
    let errors = b.page_errors().await;
    assert!(errors.is_empty(), "the page reported errors: {errors:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_legal_officer_uploads_reviews_by_keyboard_and_the_statistics_count_it() {
    let Some(b) = browser().await else { return };
    let Some((fixture, _)) = crate::support::fixture_with_most_defects() else {
        panic!("no generated fixtures: scripts/test.sh generates them before the tests");
    };
    // A pause after each job claim keeps the check in progress long enough to be seen.
    let app = spawn_app_with(Backend::Sqlite, |c| c.job_delay_ms = 600)
        .await
        .expect("the app");
    app.add_user("fzy_a", "unit_legal", Some("A")).await;
    sign_in(&b, &app, "fzy_a").await;
    assert_eq!(b.text(&b.wait("#who-role", 1).await).await, "法制员");
    assert_eq!(b.text(&b.wait("#who-unit", 1).await).await, "单位：A");

    // Upload, then the status line follows the check to the end without a reload.
    let file = b.wait("#file", 10).await;
    b.type_into(&file, &fixture.to_string_lossy()).await;
    b.type_into(&b.wait("#case-number", 1).await, "A2026-001").await;
    b.click(&b.wait("#upload-submit", 1).await).await;
    let progress = b
        .wait_js(
            "the check's progress is shown",
            "const s = document.querySelector('#upload-status'); \
             return ['queued', 'processing'].includes(s?.dataset.status) ? s.textContent : null;",
            10,
        )
        .await;
    let progress = progress.as_str().unwrap_or_default();
    assert!(
        ["排队中", "读取文件", "文字识别", "规则检查"]
            .iter()
            .any(|w| progress.contains(w)),
        "{progress}"
    );
    b.wait_js(
        "the check is done",
        "return document.querySelector('#upload-status')?.dataset.status === 'done';",
        90,
    )
    .await;
    let done = b.text(&b.wait("#upload-status", 1).await).await;
    let found: String = done
        .split("发现 ")
        .nth(1)
        .unwrap_or_default()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert!(done.starts_with("检查完成：") && !found.is_empty(), "{done}");
    b.screenshot(&artifact("1-upload-done.png")).await;
    b.click(&b.wait("#open-dossier", 1).await).await;
    let dossier_id = b
        .wait_js(
            "the dossier's page",
            "return location.hash.match(/^#\\/dossiers\\/(\\d+)$/)?.[1];",
            5,
        )
        .await;
    let dossier_id = dossier_id.as_str().expect("dossier id").to_string();

    // The page image with the selected defect's box drawn on it, at a visible size.
    b.wait("#defects li.selected", 10).await;
    wait_selected_box(&b).await;
    let defects = b.find_all("#defects li").await.len();
    assert!(
        defects >= 3,
        "the fixture should give at least three defects, got {defects}"
    );
    b.screenshot(&artifact("2-dossier.png")).await;

    // c confirms the selected defect and moves on to the next open one; r rejects it with a
    // reason; c then u on a third leaves it open.
    let first = selected_id(&b).await;
    b.press("c").await;
    wait_status(&b, &first, "confirmed").await;
    let second = selected_id(&b).await;
    assert_ne!(
        first, second,
        "after confirming, the next open defect is selected"
    );
    b.press("r").await;
    b.type_into(&b.wait("#reason-text", 5).await, "签名经核实存在")
        .await;
    b.click(&b.wait("#dialog-ok", 1).await).await;
    wait_status(&b, &second, "rejected").await;
    let third = selected_id(&b).await;
    assert!(
        third != first && third != second,
        "after rejecting, the next open defect is selected"
    );
    b.press("c").await;
    wait_status(&b, &third, "confirmed").await;
    b.press("u").await;
    wait_status(&b, &third, "open").await;

    // The decisions survive a reload, the reason with them.
    b.refresh().await;
    b.wait("#defects li", 10).await;
    wait_status(&b, &first, "confirmed").await;
    wait_status(&b, &second, "rejected").await;
    wait_status(&b, &third, "open").await;
    let row = b
        .wait(&format!("#defects li[data-id=\"{second}\"] .who"), 1)
        .await;
    assert!(b.text(&row).await.contains("签名经核实存在"));
    wait_selected_box(&b).await;
    b.screenshot(&artifact("3-reviewed.png")).await;

    // Another legal officer rejects the third meanwhile: confirming it here is refused, and
    // the page shows their decision instead of overwriting it.
    let other = app.user("fzy_a2", "unit_legal", Some("A")).await;
    let version = app
        .get(&format!("/api/dossiers/{dossier_id}"), Some(&other))
        .await
        .json["defects"]
        .as_array()
        .and_then(|d| {
            d.iter()
                .find(|x| x["id"].as_i64().map(|i| i.to_string()).as_deref() == Some(third.as_str()))
                .map(|x| x["version"].clone())
        })
        .expect("the third defect's version");
    let r = app
        .json(
            Method::POST,
            &format!("/api/defects/{third}/reject"),
            Some(&other),
            &json!({"version": version, "reason": "另一法制员驳回"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(selected_id(&b).await, third);
    b.press("c").await;
    wait_status(&b, &third, "rejected").await;
    let banner = b.text(&b.wait("#banner.conflict", 5).await).await;
    assert!(banner.contains("fzy_a2"), "{banner}");
    b.screenshot(&artifact("3b-conflict.png")).await;
    assert_no_page_errors(&b).await;

    // The statistics count the confirmed defect (the rejected one does not count).
    b.goto(&format!("http://{}/#/stats", app.addr)).await;
    let confirmed = b.wait("#stat-confirmed", 10).await;
    assert_eq!(b.text(&confirmed).await, "1");
    assert_eq!(
        b.find_all("#chart-trend svg rect").await.len(),
        12,
        "a 12-month trend"
    );
    assert_eq!(b.find_all("#chart-units .bar").await.len(), 1);
    let officers = b.text(&b.wait("#table-officers", 1).await).await;
    assert!(officers.contains("fzy_a"), "{officers}");
    // The export buttons download the server's XLSX (a zip: "PK") with the reader's cookie.
    b.wait("#export-xlsx", 1).await;
    let done = "return window.__xlsx === undefined ? null : window.__xlsx;";
    b.js(
        "fetch(document.querySelector('#export-xlsx').href).then(async r => { \
           const head = new Uint8Array(await r.arrayBuffer()).slice(0, 2); \
           window.__xlsx = r.status + ' ' + String.fromCharCode(...head); });",
        json!([]),
    )
    .await;
    let xlsx = b.wait_js("the XLSX export", done, 10).await;
    assert_eq!(xlsx, "200 PK", "the XLSX export link");
    b.screenshot(&artifact("4-stats.png")).await;
    assert_no_page_errors(&b).await;
    b.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_cannot_open_another_units_dossier() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    let a = app.user("officer_a", "officer", Some("A")).await;
    let id = crate::checked_upload(&app, &a, "A2026-002").await["id"]
        .as_i64()
        .expect("dossier id");

    let other = app.user("officer_b", "officer", Some("B")).await;
    assert_eq!(
        app.get(&format!("/api/dossiers/{id}"), Some(&other)).await.status,
        StatusCode::NOT_FOUND
    );
    sign_in(&b, &app, "officer_b").await;
    b.goto(&format!("http://{}/#/dossiers/{id}", app.addr)).await;
    let denied = b.wait("#denied", 10).await;
    assert!(b.text(&denied).await.contains("无权查看"));
    b.screenshot(&artifact("5-denied.png")).await;
    // Nor is it in his list: neither his own dossiers nor his whole unit's.
    b.goto(&format!("http://{}/#/dossiers", app.addr)).await;
    let total = b.wait("#list-total", 10).await;
    assert!(b.text(&total).await.starts_with("共 0 份"));
    b.click(&b.wait("#toggle-mine", 1).await).await;
    b.wait_js(
        "his unit's list",
        "return document.querySelector('h1')?.textContent === '本单位卷宗' \
         && document.querySelector('#list-total')?.textContent.startsWith('共 0 份');",
        10,
    )
    .await;
    assert_no_page_errors(&b).await;
    b.quit().await;
}
