"""Dashboard latency: median and p95 of full page renders for a logged-in admin,
next to the one bare SQL aggregate the pages rest on."""

import statistics
import time
from datetime import timedelta

from sqlalchemy import text

from app import create_app, freeze_startup_heap
from app.core.models import utcnow
from app.extensions import db
from app.tenancy import scoped_to
from bench.bench_wsgi import BenchConfig
from bench.load import percentile

PAGES = (("program view", "/insights/"), ("partner health", "/insights/partners"), ("ideas board", "/ideas/"))
BARE_AGGREGATE = text(
    "SELECT count(*), avg(nps), avg(csat), avg(sentiment_score) FROM feedback_items "
    "WHERE tenant_id = :tenant_id AND given_at >= :since"
)


def in_process_app(database_url):
    """The app in this process; CSRF off only so the test client can log in."""

    class DashboardConfig(BenchConfig):
        WTF_CSRF_ENABLED = False

        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    app = create_app(DashboardConfig)
    freeze_startup_heap()  # as wsgi.py does
    return app


def logged_in_client(app, email, password):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"bench login failed ({response.status_code})")
    return client


def _timings(call, repeats):
    call()  # warm-up: templates compiled, caches filled
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        call()
        times.append(time.perf_counter() - began)
    return {"median_ms": round(1000 * statistics.median(times), 1), "p95_ms": round(1000 * percentile(times, 95), 1)}


def _page(client, path):
    def call():
        response = client.get(path)
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}")

    return call


def _bare_sql(app, tenant_id):
    since = utcnow() - timedelta(days=365)

    def call():
        # Declared as the tenant, like a request: the tenant wall refuses raw SQL on its tables otherwise.
        with app.app_context(), scoped_to(tenant_id):
            db.session.execute(BARE_AGGREGATE, {"tenant_id": tenant_id, "since": since}).one()
            db.session.remove()

    return call


def measure(app, client, tenant_id, repeats):
    """{page: {median_ms, p95_ms, ratio_to_sql}} plus the bare aggregate's own timings."""
    bare = _timings(_bare_sql(app, tenant_id), repeats)
    results = {"bare SQL aggregate": bare}
    for label, path in PAGES:
        timing = _timings(_page(client, path), repeats)
        timing["ratio_to_sql"] = round(timing["median_ms"] / max(bare["median_ms"], 0.1), 1)
        results[label] = timing
    return results
