//! The reads behind the monthly statistics: defects counted per review state (origin, status)
//! for each (unit, officer, pass) and for each (category, rule), dossiers checked per (unit,
//! officer, pass), and per-state totals of the trend's earlier months; `crate::stats` folds
//! them into its views. All of it is read in one transaction, so every view sees the same rows.
//!
//! A defect counts in the period of its last state change (`updated_at`: raised, confirmed,
//! rejected, undone); a dossier in the period its check finished (`status = 'done'`,
//! `updated_at`).
//!
//! The SQL differs by backend (`stats_sql`), deliberately: PostgreSQL aggregates by hashing,
//! so it gets the plain grouped scans of the period; SQLite aggregates by sorting unless the
//! rows arrive in group order, and sorting a million rows by text keys costs seconds, so its
//! queries are shaped for an index that hands the rows over already grouped.

use sqlx::{AssertSqlSafe, Row};

use super::stats_sql as sql;
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

impl StatsFilter {
    fn is_unfiltered(&self) -> bool {
        self.scope_unit_id.is_none() && self.unit.is_none() && self.officer.is_none()
    }
}

/// Defects in one review state: how many, and their deductions summed.
#[derive(Debug, Clone, PartialEq)]
pub struct Tally {
    /// `machine` or `manual`.
    pub origin: String,
    pub status: String,
    pub count: i64,
    pub deduction: f64,
}

/// Defects of one (unit, officer, pass) in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct OwnerTally {
    pub unit: String,
    pub unit_name: String,
    pub officer: String,
    /// 1: the first submission of a case; 2: a re-submission (version 2 or later).
    pub pass: u8,
    pub tally: Tally,
}

/// Defects of one (category, rule) in one state.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleTally {
    pub category: String,
    pub rule: String,
    pub tally: Tally,
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

/// A trend month: dossiers checked, and defects per status (origin not split).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MonthTotals {
    pub dossiers: i64,
    /// (status, count, deduction)
    pub by_status: Vec<(String, i64, f64)>,
}

/// Everything the statistics of one period read.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatsRows {
    pub owners: Vec<OwnerTally>,
    pub rules: Vec<RuleTally>,
    pub dossiers: Vec<DossierGroup>,
    /// One per range of `earlier_bounds`, oldest first.
    pub earlier: Vec<MonthTotals>,
}

fn pass(v: i64) -> u8 {
    if v > 1 { 2 } else { 1 }
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds the filter's three optional values (after the binds already made).
fn bind_filter<'q>(q: AnyQuery<'q>, f: &'q StatsFilter) -> AnyQuery<'q> {
    q.bind(f.scope_unit_id)
        .bind(f.unit.as_deref())
        .bind(f.officer.as_deref())
}

/// `$1`, `$2`: the period; `$3`…`$5`: the filter.
fn bind_period<'q>(q: AnyQuery<'q>, f: &'q StatsFilter) -> AnyQuery<'q> {
    bind_filter(q.bind(f.start_ms).bind(f.end_ms), f)
}

impl Store {
    /// Reads the period `f` and, for the trend, the months between consecutive
    /// `earlier_bounds` (UTC milliseconds, ascending; none when fewer than two), under the same
    /// filter.
    pub async fn stats_rows(&self, f: &StatsFilter, earlier_bounds: &[i64]) -> Result<StatsRows, StoreError> {
        let b = self.backend;
        let filtered = !f.is_unfiltered();
        let mut tx = self.pool.begin().await?;
        if b == Backend::Postgres {
            // One snapshot for all the views. Room for the hash tables in memory (the default
            // 4 MB makes PostgreSQL sort on disk instead); JIT compiling costs more than it
            // saves on scans this size (see BENCHMARKS.md).
            for set in [
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
                "SET LOCAL work_mem = '64MB'",
                "SET LOCAL jit = off",
            ] {
                sqlx::query(set).execute(&mut *tx).await?;
            }
        }

        let defect_sql = sql::defect_tallies(b, filtered);
        let rows = bind_period(sqlx::query(AssertSqlSafe(defect_sql)), f)
            .fetch_all(&mut *tx)
            .await?;
        let (mut owners, mut rules) = (Vec::new(), Vec::new());
        for r in &rows {
            let kind: i64 = r.try_get(0)?;
            let tally = Tally {
                status: r.try_get(5)?,
                origin: r.try_get(6)?,
                count: r.try_get(7)?,
                deduction: r.try_get(8)?,
            };
            if kind == 0 {
                owners.push(OwnerTally {
                    unit: r.try_get(1)?,
                    unit_name: r.try_get(2)?,
                    officer: r.try_get(3)?,
                    pass: pass(r.try_get(4)?),
                    tally,
                });
            } else {
                rules.push(RuleTally {
                    category: r.try_get(1)?,
                    rule: r.try_get(2)?,
                    tally,
                });
            }
        }

        let rows = bind_period(sqlx::query(sql::DOSSIER_GROUPS), f)
            .fetch_all(&mut *tx)
            .await?;
        let dossiers = rows
            .iter()
            .map(|r| {
                Ok(DossierGroup {
                    unit: r.try_get(0)?,
                    unit_name: r.try_get(1)?,
                    officer: r.try_get(2)?,
                    pass: pass(r.try_get(3)?),
                    count: r.try_get(4)?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;

        let earlier = earlier_months(&mut tx, b, f, earlier_bounds).await?;
        tx.commit().await?;
        Ok(StatsRows {
            owners,
            rules,
            dossiers,
            earlier,
        })
    }
}

/// Totals of the months between consecutive `bounds`: two queries over all of them, each row
/// tagged with its month's index.
async fn earlier_months(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    b: Backend,
    f: &StatsFilter,
    bounds: &[i64],
) -> Result<Vec<MonthTotals>, StoreError> {
    let months = bounds.len().saturating_sub(1);
    let mut out = vec![MonthTotals::default(); months];
    if months == 0 {
        return Ok(out);
    }
    let filtered = !f.is_unfiltered();
    let bind_bounds = |mut q: AnyQuery<'static>| {
        for v in bounds {
            q = q.bind(*v);
        }
        q
    };

    let dossier_sql = sql::trend_dossiers(months);
    let rows = bind_filter(bind_bounds(sqlx::query(AssertSqlSafe(dossier_sql))), f)
        .fetch_all(&mut **tx)
        .await?;
    for r in &rows {
        let i: i64 = r.try_get(0)?;
        if let Some(m) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            m.dossiers = r.try_get(1)?;
        }
    }

    let defect_sql = sql::trend_defects(b, months, filtered);
    let q = bind_bounds(sqlx::query(AssertSqlSafe(defect_sql)));
    let q = if filtered { bind_filter(q, f) } else { q };
    let rows = q.fetch_all(&mut **tx).await?;
    for r in &rows {
        let i: i64 = r.try_get(0)?;
        if let Some(m) = usize::try_from(i).ok().and_then(|i| out.get_mut(i)) {
            m.by_status.push((r.try_get(1)?, r.try_get(2)?, r.try_get(3)?));
        }
    }
    Ok(out)
}
