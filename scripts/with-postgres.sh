#!/usr/bin/env bash
# Run a command against a private, throw-away PostgreSQL cluster: started here on a free port of
# 127.0.0.1, stopped and deleted when the command ends. Two roles, as in production (S26):
#   DATABASE_OWNER_URL  bkcase_owner, owns the database and runs the migrations
#   DATABASE_URL        bkcase_app, what the application connects as (DATABASE_APP_ROLE)
set -euo pipefail
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
[ -x "$PG_BIN/initdb" ] || { echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

dir=$(mktemp -d /tmp/bkcase-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  as_owner=(runuser -u postgres -- env --chdir=/)  # postgres may not read the project folder
fi
cleanup() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT

"${as_owner[@]}" "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust --locale=C.UTF-8 -E UTF8 >/dev/null
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" >/dev/null
"${as_owner[@]}" "$PG_BIN/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 <<'SQL'
CREATE ROLE bkcase_owner LOGIN CREATEDB;
CREATE ROLE bkcase_app LOGIN;
CREATE DATABASE bkcase OWNER bkcase_owner;
SQL

export DATABASE_OWNER_URL="postgres://bkcase_owner@127.0.0.1:$port/bkcase"
export DATABASE_URL="postgres://bkcase_app@127.0.0.1:$port/bkcase"
export DATABASE_APP_ROLE=bkcase_app
"$@"
