//! The store against both backends: every scenario runs on a fresh SQLite file and on a
//! fresh database of a throwaway PostgreSQL cluster (see `support/pg.rs`).

#[path = "support/fresh.rs"]
mod fresh;
mod support;

use fresh::{fresh, on_both_backends};

use dossier::auth::{self, Role, Scope};
use dossier::store::dossiers::{ListFilter, NewUpload};
use dossier::store::{Backend, Store, StoreError};

on_both_backends!(
    migrating_twice_changes_nothing,
    users_sign_in_with_sessions_that_expire,
    a_taken_user_name_is_a_conflict,
    an_expired_lease_is_taken_over_until_the_attempts_run_out,
    concurrent_workers_never_claim_the_same_job,
    an_upload_makes_versions_per_case_and_recognises_duplicates,
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

/// An officer of unit `u1` and a queued upload of a file with hash `sha`.
async fn queued_upload(store: &Store, case: &str, sha: &str) -> i64 {
    let unit = store.ensure_unit("u1", None).await.unwrap();
    let user = match store.credentials("officer").await.unwrap() {
        Some(c) => c.user.id,
        None => store
            .add_user("officer", "x", Role::Officer, Some(unit))
            .await
            .unwrap(),
    };
    let created = store
        .create_upload(&NewUpload {
            unit_id: unit,
            case_number: case,
            case_name: "",
            sha256: sha,
            size: 10,
            kind: "PDF",
            file_name: "a.pdf",
            officer: "officer",
            uploaded_by: user,
            max_attempts: 2,
        })
        .await
        .unwrap();
    created.id
}

async fn an_expired_lease_is_taken_over_until_the_attempts_run_out(store: &Store) {
    let id = queued_upload(store, "C1", &"a".repeat(64)).await;
    let first = store.claim_job("w1", -1).await.unwrap().expect("claimable");
    assert_eq!((first.dossier_id, first.attempt), (id, 1));
    // w1 "died": its lease is already over, so w2 takes the job over.
    let second = store.claim_job("w2", -1).await.unwrap().expect("taken over");
    assert_eq!(second.attempt, 2);
    assert!(
        !store.renew_lease(&first, 60_000).await.unwrap(),
        "w1 lost the job"
    );
    assert!(
        store.claim_job("w3", 60_000).await.unwrap().is_none(),
        "no attempts left"
    );
    assert_eq!(store.reap_expired_jobs().await.unwrap(), 1);
    let job = store.job_state(id).await.unwrap();
    assert_eq!(job.status, "failed");
    assert!(job.last_error.unwrap().contains("worker stopped"));
    assert_eq!(store.dossier(Scope::All, id).await.unwrap().status, "failed");
}

async fn concurrent_workers_never_claim_the_same_job(store: &Store) {
    for i in 0..20 {
        queued_upload(store, &format!("K{i}"), &format!("{i:064x}")).await;
    }
    let mut tasks = Vec::new();
    for w in 0..4 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let mut got = Vec::new();
            while let Some(c) = store.claim_job(&format!("w{w}"), 60_000).await.unwrap() {
                got.push(c.job_id);
            }
            got
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all.sort();
    let n = all.len();
    all.dedup();
    assert_eq!((n, all.len()), (20, 20), "each job claimed exactly once");
}

async fn an_upload_makes_versions_per_case_and_recognises_duplicates(store: &Store) {
    let v1 = queued_upload(store, "D1", &"b".repeat(64)).await;
    let v2 = queued_upload(store, "D1", &"c".repeat(64)).await;
    let again = queued_upload(store, "D1", &"b".repeat(64)).await;
    assert_eq!(again, v1, "the same file for the same case is the same dossier");
    let other_case = queued_upload(store, "D2", &"b".repeat(64)).await;
    assert_ne!(other_case, v1);
    assert_eq!(store.dossier(Scope::All, v2).await.unwrap().version, 2);
    assert!(matches!(
        store.dossier(Scope::Unit(999), v2).await,
        Err(StoreError::NotFound)
    ));
    let filter = ListFilter {
        case_number: Some("D1".into()),
        limit: 10,
        ..ListFilter::default()
    };
    let (items, total) = store.list_dossiers(Scope::All, &filter).await.unwrap();
    assert_eq!(total, 2);
    assert_eq!(items.len(), 2);
    let (_, none) = store.list_dossiers(Scope::Unit(999), &filter).await.unwrap();
    assert_eq!(none, 0, "another unit sees nothing");
}
