#!/usr/bin/env bash
# Builds everything with the CMake presets (CMakePresets.json): the browser
# module in build/wasm/dist (JS layer + erratum-core.wasm), then the native
# tree (core, tests, collector) in build/native, whose node and browser tests
# load that dist/. JOBS=N build jobs (default: nproc).
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}

cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$JOBS"

cmake --preset native >/dev/null
cmake --build --preset native -j "$JOBS"

bash scripts/size-report.sh
