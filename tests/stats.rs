//! The monthly statistics against a generated month whose truth the test computes on its own:
//! every count, deduction, average, score, false-flag rate, red card and trend figure equals
//! the test's, on SQLite and on PostgreSQL. Month boundaries are computed here with a fixed
//! +08:00 offset, independently of the code's chrono-tz periods.

#[path = "support/fresh.rs"]
mod fresh;
mod support;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, TimeZone};
use dossier::stats::{self, StatsQuery};
use dossier::store::Store;
use dossier::store::seed::{SeedDefect, SeedDossier};
use fresh::{fresh, on_both_backends};

on_both_backends!(every_figure_of_a_generated_month_matches_an_independent_count);

const CATEGORIES: [&str; 4] = [
    "missing_signature",
    "improper_location",
    "time_conflict",
    "missing_field",
];

fn cst() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).unwrap()
}

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> i64 {
    cst()
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .unwrap()
        .timestamp_millis()
}

/// The `YYYY-MM` of `ms` at +08:00.
fn month_of(ms: i64) -> String {
    let t: DateTime<FixedOffset> = DateTime::from_timestamp_millis(ms).unwrap().with_timezone(&cst());
    t.format("%Y-%m").to_string()
}

/// A small deterministic generator (no `rand` in the tree).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Dossiers over Sept–Nov 2026 (and one a year earlier), with defects in every state; some
/// placed right at the month's edges in Shanghai time.
fn generate() -> Vec<SeedDossier> {
    let mut rng = Lcg(7);
    let officers = [
        ("U1", "张三"),
        ("U1", "李四"),
        ("U2", "王五"),
        ("U2", "赵六"),
        ("U3", "钱七"),
    ];
    let mut out = Vec::new();
    let months = [
        (2025, 11),
        (2026, 9),
        (2026, 10),
        (2026, 10),
        (2026, 10),
        (2026, 11),
    ];
    for i in 0..90 {
        let (unit, officer) = officers[i % officers.len()];
        let (y, m) = months[rng.next(months.len() as u64) as usize];
        let checked = at(
            y,
            m,
            1 + rng.next(28) as u32,
            rng.next(24) as u32,
            rng.next(60) as u32,
        );
        let version = if rng.next(3) == 0 { 2 } else { 1 };
        // 王五 collects more defects: a red card.
        let n = rng.next(if officer == "王五" { 9 } else { 5 });
        let mut defects = Vec::new();
        for k in 0..n {
            let category = CATEGORIES[rng.next(4) as usize];
            let rule = format!("{category}.r{}", rng.next(2));
            let (origin, status) = match rng.next(if version == 2 { 7 } else { 5 }) {
                0 => ("machine", "open"),
                1 | 2 => ("machine", "confirmed"),
                3 => ("machine", "rejected"),
                4 => ("manual", "confirmed"),
                5 => ("machine", "unrectified"),
                _ => ("machine", "rectified"),
            };
            let base = [0.5, 1.0, 2.0][rng.next(3) as usize];
            let deduction = match status {
                "unrectified" => base * 2.0,
                "rectified" => 0.0,
                _ => base,
            };
            // Decided some hours after the check, possibly in the next month.
            let updated = checked + rng.next(72) as i64 * 3_600_000 + k as i64;
            defects.push(SeedDefect {
                origin,
                category: category.to_string(),
                rule,
                status,
                deduction,
                created_at_ms: checked,
                updated_at_ms: updated,
            });
        }
        out.push(SeedDossier {
            unit: unit.to_string(),
            case_number: format!("A{i:04}"),
            version,
            officer: officer.to_string(),
            checked_at_ms: checked,
            defects,
        });
    }
    // The edges: confirmed at 23:30 on 31 October (October), at 00:10 on 1 November
    // (November, though still October in UTC), at 00:00 on 1 October (October).
    let edge = |case: &str, checked: i64, updated: i64| SeedDossier {
        unit: "U3".into(),
        case_number: case.into(),
        version: 1,
        officer: "钱七".into(),
        checked_at_ms: checked,
        defects: vec![SeedDefect {
            origin: "machine",
            category: "missing_signature".into(),
            rule: "missing_signature.edge".into(),
            status: "confirmed",
            deduction: 2.0,
            created_at_ms: checked,
            updated_at_ms: updated,
        }],
    };
    out.push(edge("E1", at(2026, 10, 31, 23, 0), at(2026, 10, 31, 23, 30)));
    out.push(edge("E2", at(2026, 10, 31, 23, 0), at(2026, 11, 1, 0, 10)));
    out.push(edge("E3", at(2026, 9, 30, 23, 59), at(2026, 10, 1, 0, 0)));
    out
}

#[derive(Debug, Default, Clone, PartialEq)]
struct Truth {
    dossiers: i64,
    flagged: i64,
    added: i64,
    confirmed: i64,
    rejected: i64,
    open: i64,
    rectified: i64,
    unrectified: i64,
    deduction: f64,
}

