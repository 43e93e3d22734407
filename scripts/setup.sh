#!/usr/bin/env bash
# Installs what Erratum needs on a fresh Debian 12 machine (root, apt and npm
# reachable), and nothing that is already there. Sourced or run by
# scripts/demo.sh and scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake g++ clang libclang-rt-14-dev   # native build, sanitizers, libFuzzer
  googletest libgtest-dev                              # unit tests
  nlohmann-json3-dev                                   # JSON in the core
  emscripten binaryen                                  # the WebAssembly build
  esbuild                                              # bundles and minifies the JS of dist/
  libboost-dev libsqlite3-dev libssl-dev               # the reference collector (Beast, Asio, OpenSSL)
  libcpp-httplib-dev pkg-config                        # the collector tests' HTTP client
  libpq-dev                                            # the collector's PostgreSQL store (--db postgres://)
  postgresql                                           # the server the collector's store tests run against
  chromium                                             # browser tests
  brotli                                               # size report
  clang-format                                         # the C++ format check (scripts/lint.sh)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# Node.js may come from Debian or from another packaging that bundles npm:
# ask for the commands, not for Debian's package names.
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# npm dev dependencies, exactly as the lockfile pins them.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi
