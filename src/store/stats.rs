//! The reads behind the monthly statistics: counts grouped by unit, officer, pass, rule and
//! review status over one period, which `crate::stats` folds into its views. One grouped scan
//! of the period's defects (through the covering index `defects_month`) and one of its
//! checked dossiers, rather than one query per view: the views are sums of the same groups.
//!
//! A defect counts in the period of its last state change (`updated_at`: raised, confirmed,
//! rejected, undone); a dossier in the period its check finished (`status = 'done'`,
//! `updated_at`).

use sqlx::Row;

use super::{Backend, Store, StoreError};

/// What to count: a `[start, end)` range of UTC milliseconds and optional filters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsFilter {
    pub start_ms: i64,
    pub end_ms: i64,
    /// The reader's own unit, for unit-bound roles.
    pub scope_unit_id: Option<i64>,
    /// A unit code asked for.
    pub unit: Option<String>,
    pub officer: Option<String>,
}

/// Defects of one (unit, officer, pass, origin, category, rule, status).
#[derive(Debug, Clone, PartialEq)]
pub struct DefectGroup {
    pub unit: String,
    pub unit_name: String,
    pub officer: String,
    /// 1: the first submission of a case; 2: a re-submission (version 2 or later).
    pub pass: u8,
    pub origin: String,
    pub category: String,
    pub rule: String,
    pub status: String,
    pub count: i64,
    pub deduction: f64,
}

/// Dossiers checked, per (unit, officer, pass).
#[derive(Debug, Clone, PartialEq)]
pub struct DossierGroup {
    pub unit: String,
    pub unit_name: String,
    pub officer: String,
    pub pass: u8,
    pub count: i64,
}

fn pass(v: i64) -> u8 {
    if v > 1 { 2 } else { 1 }
}

impl Store {
    /// The period's defects, grouped.
    pub async fn stats_defect_groups(&self, f: &StatsFilter) -> Result<Vec<DefectGroup>, StoreError> {
        const SQL: &str = DEFECT_GROUPS;
        let rows = if self.backend == Backend::Postgres {
            // PostgreSQL cannot estimate how few groups eight keys from three tables make (it
            // guesses one per row), so under the default 4 MB it sorts the month's rows on
            // disk; with room for the sort in memory the query is 3-4 times faster (see
            // BENCHMARKS.md). JIT compiling costs more than it saves on a scan this size.
            let mut tx = self.pool.begin().await?;
            sqlx::query("SET LOCAL work_mem = '64MB'")
                .execute(&mut *tx)
                .await?;
            sqlx::query("SET LOCAL jit = off").execute(&mut *tx).await?;
            let rows = bind_filter(sqlx::query(SQL), f).fetch_all(&mut *tx).await?;
            tx.commit().await?;
            rows
        } else {
            bind_filter(sqlx::query(SQL), f).fetch_all(&self.pool).await?
        };
        rows.iter()
            .map(|r| {
                Ok(DefectGroup {
                    unit: r.try_get(0)?,
                    unit_name: r.try_get(1)?,
                    officer: r.try_get(2)?,
                    pass: pass(r.try_get(3)?),
                    origin: r.try_get(4)?,
                    category: r.try_get(5)?,
                    rule: r.try_get(6)?,
                    status: r.try_get(7)?,
                    count: r.try_get(8)?,
                    deduction: r.try_get(9)?,
                })
            })
            .collect()
    }

