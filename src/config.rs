//! Service configuration: one typed `Config`, built in layers — defaults in code, then an
//! optional TOML file (`--config FILE`), then `DOSSIER_*` environment variables, then command
//! line flags — and validated once at start-up with a message that names the bad setting.
//! It is passed explicitly to whoever needs it; there is no global.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

use crate::ingest::Limits;
use crate::ocr::OcrSettings;

/// Everything `dossier serve` needs to start.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Address to listen on. Default `127.0.0.1:8080`; env `DOSSIER_LISTEN`.
    pub listen: SocketAddr,
    /// Data folder (stored uploads, later the SQLite file), created at start. Default `./data`;
    /// env `DOSSIER_DATA`.
    pub data_dir: PathBuf,
    /// Largest accepted upload in bytes. Default 512 MiB; env `DOSSIER_MAX_UPLOAD_BYTES`.
    pub max_upload_bytes: u64,
    /// Most pages accepted in one file. Default 2000; env `DOSSIER_MAX_PAGES`.
    pub max_pages: usize,
    /// Dossiers checked at the same time (CPU-bound work). Default: the number of cores;
    /// env `DOSSIER_WORKERS`.
    pub workers: usize,
    /// Rules file (TOML) for the checks; built-in defaults when absent. Env `DOSSIER_RULES`.
    pub rules: Option<PathBuf>,
    /// Tesseract language(s) for scans. Default `chi_sim`; env `DOSSIER_OCR_LANG`.
    pub ocr_lang: String,
    /// Scanned pages of one dossier read at the same time, one tesseract engine each.
    /// Default: the number of cores; env `DOSSIER_OCR_WORKERS`.
    pub ocr_workers: usize,
    /// Database: `sqlite://…` or `postgres://…`. Default: `dossier.db` (SQLite, WAL) in the data
    /// folder (see `database_url()`); env `DATABASE_URL`.
    pub database_url: Option<String>,
    /// Seconds a worker holds a job before another may take it over (a killed worker's job is
    /// picked up again after this). Default 120; env `DOSSIER_JOB_LEASE_SECS`.
    pub job_lease_secs: u64,
    /// Attempts at one dossier before it is marked `failed`. Default 3; env
    /// `DOSSIER_JOB_MAX_ATTEMPTS`.
    pub job_max_attempts: u32,
    /// Testing aid: milliseconds a worker waits after claiming a job, so a test can kill the
    /// server mid-job. Default 0; env `DOSSIER_JOB_DELAY_MS`.
    pub job_delay_ms: u64,
    /// Hours a login session (cookie or bearer token) stays valid. Default 12; env
    /// `DOSSIER_SESSION_HOURS`.
    pub session_hours: u64,
    /// Zone of the statistics' months and the digest's days and hour (times are stored in UTC).
    /// Default `Asia/Shanghai`; env `DOSSIER_TZ`.
    pub time_zone: chrono_tz::Tz,
    /// Average deduction per dossier in a month above which an officer gets a red card.
    /// Default 3; env `DOSSIER_RED_CARD_THRESHOLD`.
    pub red_card_threshold: f64,
    /// Local time of the daily digest. Default `08:00`; env `DOSSIER_DIGEST_AT`.
    pub digest_at: chrono::NaiveTime,
    /// `http://…` URL the digest is POSTed to as JSON (a workplace chat bot). None by default;
    /// env `DOSSIER_DIGEST_WEBHOOK`.
    pub digest_webhook: Option<String>,
    /// `smtp://HOST:PORT` relay for the e-mailed digest (plain SMTP, no TLS). None by default;
    /// env `DOSSIER_SMTP_URL`.
    pub smtp_url: Option<String>,
    /// Sender of the digest e-mails. Default `dossier@localhost`; env `DOSSIER_SMTP_FROM`.
    pub smtp_from: String,
    /// Open flags older than this many days are listed as overdue in the digest. Default 3;
    /// env `DOSSIER_DIGEST_STALE_DAYS`.
    pub digest_stale_days: u32,
    /// Attempts at one delivery before it is recorded as failed. Default 5; env
    /// `DOSSIER_DIGEST_MAX_ATTEMPTS`.
    pub digest_max_attempts: u32,
    /// Seconds before the first retry of a failed delivery; the n-th retry waits n times
    /// this. Default 60; env `DOSSIER_DIGEST_RETRY_SECS`.
    pub digest_retry_secs: u64,
}

