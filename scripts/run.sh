#!/usr/bin/env bash
# One command to run Partnerloop locally: venv, install, migrate, seed the demo, serve.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
export FLASK_APP=wsgi
.venv/bin/flask db upgrade
.venv/bin/flask demo seed --if-empty
echo "==> Partnerloop on http://${HOST:-127.0.0.1}:${PORT:-5000}  (Ctrl-C to stop)"
PARTNERLOOP_SERVE=1 exec .venv/bin/flask run --host "${HOST:-127.0.0.1}" --port "${PORT:-5000}"