    /// The dossiers whose check finished in the period, grouped.
    pub async fn stats_dossier_groups(&self, f: &StatsFilter) -> Result<Vec<DossierGroup>, StoreError> {
        const SQL: &str = DOSSIER_GROUPS;
        let rows = bind_filter(sqlx::query(SQL), f).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(DossierGroup {
                    unit: r.try_get(0)?,
                    unit_name: r.try_get(1)?,
                    officer: r.try_get(2)?,
                    pass: pass(r.try_get(3)?),
                    count: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// Totals of a period for the trend: (dossiers checked, [(status, count, deduction)]).
    pub async fn stats_totals(&self, f: &StatsFilter) -> Result<(i64, Vec<(String, i64, f64)>), StoreError> {
        let unfiltered = f.scope_unit_id.is_none() && f.unit.is_none() && f.officer.is_none();
        // Without a filter the joins are not needed, and the range scan stays inside the index.
        let (dossier_sql, defect_sql) = if unfiltered {
            (
                "SELECT COUNT(*) FROM dossiers d WHERE d.status = 'done' AND d.updated_at >= $1 AND d.updated_at < $2",
                "SELECT f.status, COUNT(*), SUM(f.deduction) FROM defects f \
                 WHERE f.updated_at >= $1 AND f.updated_at < $2 GROUP BY f.status",
            )
        } else {
            (
                concat!(
                    "SELECT COUNT(*) FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
                     WHERE d.status = 'done' AND d.updated_at >= $1 AND d.updated_at < $2 ",
                    "AND ($3 IS NULL OR c.unit_id = $3) AND ($4 IS NULL OR u.code = $4) AND ($5 IS NULL OR d.officer = $5) "
                ),
                concat!(
                    "SELECT f.status, COUNT(*), SUM(f.deduction) FROM defects f JOIN dossiers d ON d.id = f.dossier_id \
                     JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
                     WHERE f.updated_at >= $1 AND f.updated_at < $2 ",
                    "AND ($3 IS NULL OR c.unit_id = $3) AND ($4 IS NULL OR u.code = $4) AND ($5 IS NULL OR d.officer = $5) ",
                    "GROUP BY f.status"
                ),
            )
        };
        let (dossiers, rows) = if unfiltered {
            let d: i64 = sqlx::query_scalar(dossier_sql)
                .bind(f.start_ms)
                .bind(f.end_ms)
                .fetch_one(&self.pool)
                .await?;
            let rows = sqlx::query(defect_sql)
                .bind(f.start_ms)
                .bind(f.end_ms)
                .fetch_all(&self.pool)
                .await?;
            (d, rows)
        } else {
            let d: i64 = bind_filter(sqlx::query(dossier_sql), f)
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            let rows = bind_filter(sqlx::query(defect_sql), f)
                .fetch_all(&self.pool)
                .await?;
            (d, rows)
        };
        let by_status = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((dossiers, by_status))
    }
}

const DEFECT_GROUPS: &str = concat!(
    "SELECT u.code, u.name, d.officer, CAST(CASE WHEN d.version > 1 THEN 2 ELSE 1 END AS BIGINT), \
         f.origin, f.category, f.rule, f.status, COUNT(*), SUM(f.deduction) \
         FROM defects f JOIN dossiers d ON d.id = f.dossier_id JOIN cases c ON c.id = d.case_id \
         JOIN units u ON u.id = c.unit_id WHERE f.updated_at >= $1 AND f.updated_at < $2 ",
    "AND ($3 IS NULL OR c.unit_id = $3) AND ($4 IS NULL OR u.code = $4) AND ($5 IS NULL OR d.officer = $5) ",
    "GROUP BY 1, 2, 3, 4, 5, 6, 7, 8"
);

const DOSSIER_GROUPS: &str = concat!(
    "SELECT u.code, u.name, d.officer, CAST(CASE WHEN d.version > 1 THEN 2 ELSE 1 END AS BIGINT), COUNT(*) \
         FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
         WHERE d.status = 'done' AND d.updated_at >= $1 AND d.updated_at < $2 ",
    "AND ($3 IS NULL OR c.unit_id = $3) AND ($4 IS NULL OR u.code = $4) AND ($5 IS NULL OR d.officer = $5) ",
    "GROUP BY 1, 2, 3, 4"
);

/// Binds `$1`…`$5` of a filtered statistics query.
fn bind_filter<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    f: &'q StatsFilter,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q.bind(f.start_ms)
        .bind(f.end_ms)
        .bind(f.scope_unit_id)
        .bind(f.unit.as_deref())
        .bind(f.officer.as_deref())
}
