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
