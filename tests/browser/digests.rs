//! The digest archive page (每日推送): a digest made in the test over seeded flags, delivered to
//! a real webhook receiver (which fails the first attempt) and a real SMTP listener, is listed
//! newest first with its figures and each channel's deliveries and attempts, and shows its
//! content when chosen; a unit legal officer sees their own unit's lines only, and an officer
//! has no link to the page.

use chrono::{Datelike, Duration, Utc};
use dossier::digest::{Digester, Settings};
use dossier::store::seed::{SeedDefect, SeedDossier};

use crate::artifact;
use crate::helpers::spawn_app;
use crate::receivers::{Smtp, Webhook};
use crate::review_flow::sign_in;
use crate::webdriver::{Browser, browser};

/// One dossier in `unit` with `new` open flags raised just now, `old` open ones raised ten
/// days ago (overdue) and `unrectified` defects found again.
fn dossier(unit: &str, new: usize, old: usize, unrectified: usize) -> SeedDossier {
    let now = Utc::now().timestamp_millis();
    let ten_days_ago = now - 10 * 24 * 3_600_000;
    let defect = |status: &'static str, at: i64| SeedDefect {
        origin: "machine",
        category: "missing_signature".into(),
        rule: "signature.interviewee_each_page".into(),
        status,
        deduction: 1.0,
        created_at_ms: at,
        updated_at_ms: at,
    };
    let defects = std::iter::repeat_n(defect("open", now), new)
        .chain(std::iter::repeat_n(defect("open", ten_days_ago), old))
        .chain(std::iter::repeat_n(
            defect("unrectified", ten_days_ago),
            unrectified,
        ))
        .collect();
    SeedDossier {
        unit: unit.into(),
        case_number: format!("{unit}-digest"),
        version: 1,
        officer: format!("{unit}民警"),
        checked_at_ms: ten_days_ago,
        defects,
    }
}

/// Signs out, so that the next `sign_in` waits for the next user rather than seeing this one.
async fn sign_out(b: &Browser) {
    b.click(&b.wait("#logout", 1).await).await;
    b.wait_js(
        "signed out",
        "return document.querySelector('#who-user') ? null : true;",
        10,
    )
    .await;
}

