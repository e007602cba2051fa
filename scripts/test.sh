#!/usr/bin/env bash
# One command for the whole test suite: installs what the tests need (venv, a local
# PostgreSQL server, a local Redis server, Debian's Chromium), then runs every test on
# SQLite and on PostgreSQL (the Redis rate-limit tests run in the PostgreSQL pass).
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
.venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@" || status=$?
echo "==> test suite on PostgreSQL"
TEST_DATABASE_URL="$pg_url" TEST_REDIS_URL="$redis_url" .venv/bin/python -m pytest -n "$workers" -p no:cacheprovider "$@" || status=$?
exit $status
