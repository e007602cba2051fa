"""Partnerloop as gunicorn serves it in the benchmark: production settings (CSRF on,
DEBUG off), database from DATABASE_URL, rate limits raised so the load generator
(one IP) measures the application rather than the limiter."""

from app import create_app, freeze_startup_heap
from config import Config


class BenchConfig(Config):
    LOGIN_RATE_LIMIT = "1000000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "1000000 per minute"
    TOKEN_RATE_LIMIT = "1000000 per minute"
    API_RATE_LIMIT = "1000000 per minute"


app = create_app(BenchConfig)
freeze_startup_heap()  # as wsgi.py does
