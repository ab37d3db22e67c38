//! Benchmark: the monthly statistics (`stats::monthly`: the month's defects per owner and per
//! rule, its dossiers, and the trend's eleven earlier months) over a generated database — by
//! default one million defects in 20,000 dossiers, 30 units, 300 officers, all in the month
//! asked for (the worst case: every row is in range). Seeds the database when it is empty
//! (multi-row INSERTs, one transaction per 1,000 dossiers, then PostgreSQL's VACUUM ANALYZE),
//! then times `--runs` calls after one warm-up call. Build with `--release`. PostgreSQL: pass
//! its URL (`scripts/bench_stats.sh` starts a throwaway one).
//!
//! ```text
//! cargo run --release --bin bench_stats -- --database-url sqlite:///tmp/bench-stats.db
//! ```

use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{FixedOffset, TimeZone};
use clap::Parser;
use dossier::stats::{self, StatsQuery};
use dossier::store::Store;
use dossier::store::seed::{SeedDefect, SeedDossier};

#[derive(Parser)]
#[command(about = "Time the monthly statistics over a million generated defects")]
struct Args {
    /// `sqlite://FILE` or `postgres://…`; seeded when it holds no dossiers.
    #[arg(long)]
    database_url: String,
    #[arg(long, default_value_t = 20_000)]
    dossiers: usize,
    #[arg(long, default_value_t = 1_000_000)]
    defects: usize,
    /// Spread the dossiers over this many months ending with 2026-10 (1: all in October).
    #[arg(long, default_value_t = 1)]
    months: u32,
    /// Timed runs (after one untimed warm-up).
    #[arg(long, default_value_t = 5)]
    runs: u32,
}

const CATEGORIES: [&str; 10] = [
    "missing_signature",
    "improper_location",
    "incomplete_rights_notice",
    "time_conflict",
    "excessive_duration",
    "insufficient_officers",
    "missing_guardian",
    "invalid_identity",
    "missing_page",
    "missing_field",
];
const STATUSES: [(&str, &str); 8] = [
    ("machine", "confirmed"),
    ("machine", "confirmed"),
    ("machine", "confirmed"),
    ("machine", "rejected"),
    ("machine", "open"),
    ("machine", "unrectified"),
    ("machine", "rectified"),
    ("manual", "confirmed"),
];

/// Dossiers `from..to` of the generated set.
fn generate(args: &Args, from: usize, to: usize) -> Vec<SeedDossier> {
    let cst = FixedOffset::east_opt(8 * 3600).expect("+08:00");
    let per = args.defects / args.dossiers;
    let extra = args.defects % args.dossiers;
    (from..to)
        .map(|i| {
            // Months back from October 2026, then a day and a minute within it.
            let back = (i as u32) % args.months;
            let (y, m) = if back < 10 {
                (2026, 10 - back)
            } else {
                (2025, 22 - back)
            };
            let checked = cst
                .with_ymd_and_hms(y, m, 1 + (i % 28) as u32, (i % 24) as u32, (i % 60) as u32, 0)
                .single()
                .map(|t| t.timestamp_millis())
                .unwrap_or_default();
            let n = per + usize::from(i < extra);
            let defects = (0..n)
                .map(|k| {
                    let (origin, status) = STATUSES[(i + k) % STATUSES.len()];
                    let category = CATEGORIES[(i * 7 + k) % CATEGORIES.len()];
                    SeedDefect {
                        origin,
                        category: category.to_string(),
                        rule: format!("{category}.r{}", k % 3),
                        status,
                        deduction: [0.5, 1.0, 2.0][k % 3],
                        created_at_ms: checked,
                        updated_at_ms: checked + k as i64 * 60_000,
                    }
                })
                .collect();
            SeedDossier {
                unit: format!("U{:02}", i % 30),
                case_number: format!("B{i:06}"),
                version: if i % 5 == 0 { 2 } else { 1 },
                officer: format!("警员{:03}", i % 300),
                checked_at_ms: checked,
                defects,
            }
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(async {
        let store = Store::open(&args.database_url)
            .await
            .with_context(|| format!("cannot open {}", args.database_url))?;
        let q = StatsQuery {
            month: "2026-10".parse()?,
            tz: chrono_tz::Asia::Shanghai,
            red_card_threshold: 3.0,
            scope_unit_id: None,
            unit: None,
            officer: None,
        };
        let before = stats::monthly(&store, &q).await?;
        if before.trend.iter().all(|m| m.counts.dossiers == 0) {
            let started = Instant::now();
            for from in (0..args.dossiers).step_by(1000) {
                let to = (from + 1000).min(args.dossiers);
                store.seed(&generate(&args, from, to)).await?;
            }
            store.vacuum_analyze().await?;
            println!(
                "seeded {} dossiers, {} defects in {:.1} s",
                args.dossiers,
                args.defects,
                started.elapsed().as_secs_f64()
            );
        }
        let warm = stats::monthly(&store, &q).await?;
        println!(
            "month 2026-10: {} dossiers, {} defects flagged, {} confirmed, {} officers, {} red cards",
            warm.totals.counts.dossiers,
            warm.totals.counts.flagged,
            warm.totals.counts.confirmed,
            warm.officers.len(),
            warm.red_cards.len()
        );
        let mut times: Vec<Duration> = Vec::new();
        for _ in 0..args.runs {
            let started = Instant::now();
            stats::monthly(&store, &q).await?;
            times.push(started.elapsed());
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "monthly statistics over {} runs: min {:.0} ms, median {:.0} ms, max {:.0} ms",
            args.runs,
            times.first().map_or(0.0, |d| ms(*d)),
            times.get(times.len() / 2).map_or(0.0, |d| ms(*d)),
            times.last().map_or(0.0, |d| ms(*d)),
        );
        store.close().await;
        anyhow::Ok(())
    })
}
