//! The migrations, embedded in the binary: `migrations/sqlite/` for SQLite and
//! `migrations/postgres/` for PostgreSQL, the same numbers in both. Applied at start-up and by
//! `dossier migrate`; sqlx records each in `_sqlx_migrations` with its checksum, so an applied
//! file that was edited afterwards is refused rather than silently skipped.

use std::borrow::Cow;

use sqlx::AnyPool;
use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use super::{Backend, StoreError};

/// (version, description, SQLite text, PostgreSQL text)
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "service",
        include_str!("../../migrations/sqlite/0001_service.sql"),
        include_str!("../../migrations/postgres/0001_service.sql"),
    ),
    (
        2,
        "job progress",
        include_str!("../../migrations/sqlite/0002_job_progress.sql"),
        include_str!("../../migrations/postgres/0002_job_progress.sql"),
    ),
    (
        3,
        "transcript slots",
        include_str!("../../migrations/sqlite/0003_transcript_slots.sql"),
        include_str!("../../migrations/postgres/0003_transcript_slots.sql"),
    ),
    (
        4,
        "stats_digest",
        include_str!("../../migrations/sqlite/0004_stats_digest.sql"),
        include_str!("../../migrations/postgres/0004_stats_digest.sql"),
    ),
    (
        5,
        "stats indexes",
        include_str!("../../migrations/sqlite/0005_stats_indexes.sql"),
        include_str!("../../migrations/postgres/0005_stats_indexes.sql"),
    ),
];

/// Applies what is missing; returns how many migrations the backend has in all.
pub(super) async fn run(pool: &AnyPool, backend: Backend) -> Result<usize, StoreError> {
    let migrations = MIGRATIONS
        .iter()
        .map(|&(version, description, sqlite, postgres)| {
            let sql = match backend {
                Backend::Sqlite => sqlite,
                Backend::Postgres => postgres,
            };
            Migration::new(
                version,
                Cow::Borrowed(description),
                MigrationType::Simple,
                sql.into_sql_str(),
                false,
            )
        })
        .collect();
    Migrator::with_migrations(migrations).run(pool).await?;
    Ok(MIGRATIONS.len())
}
