#!/usr/bin/env bash
# Runs every test: native unit tests and shared vectors, the wasm build in
# node, browser end-to-end tests, the collector's HTTP tests (all through
# ctest), then the unit tests again under ASan+UBSan and each fuzz target for
# a bounded number of runs. Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JOBS=${JOBS:-$(nproc)}
FUZZ_RUNS=${FUZZ_RUNS:-20000}
export NODE_PATH=/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}

bash scripts/setup.sh
bash scripts/build.sh

echo "== ctest: native, wasm-in-node, browser, collector"
ctest --test-dir build/native --output-on-failure -j"$JOBS" --timeout 900

echo "== unit tests under AddressSanitizer + UndefinedBehaviorSanitizer"
cmake -S . -B build/asan -DCMAKE_BUILD_TYPE=Debug -DERRATUM_SANITIZE=ON -DERRATUM_COLLECTOR=OFF >/dev/null
cmake --build build/asan -j"$JOBS" --target erratum_tests
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/erratum_tests --gtest_brief=1

echo "== fuzz targets (libFuzzer, ASan+UBSan), $FUZZ_RUNS runs each"
CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DERRATUM_SANITIZE=ON \
  -DERRATUM_FUZZ=ON -DERRATUM_COLLECTOR=OFF >/dev/null
fuzz_targets=$(for f in tests/fuzz/fuzz_*.cpp; do basename "$f" .cpp; done)
cmake --build build/fuzz -j"$JOBS" --target $fuzz_targets
# Seeds from the shared vectors; each target also replays its saved
# reproducers (tests/fuzz/regressions/<target>/) before fuzzing.
node tests/fuzz/make-seeds.mjs build/fuzz/seeds
fuzz_total=0; fuzz_failed=0
for fuzzer in build/fuzz/fuzz_*; do
  [ -x "$fuzzer" ] || continue
  name=$(basename "$fuzzer")
  corpus="build/fuzz/corpus/$name"; crashes="build/fuzz/crashes/$name"; mkdir -p "$corpus" "$crashes"
  seeds="build/fuzz/seeds/${name#fuzz_}"
  regressions="tests/fuzz/regressions/${name#fuzz_}"
  dict="tests/fuzz/erratum.dict"
  args=(-runs="$FUZZ_RUNS" -max_len=4096 -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/")
  [ -f "$dict" ] && args+=(-dict="$dict")
  fuzz_total=$((fuzz_total + 1))
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ] &&
     ! "$fuzzer" -timeout=10 "$regressions"/* >"build/fuzz/$name.regressions.log" 2>&1; then
    fuzz_failed=$((fuzz_failed + 1)); echo "fuzz: $name FAILED on a saved reproducer"; tail -40 "build/fuzz/$name.regressions.log"
    continue
  fi
  if "$fuzzer" "${args[@]}" "$corpus" $( [ -d "$seeds" ] && echo "$seeds" ) >"build/fuzz/$name.log" 2>&1; then
    echo "fuzz: $name ok ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "build/fuzz/$name.log" | grep -o '[0-9]*$') runs, $(grep -o 'cov: [0-9]* ft: [0-9]*' "build/fuzz/$name.log" | tail -1))"
  else
    fuzz_failed=$((fuzz_failed + 1)); echo "fuzz: $name FAILED"; tail -40 "build/fuzz/$name.log"
  fi
done
echo "fuzz: $((fuzz_total - fuzz_failed)) passed, $fuzz_failed failed"
[ "$fuzz_failed" -eq 0 ]
