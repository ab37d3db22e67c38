//! The reviewers' web pages in headless Chromium, against the real service on port 0: sign
//! in, upload, watch the check finish, review by keyboard, reload, read the statistics and
//! the digest archive; and the unit boundary as a page shows it. Screenshots go to
//! `artifacts/browser/` (git-ignored).
//! Skipped only when Chromium is not installed and CI is unset (see `webdriver::browser`).

#[path = "../support/mod.rs"]
mod support;

#[path = "../api/helpers.rs"]
mod helpers;

#[path = "../support/receivers.rs"]
mod receivers;

mod digests;
mod draw;
mod large;
mod lists;
mod review_flow;
mod webdriver;

use std::path::PathBuf;

use hyper::StatusCode;

use helpers::TestApp;

/// Where a test's screenshots go.
pub fn artifact(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("artifacts/browser")
        .join(name)
}

/// Uploads the small text PDF as case `case_number` and waits for its check; the dossier's
/// JSON.
pub async fn checked_upload(app: &TestApp, token: &str, case_number: &str) -> serde_json::Value {
    let up = app
        .upload(token, case_number, "case.pdf", &support::good_pdf())
        .await;
    assert_eq!(up.status, StatusCode::ACCEPTED, "{}", up.json);
    let id = up.json["id"].as_i64().expect("dossier id");
    app.wait_checked(token, id).await
}