impl Default for Config {
    fn default() -> Self {
        let limits = Limits::default();
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("./data"),
            max_upload_bytes: limits.max_file_bytes,
            max_pages: limits.max_pages,
            workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            rules: None,
            ocr_lang: OcrSettings::default().lang,
            ocr_workers: OcrSettings::default().workers,
            database_url: None,
            job_lease_secs: 120,
            job_max_attempts: 3,
            job_delay_ms: 0,
            session_hours: 12,
            time_zone: chrono_tz::Asia::Shanghai,
            red_card_threshold: 3.0,
            digest_at: chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(chrono::NaiveTime::MIN),
            digest_webhook: None,
            smtp_url: None,
            smtp_from: "dossier@localhost".into(),
            digest_stale_days: 3,
            digest_max_attempts: 5,
            digest_retry_secs: 60,
        }
    }
}

/// The TOML file: every key optional, unknown keys refused (a typo must not pass silently).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<String>,
    data_dir: Option<PathBuf>,
    max_upload_bytes: Option<u64>,
    max_pages: Option<usize>,
    workers: Option<usize>,
    rules: Option<PathBuf>,
    ocr_lang: Option<String>,
    ocr_workers: Option<usize>,
    database_url: Option<String>,
    job_lease_secs: Option<u64>,
    job_max_attempts: Option<u32>,
    job_delay_ms: Option<u64>,
    session_hours: Option<u64>,
    time_zone: Option<String>,
    red_card_threshold: Option<f64>,
    digest_at: Option<String>,
    digest_webhook: Option<String>,
    smtp_url: Option<String>,
    smtp_from: Option<String>,
    digest_stale_days: Option<u32>,
    digest_max_attempts: Option<u32>,
    digest_retry_secs: Option<u64>,
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read the config file {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the config file {path} is not valid TOML for dossier: {message}")]
    Parse { path: String, message: String },
    #[error("invalid setting {name} = {value:?}: {reason}")]
    Invalid {
        name: &'static str,
        value: String,
        reason: String,
    },
}

/// Values given on the command line; they win over everything else.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub listen: Option<String>,
    pub data_dir: Option<PathBuf>,
}

impl Config {
    /// Builds the configuration from defaults, `file`, the process environment and `flags`.
    pub fn load(file: Option<&Path>, flags: &Overrides) -> Result<Config, ConfigError> {
        Config::load_with(file, flags, |k| std::env::var(k).ok())
    }

