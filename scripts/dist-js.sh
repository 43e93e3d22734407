#!/usr/bin/env bash
# Builds the deployable JS of dist/ from js/ with esbuild (Debian package):
# the loader's module erratum.mjs, and each part it imports by URL at run time
# (widget.mjs and ui-dialog.mjs on first open, outbox-flush.mjs when reports
# wait) bundled with code splitting, so a module both the loader and the widget use (the outbox
# watcher) is one shared chunk and one instance. Modules without state are
# not shared but copied: core.mjs (the typed core API) and
# widget-unavailable.mjs (loaded only when the core fails) are bundles of
# their own, so the widget's modules are one file and one gzip stream
# (opening the widget downloads 0.6 KB gzip less than with a chunk per shared
# module). The catalogs messages-<lang>.mjs are entries of their own, which
# the loader imports by name at run time: opening downloads one language, not
# all. Each is the UI strings js/messages-<lang>.mjs with, as its `issues`
# export, the core's message table wasm/messages/<lang>.json (the one file
# the native collector embeds too), so that the widget hands the core its
# messages without a second download. widget-unavailable.mjs bundles the
# English strings, as it must not need a download.
# The widget's bundle defines globalThis.ERRATUM_WIDGET_BUNDLE: the widget
# never re-anchors, so the packed path of session.reanchor (in core.mjs) is
# left out of what a reader downloads; dist/core.mjs keeps it.
# The classic loader erratum.js, the CSS and Emscripten's glue are
# minified; the TypeScript declarations copied. All the JS then gets a
# second pass with terser (scripts/minify-js.mjs, -1.2 KB gzip in all; run
# scripts/setup.sh first, it installs the npm dev dependencies). Called by
# the wasm build (CMakeLists.txt).
#   scripts/dist-js.sh <js dir> <emscripten glue erratum-core.mjs> <dist dir> <message tables dir>
set -euo pipefail
src=$1 glue=$2 dist=$3 tables=$4
mkdir -p "$dist"
rm -f "$dist"/chunk-*.mjs "$dist"/messages-*.mjs   # chunk names carry a content hash; languages come and go
common=(--minify --log-level=error)
modules=(--bundle --format=esm --external:./erratum-core.mjs "${common[@]}")
catalogs=$(mktemp -d)
trap 'rm -rf "$catalogs"' EXIT
for strings in "$src"/messages-*.mjs; do
  name=$(basename "$strings") && lang=${name#messages-} && lang=${lang%.mjs}
  [ -f "$tables/$lang.json" ] || { echo "dist-js.sh: no message table $tables/$lang.json for $name" >&2; exit 1; }
  printf "export { default } from '%s';\nexport { default as issues } from '%s';\n" "$strings" "$tables/$lang.json" >"$catalogs/$name"
done
esbuild "$src/erratum.mjs" "$src/widget.mjs" "$src/outbox-flush.mjs" "$src/ui-dialog.mjs" "$catalogs"/messages-*.mjs --splitting --outdir="$dist" \
  --entry-names='[name]' --out-extension:.js=.mjs --chunk-names='chunk-[hash]' --external:./widget-unavailable.mjs \
  --define:globalThis.ERRATUM_WIDGET_BUNDLE=true "${modules[@]}"
for entry in core widget-unavailable; do esbuild "$src/$entry.mjs" --outfile="$dist/$entry.mjs" "${modules[@]}"; done
esbuild "$src/erratum.js" --outfile="$dist/erratum.js" "${common[@]}"
for css in "$src"/*.css; do esbuild "$css" --outfile="$dist/$(basename "$css")" "${common[@]}"; done
esbuild "$glue" --format=esm --outfile="$dist/erratum-core.mjs" "${common[@]}"
node "$(dirname "$0")/minify-js.mjs" "$dist"/*.mjs "$dist/erratum.js"
# The loader imports its parts by URL; minifiers drop the comment that tells
# webpack to leave such an import to the browser (webpack would otherwise
# replace it with a lookup in its own bundle, which fails), so it is put back.
sed -i 's|import(|import(/*webpackIgnore:true*//*@vite-ignore*/|g' "$dist/erratum.mjs"
cp "$src"/*.d.ts "$dist"/
