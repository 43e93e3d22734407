#!/usr/bin/env bash
# Builds the deployable JS of dist/ from js/ with esbuild (Debian package):
# the module entries (erratum.mjs, the loader's module; widget.mjs, loaded on
# first open; outbox-flush.mjs, loaded by the loader when reports wait;
# core.mjs, the typed core API) bundled with code splitting, so a module both
# the loader and the widget use is one shared chunk and one instance; the
# classic loader erratum.js, the CSS and Emscripten's glue minified; the
# TypeScript declarations copied. Called by the wasm build (CMakeLists.txt).
#   scripts/dist-js.sh <js dir> <emscripten glue erratum-core.mjs> <dist dir>
set -euo pipefail
src=$1 glue=$2 dist=$3
mkdir -p "$dist"
rm -f "$dist"/chunk-*.mjs   # chunk names carry a content hash: drop the previous build's
common=(--minify --log-level=error)
esbuild "$src/erratum.mjs" "$src/widget.mjs" "$src/outbox-flush.mjs" "$src/core.mjs" \
  --bundle --splitting --format=esm --outdir="$dist" --out-extension:.js=.mjs \
  --chunk-names='chunk-[hash]' --external:./erratum-core.mjs "${common[@]}"
esbuild "$src/erratum.js" --outfile="$dist/erratum.js" "${common[@]}"
for css in "$src"/*.css; do esbuild "$css" --outfile="$dist/$(basename "$css")" "${common[@]}"; done
esbuild "$glue" --format=esm --outfile="$dist/erratum-core.mjs" "${common[@]}"
cp "$src"/*.d.ts "$dist"/
