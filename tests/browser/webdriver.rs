//! A small WebDriver client: chromedriver started on a free port, one headless Chromium
//! session at 1366×768 in zh-CN, and the few commands the tests use, spoken as W3C WebDriver
//! JSON over the hyper client the other tests already use (no extra crate to build).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use http_body_util::Full;
use hyper::body::Bytes;
use hyper::{Method, Request};
use serde_json::{Value, json};

/// The key under which WebDriver returns an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Where the browser and its driver are: `CHROMIUM` / `CHROMEDRIVER`, else Debian's paths.
fn browser_paths() -> Option<(PathBuf, PathBuf)> {
    let pick = |var: &str, default: &str| {
        let path = std::env::var_os(var).map_or_else(|| PathBuf::from(default), PathBuf::from);
        path.exists().then_some(path)
    };
    Some((
        pick("CHROMIUM", "/usr/bin/chromium")?,
        pick("CHROMEDRIVER", "/usr/bin/chromedriver")?,
    ))
}

/// The browser, or `None` (the test skips) when it is not installed and CI is unset; under
/// CI a missing browser fails the test, so a broken setup cannot pass unnoticed.
pub async fn browser() -> Option<Browser> {
    let Some((chromium, driver)) = browser_paths() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI is set but chromium/chromedriver are missing: scripts/setup.sh installs them"
        );
        eprintln!("skipped: chromium and chromium-driver are not installed (scripts/setup.sh)");
        return None;
    };
    Some(Browser::start(&chromium, &driver).await)
}

pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
}

/// An element reference of the current page.
#[derive(Clone, Debug)]
pub struct Element(String);

