#!/usr/bin/env bash
# Start (or stop) a throw-away Redis server for the test suite on a local port.
# Installs Debian's redis-server when it is missing. Prints the server URL.
set -euo pipefail
action="${1:-start}"
REDIS_PORT="${REDIS_PORT:-63799}"
REDIS_DIR="${REDIS_DIR:-/tmp/partnerloop-redis-$REDIS_PORT}"
pidfile="$REDIS_DIR/redis.pid"

if [ "$action" = stop ]; then
  if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    kill "$(cat "$pidfile")"
  fi
  exit 0
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "==> installing Redis (Debian package)" >&2
  if [ "$(id -u)" -ne 0 ]; then echo "Redis is missing; install it (apt-get install redis-server)" >&2; exit 1; fi
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
fi

mkdir -p "$REDIS_DIR"
if ! { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }; then
  # Memory only (no snapshots, no append-only file), local connections only.
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$REDIS_DIR" --save "" --appendonly no \
    --daemonize yes --pidfile "$pidfile" --logfile "$REDIS_DIR/server.log"
  for _ in $(seq 50); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
    sleep 0.1
  done
fi
echo "redis://127.0.0.1:$REDIS_PORT/0"
