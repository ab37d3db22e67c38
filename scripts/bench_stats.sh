#!/usr/bin/env bash
# Times the monthly statistics as BENCHMARKS.md reports them: `bench_stats` over one million
# defects in 20,000 dossiers, on a fresh SQLite file and then on a throwaway PostgreSQL
# (initdb/pg_ctl in a temporary folder, removed at the end; 127.0.0.1 only; the server runs
# as the `postgres` user when this runs as root). Extra arguments go to `bench_stats`.
#   cargo build --release --bin bench_stats && scripts/bench_stats.sh [--months 12]
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BENCH_BIN:-${CARGO_TARGET_DIR:-target}/release/bench_stats}
WORK=$(mktemp -d /tmp/dossier-bench-stats-XXXXXX)
chmod 755 "$WORK"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
    if [ -f "$WORK/pg/data/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

echo "== SQLite"
"$BIN" --database-url "sqlite://$WORK/stats.db" "$@"

if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    PGBIN=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
    mkdir -p "$WORK/pg"
    [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
    PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    as_pg "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
    as_pg "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg" >/dev/null
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc 'CREATE DATABASE dossier'
    echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}')"
    "$BIN" --database-url "postgres://postgres@127.0.0.1:$PGPORT/dossier" "$@"
else
    echo "no initdb: PostgreSQL skipped"
fi
