//! Sending one delivery: a JSON POST to the webhook (plain HTTP/1 through hyper) or an e-mail
//! over SMTP (lettre, no TLS). Each either succeeds or returns why not, so the caller can
//! record the attempt and retry; nothing here retries on its own.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// How long one attempt may take.
const TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    #[error("bad webhook URL {0:?}")]
    BadUrl(String),
    #[error("cannot connect to {addr}: {source}")]
    Connect { addr: String, source: std::io::Error },
    #[error("HTTP error: {0}")]
    Http(#[from] hyper::Error),
    #[error("the webhook answered {status}: {body}")]
    Status { status: u16, body: String },
    #[error("timed out after {0:?}")]
    Timeout(Duration),
    #[error("bad e-mail address: {0}")]
    Address(String),
    #[error("cannot build the e-mail: {0}")]
    Message(#[from] lettre::error::Error),
    #[error("SMTP: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
}

/// `(host, port)` of an `smtp://HOST:PORT` URL (port 25 when absent).
pub fn smtp_host_port(url: &str) -> Option<(String, u16)> {
    let rest = url.strip_prefix("smtp://")?.trim_end_matches('/');
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, p.parse().ok()?),
        None => (rest, 25),
    };
    (!host.is_empty() && !host.contains(['/', '@'])).then(|| (host.to_string(), port))
}

/// POSTs `body` (JSON) to `url`; a 2xx answer is success.
pub async fn webhook(url: &str, body: &str) -> Result<(), DeliveryError> {
    let uri: hyper::Uri = url.parse().map_err(|_| DeliveryError::BadUrl(url.to_string()))?;
    if uri.scheme_str() != Some("http") {
        return Err(DeliveryError::BadUrl(url.to_string()));
    }
    let host = uri.host().ok_or_else(|| DeliveryError::BadUrl(url.to_string()))?;
    let addr = format!("{host}:{}", uri.port_u16().unwrap_or(80));
    let path = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
    let authority = uri.authority().map_or(host, |a| a.as_str()).to_string();
    let request = hyper::Request::post(path)
        .header(hyper::header::HOST, authority)
        .header(hyper::header::CONTENT_TYPE, "application/json; charset=utf-8")
        .body(Full::new(Bytes::from(body.to_string())))
        .map_err(|_| DeliveryError::BadUrl(url.to_string()))?;
    let attempt = async {
        let stream =
            tokio::net::TcpStream::connect(&addr)
                .await
                .map_err(|source| DeliveryError::Connect {
                    addr: addr.clone(),
                    source,
                })?;
        let (mut sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
        tokio::spawn(conn);
        let response = sender.send_request(request).await?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let bytes = response.into_body().collect().await?.to_bytes();
        let body: String = String::from_utf8_lossy(&bytes).chars().take(200).collect();
        Err(DeliveryError::Status {
            status: status.as_u16(),
            body,
        })
    };
    tokio::time::timeout(TIMEOUT, attempt)
        .await
        .map_err(|_| DeliveryError::Timeout(TIMEOUT))?
}

/// Sends a plain-text e-mail through the relay at `smtp_url`.
pub async fn email(
    smtp_url: &str,
    from: &str,
    to: &str,
    subject: &str,
    text: &str,
) -> Result<(), DeliveryError> {
    let (host, port) = smtp_host_port(smtp_url).ok_or_else(|| DeliveryError::BadUrl(smtp_url.to_string()))?;
    let message = Message::builder()
        .from(
            from.parse()
                .map_err(|_| DeliveryError::Address(from.to_string()))?,
        )
        .to(to.parse().map_err(|_| DeliveryError::Address(to.to_string()))?)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(text.to_string())?;
    // Plain SMTP to a relay on the local network: no TLS in this build (see README).
    let mailer = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
        .port(port)
        .timeout(Some(TIMEOUT))
        .build();
    mailer.send(message).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::smtp_host_port;

    #[test]
    fn smtp_urls_name_a_host_and_a_port() {
        assert_eq!(
            smtp_host_port("smtp://127.0.0.1:2525"),
            Some(("127.0.0.1".into(), 2525))
        );
        assert_eq!(
            smtp_host_port("smtp://mail.local"),
            Some(("mail.local".into(), 25))
        );
        assert_eq!(smtp_host_port("smtps://mail.local:465"), None);
        assert_eq!(smtp_host_port("smtp://:25"), None);
    }
}
