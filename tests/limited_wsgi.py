"""The app as tests/security/test_rate_limits_redis.py serves it: its log-in limits from
TEST_LOGIN_RATE_LIMIT, counted in the storage RATELIMIT_STORAGE_URI names (Redis there)
under the key prefix RATELIMIT_KEY_PREFIX (one per test, so runs sharing a server never meet)."""

import os

from app import create_app
from config import Config


class LowLimitConfig(Config):
    WTF_CSRF_ENABLED = False

    def __init__(self):
        super().__init__()
        self.LOGIN_RATE_LIMIT = self.LOGIN_ACCOUNT_RATE_LIMIT = os.environ["TEST_LOGIN_RATE_LIMIT"]
        self.RATELIMIT_KEY_PREFIX = os.environ["RATELIMIT_KEY_PREFIX"]


app = create_app(LowLimitConfig)
