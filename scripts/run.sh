#!/usr/bin/env bash
# One command to run Partnerloop locally: venv, install, migrate, seed the demo, then the
# background worker (jobs, schedule, email and webhook delivery) and the web server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export FLASK_APP=wsgi
source scripts/run_env.sh
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
.venv/bin/flask worker &
worker=$!
# Ctrl-C stops both: the worker finishes the job in hand first.
trap 'kill -TERM "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
echo "==> Partnerloop on http://$HOST:$PORT, emailed links point at $BASE_URL  (Ctrl-C to stop)"
PARTNERLOOP_SERVE=1 .venv/bin/flask run --host "$HOST" --port "$PORT"
