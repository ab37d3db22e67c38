//! The durable job queue. A worker claims a job by writing its name and a lease deadline; it
//! renews the lease while it works; a job whose lease ran out (its worker was killed) can be
//! claimed again, until `max_attempts` claims have been made, after which it is `failed` with
//! the last error kept. On PostgreSQL the claim skips rows other workers hold
//! (`FOR UPDATE SKIP LOCKED`), so any number of `serve`/`worker` processes share one queue;
//! SQLite has one writer at a time, so the same single `UPDATE … RETURNING` is atomic there.

use sqlx::Row;

use super::{Backend, Store, StoreError, now_ms};

/// A job this worker now holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    pub job_id: i64,
    pub dossier_id: i64,
    /// This claim's number, from 1.
    pub attempt: i64,
    pub worker: String,
    /// The stored file and the name it was uploaded under.
    pub sha256: String,
    pub file_name: String,
}

/// The state of a job, for tests and the API.
#[derive(Debug, Clone, PartialEq)]
pub struct JobState {
    pub status: String,
    pub attempts: i64,
    pub last_error: Option<String>,
    /// How far the running check has got: `extract`, `ocr` or `checks` (None before it starts).
    pub stage: Option<String>,
    /// Pages read by OCR so far, and how many need it.
    pub progress_done: Option<i64>,
    pub progress_total: Option<i64>,
}

const CLAIM_SQLITE: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = $1, \
     lease_until = $2, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' OR (status = 'running' AND lease_until < $3)) \
                 AND attempts < max_attempts ORDER BY id LIMIT 1) \
     RETURNING id, dossier_id, attempts";

const CLAIM_POSTGRES: &str = "UPDATE jobs SET status = 'running', attempts = attempts + 1, worker = $1, \
     lease_until = $2, updated_at = $3 \
     WHERE id = (SELECT id FROM jobs WHERE (status = 'queued' OR (status = 'running' AND lease_until < $3)) \
                 AND attempts < max_attempts ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
     RETURNING id, dossier_id, attempts";

impl Store {
    /// Claims the oldest claimable job for `worker`, holding it for `lease_ms`.
    pub async fn claim_job(&self, worker: &str, lease_ms: i64) -> Result<Option<Claim>, StoreError> {
        let now = now_ms();
        let sql = match self.backend {
            Backend::Sqlite => CLAIM_SQLITE,
            Backend::Postgres => CLAIM_POSTGRES,
        };
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(sql)
            .bind(worker)
            .bind(now.saturating_add(lease_ms))
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?
        else {
            tx.commit().await?;
            return Ok(None);
        };
        let (job_id, dossier_id, attempt): (i64, i64, i64) =
            (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
        sqlx::query("UPDATE dossiers SET status = 'processing', updated_at = $1 WHERE id = $2")
            .bind(now)
            .bind(dossier_id)
            .execute(&mut *tx)
            .await?;
        let file = sqlx::query("SELECT file_sha256, file_name FROM dossiers WHERE id = $1")
            .bind(dossier_id)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Some(Claim {
            job_id,
            dossier_id,
            attempt,
            worker: worker.to_string(),
            sha256: file.try_get(0)?,
            file_name: file.try_get(1)?,
        }))
    }

    /// Extends the lease; `false` when the job is no longer this worker's.
    pub async fn renew_lease(&self, claim: &Claim, lease_ms: i64) -> Result<bool, StoreError> {
        let now = now_ms();
        let done = sqlx::query(
            "UPDATE jobs SET lease_until = $1, updated_at = $2 WHERE id = $3 AND worker = $4 AND status = 'running'",
        )
        .bind(now.saturating_add(lease_ms))
        .bind(now)
        .bind(claim.job_id)
        .bind(&claim.worker)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Records a failed attempt. A `permanent` failure (the file cannot be checked) or the
    /// last allowed attempt marks the job and its dossier `failed` with `error`; otherwise the
    /// job goes back to the queue.
    pub async fn fail_job(&self, claim: &Claim, error: &str, permanent: bool) -> Result<(), StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let status: Option<String> = sqlx::query_scalar(
            "UPDATE jobs SET status = CASE WHEN $1 = 1 OR attempts >= max_attempts THEN 'failed' ELSE 'queued' END, \
             last_error = $2, lease_until = NULL, updated_at = $3 \
             WHERE id = $4 AND worker = $5 AND status = 'running' RETURNING status",
        )
        .bind(i64::from(permanent))
        .bind(error)
        .bind(now)
        .bind(claim.job_id)
        .bind(&claim.worker)
        .fetch_optional(&mut *tx)
        .await?;
        let dossier_status = match status.as_deref() {
            Some("failed") => "failed",
            Some(_) => "queued",
            None => {
                // Not ours any more: whoever holds it now decides.
                tx.commit().await?;
                return Ok(());
            }
        };
        sqlx::query("UPDATE dossiers SET status = $1, error = $2, updated_at = $3 WHERE id = $4")
            .bind(dossier_status)
            .bind((dossier_status == "failed").then_some(error))
            .bind(now)
            .bind(claim.dossier_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks `failed` the jobs whose lease ran out on their last allowed attempt (their
    /// worker died every time); returns how many.
    pub async fn reap_expired_jobs(&self) -> Result<u64, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE jobs SET status = 'failed', \
             last_error = COALESCE(last_error, 'the worker stopped before finishing, on every attempt'), \
             lease_until = NULL, updated_at = $1 \
             WHERE status = 'running' AND lease_until < $1 AND attempts >= max_attempts RETURNING dossier_id",
        )
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
        for id in &ids {
            sqlx::query(
                "UPDATE dossiers SET status = 'failed', error = (SELECT last_error FROM jobs WHERE dossier_id = $1), \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(ids.len() as u64)
    }

    pub async fn job_state(&self, dossier_id: i64) -> Result<JobState, StoreError> {
        let row = sqlx::query(
            "SELECT status, attempts, last_error, stage, progress_done, progress_total FROM jobs WHERE dossier_id = $1",
        )
        .bind(dossier_id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(JobState {
            status: row.try_get(0)?,
            attempts: row.try_get(1)?,
            last_error: row.try_get(2)?,
            stage: row.try_get(3)?,
            progress_done: row.try_get(4)?,
            progress_total: row.try_get(5)?,
        })
    }

    /// Records how far the claimed job has got (only while this worker still holds it).
    pub async fn set_job_progress(
        &self,
        claim: &Claim,
        stage: &str,
        done: Option<i64>,
        total: Option<i64>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "UPDATE jobs SET stage = $1, progress_done = $2, progress_total = $3 \
             WHERE id = $4 AND worker = $5 AND status = 'running'",
        )
        .bind(stage)
        .bind(done)
        .bind(total)
        .bind(claim.job_id)
        .bind(&claim.worker)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
