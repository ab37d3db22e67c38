//! Cases and their dossier versions: recording an upload (file row, case, version, job — one
//! transaction), listing with filters inside the reader's scope, and reading one dossier.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Store, StoreError, is_unique_violation, now_ms};
use crate::auth::Scope;

/// An upload to record; the file is already stored under `sha256`.
#[derive(Debug, Clone)]
pub struct NewUpload<'a> {
    pub unit_id: i64,
    pub case_number: &'a str,
    pub case_name: &'a str,
    pub sha256: &'a str,
    pub size: u64,
    pub kind: &'a str,
    pub file_name: &'a str,
    pub officer: &'a str,
    pub uploaded_by: i64,
    pub max_attempts: u32,
}

/// The recorded upload.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Created {
    pub id: i64,
    pub version: i64,
    pub status: String,
    /// The same file was already uploaded for this case: `id` is that dossier, nothing new
    /// was recorded.
    pub duplicate: bool,
}

/// One dossier version as lists and details show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DossierRow {
    pub id: i64,
    pub case_id: i64,
    pub case_number: String,
    pub case_name: String,
    pub unit: String,
    #[serde(skip)]
    pub unit_id: i64,
    pub version: i64,
    pub file_name: String,
    pub sha256: String,
    pub officer: String,
    pub status: String,
    pub error: Option<String>,
    pub pages: Option<i64>,
    pub source: Option<String>,
    /// Open, confirmed and unrectified defects (rejected and rectified ones do not count).
    pub defects: i64,
    /// Their deductions, summed.
    pub deduction: f64,
    pub created_at: String,
    pub updated_at: String,
}

/// Filters of `GET /api/dossiers`; all optional.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub unit: Option<String>,
    pub status: Option<String>,
    pub category: Option<String>,
    pub officer: Option<String>,
    pub case_number: Option<String>,
    /// Uploaded at or after (Unix ms).
    pub from_ms: Option<i64>,
    /// Uploaded before (Unix ms).
    pub to_ms: Option<i64>,
    pub sort: ListSort,
    pub limit: i64,
    pub offset: i64,
}

/// The orders a list can be sorted in; ties go newest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ListSort {
    #[default]
    Newest,
    Oldest,
    /// Most points deducted first.
    Deduction,
    /// Most standing defects first.
    Defects,
    CaseNumber,
}

impl ListSort {
    pub const IDS: [&'static str; 5] = [
        "created_desc",
        "created_asc",
        "deduction_desc",
        "defects_desc",
        "case_number",
    ];

    pub fn from_id(id: &str) -> Option<ListSort> {
        Some(match id {
            "created_desc" => ListSort::Newest,
            "created_asc" => ListSort::Oldest,
            "deduction_desc" => ListSort::Deduction,
            "defects_desc" => ListSort::Defects,
            "case_number" => ListSort::CaseNumber,
            _ => return None,
        })
    }
}

pub(super) fn iso(ms: i64) -> String {
    chrono::DateTime::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_default()
}

/// The columns `dossier_from_row` reads, and the joins they need.
macro_rules! row_select {
    () => {
        "SELECT d.id, d.case_id, c.case_number, c.case_name, n.code, c.unit_id, d.version, \
         d.file_name, d.file_sha256, d.officer, d.status, d.error, d.pages, d.source, \
         (SELECT COUNT(*) FROM defects x WHERE x.dossier_id = d.id AND x.status IN ('open', 'confirmed', 'unrectified')), \
         (SELECT COALESCE(SUM(x.deduction), 0.0) FROM defects x WHERE x.dossier_id = d.id AND x.status IN ('open', 'confirmed', 'unrectified')), \
         d.created_at, d.updated_at \
         FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units n ON n.id = c.unit_id "
    };
}

/// The filter of the list and its count; `$1` is the reader's unit (NULL: all units).
macro_rules! list_where {
    () => {
        "WHERE ($1 IS NULL OR c.unit_id = $1) \
         AND ($2 IS NULL OR n.code = $2) \
         AND ($3 IS NULL OR d.status = $3) \
         AND ($4 IS NULL OR EXISTS (SELECT 1 FROM defects x WHERE x.dossier_id = d.id AND x.category = $4 \
              AND x.status IN ('open', 'confirmed', 'unrectified'))) \
         AND ($5 IS NULL OR d.officer = $5) \
         AND ($6 IS NULL OR c.case_number = $6) \
         AND ($7 IS NULL OR d.created_at >= $7) \
         AND ($8 IS NULL OR d.created_at < $8) "
    };
}

fn dossier_from_row(row: &AnyRow) -> Result<DossierRow, StoreError> {
    Ok(DossierRow {
        id: row.try_get(0)?,
        case_id: row.try_get(1)?,
        case_number: row.try_get(2)?,
        case_name: row.try_get(3)?,
        unit: row.try_get(4)?,
        unit_id: row.try_get(5)?,
        version: row.try_get(6)?,
        file_name: row.try_get(7)?,
        sha256: row.try_get(8)?,
        officer: row.try_get(9)?,
        status: row.try_get(10)?,
        error: row.try_get(11)?,
        pages: row.try_get(12)?,
        source: row.try_get(13)?,
        defects: row.try_get(14)?,
        deduction: row.try_get(15)?,
        created_at: iso(row.try_get(16)?),
        updated_at: iso(row.try_get(17)?),
    })
}

