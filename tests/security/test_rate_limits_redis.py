"""With RATELIMIT_STORAGE_URI=redis://..., every process counts against the same limits:
two gunicorn servers (two processes, as two workers or machines would be) share one
log-in budget in a real Redis server. Runs when TEST_REDIS_URL names one (scripts/test.sh
starts it for the PostgreSQL pass with scripts/redis.sh); skipped otherwise."""

import os
import uuid
from contextlib import ExitStack
from urllib.parse import urlencode

import pytest
import redis

from tests.served import gunicorn, request

LIMIT = 3
REDIS_URL = os.environ.get("TEST_REDIS_URL")
pytestmark = [pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")]


@pytest.fixture
def key_prefix():
    prefix = f"partnerloop-test-{uuid.uuid4().hex}"
    yield prefix
    server = redis.Redis.from_url(REDIS_URL)
    for key in server.scan_iter(f"*{prefix}*"):
        server.delete(key)
    server.close()


def _wrong_login(port, email):
    body = urlencode({"email": email, "password": "wrong password"}).encode()
    return request(port, "/login", data=body)[0]


def test_two_processes_share_one_login_budget_in_redis(app, key_prefix, tmp_path):
    env = {**os.environ, "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
           "RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": key_prefix,
           "TEST_LOGIN_RATE_LIMIT": f"{LIMIT} per minute"}
    with ExitStack() as stack:
        ports = [stack.enter_context(gunicorn("tests.limited_wsgi:app", env, tmp_path / f"server{n}.log"))
                 for n in range(2)]
        # Alternating between the processes: in-process counting would allow 2 × LIMIT.
        statuses = [_wrong_login(ports[n % 2], "someone@example.com") for n in range(LIMIT + 1)]
    assert statuses == [422] * LIMIT + [429]
    keys = [key.decode() for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"*{key_prefix}*")]
    assert any("account:someone@example.com" in key for key in keys) and any("127.0.0.1" in key for key in keys)
