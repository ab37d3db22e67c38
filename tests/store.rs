//! The store against both backends: every scenario runs on a fresh SQLite file and on a
//! fresh database of a throwaway PostgreSQL cluster (see `support/pg.rs`).

mod support;

use dossier::auth::{self, Role};
use dossier::store::{Backend, Store, StoreError};

/// A store on a fresh database of `backend`, and what keeps it alive.
pub struct Fresh {
    pub store: Store,
    _sqlite: Option<tempfile::TempDir>,
    _pg: Option<support::pg::PgCluster>,
}

async fn fresh(backend: Backend) -> Option<Fresh> {
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

on_both_backends!(
    migrating_twice_changes_nothing,
    users_sign_in_with_sessions_that_expire,
    a_taken_user_name_is_a_conflict,
);

async fn migrating_twice_changes_nothing(store: &Store) {
    store.migrate().await.expect("second migration is a no-op");
    store.ping().await.expect("ping");
    if store.backend() == Backend::Sqlite {
        assert_eq!(store.sqlite_journal_mode().await.unwrap().as_deref(), Some("wal"));
    }
}

async fn users_sign_in_with_sessions_that_expire(store: &Store) {
    let unit = store.ensure_unit("xingzhen", Some("刑侦大队")).await.unwrap();
    assert_eq!(
        store.ensure_unit("xingzhen", None).await.unwrap(),
        unit,
        "ensure_unit is idempotent"
    );
    let hash = auth::hash_password("s3cret-pass").unwrap();
    let id = store
        .add_user("zhang", &hash, Role::Officer, Some(unit))
        .await
        .unwrap();
    let creds = store.credentials("zhang").await.unwrap().expect("the user");
    assert_eq!(creds.user.id, id);
    assert_eq!(creds.user.role, Role::Officer);
    assert_eq!(creds.user.unit.as_deref(), Some("xingzhen"));
    assert!(auth::verify_password("s3cret-pass", &creds.password_hash));
    assert!(store.credentials("nobody").await.unwrap().is_none());

    let token = auth::new_token();
    store
        .create_session(&auth::token_digest(&token), id, 60_000)
        .await
        .unwrap();
    let user = store.session_user(&auth::token_digest(&token)).await.unwrap();
    assert_eq!(user.map(|u| u.username), Some("zhang".to_string()));
    assert!(
        store
            .session_user(&auth::token_digest("forged"))
            .await
            .unwrap()
            .is_none()
    );
    store.delete_session(&auth::token_digest(&token)).await.unwrap();
    assert!(
        store
            .session_user(&auth::token_digest(&token))
            .await
            .unwrap()
            .is_none()
    );

    let expired = auth::new_token();
    store
        .create_session(&auth::token_digest(&expired), id, -1)
        .await
        .unwrap();
    assert!(
        store
            .session_user(&auth::token_digest(&expired))
            .await
            .unwrap()
            .is_none()
    );
}

async fn a_taken_user_name_is_a_conflict(store: &Store) {
    store.add_user("li", "x", Role::Admin, None).await.unwrap();
    let err = store.add_user("li", "y", Role::Leader, None).await.unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
}
