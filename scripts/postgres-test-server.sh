#!/usr/bin/env bash
# A throwaway PostgreSQL server for the collector's tests, which run every
# store test against SQLite and PostgreSQL alike.
#   postgres-test-server.sh start STATE_DIR   initdb in a fresh temp folder, start on a free port
#   postgres-test-server.sh stop STATE_DIR    stop it and remove its data
# `start` writes STATE_DIR/url, the connection URL (with its password, mode
# 600), which tests/collector/test_support.cpp reads. The server listens on
# 127.0.0.1 and on a socket in its own folder only, with fsync off: its data
# is deleted at the end anyway. PostgreSQL refuses to run as root, so root
# runs it as the `postgres` user that Debian's package creates.
# ctest starts and stops it as a fixture (tests/CMakeLists.txt); a server left
# by an interrupted run is stopped by the next `start`.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop STATE_DIR" >&2
  exit 2
}
[ $# -eq 2 ] || usage
action=$1
state=$2

fail() {
  echo "postgres-test-server: $*" >&2
  exit 1
}

# The newest server under Debian's versioned folders, or PG_BINDIR.
bindir=${PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && bindir=$dir
  done
fi

# Runs a server command as the user that owns the data.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

stop_server() {
  [ -f "$state/datadir" ] || return 0
  local data
  data=$(cat "$state/datadir")
  if [ -n "$bindir" ] && [ -f "$data/db/postmaster.pid" ]; then
    as_owner "$bindir/pg_ctl" -D "$data/db" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  case "$data" in
    */erratum-pg.*) rm -rf "$data" ;;
  esac
  rm -f "$state/datadir" "$state/url" "$state/initdb.log"
}

case "$action" in
  stop)
    stop_server
    exit 0
    ;;
  start) ;;
  *) usage ;;
esac

if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ] || [ ! -x "$bindir/postgres" ]; then
  fail "no PostgreSQL server binaries (initdb, pg_ctl, postgres under /usr/lib/postgresql/*/bin, or PG_BINDIR):" \
    "install Debian's postgresql package (bash scripts/setup.sh does). The collector's tests need it; they are not skipped."
fi
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  fail "running as root, and there is no 'postgres' user to run the server as (Debian's postgresql package creates it)"
fi

mkdir -p "$state"
stop_server

# /tmp rather than $TMPDIR: the postgres user must reach the folder.
data=$(mktemp -d /tmp/erratum-pg.XXXXXX)
echo "$data" >"$state/datadir"
chmod 700 "$data"
[ "$(id -u)" -ne 0 ] || chown postgres: "$data"
password=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
as_owner sh -c "umask 077 && printf '%s\n' '$password' > '$data/password'"

if ! as_owner "$bindir/initdb" -D "$data/db" -U erratum --pwfile="$data/password" --auth=scram-sha-256 \
  --encoding=UTF8 --no-locale --no-sync >"$state/initdb.log" 2>&1; then
  cat "$state/initdb.log" >&2
  stop_server
  fail "initdb failed"
fi

# A free port: one that nothing answers on, and that the server could bind.
port=
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 30000))
  if (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then continue; fi
  if as_owner "$bindir/pg_ctl" -D "$data/db" -l "$data/server.log" -w -t 60 \
    -o "-p $candidate -k $data -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" \
    start >/dev/null 2>&1; then
    port=$candidate
    break
  fi
  grep -q "could not bind\|Address already in use" "$data/server.log" 2>/dev/null || {
    cat "$data/server.log" >&2 || true
    stop_server
    fail "the server did not start"
  }
done
[ -n "$port" ] || {
  stop_server
  fail "no free port found for the server"
}

(umask 077 && echo "postgresql://erratum:$password@127.0.0.1:$port/postgres" >"$state/url")
echo "postgres-test-server: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port ($data)"
