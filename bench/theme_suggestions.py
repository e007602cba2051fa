"""Suggested themes at volume: `.venv/bin/python bench/theme_suggestions.py [--items 1000000]`.

On its own PostgreSQL database (`partnerloop_suggestions_bench`, local server of
scripts/postgres.sh): a tenant with `--items` generated feedback items over 12 months
(flask demo generate; none tagged, so every negative item is a candidate: the most work),
then times suggest_themes for the last 90 days and 12 months, shows the plan of its one
query, and times the themes page (median / p95 of --repeats, in process)."""

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from app.analysis.services.suggestions import SAMPLE, sample_query, suggest_themes  # noqa: E402
from app.auth.services.accounts import create_user  # noqa: E402
from app.demo.services.generate import generate  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import FeedbackItem  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.models import Tenant  # noqa: E402
from app.tenants.services.tenants import create_tenant  # noqa: E402
from bench.dashboards import in_process_app, logged_in_client  # noqa: E402
from bench.load import timed  # noqa: E402
from bench.run import postgres_database  # noqa: E402

DB_NAME = "partnerloop_suggestions_bench"
EMAIL, PASSWORD = "suggestions-bench@example.com", "Bench-password-2026!"


def _seed(items):
    with all_tenants():  # DDL on every tenant table, and its triggers
        db.create_all()
    admin = create_user(EMAIL, "Suggestions bench", PASSWORD)
    tenant = create_tenant("Suggestions bench", "suggestions-bench", admin)
    result = generate(db.session.get(Tenant, tenant.id), partners=500, feedback=items)
    print(f"generated {result.items:,} items at {result.rows_per_second:,.0f} rows/s", flush=True)
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))  # as autovacuum would: visibility map, statistics
    return tenant.id


def _plan(tenant_id, start, end):
    statement = sample_query(start, end, SAMPLE).where(FeedbackItem.tenant_id == tenant_id)
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    rows = db.session.connection().exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}")
    return "\n".join(row[0] for row in rows)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    app = in_process_app(postgres_database(DB_NAME))
    today = date.today()
    with app.app_context():
        tenant_id = _seed(args.items)
        with scoped_to(tenant_id):
            print(f"{db.session.scalar(select(func.count()).select_from(FeedbackItem)):,} items")
            for days in (90, 365):
                start = today - timedelta(days=days - 1)
                found = suggest_themes(start, today, 5)
                print(f"{days} days: read {found.examined:,} negative items, {len(found.suggestions)} suggestions "
                      f"({', '.join(s.phrase for s in found.suggestions[:5])}); "
                      f"suggest_themes {timed(lambda start=start: suggest_themes(start, today, 5), args.repeats)}", flush=True)
            print("plan, 90 days:\n" + _plan(tenant_id, today - timedelta(days=89), today))
            db.session.rollback()
    client = logged_in_client(app, EMAIL, PASSWORD)
    print(f"themes page /settings/themes/: {timed(lambda: client.get('/settings/themes/'), args.repeats)}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