    /// As `load`, reading environment variables through `env` (so tests need not touch the
    /// process environment).
    pub fn load_with(
        file: Option<&Path>,
        flags: &Overrides,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let mut c = Config::default();
        if let Some(path) = file {
            let shown = path.display().to_string();
            let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                path: shown.clone(),
                source,
            })?;
            let f: FileConfig = toml::from_str(&text).map_err(|e| ConfigError::Parse {
                path: shown,
                message: e.to_string().trim_end().to_string(),
            })?;
            if let Some(v) = f.listen {
                c.listen = parse_addr("listen", &v)?;
            }
            set(&mut c.data_dir, f.data_dir);
            set(&mut c.max_upload_bytes, f.max_upload_bytes);
            set(&mut c.max_pages, f.max_pages);
            set(&mut c.workers, f.workers);
            if f.rules.is_some() {
                c.rules = f.rules;
            }
            set(&mut c.ocr_lang, f.ocr_lang);
            set(&mut c.ocr_workers, f.ocr_workers);
            if f.database_url.is_some() {
                c.database_url = f.database_url;
            }
            set(&mut c.job_lease_secs, f.job_lease_secs);
            set(&mut c.job_max_attempts, f.job_max_attempts);
            set(&mut c.job_delay_ms, f.job_delay_ms);
            set(&mut c.session_hours, f.session_hours);
            if let Some(v) = f.time_zone {
                c.time_zone = parse_tz("time_zone", &v)?;
            }
            set(&mut c.red_card_threshold, f.red_card_threshold);
            if let Some(v) = f.digest_at {
                c.digest_at = parse_time("digest_at", &v)?;
            }
            if f.digest_webhook.is_some() {
                c.digest_webhook = f.digest_webhook;
            }
            if f.smtp_url.is_some() {
                c.smtp_url = f.smtp_url;
            }
            set(&mut c.smtp_from, f.smtp_from);
            set(&mut c.digest_stale_days, f.digest_stale_days);
            set(&mut c.digest_max_attempts, f.digest_max_attempts);
            set(&mut c.digest_retry_secs, f.digest_retry_secs);
        }
        if let Some(v) = env("DOSSIER_LISTEN") {
            c.listen = parse_addr("DOSSIER_LISTEN", &v)?;
        }
        if let Some(v) = env("DOSSIER_DATA") {
            c.data_dir = PathBuf::from(v);
        }
        if let Some(v) = env("DOSSIER_MAX_UPLOAD_BYTES") {
            c.max_upload_bytes = parse_num("DOSSIER_MAX_UPLOAD_BYTES", &v)?;
        }
        if let Some(v) = env("DOSSIER_MAX_PAGES") {
            c.max_pages = parse_num("DOSSIER_MAX_PAGES", &v)?;
        }
        if let Some(v) = env("DOSSIER_WORKERS") {
            c.workers = parse_num("DOSSIER_WORKERS", &v)?;
        }
        if let Some(v) = env("DOSSIER_RULES") {
            c.rules = Some(PathBuf::from(v));
        }
        if let Some(v) = env("DOSSIER_OCR_LANG") {
            c.ocr_lang = v;
        }
        if let Some(v) = env("DOSSIER_OCR_WORKERS") {
            c.ocr_workers = parse_num("DOSSIER_OCR_WORKERS", &v)?;
        }
        if let Some(v) = env("DATABASE_URL") {
            c.database_url = Some(v);
        }
        if let Some(v) = env("DOSSIER_JOB_LEASE_SECS") {
            c.job_lease_secs = parse_num("DOSSIER_JOB_LEASE_SECS", &v)?;
        }
        if let Some(v) = env("DOSSIER_JOB_MAX_ATTEMPTS") {
            c.job_max_attempts = parse_num("DOSSIER_JOB_MAX_ATTEMPTS", &v)?;
        }
        if let Some(v) = env("DOSSIER_JOB_DELAY_MS") {
            c.job_delay_ms = parse_num("DOSSIER_JOB_DELAY_MS", &v)?;
        }
        if let Some(v) = env("DOSSIER_SESSION_HOURS") {
            c.session_hours = parse_num("DOSSIER_SESSION_HOURS", &v)?;
        }
        if let Some(v) = env("DOSSIER_TZ") {
            c.time_zone = parse_tz("DOSSIER_TZ", &v)?;
        }
        if let Some(v) = env("DOSSIER_RED_CARD_THRESHOLD") {
            c.red_card_threshold = v.trim().parse().map_err(|_| ConfigError::Invalid {
                name: "DOSSIER_RED_CARD_THRESHOLD",
                value: v.clone(),
                reason: "expected a number of points such as 3 or 2.5".into(),
            })?;
        }
        if let Some(v) = env("DOSSIER_DIGEST_AT") {
            c.digest_at = parse_time("DOSSIER_DIGEST_AT", &v)?;
        }
        if let Some(v) = env("DOSSIER_DIGEST_WEBHOOK") {
            c.digest_webhook = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = env("DOSSIER_SMTP_URL") {
            c.smtp_url = Some(v).filter(|v| !v.is_empty());
        }
        if let Some(v) = env("DOSSIER_SMTP_FROM") {
            c.smtp_from = v;
        }
        if let Some(v) = env("DOSSIER_DIGEST_STALE_DAYS") {
            c.digest_stale_days = parse_num("DOSSIER_DIGEST_STALE_DAYS", &v)?;
        }
        if let Some(v) = env("DOSSIER_DIGEST_MAX_ATTEMPTS") {
            c.digest_max_attempts = parse_num("DOSSIER_DIGEST_MAX_ATTEMPTS", &v)?;
        }
        if let Some(v) = env("DOSSIER_DIGEST_RETRY_SECS") {
            c.digest_retry_secs = parse_num("DOSSIER_DIGEST_RETRY_SECS", &v)?;
        }
        if let Some(v) = &flags.listen {
            c.listen = parse_addr("--listen", v)?;
        }
        if let Some(v) = &flags.data_dir {
            c.data_dir = v.clone();
        }
        c.validate()?;
        Ok(c)
    }

    /// Refuses settings the service cannot run with.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let invalid = |name, value: String, reason: &str| {
            Err(ConfigError::Invalid {
                name,
                value,
                reason: reason.to_string(),
            })
        };
        if self.max_upload_bytes == 0 {
            return invalid("max_upload_bytes", "0".into(), "must be at least 1");
        }
        if self.max_pages == 0 {
            return invalid("max_pages", "0".into(), "must be at least 1");
        }
        if self.workers == 0 || self.workers > 256 {
            return invalid("workers", self.workers.to_string(), "must be between 1 and 256");
        }
        if self.ocr_workers == 0 || self.ocr_workers > 256 {
            return invalid(
                "ocr_workers",
                self.ocr_workers.to_string(),
                "must be between 1 and 256",
            );
        }
        // Tesseract language names: letters, digits, underscores, joined by '+'.
        if self.ocr_lang.is_empty()
            || !self
                .ocr_lang
                .split('+')
                .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        {
            return invalid(
                "ocr_lang",
                self.ocr_lang.clone(),
                "expected tesseract languages such as chi_sim or chi_sim+eng",
            );
        }
        if self.data_dir.as_os_str().is_empty() {
            return invalid("data_dir", String::new(), "must not be empty");
        }
        let known_scheme = |url: &&String| {
            ["sqlite:", "postgres://", "postgresql://"]
                .iter()
                .any(|p| url.starts_with(p))
        };
        if let Some(url) = self.database_url.as_ref().filter(|u| !known_scheme(u)) {
            return invalid(
                "database_url",
                url.clone(),
                "expected sqlite://FILE or postgres://USER@HOST:PORT/DB",
            );
        }
        if self.job_lease_secs == 0 {
            return invalid("job_lease_secs", "0".into(), "must be at least 1");
        }
        if self.job_max_attempts == 0 {
            return invalid("job_max_attempts", "0".into(), "must be at least 1");
        }
        if self.session_hours == 0 {
            return invalid("session_hours", "0".into(), "must be at least 1");
        }
        if !(self.red_card_threshold.is_finite() && self.red_card_threshold >= 0.0) {
            return invalid(
                "red_card_threshold",
                self.red_card_threshold.to_string(),
                "must be a number of points, 0 or more",
            );
        }
        if let Some(url) = self.digest_webhook.as_ref().filter(|u| !u.starts_with("http://")) {
            return invalid(
                "digest_webhook",
                url.clone(),
                "expected an http:// URL (this build has no TLS: relay https through a local proxy)",
            );
        }
        if let Some(url) = &self.smtp_url
            && crate::digest::deliver::smtp_host_port(url).is_none()
        {
            return invalid("smtp_url", url.clone(), "expected smtp://HOST:PORT");
        }
        if self.smtp_from.parse::<lettre::message::Mailbox>().is_err() {
            return invalid("smtp_from", self.smtp_from.clone(), "expected an e-mail address");
        }
        if self.digest_max_attempts == 0 {
            return invalid("digest_max_attempts", "0".into(), "must be at least 1");
        }
        Ok(())
    }

    /// The database to use: `database_url` when set, else `dossier.db` in the data folder.
    pub fn database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.clone(),
            None => format!("sqlite://{}", self.data_dir.join("dossier.db").display()),
        }
    }

    /// How the pipeline reads scans for this service.
    pub fn ocr(&self) -> OcrSettings {
        OcrSettings {
            lang: self.ocr_lang.clone(),
            workers: self.ocr_workers,
            ..OcrSettings::default()
        }
    }

    /// The input limits the pipeline enforces for this service.
    pub fn limits(&self) -> Limits {
        Limits {
            max_file_bytes: self.max_upload_bytes,
            max_pages: self.max_pages,
            ..Limits::default()
        }
    }
}

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn parse_addr(name: &'static str, value: &str) -> Result<SocketAddr, ConfigError> {
    value.parse().map_err(|_| ConfigError::Invalid {
        name,
        value: value.to_string(),
        reason: "expected an address such as 127.0.0.1:8080 or [::]:8080".into(),
    })
}

