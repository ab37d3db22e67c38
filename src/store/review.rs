//! Defects as reviewers see them, with their review state and optimistic `version`.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError};

/// A stored defect: the report's fields plus its id and review state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DefectRow {
    pub id: i64,
    pub dossier_id: i64,
    /// `machine` or `manual` (added by a reviewer).
    pub origin: String,
    pub category: String,
    pub rule: String,
    pub severity: String,
    pub page: i64,
    pub document: Option<i64>,
    pub bbox: [f64; 4],
    pub message: String,
    pub evidence: String,
    pub basis: String,
    pub deduction: f64,
    /// `open`, `confirmed`, `rejected`, `rectified` or `unrectified`.
    pub status: String,
    pub reviewer: Option<String>,
    pub reason: Option<String>,
    /// The previous version's defect this one was matched to on re-submission.
    pub previous_id: Option<i64>,
    /// Send it back with a review action: a stale one gets 409.
    pub version: i64,
}

macro_rules! defect_select {
    () => {
        "SELECT f.id, f.dossier_id, f.origin, f.category, f.rule, f.severity, f.page, f.document, f.bbox, \
         f.message, f.evidence, f.basis, f.deduction, f.status, u.username, f.reason, f.previous_id, f.row_version \
         FROM defects f LEFT JOIN users u ON u.id = f.reviewer_id "
    };
}

/// One defect by id, within a scope (`$2` NULL: all units).
const DEFECT_IN_SCOPE: &str = concat!(
    defect_select!(),
    "JOIN dossiers d ON d.id = f.dossier_id JOIN cases c ON c.id = d.case_id \
     WHERE f.id = $1 AND ($2 IS NULL OR c.unit_id = $2)"
);

pub(super) fn defect_from_row(r: &AnyRow) -> Result<DefectRow, StoreError> {
    let bbox: String = r.try_get(8)?;
    Ok(DefectRow {
        id: r.try_get(0)?,
        dossier_id: r.try_get(1)?,
        origin: r.try_get(2)?,
        category: r.try_get(3)?,
        rule: r.try_get(4)?,
        severity: r.try_get(5)?,
        page: r.try_get(6)?,
        document: r.try_get(7)?,
        bbox: serde_json::from_str(&bbox).map_err(|e| StoreError::corrupt("defect box", e))?,
        message: r.try_get(9)?,
        evidence: r.try_get(10)?,
        basis: r.try_get(11)?,
        deduction: r.try_get(12)?,
        status: r.try_get(13)?,
        reviewer: r.try_get(14)?,
        reason: r.try_get(15)?,
        previous_id: r.try_get(16)?,
        version: r.try_get(17)?,
    })
}

impl Store {
    /// A dossier's defects in page order.
    pub async fn defects(&self, dossier_id: i64) -> Result<Vec<DefectRow>, StoreError> {
        const SQL: &str = concat!(defect_select!(), "WHERE f.dossier_id = $1 ORDER BY f.page, f.id");
        let rows = sqlx::query(SQL).bind(dossier_id).fetch_all(&self.pool).await?;
        rows.iter().map(defect_from_row).collect()
    }
}

impl Store {
    /// The defects of the version before this dossier's (same case, highest lower version),
    /// for re-submission matching; empty for a first version.
    pub async fn previous_version_defects(&self, dossier_id: i64) -> Result<Vec<DefectRow>, StoreError> {
        const SQL: &str = concat!(
            defect_select!(),
            "WHERE f.dossier_id = (SELECT p.id FROM dossiers p JOIN dossiers d ON d.case_id = p.case_id \
             WHERE d.id = $1 AND p.version < d.version ORDER BY p.version DESC LIMIT 1) ORDER BY f.page, f.id"
        );
        let rows = sqlx::query(SQL).bind(dossier_id).fetch_all(&self.pool).await?;
        rows.iter().map(defect_from_row).collect()
    }
}

/// Why a review action was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("no such defect")]
    NotFound,
    /// Someone else changed the defect since `version`, or the action does not fit its state;
    /// carries the defect as it is now.
    #[error("{message}")]
    Conflict {
        message: String,
        current: Box<DefectRow>,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ReviewError {
    fn from(e: sqlx::Error) -> ReviewError {
        ReviewError::Store(e.into())
    }
}

/// One entry of the append-only review log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogEntry {
    pub id: i64,
    pub defect_id: i64,
    /// The reviewer; `None` for the machine (re-submission matching).
    pub user: Option<String>,
    pub action: String,
    pub from_status: Option<String>,
    pub to_status: String,
    pub reason: Option<String>,
    pub at: String,
}

impl Store {
    /// A defect, if `scope` may see its dossier.
    pub async fn defect(&self, scope: crate::auth::Scope, id: i64) -> Result<DefectRow, StoreError> {
        let row = sqlx::query(DEFECT_IN_SCOPE)
            .bind(id)
            .bind(scope.unit_id())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        defect_from_row(&row)
    }

