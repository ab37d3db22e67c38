//! Monthly statistics (月执法清单): per unit, officer, defect category, rule and review pass,
//! the dossiers checked and the defects flagged, confirmed, rejected, rectified and still
//! unrectified; the average deduction per dossier and the 100-point score (百分制考评); the red
//! card list; a 12-month trend. The store hands over grouped counts (`store::stats`); the
//! folding into views here is plain arithmetic, testable without a database.
//!
//! What counts (see also `store::stats` for which period a row falls in):
//! - **flagged**: what the machine raised (`origin = machine`), not the `rectified` rows that a
//!   re-submission carries over to show what was fixed;
//! - **confirmed**: `confirmed` plus `unrectified` (a confirmed defect found again on the second
//!   pass, at double deduction; a reviewer may still reject it), including reviewers' own
//!   additions (**added**). Only these deduct;
//! - **open**: flags nobody has decided yet, shown apart and never in a score;
//! - the **false-flag rate** of a rule: rejected / (flagged − open), the decided flags only;
//! - **average deduction** = confirmed deduction / dossiers checked; **score** = 100 − that
//!   (not below 0); a **red card** when an officer's average exceeds the threshold (3 points).

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::Serialize;

use crate::store::stats::{DossierGroup, OwnerTally, RuleTally, StatsFilter, Tally};
use crate::store::{Store, StoreError};

pub mod cli;
pub mod export;
pub mod period;

pub use period::Month;

/// Counts of one group of dossiers and defects.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Counts {
    pub dossiers: i64,
    pub flagged: i64,
    pub added: i64,
    pub confirmed: i64,
    pub rejected: i64,
    pub open: i64,
    pub rectified: i64,
    pub unrectified: i64,
    /// Sum of the confirmed defects' deductions (unrectified ones already doubled).
    pub deduction: f64,
}

impl Counts {
    fn add_defects(&mut self, g: &Tally) {
        let n = g.count;
        if g.origin == "manual" {
            self.added += n;
        } else if g.status != "rectified" {
            self.flagged += n;
        }
        match g.status.as_str() {
            "confirmed" | "unrectified" => {
                self.confirmed += n;
                self.deduction += g.deduction;
                if g.status == "unrectified" {
                    self.unrectified += n;
                }
            }
            "rejected" => self.rejected += n,
            "open" => self.open += n,
            "rectified" => self.rectified += n,
            _ => {}
        }
    }

    /// Rejected among the decided flags; `None` before any decision.
    pub fn false_flag_rate(&self) -> Option<f64> {
        let decided = self.flagged - self.open;
        (decided > 0).then(|| self.rejected as f64 / decided as f64)
    }

    /// Confirmed deduction per dossier checked; `None` without dossiers.
    pub fn average_deduction(&self) -> Option<f64> {
        (self.dossiers > 0).then(|| self.deduction / self.dossiers as f64)
    }

    /// The 100-point score: 100 minus the average deduction, not below 0.
    pub fn score(&self) -> Option<f64> {
        self.average_deduction().map(|a| (100.0 - a).max(0.0))
    }
}

/// A row of a view: its key, its counts and the figures derived from them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row<K> {
    #[serde(flatten)]
    pub key: K,
    #[serde(flatten)]
    pub counts: Counts,
    pub average_deduction: Option<f64>,
    pub score: Option<f64>,
    pub false_flag_rate: Option<f64>,
}

