//! The counts behind the minimal monthly statistics (`http::stats_min`): for the dossiers
//! uploaded in a time range, each officer's checked dossiers and, per defect category, the
//! confirmed defects (confirmed, or unrectified on re-submission) and their deductions.
//! Kept apart from the rest of the store so the full statistics module can replace it whole.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};
use crate::auth::Scope;

/// One officer's checked dossiers in the range.
#[derive(Debug, Clone, PartialEq)]
pub struct OfficerDossiers {
    pub unit: String,
    pub officer: String,
    pub dossiers: i64,
}

/// Confirmed defects of one officer in one category.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmedCount {
    pub unit: String,
    pub officer: String,
    pub category: String,
    pub defects: i64,
    pub deduction: f64,
}

impl Store {
    /// Counts over the dossiers uploaded in `[from_ms, to_ms)` that `scope` may see.
    pub async fn month_counts(
        &self,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<(Vec<OfficerDossiers>, Vec<ConfirmedCount>), StoreError> {
        const DOSSIERS: &str = "SELECT n.code, d.officer, COUNT(*) \
             FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units n ON n.id = c.unit_id \
             WHERE d.status = 'done' AND d.created_at >= $1 AND d.created_at < $2 \
             AND ($3 IS NULL OR c.unit_id = $3) \
             GROUP BY n.code, d.officer ORDER BY n.code, d.officer";
        const DEFECTS: &str = "SELECT n.code, d.officer, x.category, COUNT(*), COALESCE(SUM(x.deduction), 0.0) \
             FROM defects x JOIN dossiers d ON d.id = x.dossier_id JOIN cases c ON c.id = d.case_id \
             JOIN units n ON n.id = c.unit_id \
             WHERE x.status IN ('confirmed', 'unrectified') AND d.status = 'done' \
             AND d.created_at >= $1 AND d.created_at < $2 AND ($3 IS NULL OR c.unit_id = $3) \
             GROUP BY n.code, d.officer, x.category ORDER BY n.code, d.officer, x.category";
        let dossiers = self
            .month_rows(DOSSIERS, scope, from_ms, to_ms)
            .await?
            .iter()
            .map(|r| {
                Ok(OfficerDossiers {
                    unit: r.try_get(0)?,
                    officer: r.try_get(1)?,
                    dossiers: r.try_get(2)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let defects = self
            .month_rows(DEFECTS, scope, from_ms, to_ms)
            .await?
            .iter()
            .map(|r| {
                Ok(ConfirmedCount {
                    unit: r.try_get(0)?,
                    officer: r.try_get(1)?,
                    category: r.try_get(2)?,
                    defects: r.try_get(3)?,
                    deduction: r.try_get(4)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok((dossiers, defects))
    }

    /// `sql` with the range as `$1`, `$2` and the reader's unit (NULL: all) as `$3`.
    async fn month_rows(
        &self,
        sql: &'static str,
        scope: Scope,
        from_ms: i64,
        to_ms: i64,
    ) -> Result<Vec<AnyRow>, StoreError> {
        Ok(sqlx::query(sql)
            .bind(from_ms)
            .bind(to_ms)
            .bind(scope.unit_id())
            .fetch_all(&self.pool)
            .await?)
    }
}
