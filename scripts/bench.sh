#!/usr/bin/env bash
# Benchmarks (not pass/fail): the built wasm core against its JS peers
# (jsdiff, diff-match-patch, the Hypothesis anchoring pipeline) on the shared
# corpus's real paragraphs and articles, indexing in node and opening the
# widget in Chromium (also on a throttled connection), the wasm heap over
# 10,000 cycles, and the download size. Prints a markdown report and writes
# build/bench/results.md and build/bench/results.json.
#   bash scripts/bench.sh                  full run (several minutes)
#   BENCH_QUICK=1 bash scripts/bench.sh    smoke run
#   BENCH_ONLY=diff,size bash scripts/bench.sh
# Uses ERRATUM_WASM_DIST (default build/wasm/dist), building it with the
# wasm preset if missing (JOBS=N build jobs, default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${ERRATUM_WASM_DIST:-build/wasm/dist}
if [ ! -f "$DIST/erratum-core.wasm" ]; then
  echo "bench: no wasm build in $DIST, building it"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm -j "${JOBS:-$(nproc)}"
  DIST=build/wasm/dist
fi
[ -d node_modules/diff ] || npm ci --no-audit --no-fund --loglevel=error
ERRATUM_WASM_DIST="$DIST" node tests/bench/run.mjs
