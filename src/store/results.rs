//! What a finished check leaves: the report, its pages, documents, transcript slots and
//! defects, written in one transaction together with the job's completion — and only while the
//! job is still this worker's, so a worker that lost its lease (and was replaced) cannot write
//! a second copy.

use serde::Serialize;
use sqlx::Row;

use super::jobs::Claim;
use super::{Store, StoreError, now_ms};
use crate::defect::Defect;
use crate::pipeline::Checked;

/// A machine defect to store, with the status re-submission matching gave it.
#[derive(Debug, Clone, PartialEq)]
pub struct DefectInsert {
    pub defect: Defect,
    /// `open`, or `unrectified`/`rectified` for a re-submission.
    pub status: &'static str,
    /// The previous version's defect it was matched to.
    pub previous_id: Option<i64>,
}

/// A stored page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRow {
    pub number: i64,
    pub width: f64,
    pub height: f64,
    pub source: String,
}

/// A stored document (the report's summary, with its fields as JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRow {
    pub index: i64,
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub first_page: i64,
    pub last_page: i64,
    pub fields: serde_json::Value,
}

impl Store {
    /// Stores the results and completes the job; `false` (and nothing written) when the job
    /// is no longer held by `claim.worker`.
    pub async fn save_results(
        &self,
        claim: &Claim,
        checked: &Checked,
        defects: &[DefectInsert],
    ) -> Result<bool, StoreError> {
        let now = now_ms();
        let report = serde_json::to_string(&checked.report).map_err(|e| StoreError::corrupt("report", e))?;
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE jobs SET status = 'done', lease_until = NULL, last_error = NULL, updated_at = $1 \
             WHERE id = $2 AND worker = $3 AND status = 'running'",
        )
        .bind(now)
        .bind(claim.job_id)
        .bind(&claim.worker)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let id = claim.dossier_id;
        for p in &checked.pages {
            sqlx::query(
                "INSERT INTO pages (dossier_id, number, width, height, source) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(p.number as i64)
            .bind(f64::from(p.width))
            .bind(f64::from(p.height))
            .bind(p.source)
            .execute(&mut *tx)
            .await?;
        }
        for d in &checked.report.documents {
            let fields =
                serde_json::to_string(&d.fields).map_err(|e| StoreError::corrupt("document fields", e))?;
            sqlx::query(
                "INSERT INTO documents (dossier_id, idx, kind, title, first_page, last_page, fields) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(id)
            .bind(d.index as i64)
            .bind(&d.kind)
            .bind(&d.title)
            .bind(d.first_page as i64)
            .bind(d.last_page as i64)
            .bind(fields)
            .execute(&mut *tx)
            .await?;
        }
        super::slots::insert(&mut tx, id, &checked.slots).await?;
        for d in defects {
            let defect_id = insert_defect(
                &mut tx,
                id,
                "machine",
                &d.defect,
                d.status,
                d.previous_id,
                None,
                now,
            )
            .await?;
            if d.status != "open" {
                // Re-submission matching is a decision too: it goes in the review log.
                let reason = d
                    .previous_id
                    .map(|p| format!("matched to defect {p} of the previous version"));
                super::review::log(
                    &mut tx,
                    defect_id,
                    id,
                    None,
                    "resubmission",
                    None,
                    d.status,
                    reason.as_deref(),
                    now,
                )
                .await?;
            }
        }
        sqlx::query(
            "UPDATE dossiers SET status = 'done', error = NULL, pages = $1, source = $2, report = $3, updated_at = $4 \
             WHERE id = $5",
        )
        .bind(checked.report.pages as i64)
        .bind(&checked.report.source)
        .bind(report)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub async fn pages(&self, dossier_id: i64) -> Result<Vec<PageRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT number, width, height, source FROM pages WHERE dossier_id = $1 ORDER BY number",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(PageRow {
                    number: r.try_get(0)?,
                    width: r.try_get(1)?,
                    height: r.try_get(2)?,
                    source: r.try_get(3)?,
                })
            })
            .collect()
    }

    pub async fn documents(&self, dossier_id: i64) -> Result<Vec<DocumentRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT idx, kind, title, first_page, last_page, fields FROM documents WHERE dossier_id = $1 ORDER BY idx",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let fields: String = r.try_get(5)?;
                Ok(DocumentRow {
                    index: r.try_get(0)?,
                    kind: r.try_get(1)?,
                    title: r.try_get(2)?,
                    first_page: r.try_get(3)?,
                    last_page: r.try_get(4)?,
                    fields: serde_json::from_str(&fields)
                        .map_err(|e| StoreError::corrupt("document fields", e))?,
                })
            })
            .collect()
    }
}

/// Inserts one defect row; returns its id.
#[allow(clippy::too_many_arguments)]
pub(super) async fn insert_defect(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    dossier_id: i64,
    origin: &str,
    d: &Defect,
    status: &str,
    previous_id: Option<i64>,
    reviewer_id: Option<i64>,
    now: i64,
) -> Result<i64, StoreError> {
    let bbox = serde_json::to_string(&d.bbox).map_err(|e| StoreError::corrupt("defect box", e))?;
    let severity = serde_json::to_value(d.severity)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    Ok(sqlx::query_scalar(
        "INSERT INTO defects (dossier_id, origin, category, rule, severity, page, document, bbox, message, evidence, \
         basis, deduction, status, reviewer_id, previous_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id",
    )
    .bind(dossier_id)
    .bind(origin)
    .bind(d.category.id())
    .bind(&d.rule)
    .bind(severity)
    .bind(d.page as i64)
    .bind(d.document.map(|x| x as i64))
    .bind(bbox)
    .bind(&d.message)
    .bind(&d.evidence)
    .bind(&d.basis)
    .bind(f64::from(d.deduction))
    .bind(status)
    .bind(reviewer_id)
    .bind(previous_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?)
}