/// The text of the cells of the digest list's row for `day`, once it is shown.
async fn row_of(b: &Browser, day: &str) -> Vec<String> {
    let script = format!(
        "const tr = [...document.querySelectorAll('#digest-list tbody tr[data-id]')] \
           .find((tr) => tr.cells[0].textContent === '{day}'); \
         return tr ? [...tr.cells].map((td) => td.innerText) : null;"
    );
    serde_json::from_value(b.wait_js(&format!("the digest of {day}"), &script, 10).await).expect("cells")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_archive_lists_a_digest_with_its_deliveries_and_shows_its_content() {
    let Some(b) = browser().await else { return };
    let app = spawn_app().await;
    // The service makes the digest due at start-up (today's or yesterday's, without
    // deliveries: none are configured). Once it has, the next digest counts flags raised
    // from then on, which is when these are seeded.
    for _ in 0..100 {
        if !app.store.digests(1).await.unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(
        !app.store.digests(1).await.unwrap().is_empty(),
        "the start-up digest"
    );
    app.store
        .seed(&[dossier("A", 2, 1, 1), dossier("B", 3, 0, 2)])
        .await
        .unwrap();
    app.add_user("ld_d", "leader", None).await;
    app.add_user("fzy_d", "unit_legal", Some("A")).await;
    app.add_user("mj_d", "officer", Some("A")).await;
    for (user, mail) in [("ld_d", "ld@test.local"), ("fzy_d", "fzy@test.local")] {
        app.store.set_user_email(user, Some(mail)).await.unwrap();
    }

    // Tomorrow's digest, made at 09:00 tomorrow in Shanghai: newer than the one the service
    // makes for itself on start-up. The webhook fails once and is retried two minutes later.
    let hook = Webhook::start(1).await;
    let smtp = Smtp::start().await;
    let tz = chrono_tz::Asia::Shanghai;
    let tomorrow = (Utc::now().with_timezone(&tz) + Duration::days(1)).date_naive();
    let at = tomorrow
        .and_hms_opt(9, 0, 0)
        .and_then(|t| t.and_local_timezone(tz).single())
        .expect("09:00 tomorrow")
        .with_timezone(&Utc);
    let digester = Digester::new(
        app.store.clone(),
        Settings {
            tz,
            at: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
            webhook: Some(hook.url.clone()),
            smtp_url: Some(smtp.url.clone()),
            smtp_from: "dossier@test.local".into(),
            stale_days: 3,
            max_attempts: 5,
            retry_secs: 60,
        },
    );
    let day = format!(
        "{:04}-{:02}-{:02}",
        tomorrow.year(),
        tomorrow.month(),
        tomorrow.day()
    );
    let first = digester.tick(at).await.unwrap();
    assert_eq!(first.created.as_deref(), Some(day.as_str()));
    assert_eq!(
        (first.sent, first.failed_attempts),
        (2, 1),
        "two mails, the webhook failed"
    );
    let retry = digester.tick(at + Duration::minutes(2)).await.unwrap();
    assert_eq!(
        (retry.created, retry.sent),
        (None, 1),
        "the webhook on its second attempt"
    );

    sign_in(&b, &app, "ld_d").await;
    let base = format!("http://{}/", app.addr);
    b.click(&b.wait("#nav a[data-nav=digests]", 5).await).await;
    let cells = row_of(&b, &day).await;
    assert_eq!(
        cells[1], "群机器人推送、ld@test.local、fzy@test.local",
        "{cells:?}"
    );
    assert_eq!(
        &cells[2..5],
        ["5", "1", "3"],
        "new, overdue, unrectified: {cells:?}"
    );
    assert_eq!(
        cells[5], "群机器人推送：已发送 1（尝试 2 次）\n邮件：已发送 2（尝试 2 次）",
        "{cells:?}"
    );
    let days: Vec<String> = serde_json::from_value(
        b.js(
            "return [...document.querySelectorAll('#digest-list tbody tr[data-id]')].map((tr) => tr.cells[0].textContent);",
            serde_json::json!([]),
        )
        .await,
    )
    .unwrap();
    assert!(
        days.len() >= 2,
        "the service's own digest is listed too: {days:?}"
    );
    assert_eq!(days[0], day, "newest first: {days:?}");
    assert!(days.windows(2).all(|w| w[0] > w[1]), "{days:?}");

    // Choosing it shows its content: the window, the figures, each unit, each delivery.
    let row = b
        .find_all(&format!("#digest-list tbody tr[data-id]:nth-child({})", 1))
        .await;
    b.click(&row[0]).await;
    let title = b.text(&b.wait("#digest-title", 5).await).await;
    assert_eq!(title, format!("案卷预审日报 {day}"));
    let figures = b.text(&b.wait("#digest-figures", 1).await).await;
    assert_eq!(figures, "新增问题标记 5 条；超过3天未审核 1 条；未整改 3 条。");
    let units: Vec<Vec<String>> = serde_json::from_value(
        b.js(
            "return [...document.querySelectorAll('#digest-units tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent));",
            serde_json::json!([]),
        )
        .await,
    )
    .unwrap();
    assert_eq!(units, [["A", "2", "1", "1"], ["B", "3", "0", "2"]]);
    let deliveries = b.find_all("#digest-deliveries tbody tr").await;
    assert_eq!(deliveries.len(), 3);
    let webhook_row = b.text(&deliveries[0]).await;
    assert!(
        webhook_row.contains("已发送") && webhook_row.contains('2'),
        "{webhook_row}"
    );
    b.screenshot(&artifact("9-digests.png")).await;
    assert!(b.page_errors().await.is_empty(), "{:?}", b.page_errors().await);

    // A unit legal officer: their unit's line only, and no deliveries.
    sign_out(&b).await;
    sign_in(&b, &app, "fzy_d").await;
    b.goto(&format!("{base}#/digests")).await;
    let cells = row_of(&b, &day).await;
    assert_eq!(&cells[2..5], ["2", "1", "1"], "unit A only: {cells:?}");
    let units = b.find_all("#digest-units tbody tr").await;
    assert_eq!(units.len(), 1);
    assert!(b.find_all("#digest-deliveries").await.is_empty());

    // An officer: no link, and the page says why.
    sign_out(&b).await;
    sign_in(&b, &app, "mj_d").await;
    let hidden = b
        .js(
            "return document.querySelector('#nav a[data-nav=digests]').hidden;",
            serde_json::json!([]),
        )
        .await;
    assert_eq!(hidden, serde_json::json!(true));
    b.goto(&format!("{base}#/digests")).await;
    b.wait("#digests-forbidden", 5).await;
    assert!(b.page_errors().await.is_empty(), "{:?}", b.page_errors().await);
    b.quit().await;
}
