//! The SQL text of the statistics reads (`store::stats`), per backend, built from constants
//! only. Binds: `$1`, `$2` the period, `$3`…`$5` the filter; the trend queries take their
//! month bounds first and the filter after them.
//!
//! Why SQLite's queries look the way they do: SQLite has no hash aggregation; a GROUP BY whose
//! rows do not arrive in group order goes through a sorter, and sorting a month of a million
//! defects by text keys took 1–5 s. So each SQLite query walks an index (migration 0005) whose
//! order is the grouping: dossier by dossier and state by state (`defects_dossier_state`, the
//! dossiers scanned in id order), rule by rule (`defects_rule_state`), status by status
//! (`defects_status_updated`, the statuses listed with IN, which SQLite walks in order). The
//! `CROSS JOIN`s fix SQLite's join order and `INDEXED BY` the index, so a planner guess cannot
//! bring the sort back. PostgreSQL hashes, so it mostly gets the plain shape.

use super::Backend;

/// The review states a defect can be in (the CHECK on `defects.status`). The trend's SQLite
/// query lists them to walk its index status by status: a status added to the schema must be
/// added here.
const STATUSES: &str = "'open', 'confirmed', 'rejected', 'rectified', 'unrectified'";

const PASS: &str = "CAST(CASE WHEN d.version > 1 THEN 2 ELSE 1 END AS BIGINT)";

/// The optional unit scope, unit code and officer, bound from `$n`.
fn filter(n: usize) -> String {
    format!(
        "(${n} IS NULL OR c.unit_id = ${n}) AND (${m} IS NULL OR u.code = ${m}) AND (${o} IS NULL OR d.officer = ${o})",
        m = n + 1,
        o = n + 2
    )
}

/// Defects joined to their dossier, case and unit, filtered from `$n` on, and `f.updated_at`
/// in `[$start, $end)`. SQLite: dossier by dossier, each one's defects from its index entries.
fn filtered_defects(b: Backend, n: usize, start: usize, end: usize) -> String {
    let range = format!("f.updated_at >= ${start} AND f.updated_at < ${end}");
    match b {
        Backend::Sqlite => format!(
            "FROM dossiers d CROSS JOIN cases c CROSS JOIN units u \
             CROSS JOIN defects f INDEXED BY defects_dossier_state \
             WHERE c.id = d.case_id AND u.id = c.unit_id AND {} AND f.dossier_id = d.id AND {range}",
            filter(n)
        ),
        Backend::Postgres => format!(
            "FROM defects f JOIN dossiers d ON d.id = f.dossier_id JOIN cases c ON c.id = d.case_id \
             JOIN units u ON u.id = c.unit_id WHERE {range} AND {}",
            filter(n)
        ),
    }
}

/// The period's defects per review state, in one statement: rows
/// `(0, unit, unit name, officer, pass, status, origin, count, deduction)` per owner and
/// `(1, category, rule, '', 0, status, origin, count, deduction)` per rule.
///
/// Per owner, the defects are counted dossier by dossier through `defects_dossier_state`
/// (each dossier's entries in state order, the period checked on each entry), then those
/// groups per owner, so what is grouped by text keys is one row per dossier and state, not one
/// per defect. Both backends read every entry of every dossier's defects this way (about
/// 0.15 s per million); PostgreSQL's plain hash of the month's defects by dossier took twice
/// as long for a month of a million.
///
/// Per rule: PostgreSQL hashes the period's defects. SQLite, unfiltered, walks its whole rule
/// index in order with the period as a filter on the entries (no sort, every defect's entry
/// read: about 0.1 s per million outside the period); filtered, it sorts the filtered
/// dossiers' defects (a unit or an officer is a small share).
pub(super) fn defect_tallies(b: Backend, filtered: bool) -> String {
    let owners = match b {
        // SQLite has no LATERAL: the per-dossier step is a subquery grouped by dossier, which
        // its plan (dossiers in id order, then each one's entries) delivers in group order.
        Backend::Sqlite => format!(
            "SELECT CAST(0 AS BIGINT), u.code, u.name, d.officer, {PASS}, g.status, g.origin, \
             CAST(SUM(g.n) AS BIGINT), SUM(g.deduction) \
             FROM (SELECT d.id AS dossier_id, f.status AS status, f.origin AS origin, COUNT(*) AS n, \
             SUM(f.deduction) AS deduction {} GROUP BY d.id, f.status, f.origin) g \
             JOIN dossiers d ON d.id = g.dossier_id JOIN cases c ON c.id = d.case_id \
             JOIN units u ON u.id = c.unit_id GROUP BY 2, 3, 4, 5, 6, 7",
            filtered_defects(b, 3, 1, 2)
        ),
        Backend::Postgres => format!(
            "SELECT CAST(0 AS BIGINT), u.code, u.name, d.officer, {PASS}, g.status, g.origin, \
             CAST(SUM(g.n) AS BIGINT), SUM(g.deduction) \
             FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
             CROSS JOIN LATERAL (SELECT f.status, f.origin, COUNT(*) AS n, SUM(f.deduction) AS deduction \
             FROM defects f WHERE f.dossier_id = d.id AND f.updated_at >= $1 AND f.updated_at < $2 \
             GROUP BY f.status, f.origin) g WHERE {} GROUP BY 2, 3, 4, 5, 6, 7",
            filter(3)
        ),
    };
    const RULE_COLUMNS: &str = "SELECT CAST(1 AS BIGINT), f.category, f.rule, '', CAST(0 AS BIGINT), f.status, f.origin, COUNT(*), SUM(f.deduction)";
    let rules = match (b, filtered) {
        (_, true) => format!(
            "{RULE_COLUMNS} {} GROUP BY 2, 3, 6, 7",
            filtered_defects(b, 3, 1, 2)
        ),
        (Backend::Sqlite, false) => format!(
            "{RULE_COLUMNS} FROM defects f INDEXED BY defects_rule_state \
             WHERE f.updated_at >= $1 AND f.updated_at < $2 GROUP BY f.category, f.rule, f.status, f.origin"
        ),
        (Backend::Postgres, false) => format!(
            "{RULE_COLUMNS} FROM defects f WHERE f.updated_at >= $1 AND f.updated_at < $2 GROUP BY 2, 3, 6, 7"
        ),
    };
    format!("{owners} UNION ALL {rules}")
}

