"""Configuration classes. Values come from environment variables, read when a
config class is instantiated (never at import time), so tests can set them."""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
DEV_SECRET_KEY = "dev-insecure-secret-key-change-me"


def _env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def _is_absolute_url(url):
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _normalise_database_url(url):
    # Hosting platforms hand out postgres:// URLs; SQLAlchemy wants an explicit driver.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    TESTING = False
    DEBUG = False
    BOOTSTRAP_SERVE_LOCAL = True
    BOOTSTRAP_BOOTSWATCH_THEME = None
    WTF_CSRF_ENABLED = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    # Also the server-side limit of every signed-in session, remembered or not
    # (app/auth/services/sessions.py): a copied cookie is refused after it, whatever its expiry.
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Request bodies: 5 MB in all (the CSV upload route raises it for itself), at most
    # MAX_FORM_PARTS fields or parts, urlencoded or multipart (app.core.security.LimitedRequest;
    # enough for a multi-select of every partner in a large tenant), and 500 KB per
    # multipart text field. Anything larger is a 413 before CSRF or rate limits run.
    MAX_CONTENT_LENGTH = 5 * 1024 * 1024
    MAX_FORM_PARTS = 5_000
    MAX_FORM_MEMORY_SIZE = 500_000
    INVITATION_TTL_DAYS = 7
    PASSWORD_RESET_TTL_HOURS = 2
    EMAIL_VERIFICATION_TTL_HOURS = 48
    PASSWORD_MIN_LENGTH = 10
    LOGIN_RATE_LIMIT = "10 per minute"  # per client address
    # Per account (the email a log-in or reset request names, from any address); failed
    # log-ins count, successful ones do not.
    LOGIN_ACCOUNT_RATE_LIMIT = "10 per minute"
    TOKEN_RATE_LIMIT = "30 per minute"
    DEMO_ITEMS_PER_PARTNER = 40
    OUTBOX_MAX_ATTEMPTS = 8
    OUTBOX_BATCH_SIZE = 100
    # SMTP sessions sending in parallel: one session is bound by the server's round trips.
    OUTBOX_SMTP_CONNECTIONS = 4
    # Run the outbox sender in a thread of the web process (development only).
    OUTBOX_IN_PROCESS = False
    # Background jobs (app/jobs, docs/jobs.md): a worker's lease on a job lasts this long
    # unless its heartbeat renews it; a due job no worker took is handed to the queue again
    # after JOBS_REQUEUE_AFTER_SECONDS. Both are read from the environment too (the worker
    # fault tests shorten them). JOBS_EAGER runs each job in the caller's thread as soon as
    # its transaction commits (tests).
    JOBS_EAGER = False
    # JSON API (app/api) and outbound webhooks (app/integrations/services/webhooks.py).
    API_RATE_LIMIT = "120 per minute"  # per token
    API_MAX_BODY_BYTES = 2 * 1024 * 1024
    WEBHOOK_TIMEOUT = 5.0
    WEBHOOK_MAX_ATTEMPTS = 10
    WEBHOOK_BATCH_SIZE = 20
    # Only for tests that deliver to a receiver on 127.0.0.1: never in production.
    WEBHOOK_ALLOW_PRIVATE_TARGETS = False
    # Strict-Transport-Security header value; set by ProductionConfig only (the others serve
    # plain HTTP on 127.0.0.1, which a browser would then refuse for a year).
    STRICT_TRANSPORT_SECURITY = None
    # Flask-Limiter: when the storage (Redis) is unreachable, count in each process's memory
    # instead of failing every rate-limited request.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    # Pages and CSV exports compressed by app/assets/compression.py (static files come compressed
    # ahead of time). The API's JSON is left alone: its answers are small pages, and clients
    # differ in what they decode. Streams pass as they are; no zstd (browsers offer it on HTTPS only).
    COMPRESS_REGISTER = False
    COMPRESS_MIMETYPES = ["text/html", "text/csv"]
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_STREAMS = False

    def __init__(self):
        self.SECRET_KEY = _env("SECRET_KEY", DEV_SECRET_KEY)
        default_db = "sqlite:///" + str(BASE_DIR / "instance" / "partnerloop.db")
        self.SQLALCHEMY_DATABASE_URI = _normalise_database_url(_env("DATABASE_URL", default_db))
        self.SMTP_HOST = _env("SMTP_HOST")
        self.SMTP_PORT = int(_env("SMTP_PORT", "25"))
        self.SMTP_USER = _env("SMTP_USER")
        self.SMTP_PASSWORD = _env("SMTP_PASSWORD")
        self.SMTP_STARTTLS = _env("SMTP_STARTTLS", "0") == "1"
        self.SMTP_TIMEOUT = float(_env("SMTP_TIMEOUT", "10"))
        self.MAIL_FROM = _env("MAIL_FROM", "Partnerloop <no-reply@partnerloop.local>")
        self.BASE_URL = _env("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
        # The task queue's storage: Redis in production (workers on many machines share it),
        # else a SQLite file beside the database (no server to run).
        self.JOBS_QUEUE_URL = _env("JOBS_QUEUE_URL", "sqlite:///" + str(BASE_DIR / "instance" / "jobs-queue.db"))
        # The queue's name in its storage: test runs sharing one Redis server each use their own.
        self.JOBS_QUEUE_NAME = _env("JOBS_QUEUE_NAME", "partnerloop")
        self.JOBS_LEASE_SECONDS = float(_env("JOBS_LEASE_SECONDS", "60"))
        self.JOBS_REQUEUE_AFTER_SECONDS = float(_env("JOBS_REQUEUE_AFTER_SECONDS", "120"))
        self.PROXY_FIX_HOPS = int(_env("PROXY_FIX_HOPS", "0"))
        # Hashed, compressed static assets (app/assets); written at set-up and on start-up.
        self.ASSETS_BUILD_DIR = _env("ASSETS_BUILD_DIR", str(BASE_DIR / "build" / "assets"))


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"

    def __init__(self):
        super().__init__()
        if self.SECRET_KEY == DEV_SECRET_KEY or len(self.SECRET_KEY) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters in production "
                '(e.g. python -c "import secrets; print(secrets.token_hex(32))").'
            )
        if not _is_absolute_url(_env("BASE_URL")):
            raise RuntimeError(
                "BASE_URL must be set in production to the portal's public address, e.g. "
                "https://feedback.example.com: every emailed link starts with it."
            )


class TestConfig(Config):
    TESTING = True
    WTF_CSRF_ENABLED = False
    # Limits stay on (memory storage, reset per test) but high; rate-limit tests lower them.
    LOGIN_RATE_LIMIT = "10000 per minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "10000 per minute"
    TOKEN_RATE_LIMIT = "10000 per minute"
    # Fast hashing in tests only; production uses werkzeug's scrypt default.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    DEMO_ITEMS_PER_PARTNER = 4
    JOBS_EAGER = True

    def __init__(self):
        super().__init__()
        self.SQLALCHEMY_DATABASE_URI = _normalise_database_url(
            _env("TEST_DATABASE_URL", "sqlite:///" + str(BASE_DIR / "instance" / "test.db"))
        )
        self.BASE_URL = "http://localhost"


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_env():
    """The config class named by PARTNERLOOP_ENV (default: development)."""
    name = _env("PARTNERLOOP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"PARTNERLOOP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
