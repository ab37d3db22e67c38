//! Bulk loading of synthetic reviewed dossiers, for the statistics tests (a generated month
//! with known truth) and the benchmark (a million defects): many rows per INSERT, one
//! transaction per call. Not used by the service itself.

use std::collections::HashMap;

use sqlx::AssertSqlSafe;

use super::{Store, StoreError, now_ms};

/// One checked dossier and its defects, as they would stand after review.
#[derive(Debug, Clone, PartialEq)]
pub struct SeedDossier {
    pub unit: String,
    pub case_number: String,
    pub version: i64,
    pub officer: String,
    /// When its check finished (the dossier's `updated_at`), UTC milliseconds.
    pub checked_at_ms: i64,
    pub defects: Vec<SeedDefect>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SeedDefect {
    /// `machine` or `manual`.
    pub origin: &'static str,
    pub category: String,
    pub rule: String,
    pub status: &'static str,
    pub deduction: f64,
    pub created_at_ms: i64,
    /// The last state change: what places it in a period.
    pub updated_at_ms: i64,
}

/// Rows per multi-row INSERT: 8 binds each stays under SQLite's 32,766 bind limit.
const DEFECT_ROWS: usize = 1000;

impl Store {
    /// Inserts the dossiers (creating their units, cases and a `seed` uploader as needed) and
    /// their defects in one transaction; returns the dossier ids.
    pub async fn seed(&self, dossiers: &[SeedDossier]) -> Result<Vec<i64>, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO users (username, password_hash, role, created_at) VALUES ('seed', '!', 'admin', $1) \
             ON CONFLICT (username) DO NOTHING",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let uploader: i64 = sqlx::query_scalar("SELECT id FROM users WHERE username = 'seed'")
            .fetch_one(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO files (sha256, size, kind, created_at) VALUES ('seed', 0, 'pdf', $1) \
             ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let mut units: HashMap<&str, i64> = HashMap::new();
        let mut ids = Vec::with_capacity(dossiers.len());
        let mut defects: Vec<(i64, &SeedDefect)> = Vec::new();
        for d in dossiers {
            let unit_id = match units.get(d.unit.as_str()) {
                Some(id) => *id,
                None => {
                    sqlx::query(
                        "INSERT INTO units (code, name, created_at) VALUES ($1, $1, $2) ON CONFLICT (code) DO NOTHING",
                    )
                    .bind(&d.unit)
                    .bind(now)
                    .execute(&mut *tx)
                    .await?;
                    let id: i64 = sqlx::query_scalar("SELECT id FROM units WHERE code = $1")
                        .bind(&d.unit)
                        .fetch_one(&mut *tx)
                        .await?;
                    units.insert(&d.unit, id);
                    id
                }
            };
            sqlx::query(
                "INSERT INTO cases (unit_id, case_number, created_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (unit_id, case_number) DO NOTHING",
            )
            .bind(unit_id)
            .bind(&d.case_number)
            .bind(d.checked_at_ms)
            .execute(&mut *tx)
            .await?;
            let case_id: i64 =
                sqlx::query_scalar("SELECT id FROM cases WHERE unit_id = $1 AND case_number = $2")
                    .bind(unit_id)
                    .bind(&d.case_number)
                    .fetch_one(&mut *tx)
                    .await?;
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO dossiers (case_id, version, file_sha256, file_name, officer, uploaded_by, status, \
                 pages, source, created_at, updated_at) \
                 VALUES ($1, $2, 'seed', 'seed.pdf', $3, $4, 'done', 1, 'text', $5, $5) RETURNING id",
            )
            .bind(case_id)
            .bind(d.version)
            .bind(&d.officer)
            .bind(uploader)
            .bind(d.checked_at_ms)
            .fetch_one(&mut *tx)
            .await?;
            ids.push(id);
            defects.extend(d.defects.iter().map(|f| (id, f)));
        }
        for chunk in defects.chunks(DEFECT_ROWS) {
            let mut sql = String::from(
                "INSERT INTO defects (dossier_id, origin, category, rule, severity, page, bbox, message, evidence, \
                 basis, deduction, status, created_at, updated_at) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 8;
                if i > 0 {
                    sql.push_str(", ");
                }
                sql.push_str(&format!(
                    "(${}, ${}, ${}, ${}, 'major', 1, '[0,0,0,0]', '', '', '', ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7,
                    b + 8
                ));
            }
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for (dossier_id, f) in chunk {
                q = q
                    .bind(*dossier_id)
                    .bind(f.origin)
                    .bind(f.category.as_str())
                    .bind(f.rule.as_str())
                    .bind(f.deduction)
                    .bind(f.status)
                    .bind(f.created_at_ms)
                    .bind(f.updated_at_ms);
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(ids)
    }
}

impl Store {
    /// After a bulk load, what PostgreSQL's autovacuum would do some minutes later: `VACUUM
    /// ANALYZE`, the planner's statistics and the visibility map that index-only scans rely on.
    /// The benchmark runs it so that it times a settled database (right after the load the
    /// statistics took up to twice as long). Nothing on SQLite: its planner uses no statistics
    /// unless ANALYZE was run once, and the service never runs it.
    pub async fn vacuum_analyze(&self) -> Result<(), StoreError> {
        if self.backend == super::Backend::Postgres {
            sqlx::query("VACUUM ANALYZE").execute(&self.pool).await?;
        }
        Ok(())
    }
}
