#!/bin/bash
# Instructions per word diff, deterministic (unlike timings on a shared
# machine): builds diff-harness.cpp with the word diff's files of SOURCE (a
# checkout, default this one) as the wasm build builds them (clang, -Os
# -finline-functions, no exceptions or RTTI, Emscripten's libc++ headers),
# then counts with callgrind the instructions inside diff_word_spans() over
# three passes of the bench's headline inputs, 1 and 5 edits.
# Usage: tests/bench/native/diff-callgrind.sh [SOURCE] [OUT_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source=$(cd "${1:-$here/../../..}" && pwd)
out=${2:-$(mktemp -d)}
mkdir -p "$out"
CXX=${CXX:-clang++-14}
libcxx=/usr/share/emscripten/cache/sysroot/include/c++/v1
flags=(-std=c++17 -nostdinc++ -isystem "$libcxx" -D_LIBCPP_ABI_VERSION=2 -D_LIBCPP_HAS_NO_THREADS
  -D_LIBCPP_DISABLE_EXTERN_TEMPLATE -fno-exceptions -fno-rtti -DNDEBUG -I"$source/wasm/core/include" ${EXTRA_FLAGS:-})
for f in tokenize diff myers text; do
  "$CXX" "${flags[@]}" -Os -finline-functions -c "$source/wasm/core/src/$f.cpp" -o "$out/$f.o" &
done
"$CXX" "${flags[@]}" -O1 -c "$here/diff-harness.cpp" -o "$out/harness.o" &
wait
# The objects use libc++'s inline parts only; what they call out of line
# (operator new, memcpy) libstdc++ and libc provide.
"$CXX" "$out"/{tokenize,diff,myers,text,harness}.o -o "$out/diff-harness"
[ -f "$out/inputs-1.bin" ] || node "$here/diff-inputs.mjs" "$out" > /dev/null
for edits in 1 5; do
  line=$(valgrind --tool=callgrind --callgrind-out-file="$out/callgrind-$edits.out" \
    --toggle-collect='erratum::diff_word_spans*' "$out/diff-harness" "$out/inputs-$edits.bin" 3 2>&1 |
    grep -E 'Collected|checksum')
  echo "$edits edit(s): $(echo "$line" | grep checksum) | instructions $(echo "$line" | grep Collected | awk '{print $4}')"
done
echo "callgrind files in $out (callgrind_annotate --inclusive=yes $out/callgrind-5.out)"
