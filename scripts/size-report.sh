#!/usr/bin/env bash
# Prints what a page downloads for Erratum, gzip -9 and brotli -q 11: the
# loader (erratum.js and what it loads before the reader opens the widget)
# and what opening the widget adds (JS, wasm, CSS, one UI catalog: the
# larger), found by following the files' references (tests/bench/size.mjs). The budgets are asserted by
# tests/node/size-budget.test.mjs.
#   bash scripts/size-report.sh [dist]   (default build/wasm/dist)
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-${ERRATUM_WASM_DIST:-build/wasm/dist}}
node tests/bench/size.mjs "$DIST"
