#!/usr/bin/env bash
# Sets the machine up, builds the release binary and starts the service on the embedded
# defaults (127.0.0.1:8080, data under ./data). Environment overrides: DOSSIER_LISTEN,
# DOSSIER_DATA, DOSSIER_CONFIG (see README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
cargo build --release --locked --bin dossier
# tesseract's OpenMP reads this at load time: one thread per engine, parallelism across pages.
export OMP_THREAD_LIMIT=1
exec "${CARGO_TARGET_DIR:-target}/release/dossier" serve "$@"
