//! Killing the server mid-job loses nothing: the real binary is started, given a dossier,
//! SIGKILLed while its worker holds the job (slowed by `DOSSIER_JOB_DELAY_MS` so the kill
//! lands mid-job), and restarted; the job's lease runs out, the new process takes it over, and
//! the dossier completes with the same defects `dossier check` finds.

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Request, StatusCode};
use serde_json::Value;

fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

fn serve(data: &Path, addr: SocketAddr, delay_ms: u64) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("serve")
        .env("DOSSIER_DATA", data)
        .env("DOSSIER_LISTEN", addr.to_string())
        .env("DOSSIER_WORKERS", "1")
        .env("DOSSIER_JOB_LEASE_SECS", "2")
        .env("DOSSIER_JOB_DELAY_MS", delay_ms.to_string())
        .env("OMP_THREAD_LIMIT", "1")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start dossier serve")
}

async fn call(addr: SocketAddr, req: Request<Full<Bytes>>) -> (StatusCode, Value) {
    let (status, _, body) = support::client::send(addr, req).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn wait_healthy(addr: SocketAddr) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect(addr).await.is_ok() {
            let req = Request::get("/healthz")
                .header("host", "x")
                .body(Full::default())
                .unwrap();
            if call(addr, req).await.0 == StatusCode::OK {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up on {addr}");
}

async fn dossier(addr: SocketAddr, token: &str, id: i64) -> Value {
    let req = Request::get(format!("/api/dossiers/{id}"))
        .header("host", "x")
        .header("authorization", format!("Bearer {token}"))
        .body(Full::default())
        .unwrap();
    let (status, body) = call(addr, req).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

#[tokio::test]
async fn a_server_killed_mid_job_finishes_the_dossier_after_restart() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let mut add = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args([
            "user",
            "add",
            "--username",
            "o",
            "--role",
            "officer",
            "--unit",
            "u1",
            "--data",
        ])
        .arg(&data)
        .env_remove("DATABASE_URL")
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    add.stdin
        .take()
        .unwrap()
        .write_all(b"long-enough-password\n")
        .unwrap();
    assert!(add.wait().unwrap().success());

    let addr = free_addr();
    let mut server = serve(&data, addr, 20_000);
    wait_healthy(addr).await;
    let login = Request::post("/api/session")
        .header("host", "x")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from_static(
            br#"{"username":"o","password":"long-enough-password"}"#,
        )))
        .unwrap();
    let (_, body) = call(addr, login).await;
    let token = body["token"].as_str().unwrap().to_string();

    let (pdf, _) = match support::fixture_with_most_defects() {
        Some((path, n)) => (std::fs::read(&path).unwrap(), n),
        None => (support::good_pdf(), 0),
    };
    let (content_type, form) = {
        let boundary = "crash-test-boundary";
        let mut b = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"case_number\"\r\n\r\nK-1\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.pdf\"\r\n\r\n"
        )
        .into_bytes();
        b.extend_from_slice(&pdf);
        b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), b)
    };
    let upload = Request::post("/api/dossiers")
        .header("host", "x")
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", content_type)
        .body(Full::new(Bytes::from(form)))
        .unwrap();
    let (status, created) = call(addr, upload).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    let id = created["id"].as_i64().unwrap();

    // Wait until the worker holds the job, then SIGKILL the whole server.
    let deadline = Instant::now() + Duration::from_secs(15);
    while dossier(addr, &token, id).await["status"] != "processing" {
        assert!(Instant::now() < deadline, "the job was never claimed");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix.
    server.wait().unwrap();

    let mut server = serve(&data, addr, 0);
    wait_healthy(addr).await;
    let deadline = Instant::now() + Duration::from_secs(60);
    let done = loop {
        let d = dossier(addr, &token, id).await;
        if d["status"] == "done" || d["status"] == "failed" {
            break d;
        }
        assert!(Instant::now() < deadline, "not finished after restart: {d}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    server.kill().unwrap();
    server.wait().unwrap();

    assert_eq!(done["status"], "done", "{done}");
    assert_eq!(done["job"]["attempts"], 2, "the second attempt finished it");
    let path = support::write(dir.path(), "k.pdf", &pdf);
    let cli = support::dossier(&[
        std::ffi::OsStr::new("check"),
        std::ffi::OsStr::new("--json"),
        path.as_os_str(),
    ]);
    let direct: Value = serde_json::from_slice(&cli.stdout).expect("dossier check --json");
    let rules = |v: &Value| {
        let mut r: Vec<(String, u64)> = v
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["page"].as_u64().unwrap(),
                )
            })
            .collect();
        r.sort();
        r
    };
    assert_eq!(
        rules(&done["defects"]),
        rules(&direct["defects"]),
        "the same defects as a direct check"
    );
}
