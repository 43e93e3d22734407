#!/usr/bin/env bash
# Fuzzes the core with the libFuzzer targets (clang, ASan + UBSan; the fuzz
# CMake preset, build/fuzz):
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]   long runs (default 600 s)
#   bash scripts/fuzz.sh --runs N [target...]                N runs each (scripts/test.sh)
#
# Targets are tests/fuzz/fuzz_<name>.cpp, named with or without "fuzz_"
# (default: all). Each target first replays its saved reproducers
# (tests/fuzz/regressions/<name>/), then fuzzes from its corpus, which
# persists in build/fuzz/corpus/fuzz_<name>/ (reused by the next run, either
# mode), the seeds made from the shared vectors (tests/fuzz/make-seeds.mjs)
# and the reproducers. FUZZ_JOBS=N (default 1) fuzzes each target in N
# processes (libFuzzer -fork=N, which goes on after a crash). JOBS=N
# (default: nproc) build jobs. Crashes land in build/fuzz/crashes/fuzz_<name>/;
# a target that crashed, timed out or failed a reproducer counts as failed,
# and the script ends with "fuzz: N passed, M failed" and exits non-zero on
# any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=${JOBS:-$(nproc)}
FUZZ_JOBS=${FUZZ_JOBS:-1}

if [ "${1:-}" = --runs ]; then
  [ -n "${2:-}" ] || { echo "fuzz.sh: --runs needs a number" >&2; exit 2; }
  budget=(-runs="$2"); what="$2 runs each"; shift 2
else
  budget=(-max_total_time="${1:-600}"); what="${1:-600}s each"; shift || true
fi

if [ $# -gt 0 ]; then
  targets=("${@/#fuzz_/}")
else
  targets=($(for f in tests/fuzz/fuzz_*.cpp; do n=$(basename "$f" .cpp); echo "${n#fuzz_}"; done))
fi
for t in "${targets[@]}"; do
  [ -f "tests/fuzz/fuzz_$t.cpp" ] || { echo "fuzz.sh: no target tests/fuzz/fuzz_$t.cpp" >&2; exit 2; }
done

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$JOBS" --target "${targets[@]/#/fuzz_}"
node tests/fuzz/make-seeds.mjs build/fuzz/seeds

echo "== fuzz targets (libFuzzer, ASan+UBSan), $what"
mkdir -p build/fuzz/crashes; touch build/fuzz/crashes/.since
passed=0; failed=0
for t in "${targets[@]}"; do
  name="fuzz_$t"; fuzzer="build/fuzz/$name"
  corpus="build/fuzz/corpus/$name"; crashes="build/fuzz/crashes/$name"; log="build/fuzz/$name.log"
  regressions="tests/fuzz/regressions/$t"
  mkdir -p "$corpus" "$crashes"

  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ] &&
     ! "$fuzzer" -timeout=10 "$regressions"/* >"build/fuzz/$name.regressions.log" 2>&1; then
    failed=$((failed + 1)); echo "fuzz: $name FAILED on a saved reproducer"; tail -40 "build/fuzz/$name.regressions.log"
    continue
  fi

  inputs=("$corpus")
  [ -d "build/fuzz/seeds/$t" ] && inputs+=("build/fuzz/seeds/$t")
  [ -d "$regressions" ] && inputs+=("$regressions")
  args=("${budget[@]}" -max_len=4096 -timeout=10 -print_final_stats=1 -artifact_prefix="$crashes/")
  [ -f tests/fuzz/erratum.dict ] && args+=(-dict=tests/fuzz/erratum.dict)
  [ "$FUZZ_JOBS" -gt 1 ] && args+=(-fork="$FUZZ_JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  before=$(ls "$crashes" | wc -l)
  status=0; "$fuzzer" "${args[@]}" "${inputs[@]}" >"$log" 2>&1 || status=$?
  new=$(( $(ls "$crashes" | wc -l) - before ))
  # Single process: the final stats; fork mode: the last "#runs: cov: ..." line.
  runs=$(grep -aoP 'stat::number_of_executed_units: *\K[0-9]+' "$log" | tail -1 || true)
  [ -n "$runs" ] || runs=$(grep -aoP '^#\K[0-9]+' "$log" | tail -1 || true)
  cov=$(grep -aoP '\bcov: \d+ ft: \d+' "$log" | tail -1 || true)
  if [ "$status" -eq 0 ] && [ "$new" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz: $name ok (${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs)"
  else
    failed=$((failed + 1))
    echo "fuzz: $name FAILED (exit $status, $new new crash file(s); log $log)"; tail -40 "$log"
  fi
done

if [ -n "$(find build/fuzz/crashes -type f -newer build/fuzz/crashes/.since)" ]; then
  echo "Crashes (replay one with: build/fuzz/fuzz_<name> <file>; shrink it with -minimize_crash=1 -runs=20000):"
  find build/fuzz/crashes -type f -newer build/fuzz/crashes/.since | sort
fi
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
