//! `spawn_app()`: the real service on port 0 with a fresh data folder (and, for
//! `spawn_app_on(Backend::Postgres)`, a fresh PostgreSQL cluster), a tiny HTTP client over
//! hyper, and users to sign in as.

#![allow(dead_code)] // shared by the test modules; each uses a part

use std::net::SocketAddr;

use dossier::config::Config;
use dossier::http::Application;
use dossier::store::{Backend, Store};
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{HeaderMap, Method, Request, StatusCode};
use serde_json::Value;

use crate::support::pg::PgCluster;

pub const PASSWORD: &str = "correct-horse-battery";

pub struct TestApp {
    pub addr: SocketAddr,
    pub store: Store,
    pub data: std::path::PathBuf,
    _dir: tempfile::TempDir,
    _pg: Option<PgCluster>,
}

/// A response: status, headers and the body (JSON when it parses, else `Value::Null`).
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Bytes,
    pub json: Value,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(Backend::Sqlite, |_| {}).await.expect("SQLite app")
}

/// The app on `backend`; `None` when PostgreSQL is not installed (and CI is unset).
pub async fn spawn_app_with(backend: Backend, tune: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("temp data dir");
    let pg = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(PgCluster::start()?),
    };
    let mut config = Config {
        listen: "127.0.0.1:0".parse().expect("address"),
        data_dir: dir.path().join("data"),
        workers: 2,
        ocr_workers: 1,
        database_url: pg.as_ref().map(|p| p.database("dossier_api")),
        ..Config::default()
    };
    tune(&mut config);
    let app = Application::build(&config).await.expect("the app starts");
    let addr = app.local_addr().expect("bound");
    let store = app.store();
    tokio::spawn(app.run_until_stopped());
    Some(TestApp {
        addr,
        store,
        data: config.data_dir.clone(),
        _dir: dir,
        _pg: pg,
    })
}

impl TestApp {
    /// Adds a user with `PASSWORD`.
    pub async fn add_user(&self, username: &str, role: &str, unit: Option<&str>) {
        dossier::users::add_user(&self.store, username, role, unit, PASSWORD)
            .await
            .expect("add user");
    }

    /// Adds a user and signs in; returns the bearer token.
    pub async fn user(&self, username: &str, role: &str, unit: Option<&str>) -> String {
        self.add_user(username, role, unit).await;
        self.login(username, PASSWORD).await
    }

    pub async fn login(&self, username: &str, password: &str) -> String {
        let r = self
            .json(
                Method::POST,
                "/api/session",
                None,
                &serde_json::json!({"username": username, "password": password}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "login {username}: {}", r.json);
        r.json["token"].as_str().expect("token").to_string()
    }

    pub async fn send(&self, req: Request<Full<Bytes>>) -> Resp {
        let (status, headers, bytes) = crate::support::client::send(self.addr, req).await;
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Resp {
            status,
            headers,
            bytes,
            json,
        }
    }

    pub fn request(method: Method, path: &str, token: Option<&str>) -> hyper::http::request::Builder {
        let mut b = Request::builder()
            .method(method)
            .uri(path)
            .header("host", "localhost");
        if let Some(t) = token {
            b = b.header("authorization", format!("Bearer {t}"));
        }
        b
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Resp {
        let req = Self::request(Method::GET, path, token)
            .body(Full::new(Bytes::new()))
            .unwrap();
        self.send(req).await
    }

    pub async fn json(&self, method: Method, path: &str, token: Option<&str>, body: &Value) -> Resp {
        let req = Self::request(method, path, token)
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(body.to_string())))
            .unwrap();
        self.send(req).await
    }

    /// POSTs a multipart form: text fields, then the file (if any) as part `file`.
    pub async fn multipart(
        &self,
        path: &str,
        token: Option<&str>,
        fields: &[(&str, &str)],
        file: Option<(&str, &[u8])>,
    ) -> Resp {
        let (content_type, body) = multipart_body(fields, file);
        let req = Self::request(Method::POST, path, token)
            .header("content-type", content_type)
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        self.send(req).await
    }
}

pub fn multipart_body(fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (String, Vec<u8>) {
    let boundary = "dossier-test-boundary-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    if let Some((name, bytes)) = file {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl TestApp {
    /// Uploads `bytes` as case `case_number`; returns the response.
    pub async fn upload(&self, token: &str, case_number: &str, name: &str, bytes: &[u8]) -> Resp {
        self.multipart(
            "/api/dossiers",
            Some(token),
            &[("case_number", case_number), ("case_name", "测试案")],
            Some((name, bytes)),
        )
        .await
    }

    /// Polls the dossier until its check is `done` or `failed` (60 s at most).
    pub async fn wait_checked(&self, token: &str, id: i64) -> Value {
        for _ in 0..600 {
            let r = self.get(&format!("/api/dossiers/{id}"), Some(token)).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.json);
            if matches!(r.json["status"].as_str(), Some("done" | "failed")) {
                return r.json;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("dossier {id} was not checked within 60 s");
    }
}

/// A generated exported dossier with defects (or the small text PDF when the fixtures have
/// not been generated), and how many defects its truth lists.
pub fn dossier_pdf() -> (Vec<u8>, usize) {
    match crate::support::fixture_with_most_defects() {
        Some((path, n)) => (std::fs::read(path).expect("fixture"), n),
        None => (crate::support::good_pdf(), 0),
    }
}
