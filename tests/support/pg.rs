//! A throwaway PostgreSQL cluster for one test: `initdb` into a temporary folder, `pg_ctl start`
//! on 127.0.0.1 with a free port and the socket in the same folder, `fsync=off`; stopped and
//! deleted when dropped. As root (CI), the server runs as the `postgres` user via `runuser`,
//! because initdb refuses root. Without `initdb` the tests that need it are skipped with a
//! notice, unless `CI` is set: then a missing PostgreSQL is a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct PgCluster {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_postgres: bool,
    pub port: u16,
}

impl PgCluster {
    /// Starts a cluster, or returns `None` (after printing why) when PostgreSQL is not
    /// installed and `CI` is not set.
    pub fn start() -> Option<PgCluster> {
        let Some(bin) = find_bin() else {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI is set but initdb is not installed: run scripts/setup.sh"
            );
            eprintln!("NOTICE: initdb not found (install postgresql): PostgreSQL store tests skipped");
            return None;
        };
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("dossier-pg-")
            .tempdir()
            .expect("temp folder for PostgreSQL");
        if as_postgres {
            run(Command::new("chown").arg("postgres:postgres").arg(dir.path()));
        }
        let data = dir.path().join("data");
        let mut initdb = command(&bin, "initdb", as_postgres);
        initdb
            .arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);
        run(&mut initdb);
        // A free port: bind port 0, read it, let it go. Another process could take it in
        // between; pg_ctl would then fail loudly, and we try again with a new port.
        for _ in 0..5 {
            let port = free_port();
            let options = format!(
                "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c max_connections=200",
                dir.path().display()
            );
            let mut start = command(&bin, "pg_ctl", as_postgres);
            start
                .arg("-D")
                .arg(&data)
                .args(["-o", &options, "-l"])
                .arg(dir.path().join("log"))
                .args(["-w", "start"])
                .stdout(std::process::Stdio::null());
            if start.status().map(|s| s.success()).unwrap_or(false) {
                return Some(PgCluster {
                    dir,
                    bin,
                    as_postgres,
                    port,
                });
            }
        }
        panic!(
            "PostgreSQL did not start; see {}",
            dir.path().join("log").display()
        );
    }

    /// The URL of the `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Creates database `name` and returns its URL.
    pub fn database(&self, name: &str) -> String {
        let status = Command::new("psql")
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "postgres",
                "-q",
                "-c",
            ])
            .arg(format!("CREATE DATABASE {name}"))
            .status()
            .expect("run psql");
        assert!(status.success(), "CREATE DATABASE {name}");
        format!("postgres://postgres@127.0.0.1:{}/{name}", self.port)
    }
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        let _ = command(&self.bin, "pg_ctl", self.as_postgres)
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "-w", "stop"])
            .stdout(std::process::Stdio::null())
            .status();
    }
}

fn find_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    let mut versioned: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(Result::ok).map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    versioned.sort();
    versioned.reverse();
    on_path
        .into_iter()
        .chain(versioned)
        .find(|dir| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file())
}

fn command(bin: &Path, name: &str, as_postgres: bool) -> Command {
    let program = bin.join(name);
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(c: &mut Command) {
    let out = c.output().unwrap_or_else(|e| panic!("run {c:?}: {e}"));
    assert!(
        out.status.success(),
        "{c:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}
