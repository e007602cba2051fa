#!/usr/bin/env bash
# One command to run Partnerloop locally: venv, install, migrate, seed the demo, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export FLASK_APP=wsgi
source scripts/run_env.sh
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
echo "==> Partnerloop on http://$HOST:$PORT, emailed links point at $BASE_URL  (Ctrl-C to stop)"
PARTNERLOOP_SERVE=1 exec .venv/bin/flask run --host "$HOST" --port "$PORT"
