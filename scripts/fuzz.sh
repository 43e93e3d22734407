#!/usr/bin/env bash
# Long fuzzing of the core (not part of the test command, which runs each
# target for a fixed number of runs):
#
#   bash scripts/fuzz.sh [seconds-per-target] [target...]
#
# Targets are tests/fuzz/fuzz_<name>.cpp, named with or without "fuzz_"
# (default: all); seconds default to 600. FUZZ_JOBS=N (default 1) fuzzes each
# target in N processes (libFuzzer -fork=N, which goes on after a crash).
# The corpus persists in build/fuzz/corpus/fuzz_<name>/ (reused by the next
# run and by scripts/test.sh), seeded from the shared vectors
# (tests/fuzz/make-seeds.mjs) and the saved reproducers
# (tests/fuzz/regressions/<name>/). Crashes land in
# build/fuzz/crashes/fuzz_<name>/; the script lists them and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-600}
shift || true
JOBS=${JOBS:-2}
FUZZ_JOBS=${FUZZ_JOBS:-1}

if [ $# -gt 0 ]; then
  targets=("${@/#fuzz_/}")
else
  targets=($(for f in tests/fuzz/fuzz_*.cpp; do n=$(basename "$f" .cpp); echo "${n#fuzz_}"; done))
fi
for t in "${targets[@]}"; do
  [ -f "tests/fuzz/fuzz_$t.cpp" ] || { echo "fuzz.sh: no target tests/fuzz/fuzz_$t.cpp" >&2; exit 2; }
done

CC=clang CXX=clang++ cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DERRATUM_SANITIZE=ON \
  -DERRATUM_FUZZ=ON -DERRATUM_COLLECTOR=OFF >/dev/null
cmake --build build/fuzz -j"$JOBS" --target "${targets[@]/#/fuzz_}"
node tests/fuzz/make-seeds.mjs build/fuzz/seeds

mkdir -p build/fuzz/crashes; touch build/fuzz/crashes/.since
crashed=0
for t in "${targets[@]}"; do
  name="fuzz_$t"
  corpus="build/fuzz/corpus/$name"; crashes="build/fuzz/crashes/$name"; log="build/fuzz/$name.long.log"
  mkdir -p "$corpus" "$crashes"
  inputs=("$corpus" "build/fuzz/seeds/$t")
  [ -d "tests/fuzz/regressions/$t" ] && inputs+=("tests/fuzz/regressions/$t")
  args=(-max_total_time="$SECONDS_PER_TARGET" -max_len=4096 -timeout=10 -print_final_stats=1
        -dict=tests/fuzz/erratum.dict -artifact_prefix="$crashes/")
  [ "$FUZZ_JOBS" -gt 1 ] && args+=(-fork="$FUZZ_JOBS" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)
  before=$(ls "$crashes" | wc -l)
  echo "== $name: ${SECONDS_PER_TARGET}s, log in $log"
  "build/fuzz/$name" "${args[@]}" "${inputs[@]}" >"$log" 2>&1 || true
  # Single process: the final stats; fork mode: the last "#runs: cov: ..." line.
  runs=$(grep -aoP 'stat::number_of_executed_units: *\K[0-9]+' "$log" | tail -1 || true)
  [ -n "$runs" ] || runs=$(grep -aoP '^#\K[0-9]+' "$log" | tail -1 || true)
  cov=$(grep -aoP '\bcov: \d+ ft: \d+' "$log" | tail -1 || true)
  new=$(( $(ls "$crashes" | wc -l) - before ))
  echo "$name: ${runs:-?} runs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) inputs, $new new crash file(s)"
  [ "$new" -eq 0 ] || crashed=1
done

if [ "$crashed" -ne 0 ]; then
  echo "Crashes (replay one with: build/fuzz/fuzz_<name> <file>; shrink it with -minimize_crash=1 -runs=20000):"
  find build/fuzz/crashes -type f -newer build/fuzz/crashes/.since | sort
  exit 1
fi
