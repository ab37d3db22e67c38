//! Real receivers for the digest tests, on port 0 of this machine: an HTTP server that takes
//! the webhook's JSON POSTs (and can be told to fail the first N), and a minimal SMTP server
//! speaking just enough of RFC 5321 (greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT)
//! for lettre to hand it a message. Included with `#[path]` by the test crates that use it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// The webhook receiver: what it accepted, and how many requests it saw in all.
#[derive(Clone)]
pub struct Webhook {
    pub url: String,
    accepted: Arc<Mutex<Vec<serde_json::Value>>>,
    requests: Arc<AtomicUsize>,
}

impl Webhook {
    /// Starts a receiver that answers 500 to its first `failures` requests, then 200.
    pub async fn start(failures: usize) -> Webhook {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the webhook receiver");
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let accepted = Arc::new(Mutex::new(Vec::new()));
        let requests = Arc::new(AtomicUsize::new(0));
        let (acc, reqs) = (accepted.clone(), requests.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let (acc, reqs) = (acc.clone(), reqs.clone());
                let service =
                    hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
                        let (acc, reqs) = (acc.clone(), reqs.clone());
                        async move {
                            let n = reqs.fetch_add(1, Ordering::SeqCst);
                            let bytes = req.into_body().collect().await?.to_bytes();
                            let status = if n < failures {
                                500
                            } else {
                                let json = serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null);
                                acc.lock().unwrap().push(json);
                                200
                            };
                            let mut response = hyper::Response::new(Full::new(Bytes::from_static(b"{}")));
                            *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
                            Ok::<_, hyper::Error>(response)
                        }
                    });
                tokio::spawn(async move {
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Webhook {
            url,
            accepted,
            requests,
        }
    }

    pub fn accepted(&self) -> Vec<serde_json::Value> {
        self.accepted.lock().unwrap().clone()
    }

    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }

    /// Waits (up to 10 s) until `n` bodies were accepted.
    pub async fn wait_for(&self, n: usize) {
        for _ in 0..200 {
            if self.accepted.lock().unwrap().len() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the webhook got {} of {n} digests", self.accepted().len());
    }
}

/// One message the SMTP server took.
#[derive(Debug, Clone)]
pub struct Mail {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and body) as sent after DATA.
    pub data: String,
}

impl Mail {
    /// The body, decoded from base64 or quoted-printable when the message says so.
    pub fn text(&self) -> String {
        let (head, body) = self.data.split_once("\r\n\r\n").unwrap_or(("", &self.data));
        let head = head.to_ascii_lowercase();
        if head.contains("content-transfer-encoding: base64") {
            String::from_utf8(base64(body)).expect("UTF-8 body")
        } else if head.contains("content-transfer-encoding: quoted-printable") {
            String::from_utf8(quoted_printable(body)).expect("UTF-8 body")
        } else {
            body.to_string()
        }
    }
}

/// The SMTP listener: the messages it took.
#[derive(Clone)]
pub struct Smtp {
    pub url: String,
    mails: Arc<Mutex<Vec<Mail>>>,
}

impl Smtp {
    pub async fn start() -> Smtp {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP listener");
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let mails = Arc::new(Mutex::new(Vec::new()));
        let taken = mails.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let taken = taken.clone();
                tokio::spawn(async move {
                    let _ = session(stream, taken).await;
                });
            }
        });
        Smtp { url, mails }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.mails.lock().unwrap().clone()
    }

    pub async fn wait_for(&self, n: usize) {
        for _ in 0..200 {
            if self.mails.lock().unwrap().len() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the SMTP listener got {} of {n} mails", self.mails().len());
    }
}

async fn session(stream: tokio::net::TcpStream, taken: Arc<Mutex<Vec<Mail>>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    write.write_all(b"220 test ESMTP\r\n").await?;
    let (mut from, mut to) = (String::new(), Vec::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-test\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&line[10..]);
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&line[8..]));
            b"250 OK\r\n"
        } else if upper.starts_with("RSET") {
            from.clear();
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("DATA") {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let mut data = String::new();
            loop {
                line.clear();
                if lines.read_line(&mut line).await? == 0 {
                    return Ok(());
                }
                if line == ".\r\n" {
                    break;
                }
                // Dot-stuffing: a leading dot was doubled by the sender.
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            taken.lock().unwrap().push(Mail {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            b"250 OK queued\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// `<a@b>` (and any parameters after it) → `a@b`.
fn address(arg: &str) -> String {
    let arg = arg.trim();
    let inner = arg.split('>').next().unwrap_or(arg);
    inner.trim_start_matches('<').to_string()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let (mut out, mut acc, mut bits) = (Vec::new(), 0u32, 0);
    for c in text.bytes() {
        let Some(v) = ALPHABET.iter().position(|&a| a == c) else {
            continue;
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

fn quoted_printable(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let (mut out, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        if bytes[i] == b'=' {
            if bytes.get(i + 1) == Some(&b'\r') {
                i += 3;
                continue;
            }
            if let Some(hex) = text.get(i + 1..i + 3)
                && let Ok(b) = u8::from_str_radix(hex, 16)
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}
