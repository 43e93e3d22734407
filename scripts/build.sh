#!/usr/bin/env bash
# Builds everything: the native tree (core, tests, collector) in build/native
# and the browser module in build/wasm/dist (JS layer + erratum-core.wasm).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}

# Debian's Emscripten needs Debian's acorn for its JS optimizer.
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

cmake -S . -B build/wasm -DCMAKE_TOOLCHAIN_FILE=/usr/share/emscripten/cmake/Modules/Platform/Emscripten.cmake \
  -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/wasm -j"$JOBS"

cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release -DERRATUM_WASM_DIST="$ROOT/build/wasm/dist" >/dev/null
cmake --build build/native -j"$JOBS"

bash scripts/size-report.sh
