//! The daily digest's rows: what it reports (flag counts per unit), who receives it, the
//! digest of each day (its UNIQUE `day` makes creation exactly-once across restarts and
//! processes) and each delivery with its attempts, claimed by compare-and-set so that two
//! server processes never send the same delivery twice at once.

use serde::Serialize;
use sqlx::Row;

use super::{Store, StoreError, now_ms};

/// Counts of one unit for the digest.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct UnitCounts {
    #[serde(skip)]
    pub unit_id: i64,
    pub unit: String,
    pub unit_name: String,
    /// Flags raised in `[since, cutoff)`.
    pub new_flags: i64,
    /// Flags still open that were raised before the overdue line.
    pub overdue: i64,
    /// Defects found again on re-submission and not (yet) rejected.
    pub unrectified: i64,
}

/// A user the digest goes to.
#[derive(Debug, Clone, PartialEq)]
pub struct Recipient {
    pub user_id: i64,
    pub username: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub email: String,
}

/// A delivery to create with its digest.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDelivery {
    /// `webhook` or `email`.
    pub channel: &'static str,
    pub recipient: String,
    pub user_id: Option<i64>,
    /// The JSON body (webhook) or the mail text.
    pub body: String,
}

/// A stored delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Delivery {
    pub id: i64,
    pub digest_id: i64,
    pub channel: String,
    pub recipient: String,
    #[serde(skip)]
    pub body: String,
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
}

/// A stored digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DigestRow {
    pub id: i64,
    pub day: String,
    pub since_at: i64,
    pub cutoff_at: i64,
    pub content: serde_json::Value,
    pub created_at: i64,
}

const DELIVERY: &str = "SELECT id, digest_id, channel, recipient, body, status, attempts, last_error, sent_at \
                        FROM digest_deliveries ";

fn delivery(r: &sqlx::any::AnyRow) -> Result<Delivery, sqlx::Error> {
    Ok(Delivery {
        id: r.try_get(0)?,
        digest_id: r.try_get(1)?,
        channel: r.try_get(2)?,
        recipient: r.try_get(3)?,
        body: r.try_get(4)?,
        status: r.try_get(5)?,
        attempts: r.try_get(6)?,
        last_error: r.try_get(7)?,
        sent_at: r.try_get(8)?,
    })
}

impl Store {
    /// The day and cutoff of the latest digest.
    pub async fn last_digest(&self) -> Result<Option<(String, i64)>, StoreError> {
        let row = sqlx::query("SELECT day, cutoff_at FROM digests ORDER BY cutoff_at DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        Ok(row
            .map(|r| Ok::<_, sqlx::Error>((r.try_get(0)?, r.try_get(1)?)))
            .transpose()?)
    }

    pub async fn digest_exists(&self, day: &str) -> Result<bool, StoreError> {
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM digests WHERE day = $1")
            .bind(day)
            .fetch_one(&self.pool)
            .await?;
        Ok(n > 0)
    }

