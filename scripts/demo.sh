#!/usr/bin/env bash
# Builds what the demo runs and serves it: the article page with the widget,
# and the reference collector storing reports in SQLite, on one port of
# 127.0.0.1. Builds the browser module (wasm preset: build/wasm/dist) and the
# collector alone (demo preset: build/demo, no tests).
#   PORT=8080 DATA_DIR=build/demo-data JOBS=2 bash scripts/demo.sh
# ALLOW_ORIGIN lets pages of other origins post reports to this collector
# (--allow-origin), several separated by spaces or commas:
#   ALLOW_ORIGIN="http://127.0.0.1:3000 https://news.example" bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
DATA_DIR=${DATA_DIR:-build/demo-data}
JOBS=${JOBS:-$(nproc)}
allow=()
IFS=', ' read -r -a origins <<<"${ALLOW_ORIGIN:-}"
for origin in "${origins[@]}"; do if [[ -n $origin ]]; then allow+=(--allow-origin "$origin"); fi; done

bash scripts/setup.sh
start=$SECONDS
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$JOBS"
cmake --preset demo >/dev/null
cmake --build --preset demo -j "$JOBS"
mkdir -p "$DATA_DIR"

echo "Built in $((SECONDS - start)) s"
echo "Demo article:  http://127.0.0.1:$PORT/"
echo "Editor inbox:  http://127.0.0.1:$PORT/inbox"
if ((${#allow[@]})); then echo "Reports also from: ${ALLOW_ORIGIN}"; fi
exec build/demo/demo/collector/erratum-collector \
  --host 127.0.0.1 --port "$PORT" \
  --db "$DATA_DIR/reports.sqlite" \
  --site demo/site \
  --assets build/wasm/dist \
  --articles demo/site/article.json \
  --public-url "http://127.0.0.1:$PORT" \
  "${allow[@]}"
