#!/usr/bin/env bash
# Installs what dossier needs on a fresh Debian 12 machine, and only what is missing:
# system packages (tesseract + chi_sim, clang for bindgen, CJK fonts, poppler, qpdf, python3,
# postgresql for the tests, chromium + chromedriver for the browser tests),
# the fixture generator's Python packages, and checks that cargo is there.
# Idempotent: a second run installs nothing. Runs as root, or uses sudo.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

log() { printf 'setup: %s\n' "$*" >&2; }

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        log "not root and no sudo: cannot install system packages"
        exit 1
    fi
fi

APT_PACKAGES=(
    tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-osd libtesseract-dev libleptonica-dev
    clang libclang-dev pkg-config
    fonts-arphic-ukai fonts-arphic-uming fonts-wqy-zenhei fonts-wqy-microhei fonts-droid-fallback
    # Handwriting fonts of the signature-crop generator (fixtures/generator/crops.py).
    fonts-arphic-gkai00mp fonts-lxgw-wenkai
    # poppler-data: the CJK maps pdftoppm needs to draw non-embedded Chinese fonts (STSong);
    # without it the scanned fixtures of such dossiers come out blank.
    poppler-utils poppler-data qpdf python3 python3-pip
    # The store and API tests start a throwaway PostgreSQL cluster (initdb/pg_ctl).
    postgresql
    # The browser tests (tests/browser) drive headless Chromium through chromedriver.
    chromium chromium-driver
)

apt_updated=0
apt_install() {
    if [ "$apt_updated" -eq 0 ]; then
        log "apt-get update"
        "${SUDO[@]}" apt-get update -qq
        apt_updated=1
    fi
    log "apt-get install $*"
    "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "$@"
}

if command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    missing=()
    for p in "${APT_PACKAGES[@]}"; do
        # dpkg -s succeeds for removed-but-configured packages too; check the status line.
        if ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
            missing+=("$p")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        apt_install "${missing[@]}"
    else
        log "system packages: all present"
    fi
else
    log "no dpkg/apt-get: install these yourself: ${APT_PACKAGES[*]}"
fi

# Python packages of the fixture generator.
REQ=fixtures/generator/requirements.txt
if [ -f "$REQ" ]; then
    if python3 - "$REQ" <<'PY'
import sys
from importlib import metadata
ok = True
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    try:
        have = metadata.version(name.strip())
    except metadata.PackageNotFoundError:
        ok = False
        continue
    if version and have != version.strip():
        ok = False
sys.exit(0 if ok else 1)
PY
    then
        log "python packages: all present"
    else
        log "pip install -r $REQ"
        pip_out=$(python3 -m pip install -q -r "$REQ" 2>&1) || {
            if grep -q externally-managed-environment <<<"$pip_out"; then
                log "pip refuses the system Python (PEP 668): retrying with --break-system-packages"
                python3 -m pip install -q --break-system-packages -r "$REQ"
            else
                printf '%s\n' "$pip_out" >&2
                exit 1
            fi
        }
    fi
fi

# cargo: rustup's stable toolchain is expected (rust-version in Cargo.toml).
if [ -x "$HOME/.cargo/bin/cargo" ] && ! command -v cargo >/dev/null 2>&1; then
    export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
    log "cargo is missing. Install the Rust toolchain with rustup:"
    log "  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y && . \"\$HOME/.cargo/env\""
    log "falling back to Debian's cargo (apt-get install cargo); WARNING: Debian 12 ships Rust 1.63,"
    log "too old for this crate (sqlx 0.9 needs Rust >= 1.94) — use rustup if the build fails."
    apt_install cargo || true
    command -v cargo >/dev/null 2>&1 || { log "no cargo: giving up"; exit 1; }
fi
log "cargo: $(cargo --version)"
