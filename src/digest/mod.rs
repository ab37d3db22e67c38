//! The daily digest (每日预警): at 08:00 in the configured zone, the flags raised since the
//! previous digest, flags left unreviewed for more than N days, un-rectified defects and the
//! counts per unit — for each recipient within their units — POSTed to the webhook, e-mailed
//! to every recipient and kept in the database for the web archive.
//!
//! **Exactly once.** A digest is a row with a UNIQUE local `day`; whichever process inserts
//! it first also inserts its deliveries, in the same transaction, and every other attempt
//! (a restart at 08:01, a second server) finds the row and does nothing. The digest due at a
//! moment is the latest 08:00 already passed, so a server that was down over 08:00 sends it
//! once when it starts; missed earlier days are not back-filled (the next digest covers
//! everything since the last one anyway).
//!
//! **Never silently lost.** Each delivery is a row with its attempts and last error. A failed
//! attempt is retried later (the n-th retry after n × `digest_retry_secs`), by any process,
//! until `digest_max_attempts`, after which it stays `failed` with the error, and the failure
//! is logged. Time comes from a `Clock`, so tests can move it.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::stats::period::local_time_ms;
use crate::store::digest::{NewDelivery, Recipient, UnitCounts};
use crate::store::{Store, StoreError};

pub mod cli;
pub mod deliver;

/// Where "now" comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// The digest's settings, from `Config`.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub tz: Tz,
    pub at: chrono::NaiveTime,
    pub webhook: Option<String>,
    pub smtp_url: Option<String>,
    pub smtp_from: String,
    pub stale_days: u32,
    pub max_attempts: u32,
    pub retry_secs: u64,
}

impl Settings {
    pub fn from_config(c: &Config) -> Settings {
        Settings {
            tz: c.time_zone,
            at: c.digest_at,
            webhook: c.digest_webhook.clone(),
            smtp_url: c.smtp_url.clone(),
            smtp_from: c.smtp_from.clone(),
            stale_days: c.digest_stale_days,
            max_attempts: c.digest_max_attempts,
            retry_secs: c.digest_retry_secs,
        }
    }
}

/// The content of a digest as one recipient (or the webhook, for all units) sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Content {
    pub day: String,
    pub since: String,
    pub cutoff: String,
    pub stale_days: u32,
    pub new_flags: i64,
    pub overdue: i64,
    pub unrectified: i64,
    pub units: Vec<UnitCounts>,
}

impl Content {
    fn new(day: &str, since: i64, cutoff: i64, stale_days: u32, units: Vec<UnitCounts>, tz: Tz) -> Content {
        let iso = |ms: i64| {
            DateTime::from_timestamp_millis(ms)
                .map(|t| t.with_timezone(&tz).to_rfc3339())
                .unwrap_or_default()
        };
        Content {
            day: day.to_string(),
            since: iso(since),
            cutoff: iso(cutoff),
            stale_days,
            new_flags: units.iter().map(|u| u.new_flags).sum(),
            overdue: units.iter().map(|u| u.overdue).sum(),
            unrectified: units.iter().map(|u| u.unrectified).sum(),
            units,
        }
    }

    /// The part a recipient may see: their own unit for a unit legal officer, all otherwise.
    fn for_recipient(&self, r: &Recipient) -> Content {
        let units: Vec<UnitCounts> = if r.role == "unit_legal" {
            self.units
                .iter()
                .filter(|u| Some(u.unit_id) == r.unit_id)
                .cloned()
                .collect()
        } else {
            self.units.clone()
        };
        Content {
            units,
            ..self.clone()
        }
        .recount()
    }

    fn recount(mut self) -> Content {
        self.new_flags = self.units.iter().map(|u| u.new_flags).sum();
        self.overdue = self.units.iter().map(|u| u.overdue).sum();
        self.unrectified = self.units.iter().map(|u| u.unrectified).sum();
        self
    }

    pub fn subject(&self) -> String {
        format!("案卷预审日报 {}", self.day)
    }

    /// The text of the e-mail and of the chat message.
    pub fn text(&self) -> String {
        use std::fmt::Write;
        let mut s = format!(
            "{}\n新增问题标记 {} 条；超过{}天未审核 {} 条；未整改 {} 条。\n",
            self.subject(),
            self.new_flags,
            self.stale_days,
            self.overdue,
            self.unrectified
        );
        for u in &self.units {
            let _ = writeln!(
                s,
                "· {}：新增 {}，超期未审 {}，未整改 {}",
                u.unit_name, u.new_flags, u.overdue, u.unrectified
            );
        }
        s
    }

    /// The webhook's JSON: a text message as workplace chat bots take it, plus the figures.
    pub fn webhook_body(&self) -> Value {
        json!({
            "msgtype": "text",
            "text": {"content": self.text()},
            "digest": self,
        })
    }
}

/// What a tick did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TickOutcome {
    /// The day whose digest this tick created.
    pub created: Option<String>,
    pub sent: usize,
    pub failed_attempts: usize,
}

/// Creates and delivers digests over one store.
#[derive(Clone)]
pub struct Digester {
    pub store: Store,
    pub settings: Settings,
}

impl Digester {
    pub fn new(store: Store, settings: Settings) -> Digester {
        Digester { store, settings }
    }

    /// The local day whose digest is due at `now`: today once the digest hour has passed,
    /// yesterday before it.
    pub fn due_day(&self, now: DateTime<Utc>) -> chrono::NaiveDate {
        let local = now.with_timezone(&self.settings.tz);
        let today = local.date_naive();
        let today_at = local_time_ms(today, self.settings.at, self.settings.tz);
        if now.timestamp_millis() >= today_at {
            today
        } else {
            today.pred_opt().unwrap_or(today)
        }
    }

