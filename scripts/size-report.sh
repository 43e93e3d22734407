#!/usr/bin/env bash
# Prints the compressed size of what a page loads: the loader (before the
# reader opens the widget) and everything loaded once it is opened.
set -euo pipefail
cd "$(dirname "$0")/.."
DIST=${1:-build/wasm/dist}
LOADER=(erratum.js erratum.mjs)

gz() { gzip -9 -c "$1" | wc -c; }
br() { if command -v brotli >/dev/null; then brotli -q 11 -c "$1" | wc -c; else echo "-"; fi; }

printf '%-28s %9s %9s %9s\n' file bytes gzip brotli
total_raw=0; total_gz=0; total_br=0; loader_gz=0
for f in "$DIST"/*.mjs "$DIST"/*.js "$DIST"/*.css "$DIST"/*.wasm; do
  [ -e "$f" ] || continue
  name=$(basename "$f")
  raw=$(wc -c <"$f"); g=$(gz "$f"); b=$(br "$f")
  printf '%-28s %9d %9d %9s\n' "$name" "$raw" "$g" "$b"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + g)); [ "$b" = "-" ] || total_br=$((total_br + b))
  for l in "${LOADER[@]}"; do [ "$name" = "$l" ] && loader_gz=$((loader_gz + g)); done
done
printf '%-28s %9d %9d %9d\n' "all files" "$total_raw" "$total_gz" "$total_br"
echo "size: erratum-core.wasm gzip $(gz "$DIST/erratum-core.wasm") B, erratum-core.mjs gzip $(gz "$DIST/erratum-core.mjs") B"
echo "size: loader (before open) gzip ${loader_gz} B; everything gzip ${total_gz} B"