impl Store {
    /// Records an upload in one transaction: the file row (once per hash), the case (created
    /// on its first upload), the next version of its dossier and the job that will check it.
    /// The same file uploaded again for the same case is recognised and recorded nowhere.
    pub async fn create_upload(&self, u: &NewUpload<'_>) -> Result<Created, StoreError> {
        let now = now_ms();
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO files (sha256, size, kind, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (sha256) DO NOTHING")
            .bind(u.sha256)
            .bind(i64::try_from(u.size).unwrap_or(i64::MAX))
            .bind(u.kind)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO cases (unit_id, case_number, case_name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (unit_id, case_number) DO NOTHING")
            .bind(u.unit_id)
            .bind(u.case_number)
            .bind(u.case_name)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        let case_id: i64 = sqlx::query_scalar("SELECT id FROM cases WHERE unit_id = $1 AND case_number = $2")
            .bind(u.unit_id)
            .bind(u.case_number)
            .fetch_one(&mut *tx)
            .await?;
        if !u.case_name.is_empty() {
            sqlx::query("UPDATE cases SET case_name = $1 WHERE id = $2 AND case_name = ''")
                .bind(u.case_name)
                .bind(case_id)
                .execute(&mut *tx)
                .await?;
        }
        let existing = sqlx::query("SELECT id, version, status FROM dossiers WHERE case_id = $1 AND file_sha256 = $2 ORDER BY version DESC LIMIT 1")
            .bind(case_id)
            .bind(u.sha256)
            .fetch_optional(&mut *tx)
            .await?;
        if let Some(row) = existing {
            tx.commit().await?;
            return Ok(Created {
                id: row.try_get(0)?,
                version: row.try_get(1)?,
                status: row.try_get(2)?,
                duplicate: true,
            });
        }
        let version: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) + 1 FROM dossiers WHERE case_id = $1")
                .bind(case_id)
                .fetch_one(&mut *tx)
                .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO dossiers (case_id, version, file_sha256, file_name, officer, uploaded_by, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, 'queued', $7, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(version)
        .bind(u.sha256)
        .bind(u.file_name)
        .bind(u.officer)
        .bind(u.uploaded_by)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Conflict("another upload of this case arrived at the same time; try again".into())
            } else {
                e.into()
            }
        })?;
        sqlx::query("INSERT INTO jobs (dossier_id, status, max_attempts, created_at, updated_at) VALUES ($1, 'queued', $2, $3, $3)")
            .bind(id)
            .bind(i64::from(u.max_attempts))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Created {
            id,
            version,
            status: "queued".into(),
            duplicate: false,
        })
    }

    /// A page of dossiers matching `f` within `scope`, newest first, and how many match.
    pub async fn list_dossiers(
        &self,
        scope: Scope,
        f: &ListFilter,
    ) -> Result<(Vec<DossierRow>, i64), StoreError> {
        // One fixed text per order (no SQL built from input); columns 15 and 16 are the
        // standing defects and their deductions of `row_select!`.
        macro_rules! list_sql {
            ($order:literal) => {
                concat!(
                    row_select!(),
                    list_where!(),
                    "ORDER BY ",
                    $order,
                    " d.created_at DESC, d.id DESC LIMIT $9 OFFSET $10"
                )
            };
        }
        let list: &'static str = match f.sort {
            ListSort::Newest => list_sql!(""),
            ListSort::Oldest => list_sql!("d.created_at ASC, d.id ASC,"),
            ListSort::Deduction => list_sql!("16 DESC,"),
            ListSort::Defects => list_sql!("15 DESC,"),
            ListSort::CaseNumber => list_sql!("c.case_number ASC, d.version DESC,"),
        };
        const COUNT: &str = concat!(
            "SELECT COUNT(*) FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units n ON n.id = c.unit_id ",
            list_where!()
        );
        macro_rules! bind_filter {
            ($q:expr) => {
                $q.bind(scope.unit_id())
                    .bind(f.unit.as_deref())
                    .bind(f.status.as_deref())
                    .bind(f.category.as_deref())
                    .bind(f.officer.as_deref())
                    .bind(f.case_number.as_deref())
                    .bind(f.from_ms)
                    .bind(f.to_ms)
            };
        }
        let rows = bind_filter!(sqlx::query(list))
            .bind(f.limit)
            .bind(f.offset)
            .fetch_all(&self.pool)
            .await?;
        let total: i64 = bind_filter!(sqlx::query_scalar(COUNT))
            .fetch_one(&self.pool)
            .await?;
        let items = rows.iter().map(dossier_from_row).collect::<Result<_, _>>()?;
        Ok((items, total))
    }

    /// One dossier, if it exists and `scope` may see it (otherwise `NotFound`: a reader learns
    /// nothing about other units' dossiers, not even that they exist).
    pub async fn dossier(&self, scope: Scope, id: i64) -> Result<DossierRow, StoreError> {
        const SQL: &str = concat!(
            row_select!(),
            "WHERE d.id = $1 AND ($2 IS NULL OR c.unit_id = $2)"
        );
        let row = sqlx::query(SQL)
            .bind(id)
            .bind(scope.unit_id())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)?;
        dossier_from_row(&row)
    }

    /// The stored JSON report of a checked dossier.
    pub async fn report_json(&self, id: i64) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar("SELECT report FROM dossiers WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .flatten())
    }
}
