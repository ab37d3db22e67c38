//! The store: every SQL statement of the service lives under this module, and nothing outside
//! it imports sqlx. `Store` holds one connection pool, to SQLite (the embedded default, one
//! file in WAL mode) or to PostgreSQL (`DATABASE_URL=postgres://…`).
//!
//! **Why sqlx's `Any` driver, not one module per backend.** The service's SQL is plain: inserts,
//! keyed selects, conditional updates with `RETURNING`, `ON CONFLICT DO NOTHING`, `LIMIT/OFFSET`
//! — all spelled the same in SQLite ≥ 3.35 and PostgreSQL, and both accept `$1` placeholders.
//! One text per query means one place to fix a query and no drift between two copies that the
//! tests would have to catch. The price is Any's small type set (integers, reals, text, blobs),
//! so the schemas store times as Unix milliseconds and JSON as text, and the few statements
//! that truly differ choose their text by `Backend` right where they are written: the job
//! claim (`FOR UPDATE SKIP LOCKED` exists only in PostgreSQL) and the transaction opener
//! (`BEGIN IMMEDIATE` on SQLite, so two writers queue on the busy timeout instead of failing
//! on a lock upgrade). DDL differs more, hence one migrations folder per backend.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Transaction};
use thiserror::Error;

pub mod digest;
pub mod dossiers;
pub mod jobs;
mod migrate;
pub mod results;
pub mod review;
pub mod seed;
mod slots;
pub mod stats;
mod stats_sql;
pub mod users;

/// Which database is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot open the database {url}: {source}")]
    Connect { url: String, source: sqlx::Error },
    #[error("unsupported database URL {0:?}: expected sqlite://FILE or postgres://…")]
    UnsupportedUrl(String),
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("not found")]
    NotFound,
    /// A uniqueness rule or a concurrent change: the caller may show the current state.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("the stored {what} is corrupt: {message}")]
    Corrupt { what: &'static str, message: String },
    /// The database cannot be reached right now (pool timeout, connection lost).
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    #[error("database error: {0}")]
    Db(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> StoreError {
        match e {
            sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_) => {
                StoreError::Unavailable(e)
            }
            e => StoreError::Db(e),
        }
    }
}

impl StoreError {
    fn corrupt(what: &'static str, e: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt {
            what,
            message: e.to_string(),
        }
    }
}

/// The database: a pool and the backend it talks to. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
}

impl Store {
    /// Opens the pool (creating the SQLite file if needed, in WAL mode). Does not migrate.
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        install_default_drivers();
        let connect_err = |source| StoreError::Connect {
            url: redact(url),
            source,
        };
        let (backend, url, max) = if url.starts_with("sqlite:") {
            // `mode=rwc` creates the file on first start.
            let url = if url.contains('?') {
                url.to_string()
            } else {
                format!("{url}?mode=rwc")
            };
            (Backend::Sqlite, url, 8)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_string(), 16)
        } else {
            return Err(StoreError::UnsupportedUrl(url.to_string()));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .connect(&url)
            .await
            .map_err(connect_err)?;
        if backend == Backend::Sqlite {
            // WAL is a property of the file: set once, every later connection uses it.
            // Readers then never block the one writer, and the writer never blocks readers.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await
                .map_err(connect_err)?;
        }
        Ok(Store { pool, backend })
    }

    /// Connects and applies the migrations that are not applied yet.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Store::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies the embedded migrations of this backend (idempotent).
    pub async fn migrate(&self) -> Result<usize, StoreError> {
        migrate::run(&self.pool, self.backend).await
    }

    /// A trivial round trip, for `/healthz`.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query("SELECT 1").execute(&self.pool).await?;
        Ok(())
    }

    /// The journal mode of a SQLite store (`wal`), `None` for PostgreSQL.
    pub async fn sqlite_journal_mode(&self) -> Result<Option<String>, StoreError> {
        if self.backend != Backend::Sqlite {
            return Ok(None);
        }
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&self.pool)
            .await?;
        Ok(Some(mode))
    }

    /// Opens a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so a second writer waits on the busy timeout rather than failing
    /// with "database is locked" when its read lock cannot be upgraded.
    async fn begin_write(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Milliseconds since the Unix epoch: how the schema stores times.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// The URL without its password, for messages and logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let userinfo = &url[scheme + 3..at];
            match userinfo.find(':') {
                Some(colon) => format!("{}{}:***{}", &url[..scheme + 3], &userinfo[..colon], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Whether an error is a uniqueness violation (both backends report it the same way).
fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn urls_lose_their_password_in_messages() {
        assert_eq!(redact("postgres://u:secret@h:5/d"), "postgres://u:***@h:5/d");
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(redact("sqlite://./data/dossier.db"), "sqlite://./data/dossier.db");
    }
}