impl<K> Row<K> {
    fn new(key: K, counts: Counts) -> Row<K> {
        Row {
            average_deduction: counts.average_deduction(),
            score: counts.score(),
            false_flag_rate: counts.false_flag_rate(),
            key,
            counts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct UnitKey {
    pub unit: String,
    pub unit_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct OfficerKey {
    pub unit: String,
    pub unit_name: String,
    pub officer: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CategoryKey {
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RuleKey {
    pub rule: String,
    pub category: String,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct PassKey {
    /// 1: first submission (初次送评); 2: re-submission (二次送评).
    pub pass: u8,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct MonthKey {
    pub month: String,
}

/// An officer with their figures and whether they get a red card.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OfficerRow {
    #[serde(flatten)]
    pub row: Row<OfficerKey>,
    pub red_card: bool,
}

/// The statistics of one month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthlyStats {
    pub month: String,
    pub time_zone: String,
    pub red_card_threshold: f64,
    pub totals: Row<MonthKey>,
    pub units: Vec<Row<UnitKey>>,
    pub officers: Vec<OfficerRow>,
    pub categories: Vec<Row<CategoryKey>>,
    pub rules: Vec<Row<RuleKey>>,
    pub passes: Vec<Row<PassKey>>,
    /// Officers over the threshold, highest average deduction first (红牌).
    pub red_cards: Vec<OfficerRow>,
    /// The 12 months ending with this one, oldest first.
    pub trend: Vec<Row<MonthKey>>,
}

/// What to compute.
#[derive(Debug, Clone, PartialEq)]
pub struct StatsQuery {
    pub month: Month,
    pub tz: Tz,
    pub red_card_threshold: f64,
    /// The reader's unit, for unit-bound roles.
    pub scope_unit_id: Option<i64>,
    pub unit: Option<String>,
    pub officer: Option<String>,
}

impl StatsQuery {
    fn filter(&self, month: Month) -> StatsFilter {
        let (start_ms, end_ms) = month.range_ms(self.tz);
        StatsFilter {
            start_ms,
            end_ms,
            scope_unit_id: self.scope_unit_id,
            unit: self.unit.clone(),
            officer: self.officer.clone(),
        }
    }
}

/// Reads and folds the statistics of `q.month`.
pub async fn monthly(store: &Store, q: &StatsQuery) -> Result<MonthlyStats, StoreError> {
    let months = q.month.last_twelve();
    // The eleven months before this one, for the trend; this month's own trend figures are
    // folded from the month's rows, not read twice.
    let mut bounds: Vec<i64> = months[..months.len() - 1]
        .iter()
        .map(|m| m.range_ms(q.tz).0)
        .collect();
    let f = q.filter(q.month);
    bounds.push(f.start_ms);
    let rows = store.stats_rows(&f, &bounds).await?;
    let mut trend: Vec<Row<MonthKey>> = months
        .iter()
        .zip(&rows.earlier)
        .map(|(m, t)| {
            Row::new(
                MonthKey { month: m.to_string() },
                trend_counts(
                    t.dossiers,
                    t.by_status.iter().map(|(s, n, d)| (s.as_str(), *n, *d)),
                ),
            )
        })
        .collect();
    trend.push(Row::new(
        MonthKey {
            month: q.month.to_string(),
        },
        trend_counts(
            rows.dossiers.iter().map(|d| d.count).sum(),
            rows.owners
                .iter()
                .map(|o| (o.tally.status.as_str(), o.tally.count, o.tally.deduction)),
        ),
    ));
    Ok(fold(q, &rows.dossiers, &rows.owners, &rows.rules, trend))
}

/// The trend's counts from per-status totals (origin is not split there: flagged counts all
/// non-rectified rows, added stays 0).
fn trend_counts<'a>(dossiers: i64, by_status: impl Iterator<Item = (&'a str, i64, f64)>) -> Counts {
    let mut c = Counts {
        dossiers,
        ..Counts::default()
    };
    for (status, count, deduction) in by_status {
        c.add_defects(&Tally {
            origin: "machine".into(),
            status: status.to_string(),
            count,
            deduction,
        });
    }
    c
}

/// Folds grouped counts into the views.
pub fn fold(
    q: &StatsQuery,
    dossiers: &[DossierGroup],
    owners: &[OwnerTally],
    rules_of: &[RuleTally],
    trend: Vec<Row<MonthKey>>,
) -> MonthlyStats {
    let mut total = Counts::default();
    let mut units: BTreeMap<UnitKey, Counts> = BTreeMap::new();
    let mut officers: BTreeMap<OfficerKey, Counts> = BTreeMap::new();
    let mut categories: BTreeMap<CategoryKey, Counts> = BTreeMap::new();
    let mut rules: BTreeMap<RuleKey, Counts> = BTreeMap::new();
    let mut passes: BTreeMap<PassKey, Counts> = BTreeMap::new();
    let unit_key = |unit: &str, unit_name: &str| UnitKey {
        unit: unit.to_string(),
        unit_name: unit_name.to_string(),
    };
    let officer_key = |unit: &str, unit_name: &str, officer: &str| OfficerKey {
        unit: unit.to_string(),
        unit_name: unit_name.to_string(),
        officer: officer.to_string(),
    };
    for d in dossiers {
        total.dossiers += d.count;
        units.entry(unit_key(&d.unit, &d.unit_name)).or_default().dossiers += d.count;
        officers
            .entry(officer_key(&d.unit, &d.unit_name, &d.officer))
            .or_default()
            .dossiers += d.count;
        passes.entry(PassKey { pass: d.pass }).or_default().dossiers += d.count;
    }
    // Every defect is in exactly one owner tally and one rule tally.
    for g in owners {
        let t = &g.tally;
        total.add_defects(t);
        units
            .entry(unit_key(&g.unit, &g.unit_name))
            .or_default()
            .add_defects(t);
        officers
            .entry(officer_key(&g.unit, &g.unit_name, &g.officer))
            .or_default()
            .add_defects(t);
        passes.entry(PassKey { pass: g.pass }).or_default().add_defects(t);
    }
    for g in rules_of {
        let t = &g.tally;
        categories
            .entry(CategoryKey {
                category: g.category.clone(),
            })
            .or_default()
            .add_defects(t);
        rules
            .entry(RuleKey {
                rule: g.rule.clone(),
                category: g.category.clone(),
            })
            .or_default()
            .add_defects(t);
    }
    let threshold = q.red_card_threshold;
    let officers: Vec<OfficerRow> = officers
        .into_iter()
        .map(|(k, c)| {
            let row = Row::new(k, c);
            OfficerRow {
                red_card: row.average_deduction.is_some_and(|a| a > threshold),
                row,
            }
        })
        .collect();
    let mut red_cards: Vec<OfficerRow> = officers.iter().filter(|o| o.red_card).cloned().collect();
    red_cards.sort_by(|a, b| {
        b.row
            .average_deduction
            .partial_cmp(&a.row.average_deduction)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| a.row.key.cmp(&b.row.key))
    });
    MonthlyStats {
        month: q.month.to_string(),
        time_zone: q.tz.name().to_string(),
        red_card_threshold: threshold,
        totals: Row::new(
            MonthKey {
                month: q.month.to_string(),
            },
            total,
        ),
        units: units.into_iter().map(|(k, c)| Row::new(k, c)).collect(),
        officers,
        categories: categories.into_iter().map(|(k, c)| Row::new(k, c)).collect(),
        rules: rules.into_iter().map(|(k, c)| Row::new(k, c)).collect(),
        passes: passes.into_iter().map(|(k, c)| Row::new(k, c)).collect(),
        red_cards,
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same defects as the store hands them over: once per owner, once per rule.
    fn group(
        officer: &str,
        rule: &str,
        origin: &str,
        status: &str,
        count: i64,
        deduction: f64,
    ) -> (OwnerTally, RuleTally) {
        let tally = Tally {
            origin: origin.into(),
            status: status.into(),
            count,
            deduction,
        };
        (
            OwnerTally {
                unit: "U1".into(),
                unit_name: "一所".into(),
                officer: officer.into(),
                pass: 1,
                tally: tally.clone(),
            },
            RuleTally {
                category: "missing_signature".into(),
                rule: rule.into(),
                tally,
            },
        )
    }

    fn dossiers(officer: &str, count: i64) -> DossierGroup {
        DossierGroup {
            unit: "U1".into(),
            unit_name: "一所".into(),
            officer: officer.into(),
            pass: 1,
            count,
        }
    }

    fn query() -> StatsQuery {
        StatsQuery {
            month: "2026-10".parse().unwrap(),
            tz: chrono_tz::Asia::Shanghai,
            red_card_threshold: 3.0,
            scope_unit_id: None,
            unit: None,
            officer: None,
        }
    }

    #[test]
    fn only_confirmed_defects_deduct_and_an_average_over_three_is_a_red_card() {
        let (owners, rules): (Vec<_>, Vec<_>) = [
            group("张三", "r1", "machine", "confirmed", 3, 6.0),
            group("张三", "r1", "machine", "open", 5, 10.0),
            group("张三", "r2", "machine", "rejected", 1, 2.0),
            group("李四", "r1", "machine", "unrectified", 1, 4.0),
            group("李四", "r1", "manual", "confirmed", 1, 2.0),
        ]
        .into_iter()
        .unzip();
        let s = fold(
            &query(),
            &[dossiers("张三", 2), dossiers("李四", 3)],
            &owners,
            &rules,
            vec![],
        );
        let zhang = &s.officers.iter().find(|o| o.row.key.officer == "张三").unwrap();
        assert_eq!(zhang.row.counts.deduction, 6.0);
        assert_eq!(zhang.row.average_deduction, Some(3.0));
        assert!(!zhang.red_card, "exactly 3 is not over the threshold");
        let li = &s.officers.iter().find(|o| o.row.key.officer == "李四").unwrap();
        assert_eq!(li.row.average_deduction, Some(2.0));
        assert_eq!(s.totals.counts.flagged, 10);
        assert_eq!(s.totals.counts.added, 1);
        assert_eq!(s.totals.counts.confirmed, 5);
        assert_eq!(s.totals.counts.open, 5);
        let r2 = s.rules.iter().find(|r| r.key.rule == "r2").unwrap();
        assert_eq!(r2.false_flag_rate, Some(1.0));
        let r1 = s.rules.iter().find(|r| r.key.rule == "r1").unwrap();
        assert_eq!(r1.false_flag_rate, Some(0.0));
        let s = fold(
            &StatsQuery {
                red_card_threshold: 2.5,
                ..query()
            },
            &[dossiers("张三", 2)],
            &owners[..1],
            &rules[..1],
            vec![],
        );
        assert_eq!(s.red_cards.len(), 1);
        assert_eq!(s.red_cards[0].row.score, Some(97.0));
    }
}
