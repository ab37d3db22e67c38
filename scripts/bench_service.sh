#!/usr/bin/env bash
# Measures the service as BENCHMARKS.md reports it, on this machine, against SQLite and then a
# throwaway PostgreSQL (initdb/pg_ctl in a temporary folder, removed at the end):
#   - upload-to-report latency of a 20-page exported dossier and a 20-page scan;
#   - wrk, 100 connections, 2 threads, 20 s: GET /api/dossiers (the list, 50 per page) and
#     GET /api/dossiers/{id} (a detail with its defects), after loading 120 checked dossiers.
# Everything listens on 127.0.0.1 only. Needs: a release build, wrk, curl, jq, initdb.
#   cargo build --release --bin dossier && scripts/bench_service.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${DOSSIER_BIN:-${CARGO_TARGET_DIR:-target}/release/dossier}
FIX=${FIXTURES:-fixtures}
DURATION=${DURATION:-20s}
export OMP_THREAD_LIMIT=1
WORK=$(mktemp -d /tmp/dossier-bench-XXXXXX)
chmod 755 "$WORK"
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    if [ -f "$WORK/pg/data/postmaster.pid" ]; then
        runuser -u postgres -- pg_ctl -D "$WORK/pg/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Starts serve on $1 (DATABASE_URL or empty); sets PORT, TOKEN (officer) and RTOKEN (bureau).
start() {
    local url=$1 data=$WORK/data-$2
    PORT=$(free_port)
    export DATABASE_URL=$url
    [ -z "$url" ] && unset DATABASE_URL
    echo 'bench-password-1' | "$BIN" user add --username officer --role officer --unit u1 --data "$data" 2>/dev/null
    echo 'bench-password-1' | "$BIN" user add --username bureau --role bureau_legal --data "$data" 2>/dev/null
    DOSSIER_LOG=warn DOSSIER_WORKERS=2 DOSSIER_OCR_WORKERS=2 "$BIN" serve --listen "127.0.0.1:$PORT" --data "$data" &
    SERVER=$!
    PIDS+=("$SERVER")
    for _ in $(seq 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
    TOKEN=$(login officer)
    RTOKEN=$(login bureau)
}
login() {
    curl -sf -H 'content-type: application/json' -d "{\"username\":\"$1\",\"password\":\"bench-password-1\"}" \
        "http://127.0.0.1:$PORT/api/session" | jq -r .token
}
upload() { # case file -> id
    curl -sf -H "authorization: Bearer $TOKEN" -F "case_number=$1" -F "file=@$2" \
        "http://127.0.0.1:$PORT/api/dossiers" | jq -r .id
}
wait_done() {
    while :; do
        s=$(curl -sf -H "authorization: Bearer $RTOKEN" "http://127.0.0.1:$PORT/api/dossiers/$1" | jq -r .status)
        [ "$s" = done ] || [ "$s" = failed ] && { echo "$s"; return; }
        sleep 0.02
    done
}
latency() { # label file
    local t0 t1 id s
    t0=$(date +%s.%N)
    id=$(upload "LAT-$RANDOM-$1" "$2")
    s=$(wait_done "$id")
    t1=$(date +%s.%N)
    printf '%s: %s pages, %s in %.2f s (upload to report)\n' "$1" "$(pdfinfo "$2" | awk '/^Pages/{print $2}')" "$s" "$(echo "$t1 - $t0" | bc)"
}

run() { # label url
    echo "== $1"
    start "$2" "$1"
    latency "exported 20 pages" "$FIX/generated/d001.pdf"
    latency "scanned 20 pages" "$FIX/scans/s001.pdf"
    local last=""
    for round in 1 2 3; do
        for f in "$FIX"/generated/d0*.pdf; do
            last=$(upload "C$round-$(basename "$f" .pdf)" "$f")
        done
    done
    wait_done "$last" >/dev/null
    sleep 2 # the other worker's last job
    local total
    total=$(curl -sf -H "authorization: Bearer $RTOKEN" "http://127.0.0.1:$PORT/api/dossiers?per_page=1" | jq .total)
    echo "dossiers loaded: $total"
    echo "-- GET /api/dossiers (50 per page)"
    wrk -t2 -c100 -d"$DURATION" --latency -H "authorization: Bearer $RTOKEN" "http://127.0.0.1:$PORT/api/dossiers" \
        | grep -E 'Requests/sec|50%|75%|90%|99%|Non-2xx|Socket errors|requests in'
    echo "-- GET /api/dossiers/$last"
    wrk -t2 -c100 -d"$DURATION" --latency -H "authorization: Bearer $RTOKEN" "http://127.0.0.1:$PORT/api/dossiers/$last" \
        | grep -E 'Requests/sec|50%|75%|90%|99%|Non-2xx|Socket errors|requests in'
    kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
}

run sqlite ""

if command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    PGBIN=$(dirname "$(command -v initdb || ls /usr/lib/postgresql/*/bin/initdb | tail -1)")
    mkdir -p "$WORK/pg" && chown postgres "$WORK/pg"
    PGPORT=$(free_port)
    runuser -u postgres -- "$PGBIN/initdb" -D "$WORK/pg/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$WORK/pg/data" -l "$WORK/pg/log" -w start \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $WORK/pg -c max_connections=100" >/dev/null
    psql -h 127.0.0.1 -p "$PGPORT" -U postgres -qc 'CREATE DATABASE dossier'
    run postgres "postgres://postgres@127.0.0.1:$PGPORT/dossier"
else
    echo "no initdb: PostgreSQL skipped"
fi
