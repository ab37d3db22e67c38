#!/usr/bin/env bash
# Scanned-dossier benchmark (issue 3): `dossier check` on a 20-page scan against (a) the
# tesseract CLI run page by page in sequence over the same page images with OMP_THREAD_LIMIT=1
# and (b) `ocrmypdf -l chi_sim --jobs 2` on the same PDF; then peak RSS of `dossier check` on
# the 300-page scan. Wall time and peak RSS from GNU time, in one run so the ratios compare.
#
#   python3 fixtures/generator/generate.py --out /tmp/benchgen --seed 2026 --scan-bench DIR
#   scripts/bench_scan.sh DIR        # needs ocrmypdf (apt-get install ocrmypdf) for (b)
set -euo pipefail
dir=${1:?usage: bench_scan.sh DIR-with-bench20.pdf-and-bench300.pdf}
cd "$(dirname "$0")/.."
export OMP_THREAD_LIMIT=1
# BIN= a dossier binary already built (the dev profile is optimised too); else a release build.
if [ -z "${BIN:-}" ]; then
    cargo build --release --quiet --bin dossier
    BIN=${CARGO_TARGET_DIR:-target}/release/dossier
fi
bin=$BIN
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
measure() { # label, command...: prints wall seconds and peak RSS in MiB
    local label=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>&1 || true
    read -r wall kb < <(tail -n 1 "$work/t")
    printf '%-44s %8.1f s %8.0f MiB\n' "$label" "$wall" "$((kb / 1024))"
}
pdfimages -all "$dir/bench20.pdf" "$work/p"
pages=$(ls "$work"/p-* | wc -l)
echo "bench20.pdf: $pages page images; $(getconf _NPROCESSORS_ONLN) cores; $(date -u +%FT%TZ)"
measure "dossier check (2 OCR workers)" "$bin" check "$dir/bench20.pdf"
seq_cli() { for f in "$work"/p-*; do tesseract "$f" - -l chi_sim >/dev/null 2>&1; done; }
export -f seq_cli; export work
measure "tesseract CLI, page by page, in sequence" bash -c seq_cli
if command -v ocrmypdf >/dev/null; then
    measure "ocrmypdf -l chi_sim --jobs 2" ocrmypdf -l chi_sim --jobs 2 "$dir/bench20.pdf" "$work/out.pdf"
else
    echo "ocrmypdf not installed: (b) skipped"
fi
if [ -f "$dir/bench300.pdf" ]; then
    measure "dossier check, 300-page scan" "$bin" check "$dir/bench300.pdf"
fi
