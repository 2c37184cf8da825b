#!/usr/bin/env bash
# A private PostgreSQL for this checkout: data in .data/ (git-ignored), listening on 127.0.0.1 only.
# usage: scripts/db.sh start|stop|status|psql [args]|reset --yes|url
#   COORDINATION_PG_DIR   data folder        (default: .data/pg)
#   COORDINATION_PG_PORT  port on 127.0.0.1  (default: 5433)
#   COORDINATION_PG_DB    database name      (default: coordination)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="${COORDINATION_PG_DIR:-$root/.data/pg}"
port="${COORDINATION_PG_PORT:-5433}"
db="${COORDINATION_PG_DB:-coordination}"
role="coordination"

usage() { echo "usage: scripts/db.sh start|stop|status|psql [args]|reset --yes|url" >&2; exit 2; }

# Debian's PostgreSQL lives in /usr/lib/postgresql/<major>/bin; a fresh machine may lack it.
pg_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "db: PostgreSQL not found, installing Debian's postgresql package..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  echo "$dir"
}

# initdb and pg_ctl refuse to run as root: run them as the postgres user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

is_running() { [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; }

psql_admin() {
  as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

init_cluster() {
  mkdir -p "$data"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$data"; fi
  chmod 700 "$data"
  echo "db: creating a new PostgreSQL cluster in $data" >&2
  # trust on 127.0.0.1 only: a private development instance; production brings its own connection string.
  as_owner "$bin/initdb" -D "$data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
}

start() {
  [ -f "$data/PG_VERSION" ] || init_cluster
  if is_running; then
    echo "db: already running on 127.0.0.1:$port ($data)" >&2
  else
    as_owner "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
      -o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories='$data' -c max_connections=200" start >/dev/null
    echo "db: started on 127.0.0.1:$port ($data)" >&2
  fi
  if [ "$(psql_admin -c "select 1 from pg_roles where rolname='$role'")" != "1" ]; then
    psql_admin -c "create role $role login createdb"
  fi
  psql_admin -c "alter role $role createdb"
  if [ "$(psql_admin -c "select 1 from pg_database where datname='$db'")" != "1" ]; then
    psql_admin -c "create database \"$db\" owner $role"
    echo "db: created database $db" >&2
  fi
}

stop() {
  if is_running; then as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null; echo "db: stopped" >&2
  else echo "db: not running" >&2; fi
}

status() {
  if is_running; then echo "running on 127.0.0.1:$port, data in $data"; else echo "stopped (data in $data)"; return 3; fi
}

cmd="${1:-}"; [ -n "$cmd" ] || usage; shift || true
bin="$(pg_bin)"
case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  psql) as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U "$role" -d "$db" "$@" ;;
  url) echo "Host=127.0.0.1;Port=$port;Database=$db;Username=$role" ;;
  reset)
    [ "${1:-}" = "--yes" ] || { echo "db: reset deletes every row in $data; say 'scripts/db.sh reset --yes'" >&2; exit 2; }
    stop; rm -rf "$data"; start ;;
  *) usage ;;
esac
