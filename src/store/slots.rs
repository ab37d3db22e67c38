//! Who was busy when, across the dossiers of a unit: the transcript slots of each checked
//! dossier (written with its results, in the same transaction) and the lookup the worker makes
//! before storing a new version's defects (`timing.unit_overlap`).
//!
//! The lookup takes the other cases of the dossier's unit, and of each only its latest checked
//! version: a superseded version's transcripts are what the officer has since corrected, and
//! the same case's earlier versions are the same transcripts again. Slot times are the written
//! local times kept as if they were UTC milliseconds; they are only compared with each other.

use chrono::{DateTime, NaiveDateTime};
use sqlx::Row;

use super::{Store, StoreError};
use crate::checks::unit::{Booked, Slot};

fn ms(t: NaiveDateTime) -> i64 {
    t.and_utc().timestamp_millis()
}

fn time(ms: i64) -> Result<NaiveDateTime, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .map(|t| t.naive_utc())
        .ok_or_else(|| StoreError::corrupt("transcript slot", format!("time {ms} out of range")))
}

/// Writes a dossier's slots (inside the results' transaction).
pub(super) async fn insert(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    dossier_id: i64,
    slots: &[Slot],
) -> Result<(), StoreError> {
    for s in slots {
        let bbox = serde_json::to_string(&s.bbox).map_err(|e| StoreError::corrupt("slot box", e))?;
        sqlx::query(
            "INSERT INTO transcript_slots (dossier_id, document, person, page, bbox, start_at, end_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
        )
        .bind(dossier_id)
        .bind(s.document as i64)
        .bind(&s.person)
        .bind(s.page as i64)
        .bind(bbox)
        .bind(ms(s.start))
        .bind(ms(s.end))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// The slots of the other cases of `dossier_id`'s unit (latest checked version of each)
    /// that fall within the span of `slots` and name one of their people. Empty when `slots`
    /// is.
    pub async fn unit_bookings(&self, dossier_id: i64, slots: &[Slot]) -> Result<Vec<Booked>, StoreError> {
        let (Some(from), Some(to)) = (
            slots.iter().map(|s| s.start).min(),
            slots.iter().map(|s| s.end).max(),
        ) else {
            return Ok(Vec::new());
        };
        let rows = sqlx::query(
            "SELECT s.dossier_id, c.case_number, s.document, s.person, s.page, s.bbox, s.start_at, s.end_at \
             FROM transcript_slots s \
             JOIN dossiers d ON d.id = s.dossier_id \
             JOIN cases c ON c.id = d.case_id \
             JOIN dossiers me ON me.id = $1 \
             JOIN cases mc ON mc.id = me.case_id \
             WHERE c.unit_id = mc.unit_id AND c.id <> mc.id \
               AND d.version = (SELECT MAX(x.version) FROM dossiers x WHERE x.case_id = d.case_id AND x.status = 'done') \
               AND s.start_at < $3 AND s.end_at > $2 \
             ORDER BY s.dossier_id, s.document, s.person",
        )
        .bind(dossier_id)
        .bind(ms(from))
        .bind(ms(to))
        .fetch_all(&self.pool)
        .await?;
        let mut out = Vec::new();
        for r in &rows {
            let person: String = r.try_get(3)?;
            if !slots.iter().any(|s| s.person == person) {
                continue;
            }
            let bbox: String = r.try_get(5)?;
            out.push(Booked {
                dossier_id: r.try_get(0)?,
                case_number: r.try_get(1)?,
                slot: Slot {
                    person,
                    document: usize::try_from(r.try_get::<i64, _>(2)?).unwrap_or_default(),
                    page: usize::try_from(r.try_get::<i64, _>(4)?).unwrap_or_default(),
                    bbox: serde_json::from_str(&bbox).map_err(|e| StoreError::corrupt("slot box", e))?,
                    start: time(r.try_get(6)?)?,
                    end: time(r.try_get(7)?)?,
                },
            });
        }
        Ok(out)
    }
}
