//! Signing in: passwords, cookies, bearer tokens, sign-out, forged sessions, `dossier user add`.

use std::io::Write;
use std::process::{Command, Stdio};

use hyper::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

#[tokio::test]
async fn a_user_signs_in_and_is_known_by_bearer_token_and_by_cookie() {
    let app = spawn_app().await;
    app.add_user("wang", "unit_legal", Some("jingzhen")).await;
    let r = app
        .json(
            Method::POST,
            "/api/session",
            None,
            &json!({"username": "wang", "password": PASSWORD}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    let token = r.json["token"].as_str().unwrap().to_string();
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_string();
    assert!(
        cookie.starts_with("dossier_session=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");

    let me = app.get("/api/me", Some(&token)).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.json["username"], "wang");
    assert_eq!(me.json["role"], "unit_legal");
    assert_eq!(me.json["unit"], "jingzhen");

    let cookie_pair = cookie.split(';').next().unwrap();
    let req = TestApp::request(Method::GET, "/api/me", None)
        .header("cookie", format!("theme=dark; {cookie_pair}"))
        .body(Default::default())
        .unwrap();
    assert_eq!(app.send(req).await.json["username"], "wang");

    let out = app
        .send(
            TestApp::request(Method::DELETE, "/api/session", Some(&token))
                .body(Default::default())
                .unwrap(),
        )
        .await;
    assert_eq!(out.status, StatusCode::OK);
    let after = app.get("/api/me", Some(&token)).await;
    assert_eq!(
        after.status,
        StatusCode::UNAUTHORIZED,
        "a signed-out token is dead"
    );
}

#[tokio::test]
async fn wrong_passwords_unknown_users_and_forged_tokens_are_401s() {
    let app = spawn_app().await;
    app.add_user("zhao", "leader", None).await;
    for (user, pass) in [("zhao", "wrong-password"), ("nobody", PASSWORD)] {
        let r = app
            .json(
                Method::POST,
                "/api/session",
                None,
                &json!({"username": user, "password": pass}),
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.json);
        assert_eq!(r.json["code"], "bad_credentials");
    }
    let forged = app.get("/api/me", Some(&"0".repeat(64))).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    assert_eq!(forged.json["code"], "unauthenticated");
    let none = app.get("/api/me", None).await;
    assert_eq!(none.json["code"], "unauthenticated");
}

#[tokio::test]
async fn a_login_body_that_is_not_json_is_refused_clearly() {
    let app = spawn_app().await;
    let missing = app
        .json(Method::POST, "/api/session", None, &json!({"username": "x"}))
        .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST);
    assert_eq!(missing.json["code"], "invalid_json");
    let req = TestApp::request(Method::POST, "/api/session", None)
        .header("content-type", "text/plain")
        .body("username=x".to_string().into())
        .unwrap();
    let wrong_type = app.send(req).await;
    assert_eq!(wrong_type.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(wrong_type.json["code"], "unsupported_media_type");
}

#[test]
fn dossier_user_add_bootstraps_an_admin_who_can_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .arg("--data")
            .arg(dir.path())
            .env_remove("DATABASE_URL")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run dossier");
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = run(
        &["user", "add", "--username", "root", "--role", "admin"],
        "very-long-secret\n",
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let again = run(
        &["user", "add", "--username", "root", "--role", "admin"],
        "very-long-secret\n",
    );
    assert!(
        !again.status.success(),
        "a second user of the same name is refused"
    );
    let no_unit = run(
        &["user", "add", "--username", "li", "--role", "officer"],
        "very-long-secret\n",
    );
    assert!(String::from_utf8_lossy(&no_unit.stderr).contains("--unit"));
    let migrate = run(&["migrate"], "");
    assert!(
        migrate.status.success(),
        "{}",
        String::from_utf8_lossy(&migrate.stderr)
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let url = format!("sqlite://{}", dir.path().join("dossier.db").display());
        let store = dossier::store::Store::open(&url).await.unwrap();
        let creds = store.credentials("root").await.unwrap().expect("root exists");
        assert!(dossier::auth::verify_password(
            "very-long-secret",
            &creds.password_hash
        ));
    });
}
