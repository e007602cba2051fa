#!/usr/bin/env bash
# Create .venv and install the locked requirements (runtime, or "dev" for tests), install the
# browser packages from package-lock.json with npm when Node.js is there, and build the hashed,
# compressed static assets. Re-installs only when the lock files change.
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-runtime}"
req=requirements.txt
[ "$kind" = dev ] && req=requirements-dev.txt
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$kind"
want="$(cat requirements.txt requirements-dev.txt | sha256sum | cut -c1-16)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "==> installing $req"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r "$req"
  echo "$want" > "$stamp"
fi
# plotly.js's basic bundle (docs/page-weight.md). Without npm the app serves the plotly
# package's full bundle, 4x larger, and logs that it does.
if command -v npm >/dev/null 2>&1; then
  npm_stamp=node_modules/.installed-lock
  npm_want="$(sha256sum package-lock.json | cut -c1-16)"
  if [ "$(cat "$npm_stamp" 2>/dev/null || true)" != "$npm_want" ]; then
    echo "==> installing browser packages (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error
    echo "$npm_want" > "$npm_stamp"
  fi
else
  echo "==> Node.js (npm) not found: charts will use the full plotly.js from the plotly package"
fi
PARTNERLOOP_ENV="${PARTNERLOOP_ENV:-development}" .venv/bin/flask --app wsgi assets build
