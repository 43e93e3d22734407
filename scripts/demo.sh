#!/usr/bin/env bash
# Builds everything and runs the demo: the article page with the widget, and
# the reference collector storing reports in SQLite, on one port of 127.0.0.1.
#   PORT=8080 DATA_DIR=build/demo-data bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-8080}
DATA_DIR=${DATA_DIR:-build/demo-data}

bash scripts/setup.sh
bash scripts/build.sh
mkdir -p "$DATA_DIR"

echo "Demo article:  http://127.0.0.1:$PORT/"
echo "Editor inbox:  http://127.0.0.1:$PORT/inbox"
exec build/native/demo/collector/erratum-collector \
  --host 127.0.0.1 --port "$PORT" \
  --db "$DATA_DIR/reports.sqlite" \
  --site demo/site \
  --assets build/wasm/dist \
  --articles demo/site/article.json
