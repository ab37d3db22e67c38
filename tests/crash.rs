//! The job queue across real processes. Killing the server mid-job loses nothing: the binary
//! is started, given a dossier, SIGKILLed while its worker holds the job (slowed by
//! `DOSSIER_JOB_DELAY_MS` so the kill lands mid-job), and restarted; the job's lease runs
//! out, the new process takes it over, and the dossier completes with the same defects
//! `dossier check` finds. And on PostgreSQL, a `serve` and two `dossier worker` processes
//! share one queue without checking any dossier twice.

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
    process("serve", data, addr, delay_ms, None)
}

fn process(command: &str, data: &Path, addr: SocketAddr, delay_ms: u64, database: Option<&str>) -> Child {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.arg(command);
    match database {
        Some(url) => c.env("DATABASE_URL", url),
        None => c.env_remove("DATABASE_URL"),
    };
    c.env("DOSSIER_DATA", data)
        .env("DOSSIER_LISTEN", addr.to_string())
        .env("DOSSIER_WORKERS", "1")
        .env("DOSSIER_JOB_LEASE_SECS", "2")
        .env("DOSSIER_JOB_DELAY_MS", delay_ms.to_string())
        .env("OMP_THREAD_LIMIT", "1")
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

fn add_user(data: &Path, database: Option<&str>, args: &[&str]) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dossier"));
    c.args(["user", "add"]).args(args).arg("--data").arg(data);
    match database {
        Some(url) => c.env("DATABASE_URL", url),
        None => c.env_remove("DATABASE_URL"),
    };
    let mut add = c.stdin(Stdio::piped()).spawn().unwrap();
    use std::io::Write;
    add.stdin
        .take()
        .unwrap()
        .write_all(b"long-enough-password\n")
        .unwrap();
    assert!(add.wait().unwrap().success());
}

async fn login(addr: SocketAddr, user: &str) -> String {
    let body = format!(r#"{{"username":"{user}","password":"long-enough-password"}}"#);
    let login = Request::post("/api/session")
        .header("host", "x")
        .header("content-type", "application/json")
        .body(Full::new(Bytes::from(body)))
        .unwrap();
    let (status, body) = call(addr, login).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["token"].as_str().unwrap().to_string()
}

/// Uploads `pdf` as case `case`; returns the dossier id.
async fn upload(addr: SocketAddr, token: &str, case: &str, pdf: &[u8]) -> i64 {
    let boundary = "crash-test-boundary";
    let mut form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"case_number\"\r\n\r\n{case}\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.pdf\"\r\n\r\n"
    )
    .into_bytes();
    form.extend_from_slice(pdf);
    form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let req = Request::post("/api/dossiers")
        .header("host", "x")
        .header("authorization", format!("Bearer {token}"))
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Full::new(Bytes::from(form)))
        .unwrap();
    let (status, created) = call(addr, req).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{created}");
    created["id"].as_i64().unwrap()
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
    add_user(
        &data,
        None,
        &["--username", "o", "--role", "officer", "--unit", "u1"],
    );
    let addr = free_addr();
    let mut server = serve(&data, addr, 20_000);
    wait_healthy(addr).await;
    let token = login(addr, "o").await;
    let pdf = match support::fixture_with_most_defects() {
        Some((path, _)) => std::fs::read(&path).unwrap(),
        None => support::good_pdf(),
    };
    let id = upload(addr, &token, "K-1", &pdf).await;

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

#[tokio::test]
async fn serve_and_two_workers_share_one_postgresql_queue_without_checking_twice() {
    let Some(pg) = support::pg::PgCluster::start() else {
        return;
    };
    let url = pg.database("dossier_queue");
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    add_user(
        &data,
        Some(&url),
        &["--username", "o", "--role", "officer", "--unit", "u1"],
    );
    let addr = free_addr();
    // Every process waits a little after each claim, so the three really compete.
    let mut procs = vec![process("serve", &data, addr, 300, Some(&url))];
    wait_healthy(addr).await;
    for _ in 0..2 {
        procs.push(process("worker", &data, free_addr(), 300, Some(&url)));
    }
    let token = login(addr, "o").await;
    let pdf = support::good_pdf();
    let mut ids = Vec::new();
    for i in 0..12 {
        // A distinct file per case (the same bytes for one case would be a duplicate).
        let mut bytes = pdf.clone();
        bytes.extend_from_slice(format!("\n% {i}\n").as_bytes());
        ids.push(upload(addr, &token, &format!("Q-{i}"), &bytes).await);
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    for id in &ids {
        loop {
            let d = dossier(addr, &token, *id).await;
            if d["status"] == "done" {
                assert_eq!(
                    d["job"]["attempts"], 1,
                    "dossier {id} was claimed more than once: {d}"
                );
                break;
            }
            assert_ne!(d["status"], "failed", "{d}");
            assert!(Instant::now() < deadline, "not all checked: {d}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    for mut p in procs {
        p.kill().unwrap();
        p.wait().unwrap();
    }
}
