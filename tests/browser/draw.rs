//! A legal officer adds a defect the machine missed by drawing its box on the page.

use crate::artifact;
use crate::helpers::spawn_app;
use crate::review_flow::sign_in;
use crate::webdriver::browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missed_defect_is_added_by_drawing_a_box_and_kept() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    let token = app.user("fzy_d", "unit_legal", Some("A")).await;
    let dossier = crate::checked_upload(&app, &token, "D-1").await;
    let id = dossier["id"].as_i64().expect("dossier id");
    let before = dossier["defects"].as_array().map_or(0, Vec::len);

    sign_in(&b, &app, "fzy_d").await;
    b.goto(&format!("http://{}/#/dossiers/{id}", app.addr)).await;
    let page = b.wait("#page-image", 10).await;
    b.wait_js(
        "the page image is loaded",
        "const i = document.querySelector('#page-image'); return i.complete && i.naturalWidth > 0;",
        20,
    )
    .await;
    b.press("a").await;
    b.wait(".pagebox.drawing", 5).await;
    b.drag(&page, (-150, -100), (50, -60)).await;
    b.type_into(&b.wait("#new-message", 5).await, "第1页记录人未签名")
        .await;
    b.click(&b.wait("#dialog-ok", 1).await).await;
    let count = format!(
        "return document.querySelectorAll('#defects li').length === {};",
        before + 1
    );
    b.wait_js("the drawn defect is listed", &count, 10).await;
    b.screenshot(&artifact("9-drawn.png")).await;

    // Stored with the drawn box (a fraction of the page, not the whole page), and kept.
    let stored = app.get(&format!("/api/dossiers/{id}"), Some(&token)).await.json;
    let added = stored["defects"]
        .as_array()
        .and_then(|d| d.iter().find(|x| x["message"] == "第1页记录人未签名"))
        .expect("the added defect")
        .clone();
    assert_eq!(added["status"], "confirmed");
    let bbox: Vec<f64> = serde_json::from_value(added["bbox"].clone()).expect("bbox");
    assert!(bbox[2] - bbox[0] > 0.05 && bbox[2] - bbox[0] < 0.9, "{bbox:?}");
    b.refresh().await;
    b.wait_js("the drawn defect is still listed", &count, 10).await;
    assert!(b.page_errors().await.is_empty(), "{:?}", b.page_errors().await);
    b.quit().await;
}
