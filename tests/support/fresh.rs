//! A store on a fresh database of each backend — a SQLite file in a temporary folder, or a
//! database of a throwaway PostgreSQL cluster — and `on_both_backends!`, which turns each
//! scenario `async fn(&Store)` into one test per backend. Included with `#[path]` by the test
//! crates that use it (it needs `support` beside it).

use dossier::store::{Backend, Store};

use crate::support;

/// A store on a fresh database of `backend`, and what keeps it alive.
pub struct Fresh {
    pub store: Store,
    _sqlite: Option<tempfile::TempDir>,
    _pg: Option<support::pg::PgCluster>,
}

pub async fn fresh(backend: Backend) -> Option<Fresh> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}", dir.path().join("dossier.db").display());
            let store = Store::open(&url).await.expect("open SQLite");
            Some(Fresh {
                store,
                _sqlite: Some(dir),
                _pg: None,
            })
        }
        Backend::Postgres => {
            let pg = support::pg::PgCluster::start()?;
            let url = pg.database("dossier_test");
            let store = Store::open(&url).await.expect("open PostgreSQL");
            Some(Fresh {
                store,
                _sqlite: None,
                _pg: Some(pg),
            })
        }
    }
}

/// Runs `scenario` against SQLite and PostgreSQL, as two tests.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $name() {
                    let f = super::fresh(dossier::store::Backend::Sqlite).await.expect("sqlite");
                    super::$name(&f.store).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test]
                async fn $name() {
                    let Some(f) = super::fresh(dossier::store::Backend::Postgres).await else { return };
                    super::$name(&f.store).await;
                }
            )*
        }
    };
}

pub(crate) use on_both_backends;
