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