    /// Per-unit counts: flags raised in `[since, cutoff)`, flags open since before
    /// `overdue_before`, and current unrectified defects. Units with nothing are left out.
    pub async fn digest_counts(
        &self,
        since: i64,
        cutoff: i64,
        overdue_before: i64,
    ) -> Result<Vec<UnitCounts>, StoreError> {
        const FROM: &str = "FROM defects f JOIN dossiers d ON d.id = f.dossier_id JOIN cases c ON c.id = d.case_id \
                            JOIN units u ON u.id = c.unit_id ";
        let new = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT u.id, u.code, u.name, COUNT(*) {FROM} WHERE f.origin = 'machine' AND f.status <> 'rectified' \
             AND f.created_at >= $1 AND f.created_at < $2 GROUP BY u.id, u.code, u.name"
        )))
        .bind(since)
        .bind(cutoff)
        .fetch_all(&self.pool)
        .await?;
        let overdue = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT u.id, u.code, u.name, COUNT(*) {FROM} WHERE f.status = 'open' AND f.created_at < $1 \
             GROUP BY u.id, u.code, u.name"
        )))
        .bind(overdue_before)
        .fetch_all(&self.pool)
        .await?;
        let unrectified = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT u.id, u.code, u.name, COUNT(*) {FROM} WHERE f.status = 'unrectified' GROUP BY u.id, u.code, u.name"
        )))
        .fetch_all(&self.pool)
        .await?;
        let mut units: std::collections::BTreeMap<String, UnitCounts> = Default::default();
        for (rows, which) in [(new, 0), (overdue, 1), (unrectified, 2)] {
            for r in rows {
                let code: String = r.try_get(1)?;
                let entry = units.entry(code.clone()).or_insert_with(|| UnitCounts {
                    unit: code,
                    ..UnitCounts::default()
                });
                entry.unit_id = r.try_get(0)?;
                entry.unit_name = r.try_get(2)?;
                let n: i64 = r.try_get(3)?;
                match which {
                    0 => entry.new_flags = n,
                    1 => entry.overdue = n,
                    _ => entry.unrectified = n,
                }
            }
        }
        Ok(units.into_values().collect())
    }

    /// Users with an e-mail address whose role receives the digest (all but officers).
    pub async fn digest_recipients(&self) -> Result<Vec<Recipient>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, username, role, unit_id, email FROM users \
             WHERE email IS NOT NULL AND email <> '' AND role <> 'officer' ORDER BY id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Recipient {
                    user_id: r.try_get(0)?,
                    username: r.try_get(1)?,
                    role: r.try_get(2)?,
                    unit_id: r.try_get(3)?,
                    email: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Sets (or clears, with `None`) a user's e-mail address.
    pub async fn set_user_email(&self, username: &str, email: Option<&str>) -> Result<(), StoreError> {
        let done = sqlx::query("UPDATE users SET email = $1 WHERE username = $2")
            .bind(email)
            .bind(username)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Creates the digest of `day` with its deliveries, unless that day has one already
    /// (then `None`: someone else — another process, or this one before a restart — made it).
    pub async fn create_digest(
        &self,
        day: &str,
        since: i64,
        cutoff: i64,
        content: &serde_json::Value,
        deliveries: &[NewDelivery],
    ) -> Result<Option<i64>, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO digests (day, since_at, cutoff_at, content, created_at) VALUES ($1, $2, $3, $4, $5) \
             ON CONFLICT (day) DO NOTHING RETURNING id",
        )
        .bind(day)
        .bind(since)
        .bind(cutoff)
        .bind(content.to_string())
        .bind(now)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(id) = id else {
            tx.rollback().await?;
            return Ok(None);
        };
        for d in deliveries {
            sqlx::query(
                "INSERT INTO digest_deliveries (digest_id, channel, recipient, user_id, body, status, attempts, \
                 next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6, $6)",
            )
            .bind(id)
            .bind(d.channel)
            .bind(&d.recipient)
            .bind(d.user_id)
            .bind(&d.body)
            .bind(cutoff)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Some(id))
    }

    /// Pending deliveries due at `now`.
    pub async fn due_deliveries(&self, now: i64) -> Result<Vec<Delivery>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{DELIVERY} WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY id"
        )))
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(delivery).collect::<Result<_, _>>()?)
    }

    /// Takes delivery `id` for one attempt (counting it), holding it until `lease_until`;
    /// `false` when another process took it first or it is not due.
    pub async fn claim_delivery(&self, id: i64, now: i64, lease_until: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE digest_deliveries SET attempts = attempts + 1, next_attempt_at = $1, updated_at = $2 \
             WHERE id = $3 AND status = 'pending' AND next_attempt_at <= $2",
        )
        .bind(lease_until)
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn delivery_sent(&self, id: i64, now: i64) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE digest_deliveries SET status = 'sent', sent_at = $1, updated_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Records a failed attempt: retried at `retry_at`, or `failed` for good when `None`.
    pub async fn delivery_failed(
        &self,
        id: i64,
        now: i64,
        error: &str,
        retry_at: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE digest_deliveries SET status = $1, last_error = $2, next_attempt_at = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(if retry_at.is_some() { "pending" } else { "failed" })
        .bind(error)
        .bind(retry_at.unwrap_or(now))
        .bind(now)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest digests, newest first (the archive).
    pub async fn digests(&self, limit: i64) -> Result<Vec<DigestRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, day, since_at, cutoff_at, content, created_at FROM digests ORDER BY day DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let content: String = r.try_get(4)?;
                Ok(DigestRow {
                    id: r.try_get(0)?,
                    day: r.try_get(1)?,
                    since_at: r.try_get(2)?,
                    cutoff_at: r.try_get(3)?,
                    content: serde_json::from_str(&content).map_err(|e| StoreError::corrupt("digest", e))?,
                    created_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// The deliveries of a digest.
    pub async fn deliveries(&self, digest_id: i64) -> Result<Vec<Delivery>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "{DELIVERY} WHERE digest_id = $1 ORDER BY id"
        )))
        .bind(digest_id)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(delivery).collect::<Result<_, _>>()?)
    }
}