impl Truth {
    fn count(&mut self, d: &SeedDefect) {
        if d.origin == "manual" {
            self.added += 1;
        } else if d.status != "rectified" {
            self.flagged += 1;
        }
        match d.status {
            "confirmed" => {
                self.confirmed += 1;
                self.deduction += d.deduction;
            }
            "unrectified" => {
                self.confirmed += 1;
                self.unrectified += 1;
                self.deduction += d.deduction;
            }
            "rejected" => self.rejected += 1,
            "open" => self.open += 1,
            _ => self.rectified += 1,
        }
    }
}

fn same(what: &str, got: &stats::Counts, want: &Truth) {
    let got_t = Truth {
        dossiers: got.dossiers,
        flagged: got.flagged,
        added: got.added,
        confirmed: got.confirmed,
        rejected: got.rejected,
        open: got.open,
        rectified: got.rectified,
        unrectified: got.unrectified,
        deduction: 0.0,
    };
    let want_t = Truth {
        deduction: 0.0,
        ..want.clone()
    };
    assert_eq!(got_t, want_t, "{what}");
    assert!(
        (got.deduction - want.deduction).abs() < 1e-9,
        "{what}: deduction {} vs {}",
        got.deduction,
        want.deduction
    );
}

async fn every_figure_of_a_generated_month_matches_an_independent_count(store: &Store) {
    let data = generate();
    store.seed(&data).await.expect("seed");
    let month = "2026-10";
    let q = StatsQuery {
        month: month.parse().unwrap(),
        tz: chrono_tz::Asia::Shanghai,
        red_card_threshold: 3.0,
        scope_unit_id: None,
        unit: None,
        officer: None,
    };
    let s = stats::monthly(store, &q).await.expect("statistics");

    // The truth, counted from the generated rows.
    let mut total = Truth::default();
    let mut units: BTreeMap<String, Truth> = BTreeMap::new();
    let mut officers: BTreeMap<(String, String), Truth> = BTreeMap::new();
    let mut categories: BTreeMap<String, Truth> = BTreeMap::new();
    let mut rules: BTreeMap<String, Truth> = BTreeMap::new();
    let mut passes: BTreeMap<u8, Truth> = BTreeMap::new();
    let mut trend: BTreeMap<String, Truth> = BTreeMap::new();
    let mut u1_trend: BTreeMap<String, Truth> = BTreeMap::new();
    for d in &data {
        let pass = if d.version > 1 { 2 } else { 1 };
        let key = (d.unit.clone(), d.officer.clone());
        trend.entry(month_of(d.checked_at_ms)).or_default().dossiers += 1;
        if d.unit == "U1" {
            u1_trend.entry(month_of(d.checked_at_ms)).or_default().dossiers += 1;
            for f in &d.defects {
                u1_trend.entry(month_of(f.updated_at_ms)).or_default().count(f);
            }
        }
        if month_of(d.checked_at_ms) == month {
            total.dossiers += 1;
            units.entry(d.unit.clone()).or_default().dossiers += 1;
            officers.entry(key.clone()).or_default().dossiers += 1;
            passes.entry(pass).or_default().dossiers += 1;
        }
        for f in &d.defects {
            trend.entry(month_of(f.updated_at_ms)).or_default().count(f);
            if month_of(f.updated_at_ms) != month {
                continue;
            }
            total.count(f);
            units.entry(d.unit.clone()).or_default().count(f);
            officers.entry(key.clone()).or_default().count(f);
            categories.entry(f.category.clone()).or_default().count(f);
            rules.entry(f.rule.clone()).or_default().count(f);
            passes.entry(pass).or_default().count(f);
        }
    }

    same("totals", &s.totals.counts, &total);
    assert_eq!(s.units.len(), units.len());
    for r in &s.units {
        same(&r.key.unit, &r.counts, &units[&r.key.unit]);
    }
    assert_eq!(s.officers.len(), officers.len());
    let mut red = Vec::new();
    for o in &s.officers {
        let k = (o.row.key.unit.clone(), o.row.key.officer.clone());
        let t = &officers[&k];
        same(&k.1, &o.row.counts, t);
        let avg = (t.dossiers > 0).then(|| t.deduction / t.dossiers as f64);
        assert_eq!(o.row.average_deduction.is_some(), avg.is_some(), "{}", k.1);
        if let (Some(a), Some(b)) = (o.row.average_deduction, avg) {
            assert!((a - b).abs() < 1e-9);
            assert!((o.row.score.unwrap() - (100.0 - b).max(0.0)).abs() < 1e-9);
        }
        assert_eq!(o.red_card, avg.is_some_and(|a| a > 3.0), "{}", k.1);
        if o.red_card {
            red.push(k.1.clone());
        }
    }
    assert!(!red.is_empty(), "the generated month has a red card");
    let mut listed: Vec<String> = s.red_cards.iter().map(|o| o.row.key.officer.clone()).collect();
    listed.sort();
    red.sort();
    assert_eq!(listed, red);
    assert_eq!(s.categories.len(), categories.len());
    for r in &s.categories {
        same(&r.key.category, &r.counts, &categories[&r.key.category]);
    }
    assert_eq!(s.rules.len(), rules.len());
    for r in &s.rules {
        let t = &rules[&r.key.rule];
        same(&r.key.rule, &r.counts, t);
        let decided = t.flagged - t.open;
        let rate = (decided > 0).then(|| t.rejected as f64 / decided as f64);
        assert_eq!(r.false_flag_rate, rate, "{}", r.key.rule);
    }
    assert_eq!(s.passes.len(), passes.len());
    for r in &s.passes {
        same(&format!("pass {}", r.key.pass), &r.counts, &passes[&r.key.pass]);
    }
    // The edges: E1 (23:30 on 31 Oct) and E3 (00:00 on 1 Oct) are October's, E2 is not.
    let edge = s
        .rules
        .iter()
        .find(|r| r.key.rule == "missing_signature.edge")
        .unwrap();
    assert_eq!(edge.counts.confirmed, 2);

    assert_eq!(s.trend.len(), 12);
    assert_eq!(s.trend[0].key.month, "2025-11");
    for r in &s.trend {
        let t = trend.get(&r.key.month).cloned().unwrap_or_default();
        assert_eq!(r.counts.dossiers, t.dossiers, "{}", r.key.month);
        assert_eq!(r.counts.confirmed, t.confirmed, "{}", r.key.month);
        assert_eq!(r.counts.open, t.open, "{}", r.key.month);
        assert_eq!(r.counts.rejected, t.rejected, "{}", r.key.month);
        assert!((r.counts.deduction - t.deduction).abs() < 1e-9, "{}", r.key.month);
    }

    // A unit filter keeps that unit's figures only.
    let u1 = stats::monthly(
        store,
        &StatsQuery {
            unit: Some("U1".into()),
            ..q.clone()
        },
    )
    .await
    .unwrap();
    same("U1 only", &u1.totals.counts, &units["U1"]);
    assert!(u1.officers.iter().all(|o| o.row.key.unit == "U1"));
    assert_eq!(u1.trend[11].counts.confirmed, units["U1"].confirmed);
    for r in &u1.trend {
        let t = u1_trend.get(&r.key.month).cloned().unwrap_or_default();
        assert_eq!(r.counts.dossiers, t.dossiers, "U1 {}", r.key.month);
        assert_eq!(r.counts.confirmed, t.confirmed, "U1 {}", r.key.month);
        assert_eq!(r.counts.open, t.open, "U1 {}", r.key.month);
        assert_eq!(r.counts.rejected, t.rejected, "U1 {}", r.key.month);
        assert!(
            (r.counts.deduction - t.deduction).abs() < 1e-9,
            "U1 {}",
            r.key.month
        );
    }
    assert!(
        u1.trend[..11].iter().any(|r| r.counts.confirmed > 0),
        "U1 has earlier months in the trend"
    );
}

