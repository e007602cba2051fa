#!/usr/bin/env bash
# One command for the whole test suite: installs what the tests need (venv, a local
# PostgreSQL server, a local Redis server, Debian's Chromium), then runs the suite on
# SQLite and on PostgreSQL. Tests that do not depend on the database (markers browser,
# external, pure) and the PostgreSQL-only ones run once, in the PostgreSQL pass, with the
# Redis tests. Each pass prints its 30 slowest tests.
# Extra arguments go to pytest, e.g. scripts/test.sh -k invitations
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
scripts/ensure-chromium.sh
echo "==> ruff"
.venv/bin/ruff check app tests bench config.py wsgi.py
pg_url="$(scripts/postgres.sh start)"
redis_url="$(scripts/redis.sh start)"
workers="${PYTEST_WORKERS:-2}"
status=0
echo "==> test suite on SQLite"
.venv/bin/python -m pytest -n "$workers" -p no:cacheprovider --durations=30 \
  -m "not browser and not external and not pure and not postgres" "$@" || status=$?
echo "==> test suite on PostgreSQL"
TEST_DATABASE_URL="$pg_url" TEST_REDIS_URL="$redis_url" \
  .venv/bin/python -m pytest -n "$workers" -p no:cacheprovider --durations=30 "$@" || status=$?
exit $status
