#!/usr/bin/env bash
# Runs every test: the lint (ESLint, clang-format), then native unit tests and
# shared vectors, the wasm build in node, browser end-to-end tests, the
# collector's HTTP tests (all through ctest), then the unit tests again under
# ASan+UBSan and each fuzz target for a bounded number of runs. Installs what
# is missing first. Builds with the CMake presets (CMakePresets.json,
# docs/developing.md).
#   JOBS=N        build and ctest jobs (default: nproc)
#   FUZZ_RUNS=N   runs per fuzz target (default 20000)
#   LINT=0        skips the lint step
set -euo pipefail
cd "$(dirname "$0")/.."
export JOBS=${JOBS:-$(nproc)}
FUZZ_RUNS=${FUZZ_RUNS:-20000}

bash scripts/setup.sh
[ "${LINT:-1}" = 0 ] || bash scripts/lint.sh
bash scripts/build.sh

echo "== ctest: native, wasm-in-node, browser, collector (SQLite and PostgreSQL)"
# ctest starts and stops the collector tests' PostgreSQL server as a fixture;
# the trap stops it too when ctest itself is interrupted.
trap 'bash scripts/postgres-test-server.sh stop build/native/tests/postgres-test' EXIT
ctest --preset native -j "$JOBS"

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ctest --preset asan -j "$JOBS"

bash scripts/fuzz.sh --runs "$FUZZ_RUNS"