/// `dossier stats` reads the data folder's database and prints what `stats::monthly` computes:
/// JSON in full, one view as CSV, every view as a table.
#[tokio::test]
async fn the_stats_command_prints_the_months_figures_as_json_csv_and_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("dossier.db").display());
    let store = Store::open(&url).await.unwrap();
    let data = generate();
    store.seed(&data).await.unwrap();
    store.close().await;
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(["stats", "--month", "2026-10", "--data"])
            .arg(dir.path())
            .args(args)
            .env_remove("DATABASE_URL")
            .env_remove("DOSSIER_TZ")
            .env_remove("DOSSIER_RED_CARD_THRESHOLD")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let mut truth = Truth::default();
    for d in &data {
        truth.dossiers += i64::from(month_of(d.checked_at_ms) == "2026-10");
        for f in d
            .defects
            .iter()
            .filter(|f| month_of(f.updated_at_ms) == "2026-10")
        {
            truth.count(f);
        }
    }
    let json: serde_json::Value = serde_json::from_str(&run(&["--format", "json"])).unwrap();
    assert_eq!(json["totals"]["confirmed"], truth.confirmed);
    assert_eq!(json["totals"]["open"], truth.open);
    assert_eq!(json["totals"]["dossiers"], truth.dossiers);

    let csv = run(&["--format", "csv", "--view", "totals"]);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| row[header.iter().position(|h| *h == name).unwrap()];
    assert_eq!(col("确认"), truth.confirmed.to_string());
    assert_eq!(col("检查案卷数"), truth.dossiers.to_string());

    let table = run(&[]);
    for sheet in ["汇总", "单位", "民警", "红牌"] {
        assert!(table.contains(sheet), "{sheet} in {table}");
    }
}