impl Browser {
    async fn start(chromium: &Path, driver: &Path) -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let mut browser = Browser {
            driver: child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            session: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if browser.ready().await {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start within 20 s"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium.to_string_lossy(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1366,768", "--lang=zh-CN", "--force-device-scale-factor=1"],
                "prefs": {"intl.accept_languages": "zh-CN"}
            }
        }}});
        let created = browser.call(Method::POST, "/session", Some(caps)).await;
        browser.session = created["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {created}"))
            .to_string();
        browser
    }

    /// Whether chromedriver answers `/status` with ready. While it starts it may refuse the
    /// connection, or accept it and reset it (seen on a loaded 2-core CI machine): not ready.
    async fn ready(&self) -> bool {
        let req = Request::builder()
            .uri("/status")
            .header("host", self.addr.to_string())
            .body(Full::new(Bytes::new()))
            .expect("request");
        match crate::support::client::try_send(self.addr, req).await {
            Ok((status, _, bytes)) => {
                status.is_success()
                    && serde_json::from_slice::<Value>(&bytes).is_ok_and(|v| v["value"]["ready"] == true)
            }
            Err(_) => false,
        }
    }

    /// One WebDriver command; its `value`, or a panic naming the WebDriver error.
    async fn call(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let req = Request::builder()
            .method(method.clone())
            .uri(path)
            .header("host", self.addr.to_string())
            .header("content-type", "application/json")
            .body(Full::new(Bytes::from(
                body.map_or_else(String::new, |b| b.to_string()),
            )))
            .expect("request");
        let (status, _, bytes) = crate::support::client::send(self.addr, req).await;
        let v: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        assert!(status.is_success(), "WebDriver {method} {path}: {status} {v}");
        v["value"].clone()
    }

    async fn cmd(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        self.call(method, &format!("/session/{}{path}", self.session), body)
            .await
    }

    pub async fn goto(&self, url: &str) {
        self.cmd(Method::POST, "/url", Some(json!({"url": url}))).await;
    }

    pub async fn refresh(&self) {
        self.cmd(Method::POST, "/refresh", Some(json!({}))).await;
    }

    /// Runs `script` (a function body; `arguments` holds `args`) and returns its value.
    pub async fn js(&self, script: &str, args: Value) -> Value {
        self.cmd(
            Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": args})),
        )
        .await
    }

    /// Elements matching `css` now (possibly none).
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let found = self
            .cmd(
                Method::POST,
                "/elements",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        found
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str())
                    .map(|id| Element(id.into()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first element matching `css`, waiting up to `secs` for it to appear.
    pub async fn wait(&self, css: &str, secs: u64) -> Element {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            if let Some(e) = self.find_all(css).await.into_iter().next() {
                return e;
            }
            if Instant::now() >= deadline {
                panic!(
                    "{css} did not appear within {secs} s; {}",
                    self.what_is_shown().await
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until `script` (a function body) returns something truthy, and returns it.
    pub async fn wait_js(&self, what: &str, script: &str, secs: u64) -> Value {
        let deadline = Instant::now() + Duration::from_secs(secs);
        loop {
            let v = self.js(script, json!([])).await;
            if !matches!(v, Value::Null | Value::Bool(false)) && v != json!(0) && v != json!("") {
                return v;
            }
            if Instant::now() >= deadline {
                panic!("{what}: not within {secs} s; {}", self.what_is_shown().await);
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    pub async fn click(&self, e: &Element) {
        self.cmd(Method::POST, &format!("/element/{}/click", e.0), Some(json!({})))
            .await;
    }

    /// Types `text` into the element (for a file input: the file's path).
    pub async fn type_into(&self, e: &Element, text: &str) {
        self.cmd(
            Method::POST,
            &format!("/element/{}/value", e.0),
            Some(json!({"text": text})),
        )
        .await;
    }

    pub async fn text(&self, e: &Element) -> String {
        let v = self
            .cmd(Method::GET, &format!("/element/{}/text", e.0), None)
            .await;
        v.as_str().unwrap_or_default().to_string()
    }

    /// Presses and releases one key on whatever has the focus, as a person would.
    pub async fn press(&self, key: &str) {
        let actions = json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
            {"type": "keyDown", "value": key}, {"type": "keyUp", "value": key}]}]});
        self.cmd(Method::POST, "/actions", Some(actions)).await;
    }

    /// Drags the mouse over `e` from one point to another, each given in CSS pixels from the
    /// element's centre.
    pub async fn drag(&self, e: &Element, from: (i64, i64), to: (i64, i64)) {
        let origin = json!({ELEMENT_KEY: e.0});
        let actions = json!({"actions": [{"type": "pointer", "id": "mouse",
            "parameters": {"pointerType": "mouse"}, "actions": [
                {"type": "pointerMove", "origin": origin, "x": from.0, "y": from.1, "duration": 0},
                {"type": "pointerDown", "button": 0},
                {"type": "pointerMove", "origin": origin, "x": to.0, "y": to.1, "duration": 150},
                {"type": "pointerUp", "button": 0}]}]});
        self.cmd(Method::POST, "/actions", Some(actions)).await;
    }

    /// Saves a PNG of the viewport to `path`.
    pub async fn screenshot(&self, path: &Path) {
        let b64 = self.cmd(Method::GET, "/screenshot", None).await;
        let png = decode_base64(b64.as_str().unwrap_or_default());
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot folder");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    /// The page's address, text and errors, for a failure message.
    async fn what_is_shown(&self) -> String {
        let v = self
            .js(
                "return [location.href, document.body ? document.body.innerText.slice(0, 600) : '', window.__errors];",
                json!([]),
            )
            .await;
        format!("the page shows: {v}")
    }

    /// Uncaught errors and rejected promises of the page so far (errors.js keeps them).
    pub async fn page_errors(&self) -> Vec<String> {
        let v = self.js("return window.__errors || [];", json!([])).await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// Ends the session and the driver (also done on drop, without waiting).
    pub async fn quit(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(10), self.cmd(Method::DELETE, "", None)).await;
        self.session.clear();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // A test that panicked never reached `quit`: end the session first, or its Chromium
        // (which chromedriver starts on a debugging port, not a pipe) outlives the driver.
        if !self.session.is_empty() {
            end_session_blocking(self.addr, &self.session);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// `DELETE /session/{id}` over a plain socket: `drop` cannot await the async client.
fn end_session_blocking(addr: SocketAddr, session: &str) {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)) else {
        return;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let request = format!(
        "DELETE /session/{session} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_ok() {
        // The answer comes once the browser is closed; chromedriver may keep the socket open.
        let _ = stream.read(&mut [0u8; 1024]);
    }
}

/// Standard base64 (screenshots), without pulling in a crate for it.
fn decode_base64(s: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for v in s.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
