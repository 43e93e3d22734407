#!/usr/bin/env bash
# Lints the JS (ESLint, eslint.config.js: `npm run lint`) and checks the C++
# formatting (clang-format, .clang-format) without changing anything; exits
# non-zero on any finding. Run by scripts/test.sh.
#   bash scripts/lint.sh          check
#   bash scripts/lint.sh --fix    apply ESLint's fixes and clang-format in place
set -euo pipefail
cd "$(dirname "$0")/.."
CXX_DIRS=(wasm demo/collector tests/native tests/collector tests/fuzz tests/support)
mapfile -t cxx_files < <(find "${CXX_DIRS[@]}" -type f \( -name '*.cpp' -o -name '*.hpp' -o -name '*.h' \) | sort)

status=0
if [ "${1:-}" = --fix ]; then
  npm run --silent lint -- --fix || status=1   # what ESLint cannot fix is listed
  clang-format -i "${cxx_files[@]}"
  exit "$status"
fi

echo "== lint: ESLint over js/ tests/ scripts/ demo/"
npm run --silent lint || status=1
echo "== lint: clang-format over ${#cxx_files[@]} C++ files (${CXX_DIRS[*]})"
clang-format --dry-run --Werror "${cxx_files[@]}" || status=1
if [ "$status" -ne 0 ]; then echo "lint: FAILED (bash scripts/lint.sh --fix applies the fixes)"; fi
exit "$status"
