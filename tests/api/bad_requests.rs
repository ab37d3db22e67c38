//! Bad requests get clear 4xx answers with a stable code: missing fields, a wrong content
//! type, a 2 GB body, a path-traversal file name, unknown ids, malformed JSON, bad filters,
//! forged sessions — and a half-sent upload leaves no file and no row.

use std::time::Duration;

use hyper::{Method, StatusCode};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::helpers::{TestApp, multipart_body, spawn_app};

async fn officer_app() -> (TestApp, String) {
    let app = spawn_app().await;
    let token = app.user("o", "officer", Some("u1")).await;
    (app, token)
}

#[tokio::test]
async fn an_upload_without_case_number_or_file_names_what_is_missing() {
    let (app, t) = officer_app().await;
    let pdf = crate::support::good_pdf();
    let r = app
        .multipart("/api/dossiers", Some(&t), &[], Some(("a.pdf", &pdf)))
        .await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_field"))
    );
    assert_eq!(r.json["field"], "case_number");
    let r = app
        .multipart("/api/dossiers", Some(&t), &[("case_number", "X-1")], None)
        .await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("missing_file"))
    );
}

#[tokio::test]
async fn an_upload_that_is_not_multipart_or_not_a_dossier_is_refused() {
    let (app, t) = officer_app().await;
    let r = app
        .json(
            Method::POST,
            "/api/dossiers",
            Some(&t),
            &json!({"case_number": "X"}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_multipart"))
    );
    let r = app
        .upload(&t, "X-2", "notes.pdf", b"just text, renamed to .pdf")
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.json);
    assert_eq!(r.json["code"], "unreadable_file");
    let empty = app.upload(&t, "X-3", "empty.pdf", b"").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.json);
    let list = app.get("/api/dossiers", Some(&t)).await;
    assert_eq!(list.json["total"], 0, "nothing refused is recorded");
}

#[tokio::test]
async fn a_path_traversal_file_name_is_refused() {
    let (app, t) = officer_app().await;
    let pdf = crate::support::good_pdf();
    for name in ["../../etc/passwd", "..\\\\boot.ini", "/abs/path.pdf"] {
        let r = app.upload(&t, "X-4", name, &pdf).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{name}: {}", r.json);
        assert_eq!(r.json["field"], "file", "{name}");
    }
}

#[tokio::test]
async fn a_two_gigabyte_body_is_refused_without_being_read() {
    let (app, t) = officer_app().await;
    let (content_type, body) = multipart_body(&[("case_number", "BIG")], Some(("big.pdf", b"%PDF-1.7\n")));
    let head = format!(
        "POST /api/dossiers HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {t}\r\n\
         content-type: {content_type}\r\ncontent-length: 2147483648\r\n\r\n"
    );
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..body.len() - 40]).await.unwrap();
    let mut answer = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut answer))
        .await
        .expect("an answer before the body ends")
        .unwrap();
    let text = String::from_utf8_lossy(&answer[..n]);
    assert!(text.starts_with("HTTP/1.1 413"), "{text}");
    assert!(text.contains("file_too_large"), "{text}");
}

#[tokio::test]
async fn a_half_sent_upload_leaves_no_file_and_no_row() {
    let (app, t) = officer_app().await;
    let pdf = crate::support::good_pdf();
    let (content_type, body) = multipart_body(&[("case_number", "HALF")], Some(("half.pdf", &pdf)));
    let head = format!(
        "POST /api/dossiers HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {t}\r\n\
         content-type: {content_type}\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let mut stream = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&body[..body.len() / 2]).await.unwrap();
    drop(stream);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let list = app.get("/api/dossiers", Some(&t)).await;
    assert_eq!(list.json["total"], 0);
    let tmp = app.data.join("files/tmp");
    let left = std::fs::read_dir(&tmp).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left, 0, "no partial file is left in {}", tmp.display());
    let stored = std::fs::read_dir(app.data.join("files"))
        .map(|d| {
            d.filter_map(Result::ok)
                .filter(|e| e.file_name() != "tmp")
                .count()
        })
        .unwrap_or(0);
    assert_eq!(stored, 0, "nothing is stored under a hash");
}

#[tokio::test]
async fn unknown_or_malformed_ids_are_404_or_400() {
    let app = spawn_app().await;
    let legal = app.user("l", "unit_legal", Some("u1")).await;
    let r = app
        .json(
            Method::POST,
            "/api/defects/424242/confirm",
            Some(&legal),
            &json!({}),
        )
        .await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("defect_not_found"))
    );
    let r = app.get("/api/dossiers/424242", Some(&legal)).await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::NOT_FOUND, Some("dossier_not_found"))
    );
    let r = app.get("/api/dossiers/abc", Some(&legal)).await;
    assert_eq!(
        (r.status, r.json["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("id"))
    );
    let r = app
        .get("/api/dossiers/1/pages/..%2F..%2Fetc.png", Some(&legal))
        .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.json);
}

#[tokio::test]
async fn malformed_review_bodies_and_filters_are_400s() {
    let app = spawn_app().await;
    let legal = app.user("l", "unit_legal", Some("u1")).await;
    let req = TestApp::request(Method::POST, "/api/defects/1/reject", Some(&legal))
        .header("content-type", "application/json")
        .body("{not json".to_string().into())
        .unwrap();
    let r = app.send(req).await;
    assert_eq!(
        (r.status, r.json["code"].as_str()),
        (StatusCode::BAD_REQUEST, Some("invalid_json"))
    );
    for query in [
        "status=finished",
        "category=bad_category",
        "from=2026-02-30",
        "page=0",
        "per_page=10000",
        "sort=sideways",
    ] {
        let r = app.get(&format!("/api/dossiers?{query}"), Some(&legal)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}: {}", r.json);
        assert_eq!(r.json["code"], "invalid_field", "{query}");
    }
}

#[tokio::test]
async fn a_forged_or_malformed_session_is_a_401() {
    let app = spawn_app().await;
    app.user("l", "leader", None).await;
    for header in ["Bearer forged", "Bearer ", "Basic bDpw"] {
        let req = TestApp::request(Method::GET, "/api/dossiers", None)
            .header("authorization", header)
            .body(Default::default())
            .unwrap();
        let r = app.send(req).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{header}");
    }
    let req = TestApp::request(Method::GET, "/api/dossiers", None)
        .header("cookie", "dossier_session=0123456789abcdef")
        .body(Default::default())
        .unwrap();
    assert_eq!(app.send(req).await.json["code"], "unauthenticated");
}