    /// Applies a review action to defect `id` for `reviewer`, if the defect is still at
    /// `expected_version` (when given) and the action fits its state; logs it.
    pub async fn review_defect(
        &self,
        scope: crate::auth::Scope,
        id: i64,
        reviewer: i64,
        action: crate::review::Action,
        expected_version: Option<i64>,
        reason: Option<&str>,
    ) -> Result<DefectRow, ReviewError> {
        let mut tx = self.begin_write().await?;
        let current = self
            .defect_in(&mut tx, scope, id)
            .await?
            .ok_or(ReviewError::NotFound)?;
        if let Some(v) = expected_version.filter(|v| *v != current.version) {
            return Err(ReviewError::Conflict {
                message: format!(
                    "the defect changed since version {v}: it is now version {}",
                    current.version
                ),
                current: Box::new(current),
            });
        }
        let last = sqlx::query(
            "SELECT action, from_status FROM review_log WHERE defect_id = $1 ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| {
            Ok::<_, sqlx::Error>(crate::review::LastDecision {
                action: r.try_get(0)?,
                from_status: r.try_get(1)?,
            })
        })
        .transpose()?;
        let next = match crate::review::next_status(action, &current.status, last.as_ref()) {
            Ok(next) => next,
            Err(message) => {
                return Err(ReviewError::Conflict {
                    message,
                    current: Box::new(current),
                });
            }
        };
        let now = super::now_ms();
        // Compare-and-set on the version: of two reviewers racing, exactly one succeeds.
        let undo = action == crate::review::Action::Undo;
        let done = sqlx::query(
            "UPDATE defects SET status = $1, reviewer_id = $2, reason = $3, row_version = row_version + 1, \
             updated_at = $4 WHERE id = $5 AND row_version = $6",
        )
        .bind(&next)
        .bind((!undo).then_some(reviewer))
        .bind(if undo { None } else { reason })
        .bind(now)
        .bind(id)
        .bind(current.version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            drop(tx);
            let current = self.defect(scope, id).await?;
            return Err(ReviewError::Conflict {
                message: "another reviewer decided on this defect at the same time".into(),
                current: Box::new(current),
            });
        }
        log(
            &mut tx,
            id,
            current.dossier_id,
            Some(reviewer),
            action.id(),
            Some(&current.status),
            &next,
            reason,
            now,
        )
        .await?;
        let updated = self
            .defect_in(&mut tx, scope, id)
            .await?
            .ok_or(ReviewError::NotFound)?;
        tx.commit().await?;
        Ok(updated)
    }

    /// A defect the machine missed, added by `reviewer` to dossier `dossier_id` as confirmed.
    pub async fn add_manual_defect(
        &self,
        dossier_id: i64,
        reviewer: i64,
        defect: &crate::defect::Defect,
        reason: Option<&str>,
    ) -> Result<DefectRow, StoreError> {
        let now = super::now_ms();
        let mut tx = self.begin_write().await?;
        let id = super::results::insert_defect(
            &mut tx,
            dossier_id,
            "manual",
            defect,
            "confirmed",
            None,
            Some(reviewer),
            now,
        )
        .await?;
        log(
            &mut tx,
            id,
            dossier_id,
            Some(reviewer),
            "add",
            None,
            "confirmed",
            reason,
            now,
        )
        .await?;
        let row = self
            .defect_in(&mut tx, crate::auth::Scope::All, id)
            .await
            .map_err(|e| match e {
                ReviewError::Store(e) => e,
                _ => StoreError::NotFound,
            })?
            .ok_or(StoreError::NotFound)?;
        tx.commit().await?;
        Ok(row)
    }

    /// The review log of a dossier, oldest first.
    pub async fn review_log(&self, dossier_id: i64) -> Result<Vec<LogEntry>, StoreError> {
        let rows = sqlx::query(
            "SELECT l.id, l.defect_id, u.username, l.action, l.from_status, l.to_status, l.reason, l.at \
             FROM review_log l LEFT JOIN users u ON u.id = l.user_id WHERE l.dossier_id = $1 ORDER BY l.id",
        )
        .bind(dossier_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(LogEntry {
                    id: r.try_get(0)?,
                    defect_id: r.try_get(1)?,
                    user: r.try_get(2)?,
                    action: r.try_get(3)?,
                    from_status: r.try_get(4)?,
                    to_status: r.try_get(5)?,
                    reason: r.try_get(6)?,
                    at: super::dossiers::iso(r.try_get(7)?),
                })
            })
            .collect()
    }

    async fn defect_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        scope: crate::auth::Scope,
        id: i64,
    ) -> Result<Option<DefectRow>, ReviewError> {
        let row = sqlx::query(DEFECT_IN_SCOPE)
            .bind(id)
            .bind(scope.unit_id())
            .fetch_optional(&mut **tx)
            .await?;
        Ok(row.as_ref().map(defect_from_row).transpose()?)
    }
}

/// Appends one entry to the review log.
#[allow(clippy::too_many_arguments)]
pub(super) async fn log(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    defect_id: i64,
    dossier_id: i64,
    user_id: Option<i64>,
    action: &str,
    from_status: Option<&str>,
    to_status: &str,
    reason: Option<&str>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO review_log (defect_id, dossier_id, user_id, action, from_status, to_status, reason, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(defect_id)
    .bind(dossier_id)
    .bind(user_id)
    .bind(action)
    .bind(from_status)
    .bind(to_status)
    .bind(reason)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