    /// Creates the due digest if no process has yet, then attempts the deliveries due.
    pub async fn tick(&self, now: DateTime<Utc>) -> Result<TickOutcome, StoreError> {
        let day = self.due_day(now);
        let mut outcome = TickOutcome::default();
        let day = format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day());
        if !self.store.digest_exists(&day).await? && self.create(&day, now).await? {
            outcome.created = Some(day);
        }
        let (sent, failed) = self.deliver_due(now).await?;
        outcome.sent = sent;
        outcome.failed_attempts = failed;
        Ok(outcome)
    }

    /// `dossier digest --now`: today's digest regardless of the hour (once: `false` when
    /// today's exists already), then the deliveries due.
    pub async fn send_now(&self, now: DateTime<Utc>) -> Result<TickOutcome, StoreError> {
        let local = now.with_timezone(&self.settings.tz).date_naive();
        let day = format!("{:04}-{:02}-{:02}", local.year(), local.month(), local.day());
        let mut outcome = TickOutcome::default();
        if self.create(&day, now).await? {
            outcome.created = Some(day);
        }
        let (sent, failed) = self.deliver_due(now).await?;
        outcome.sent = sent;
        outcome.failed_attempts = failed;
        Ok(outcome)
    }

    /// Builds and stores the digest of `day`; `false` if that day has one already.
    async fn create(&self, day: &str, now: DateTime<Utc>) -> Result<bool, StoreError> {
        let cutoff = now.timestamp_millis();
        let since = match self.store.last_digest().await? {
            Some((_, last_cutoff)) => last_cutoff,
            None => cutoff - 24 * 3600 * 1000,
        };
        let overdue_before = cutoff - i64::from(self.settings.stale_days) * 24 * 3600 * 1000;
        let units = self.store.digest_counts(since, cutoff, overdue_before).await?;
        let tz = self.settings.tz;
        let content = Content::new(day, since, cutoff, self.settings.stale_days, units, tz);
        let mut deliveries = Vec::new();
        if let Some(url) = &self.settings.webhook {
            deliveries.push(NewDelivery {
                channel: "webhook",
                recipient: url.clone(),
                user_id: None,
                body: content.webhook_body().to_string(),
            });
        }
        if self.settings.smtp_url.is_some() {
            for r in self.store.digest_recipients().await? {
                let mine = content.for_recipient(&r);
                deliveries.push(NewDelivery {
                    channel: "email",
                    recipient: r.email.clone(),
                    user_id: Some(r.user_id),
                    body: json!({"subject": mine.subject(), "text": mine.text()}).to_string(),
                });
            }
        }
        let stored = serde_json::to_value(&content).map_err(|e| StoreError::Corrupt {
            what: "digest",
            message: e.to_string(),
        })?;
        let created = self
            .store
            .create_digest(day, since, cutoff, &stored, &deliveries)
            .await?
            .is_some();
        if created {
            tracing::info!(day, deliveries = deliveries.len(), "daily digest created");
        }
        Ok(created)
    }

    /// Attempts every delivery due at `now`; returns (sent, failed attempts).
    pub async fn deliver_due(&self, now: DateTime<Utc>) -> Result<(usize, usize), StoreError> {
        let now_ms = now.timestamp_millis();
        let (mut sent, mut failed) = (0, 0);
        for d in self.store.due_deliveries(now_ms).await? {
            // Held for five minutes while this process tries; then it is due again.
            if !self.store.claim_delivery(d.id, now_ms, now_ms + 300_000).await? {
                continue;
            }
            let attempt = d.attempts + 1;
            match self.send(&d.channel, &d.recipient, &d.body).await {
                Ok(()) => {
                    self.store.delivery_sent(d.id, now_ms).await?;
                    sent += 1;
                }
                Err(e) => {
                    failed += 1;
                    let message = e.to_string();
                    let retry_at = (attempt < i64::from(self.settings.max_attempts))
                        .then(|| now_ms + attempt * self.settings.retry_secs as i64 * 1000);
                    if retry_at.is_some() {
                        tracing::warn!(delivery = d.id, channel = %d.channel, attempt, error = %message, "digest delivery failed; will retry");
                    } else {
                        tracing::error!(delivery = d.id, channel = %d.channel, attempt, error = %message, "digest delivery failed for good");
                    }
                    self.store
                        .delivery_failed(d.id, now_ms, &message, retry_at)
                        .await?;
                }
            }
        }
        Ok((sent, failed))
    }

    async fn send(&self, channel: &str, recipient: &str, body: &str) -> Result<(), deliver::DeliveryError> {
        if channel == "webhook" {
            return deliver::webhook(recipient, body).await;
        }
        let smtp = self
            .settings
            .smtp_url
            .as_deref()
            .ok_or_else(|| deliver::DeliveryError::BadUrl("no smtp_url configured".into()))?;
        let mail: Value = serde_json::from_str(body).unwrap_or(Value::Null);
        let subject = mail["subject"].as_str().unwrap_or("案卷预审日报");
        let text = mail["text"].as_str().unwrap_or_default();
        deliver::email(smtp, &self.settings.smtp_from, recipient, subject, text).await
    }

    /// Ticks at once (a start-up after 08:00 sends the missed digest) and then every
    /// `every`, until `stop` turns true.
    pub async fn run(
        self,
        clock: Arc<dyn Clock>,
        every: Duration,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        loop {
            if let Err(e) = self.tick(clock.now()).await {
                tracing::error!(error = %e, "daily digest tick failed");
            }
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                _ = stop.changed() => return,
            }
            if *stop.borrow() {
                return;
            }
        }
    }
}