/// (unit, unit name, officer, pass, count) of the dossiers checked in the period.
pub(super) const DOSSIER_GROUPS: &str = concat!(
    "SELECT u.code, u.name, d.officer, CAST(CASE WHEN d.version > 1 THEN 2 ELSE 1 END AS BIGINT), COUNT(*) \
         FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
         WHERE d.status = 'done' AND d.updated_at >= $1 AND d.updated_at < $2 ",
    "AND ($3 IS NULL OR c.unit_id = $3) AND ($4 IS NULL OR u.code = $4) AND ($5 IS NULL OR d.officer = $5) ",
    "GROUP BY 1, 2, 3, 4"
);

/// The index (0-based) of the month `column` falls in, bounds `$1`…`$months+1`.
fn month_index(column: &str, months: usize) -> String {
    let mut s = String::from("CAST(CASE");
    for k in 1..months {
        s.push_str(&format!(" WHEN {column} < ${} THEN {}", k + 1, k - 1));
    }
    s.push_str(&format!(" ELSE {} END AS BIGINT)", months - 1));
    s
}

/// (month index, dossiers checked) over `months` months; the filter follows the bounds.
pub(super) fn trend_dossiers(months: usize) -> String {
    format!(
        "SELECT {}, COUNT(*) FROM dossiers d JOIN cases c ON c.id = d.case_id JOIN units u ON u.id = c.unit_id \
         WHERE d.status = 'done' AND d.updated_at >= $1 AND d.updated_at < ${} AND {} GROUP BY 1",
        month_index("d.updated_at", months),
        months + 1,
        filter(months + 2)
    )
}

/// (month index, status, count, deduction) over `months` months. Unfiltered: one range per
/// month and status of `defects_status_updated`, each read in index order (both backends walk
/// the IN list's statuses in order, so neither sorts nor hashes); filtered: the filtered
/// dossiers' defects over the whole span, grouped by month.
pub(super) fn trend_defects(b: Backend, months: usize, filtered: bool) -> String {
    if filtered {
        return format!(
            "SELECT {}, f.status, COUNT(*), SUM(f.deduction) {} GROUP BY 1, 2",
            month_index("f.updated_at", months),
            filtered_defects(b, months + 2, 1, months + 1)
        );
    }
    let hint = match b {
        Backend::Sqlite => " INDEXED BY defects_status_updated",
        Backend::Postgres => "",
    };
    (0..months)
        .map(|k| {
            format!(
                "SELECT CAST({k} AS BIGINT), f.status, COUNT(*), SUM(f.deduction) FROM defects f{hint} \
                 WHERE f.status IN ({STATUSES}) AND f.updated_at >= ${} AND f.updated_at < ${} GROUP BY f.status",
                k + 1,
                k + 2
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_index_counts_the_bounds_below() {
        assert_eq!(
            month_index("x", 3),
            "CAST(CASE WHEN x < $2 THEN 0 WHEN x < $3 THEN 1 ELSE 2 END AS BIGINT)"
        );
    }

    #[test]
    fn the_trend_filter_is_bound_after_the_month_bounds() {
        let sql = trend_dossiers(11);
        assert!(sql.contains("d.updated_at < $12 AND ($13 IS NULL"), "{sql}");
        assert!(sql.contains("($15 IS NULL OR d.officer = $15)"), "{sql}");
    }
}
