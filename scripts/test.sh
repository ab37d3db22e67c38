#!/usr/bin/env bash
# Sets the machine up, regenerates the fixtures, runs every test target, then prints the
# evaluation (precision / recall / F1 per defect category) over the generated fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
[ -d "$HOME/.cargo/bin" ] && export PATH="$HOME/.cargo/bin:$PATH"
# tesseract's OpenMP reads this at load time (setting it inside the process is too late).
export OMP_THREAD_LIMIT=1

# A CI run builds once from a clean clone: the incremental cache (a second copy of every
# compiled unit of ours, over a gigabyte across the test binaries) can never be reused there,
# and a CI run once died mid-build on a full shared disk. Developers keep it for rebuilds.
if [ "${CI:-}" = true ]; then
    export CARGO_INCREMENTAL=0
fi
# The build and the scanned fixtures need about 4 GB; say so up front when the disk is short
# rather than let rustc fail mid-link with "No space left on device".
free_kb=$(df -Pk . | awk 'NR == 2 { print $4 }')
echo "== disk: $((free_kb / 1024 / 1024)) GB free where the build runs" >&2
if [ "$free_kb" -lt $((4 * 1024 * 1024)) ]; then
    echo "== warning: less than 4 GB free; the build may fail with \"No space left on device\"" >&2
fi

if [ -f fixtures/generator/generate.py ]; then
    echo "== generating fixtures and their scans (seed 2026)" >&2
    python3 fixtures/generator/generate.py --out fixtures/generated --seed 2026 --scans fixtures/scans
else
    echo "== no fixture generator yet (fixtures/generator/generate.py): skipping" >&2
fi

echo "== cargo test" >&2
cargo test --locked --all-targets

if compgen -G "fixtures/generated/*.truth.json" >/dev/null; then
    echo "== evaluation: exported fixtures and their scans, side by side" >&2
    cargo run --quiet --locked --bin dossier -- eval fixtures/generated fixtures/scans
else
    echo "== no generated fixtures: evaluation skipped" >&2
fi
