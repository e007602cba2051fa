#!/usr/bin/env bash
# Start (or stop) a throw-away PostgreSQL server for the test suite on a local port.
# Installs Debian's postgresql when its binaries are missing. Prints the server URL.
set -euo pipefail
action="${1:-start}"
PGPORT="${PGPORT:-54329}"
PGDATA="${PGDATA_DIR:-/tmp/partnerloop-pg-$PGPORT}"

find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
  echo "$found"
}
bindir="$(find_bin)"
if [ -z "$bindir" ] && [ "$action" = start ]; then
  echo "==> installing PostgreSQL (Debian package)" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is missing; install it (apt-get install postgresql)" >&2; exit 1; fi
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
  bindir="$(find_bin)"
fi

# PostgreSQL refuses to run as root: use the postgres system user then.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ "$action" = stop ]; then
  [ -d "$PGDATA" ] && as_owner "$bindir/pg_ctl" -D "$PGDATA" -m fast stop >&2 || true
  exit 0
fi

if [ ! -f "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA"
  as_owner "$bindir/initdb" -D "$PGDATA" -U postgres --auth=trust --no-sync -E UTF8 >/dev/null
  cat >> "$PGDATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PGPORT
unix_socket_directories = '/tmp'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
fi
if ! as_owner "$bindir/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
  as_owner "$bindir/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >&2
fi
echo "postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
