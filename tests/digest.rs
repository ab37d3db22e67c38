//! The daily digest with an injected clock, delivered to a real HTTP receiver and a real SMTP
//! listener started here: once at 08:00 (Asia/Shanghai), not again after a restart at 08:01
//! nor from a second process ticking at the same moment, once at start-up after a missed
//! day, per recipient by role and unit, and retried until a failing receiver takes it. The
//! expected counts are computed here from the seeded rows, on SQLite and on PostgreSQL.

#[path = "support/fresh.rs"]
mod fresh;
#[path = "support/receivers.rs"]
mod receivers;
mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone, Utc};
use dossier::auth::Role;
use dossier::digest::{Clock, Digester, Settings};
use dossier::store::Store;
use dossier::store::seed::{SeedDefect, SeedDossier};
use fresh::{fresh, on_both_backends};
use receivers::{Smtp, Webhook};
use serde_json::Value;

on_both_backends!(
    the_digest_goes_out_once_a_day_across_restarts_processes_and_downtime,
    a_receiver_that_fails_twice_gets_the_digest_on_the_third_attempt,
);

/// A clock the test sets.
struct TestClock(Mutex<DateTime<Utc>>);

impl Clock for TestClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap()
    }
}

/// November 2026, day `d`, `h:m` at +08:00 (computed apart from the code's chrono-tz).
fn nov(d: u32, h: u32, m: u32) -> DateTime<Utc> {
    FixedOffset::east_opt(8 * 3600)
        .unwrap()
        .with_ymd_and_hms(2026, 11, d, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

const DAY_MS: i64 = 24 * 3600 * 1000;
const STALE_DAYS: u32 = 3;

fn settings(webhook: Option<&str>, smtp: Option<&str>) -> Settings {
    Settings {
        tz: chrono_tz::Asia::Shanghai,
        at: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap(),
        webhook: webhook.map(str::to_string),
        smtp_url: smtp.map(str::to_string),
        smtp_from: "dossier@test.local".into(),
        stale_days: STALE_DAYS,
        max_attempts: 5,
        retry_secs: 60,
    }
}

/// Defects in two units raised every six hours from 1 to 13 November, cycling through the
/// review states.
fn generate() -> Vec<SeedDossier> {
    let statuses = [
        ("machine", "open"),
        ("machine", "confirmed"),
        ("machine", "rejected"),
        ("machine", "unrectified"),
        ("machine", "rectified"),
        ("manual", "confirmed"),
        ("machine", "open"),
    ];
    let mut out = Vec::new();
    for (i, unit) in ["U1", "U2", "U1"].iter().enumerate() {
        let checked = nov(1, 9, 0).timestamp_millis();
        let defects = (0..48 + i as i64 * 7)
            .map(|k| {
                let (origin, status) = statuses[(k as usize + i) % statuses.len()];
                let raised = checked + k * 6 * 3600 * 1000 + i as i64;
                SeedDefect {
                    origin,
                    category: "missing_signature".into(),
                    rule: "signature.interviewee_each_page".into(),
                    status,
                    deduction: 1.0,
                    created_at_ms: raised,
                    updated_at_ms: raised,
                }
            })
            .collect();
        out.push(SeedDossier {
            unit: unit.to_string(),
            case_number: format!("D{i}"),
            version: if i == 1 { 2 } else { 1 },
            officer: "张三".into(),
            checked_at_ms: checked,
            defects,
        });
    }
    out
}

/// What a digest with this window should say of `unit` (or of all units): new flags, overdue
/// flags, unrectified defects.
fn truth(data: &[SeedDossier], unit: Option<&str>, since: i64, cutoff: i64) -> (i64, i64, i64) {
    let (mut new, mut overdue, mut unrectified) = (0, 0, 0);
    for d in data.iter().filter(|d| unit.is_none_or(|u| d.unit == u)) {
        for f in &d.defects {
            if f.origin == "machine"
                && f.status != "rectified"
                && f.created_at_ms >= since
                && f.created_at_ms < cutoff
            {
                new += 1;
            }
            if f.status == "open" && f.created_at_ms < cutoff - i64::from(STALE_DAYS) * DAY_MS {
                overdue += 1;
            }
            if f.status == "unrectified" {
                unrectified += 1;
            }
        }
    }
    (new, overdue, unrectified)
}

fn figures(v: &Value) -> (i64, i64, i64) {
    (
        v["new_flags"].as_i64().unwrap(),
        v["overdue"].as_i64().unwrap(),
        v["unrectified"].as_i64().unwrap(),
    )
}

async fn add_user(store: &Store, name: &str, role: Role, unit: Option<&str>, email: &str) {
    let unit_id = match unit {
        Some(u) => Some(store.ensure_unit(u, None).await.unwrap()),
        None => None,
    };
    store.add_user(name, "!", role, unit_id).await.unwrap();
    store.set_user_email(name, Some(email)).await.unwrap();
}

async fn the_digest_goes_out_once_a_day_across_restarts_processes_and_downtime(store: &Store) {
    let data = generate();
    store.seed(&data).await.unwrap();
    add_user(store, "leader", Role::Leader, None, "leader@test.local").await;
    add_user(store, "legal1", Role::UnitLegal, Some("U1"), "legal1@test.local").await;
    add_user(
        store,
        "officer1",
        Role::Officer,
        Some("U1"),
        "officer1@test.local",
    )
    .await;
    let (hook, smtp) = (Webhook::start(0).await, Smtp::start().await);
    let s = settings(Some(&hook.url), Some(&smtp.url));
    let first = Digester::new(store.clone(), s.clone());

    // The 9th's digest, then nothing at 07:59 on the 10th, then the 10th's at 08:00.
    assert_eq!(
        first.tick(nov(9, 8, 0)).await.unwrap().created.as_deref(),
        Some("2026-11-09")
    );
    assert_eq!(first.tick(nov(10, 7, 59)).await.unwrap().created, None);
    assert_eq!(hook.accepted().len(), 1);
    let at_eight = first.tick(nov(10, 8, 0)).await.unwrap();
    assert_eq!(at_eight.created.as_deref(), Some("2026-11-10"));
    assert_eq!(
        at_eight.sent, 3,
        "the webhook and two e-mails (the officer gets none)"
    );
    let posted = hook.accepted();
    assert_eq!(posted.len(), 2);
    let digest = &posted[1]["digest"];
    assert_eq!(digest["day"], "2026-11-10");
    let (since, cutoff) = (nov(9, 8, 0).timestamp_millis(), nov(10, 8, 0).timestamp_millis());
    assert_eq!(figures(digest), truth(&data, None, since, cutoff));
    for u in digest["units"].as_array().unwrap() {
        let code = u["unit"].as_str().unwrap();
        assert_eq!(figures(u), truth(&data, Some(code), since, cutoff), "{code}");
    }
    assert!(
        posted[1]["text"]["content"]
            .as_str()
            .unwrap()
            .contains("案卷预审日报 2026-11-10")
    );

    // Per recipient: the leader sees both units, the unit legal officer only U1.
    let mails = smtp.mails();
    assert_eq!(mails.len(), 4);
    assert!(
        mails
            .iter()
            .all(|m| m.to.len() == 1 && m.to[0] != "officer1@test.local")
    );
    let today: Vec<_> = mails[2..].iter().collect();
    let to = |who: &str| today.iter().find(|m| m.to[0] == who).unwrap().text();
    let (leader, legal) = (to("leader@test.local"), to("legal1@test.local"));
    let (n1, ..) = truth(&data, Some("U1"), since, cutoff);
    let (n2, ..) = truth(&data, Some("U2"), since, cutoff);
    assert!(
        leader.contains(&format!("U1：新增 {n1}，")) && leader.contains(&format!("U2：新增 {n2}，")),
        "{leader}"
    );
    assert!(
        legal.contains(&format!("U1：新增 {n1}，")) && !legal.contains("U2："),
        "{legal}"
    );
    assert!(legal.contains(&format!("新增问题标记 {n1} 条")), "{legal}");

    // A restart at 08:01: a new digester over the same database sends nothing.
    let restarted = Digester::new(store.clone(), s.clone());
    let again = restarted.tick(nov(10, 8, 1)).await.unwrap();
    assert_eq!((again.created, again.sent), (None, 0));

    // Two processes ticking at 08:00 on the 11th: one digest, one POST.
    let (a, b) = tokio::join!(first.tick(nov(11, 8, 0)), restarted.tick(nov(11, 8, 0)));
    let created: Vec<_> = [a.unwrap(), b.unwrap()]
        .into_iter()
        .filter_map(|o| o.created)
        .collect();
    assert_eq!(created, ["2026-11-11"]);
    assert_eq!(hook.accepted().len(), 3);

    // Down over 08:00 on the 12th and the 13th: at start-up at 09:30 on the 13th, the
    // 13th's digest goes out once, covering everything since the 11th's.
    let clock = Arc::new(TestClock(Mutex::new(nov(13, 9, 30))));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let running = tokio::spawn(
        restarted
            .clone()
            .run(clock.clone(), Duration::from_millis(20), stopped),
    );
    hook.wait_for(4).await;
    *clock.0.lock().unwrap() = nov(13, 9, 31);
    tokio::time::sleep(Duration::from_millis(100)).await;
    stop.send(true).unwrap();
    running.await.unwrap();
    let posted = hook.accepted();
    assert_eq!(posted.len(), 4);
    let digest = &posted[3]["digest"];
    assert_eq!(digest["day"], "2026-11-13");
    let (since, cutoff) = (
        nov(11, 8, 0).timestamp_millis(),
        nov(13, 9, 30).timestamp_millis(),
    );
    assert_eq!(figures(digest), truth(&data, None, since, cutoff));
    // And a second start-up the same morning does not send it again.
    assert_eq!(first.tick(nov(13, 10, 0)).await.unwrap().created, None);

    // The archive: four days, every delivery sent once.
    let archive = store.digests(30).await.unwrap();
    let days: Vec<_> = archive.iter().map(|d| d.day.as_str()).collect();
    assert_eq!(days, ["2026-11-13", "2026-11-11", "2026-11-10", "2026-11-09"]);
    for d in &archive {
        let deliveries = store.deliveries(d.id).await.unwrap();
        assert_eq!(deliveries.len(), 3, "{}", d.day);
        assert!(
            deliveries.iter().all(|x| x.status == "sent" && x.attempts == 1),
            "{deliveries:?}"
        );
    }
    smtp.wait_for(8).await;
    assert_eq!(smtp.mails().len(), 8);
}

async fn a_receiver_that_fails_twice_gets_the_digest_on_the_third_attempt(store: &Store) {
    store.seed(&generate()).await.unwrap();
    let hook = Webhook::start(2).await;
    let digester = Digester::new(store.clone(), settings(Some(&hook.url), None));

    let t = digester.tick(nov(10, 8, 0)).await.unwrap();
    assert_eq!((t.created.is_some(), t.sent, t.failed_attempts), (true, 0, 1));
    // Not due again before its retry time (60 s after the first failure).
    let t = digester
        .tick(nov(10, 8, 0) + chrono::Duration::seconds(30))
        .await
        .unwrap();
    assert_eq!((t.sent, t.failed_attempts), (0, 0));
    let t = digester.tick(nov(10, 8, 1)).await.unwrap();
    assert_eq!((t.sent, t.failed_attempts), (0, 1));
    let pending = &store.deliveries(1).await.unwrap()[0];
    assert_eq!((pending.status.as_str(), pending.attempts), ("pending", 2));
    assert!(
        pending.last_error.as_deref().unwrap().contains("500"),
        "{pending:?}"
    );
    // The second retry waits twice as long: due at 08:03.
    let t = digester.tick(nov(10, 8, 2)).await.unwrap();
    assert_eq!((t.sent, t.failed_attempts), (0, 0));
    let t = digester.tick(nov(10, 8, 3)).await.unwrap();
    assert_eq!((t.sent, t.failed_attempts), (1, 0));

    assert_eq!(hook.requests(), 3);
    assert_eq!(hook.accepted().len(), 1);
    let sent = &store.deliveries(1).await.unwrap()[0];
    assert_eq!((sent.status.as_str(), sent.attempts), ("sent", 3));
    assert_eq!(sent.sent_at, Some(nov(10, 8, 3).timestamp_millis()));
    // Nothing is left to send.
    let t = digester.tick(nov(10, 9, 0)).await.unwrap();
    assert_eq!((t.created, t.sent, t.failed_attempts), (None, 0, 0));
}
