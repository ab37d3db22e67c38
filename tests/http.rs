//! The service, started for real on port 0: health, checking an upload, and the error
//! contract (`{"code", "message"}` with the right status).

mod support;

use std::net::SocketAddr;

use dossier::config::Config;
use dossier::http::Application;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request, StatusCode};
use serde_json::Value;

struct TestApp {
    addr: SocketAddr,
    _data: tempfile::TempDir,
}

async fn spawn_app_with(tune: impl FnOnce(&mut Config)) -> TestApp {
    let data = tempfile::tempdir().expect("temp data dir");
    let mut config = Config {
        listen: "127.0.0.1:0".parse().expect("address"),
        data_dir: data.path().join("data"),
        workers: 2,
        ..Config::default()
    };
    tune(&mut config);
    let app = Application::build(&config).await.expect("the app starts");
    let addr = app.local_addr().expect("bound");
    tokio::spawn(app.run_until_stopped());
    assert!(config.data_dir.is_dir(), "the data folder is created at start");
    TestApp { addr, _data: data }
}

async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

impl TestApp {
    async fn send(&self, req: Request<Full<Bytes>>) -> (StatusCode, Value) {
        let (status, _, body) = support::client::send(self.addr, req).await;
        let json = serde_json::from_slice(&body)
            .unwrap_or_else(|e| panic!("JSON body ({e}): {}", String::from_utf8_lossy(&body)));
        (status, json)
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        let req = Request::get(path)
            .header("host", "localhost")
            .body(Full::new(Bytes::new()))
            .unwrap();
        self.send(req).await
    }

    /// POSTs a multipart form with one part named `field`.
    async fn post_file(&self, field: &str, name: &str, bytes: &[u8]) -> (StatusCode, Value) {
        let boundary = "dossier-test-boundary-7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!("Content-Disposition: form-data; name=\"{field}\"; filename=\"{name}\"\r\n").as_bytes(),
        );
        body.extend_from_slice(b"Content-Type: application/pdf\r\n\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri("/api/check")
            .header("host", "localhost")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Full::new(Bytes::from(body)))
            .unwrap();
        self.send(req).await
    }
}

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let (status, body) = app.get("/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, serde_json::json!({"status": "ok"}));
}

#[tokio::test]
async fn check_returns_the_json_report_of_an_uploaded_pdf() {
    let app = spawn_app().await;
    let (status, body) = app.post_file("file", "case.pdf", &support::good_pdf()).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let report: dossier::report::Report = serde_json::from_value(body).expect("a report");
    assert_eq!(report.file, "case.pdf");
    assert_eq!(report.pages, 3);
    assert_eq!(report.sha256.len(), 64);
}

#[tokio::test]
async fn check_rejects_a_non_pdf_with_422_and_a_code() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_file("file", "notes.pdf", b"just some text, renamed")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["code"], "unreadable_file");
    assert!(body["message"].as_str().unwrap().contains("not a PDF"), "{body}");
}

#[tokio::test]
async fn check_without_a_file_field_is_a_400() {
    let app = spawn_app().await;
    let (status, body) = app
        .post_file("attachment", "case.pdf", &support::good_pdf())
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "missing_file");
}

#[tokio::test]
async fn check_without_a_multipart_body_is_a_400() {
    let app = spawn_app().await;
    let req = Request::post("/api/check")
        .header("host", "localhost")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(b"{}")))
        .unwrap();
    let (status, body) = app.send(req).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["code"], "bad_multipart");
}

#[tokio::test]
async fn uploads_over_the_configured_limit_are_a_413() {
    let app = spawn_app_with(|c| c.max_upload_bytes = 1000).await;
    // Over the file limit but within the multipart allowance: refused by ingest.
    let (status, body) = app.post_file("file", "big.pdf", &vec![b'%'; 5_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "file_too_large");
    // Over the body limit itself: refused while reading the body.
    let (status, body) = app.post_file("file", "huge.pdf", &vec![b'%'; 300_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["code"], "file_too_large");
}
