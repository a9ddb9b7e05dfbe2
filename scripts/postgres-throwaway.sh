#!/usr/bin/env bash
# Starts a throw-away PostgreSQL on a free loopback port and prints its URL on stdout.
#   eval "$(bash scripts/postgres-throwaway.sh)"   # exports DATABASE_URL and PG_THROWAWAY_DIR
#   bash scripts/postgres-throwaway.sh stop DIR    # stops it and removes its files
#   PG_OPTIONS="-c shared_buffers=1GB" …            # more server settings (the bench sets its cache)
# initdb refuses to run as root, so the server runs as the `postgres` user the Debian
# package creates, in a folder it owns.
set -euo pipefail
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "${pgbin:-}/initdb" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "${1:-}" = stop ]; then
  as_pg "$pgbin/pg_ctl" -D "$2/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$2"
  exit 0
fi

dir=$(mktemp -d /tmp/flex-pg.XXXXXX)
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
as_pg "$pgbin/initdb" -D "$dir/data" -U postgres --auth=trust --no-sync >/dev/null
as_pg "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 ${PG_OPTIONS:-}" start >/dev/null
echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres PG_THROWAWAY_DIR=$dir"