fn parse_tz(name: &'static str, value: &str) -> Result<chrono_tz::Tz, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::Invalid {
        name,
        value: value.to_string(),
        reason: "expected an IANA time zone such as Asia/Shanghai".into(),
    })
}

fn parse_time(name: &'static str, value: &str) -> Result<chrono::NaiveTime, ConfigError> {
    chrono::NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| ConfigError::Invalid {
        name,
        value: value.to_string(),
        reason: "expected a local time as HH:MM, such as 08:00".into(),
    })
}

fn parse_num<T: std::str::FromStr>(name: &'static str, value: &str) -> Result<T, ConfigError> {
    value.trim().parse().map_err(|_| ConfigError::Invalid {
        name,
        value: value.to_string(),
        reason: "expected a whole number".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_apply_without_file_or_env() {
        let c = Config::load_with(None, &Overrides::default(), env(&[])).unwrap();
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(c.data_dir, PathBuf::from("./data"));
        assert!(c.workers >= 1);
        assert_eq!(c.database_url(), "sqlite://./data/dossier.db");
    }

    #[test]
    fn database_url_comes_from_the_environment_and_is_checked() {
        let c = Config::load_with(
            None,
            &Overrides::default(),
            env(&[("DATABASE_URL", "postgres://u@127.0.0.1:5432/d")]),
        )
        .unwrap();
        assert_eq!(c.database_url(), "postgres://u@127.0.0.1:5432/d");
        let err = Config::load_with(None, &Overrides::default(), env(&[("DATABASE_URL", "mysql://x")]))
            .unwrap_err();
        assert!(err.to_string().contains("database_url"), "{err}");
    }

    #[test]
    fn env_wins_over_the_file_and_flags_win_over_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dossier.toml");
        std::fs::write(
            &path,
            "listen = \"0.0.0.0:9000\"\ndata_dir = \"/srv/d\"\nworkers = 3\n",
        )
        .unwrap();
        let c = Config::load_with(
            Some(&path),
            &Overrides::default(),
            env(&[("DOSSIER_WORKERS", "5")]),
        )
        .unwrap();
        assert_eq!(c.listen.to_string(), "0.0.0.0:9000");
        assert_eq!(c.data_dir, PathBuf::from("/srv/d"));
        assert_eq!(c.workers, 5);
        let flags = Overrides {
            listen: Some("127.0.0.1:0".into()),
            data_dir: None,
        };
        let c = Config::load_with(Some(&path), &flags, env(&[("DOSSIER_LISTEN", "127.0.0.1:1")])).unwrap();
        assert_eq!(c.listen.port(), 0);
    }

    #[test]
    fn digest_and_statistics_settings_default_to_shanghai_at_eight_and_read_the_environment() {
        let c = Config::load_with(None, &Overrides::default(), env(&[])).unwrap();
        assert_eq!(c.time_zone, chrono_tz::Asia::Shanghai);
        assert_eq!(c.digest_at.to_string(), "08:00:00");
        assert_eq!(c.red_card_threshold, 3.0);
        let c = Config::load_with(
            None,
            &Overrides::default(),
            env(&[
                ("DOSSIER_TZ", "Asia/Urumqi"),
                ("DOSSIER_DIGEST_AT", "07:30"),
                ("DOSSIER_RED_CARD_THRESHOLD", "2.5"),
                ("DOSSIER_DIGEST_WEBHOOK", "http://127.0.0.1:9/hook"),
                ("DOSSIER_SMTP_URL", "smtp://127.0.0.1:2525"),
            ]),
        )
        .unwrap();
        assert_eq!(c.time_zone, chrono_tz::Asia::Urumqi);
        assert_eq!(c.digest_at.to_string(), "07:30:00");
        assert_eq!(c.red_card_threshold, 2.5);
        for (k, v) in [
            ("DOSSIER_TZ", "Mars/Olympus"),
            ("DOSSIER_DIGEST_AT", "8am"),
            ("DOSSIER_DIGEST_WEBHOOK", "https://example.invalid/hook"),
            ("DOSSIER_SMTP_URL", "smtps://x"),
        ] {
            let err = Config::load_with(None, &Overrides::default(), env(&[(k, v)])).unwrap_err();
            let name = k.trim_start_matches("DOSSIER_").to_lowercase();
            assert!(err.to_string().to_lowercase().contains(&name), "{err}");
        }
    }

    #[test]
    fn bad_settings_are_refused_with_their_name() {
        let err = Config::load_with(None, &Overrides::default(), env(&[("DOSSIER_LISTEN", "nowhere")]))
            .unwrap_err();
        assert!(err.to_string().contains("DOSSIER_LISTEN"), "{err}");
        let err =
            Config::load_with(None, &Overrides::default(), env(&[("DOSSIER_WORKERS", "0")])).unwrap_err();
        assert!(err.to_string().contains("workers"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        std::fs::write(&path, "listne = \"x\"\n").unwrap();
        let err = Config::load_with(Some(&path), &Overrides::default(), env(&[])).unwrap_err();
        assert!(err.to_string().contains("listne"), "{err}");
    }
}
