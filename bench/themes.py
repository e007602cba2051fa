"""Themes at volume: `.venv/bin/python bench/themes.py [--items 100000]`.

On its own PostgreSQL database (`partnerloop_themes_bench`, local server of
scripts/postgres.sh): a tenant with the demo themes, `--items` generated feedback items
(flask demo generate), then times `analysis rerun` (which tags them), a new theme applied
to every item, theme_counts and top_negative_terms for the program view's default period,
and the program view page itself (median / p95 of --repeats renders, in process)."""

import argparse
import os
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text  # noqa: E402

from app.analysis.models import FeedbackTheme  # noqa: E402
from app.analysis.services.reanalysis import rerun_tenant  # noqa: E402
from app.analysis.services.themes import create_theme  # noqa: E402
from app.auth.services.accounts import create_user  # noqa: E402
from app.demo.services.generate import generate  # noqa: E402
from app.demo.services.themes import seed_demo_themes  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import FeedbackItem  # noqa: E402
from app.insights.services.metrics import MetricFilters, program_performance  # noqa: E402
from app.insights.services.themes import (  # noqa: E402
    counts_joined,
    theme_counts,
    top_negative_terms,
)
from app.jobs.services.runner import run_job  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.models import Tenant  # noqa: E402
from app.tenants.services.tenants import create_tenant  # noqa: E402
from bench.dashboards import in_process_app, logged_in_client  # noqa: E402
from bench.load import timed  # noqa: E402
from bench.run import postgres_database  # noqa: E402
from tests.insights.reference import counts_from_tags  # noqa: E402

DB_NAME = "partnerloop_themes_bench"
EMAIL, PASSWORD = "themes-bench@example.com", "Bench-password-2026!"


def _seed(items):
    with all_tenants():  # DDL on every tenant table, and its triggers
        db.create_all()
    admin = create_user(EMAIL, "Themes bench", PASSWORD)
    tenant = create_tenant("Themes bench", "themes-bench", admin)
    with scoped_to(tenant.id):
        seed_demo_themes()
        db.session.commit()
    result = generate(db.session.get(Tenant, tenant.id), partners=500, feedback=items)
    print(f"generated {result.items:,} items at {result.rows_per_second:,.0f} rows/s", flush=True)
    return tenant.id


def _explain(statement, tenant_id):
    """The plan of one of theme_counts' queries, with the tenant criteria the listener adds."""
    statement = statement.where(FeedbackTheme.tenant_id == tenant_id)
    if "feedback_items" in str(statement):
        statement = statement.where(FeedbackItem.tenant_id == tenant_id)
    compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
    return "\n".join(row[0] for row in db.session.connection().exec_driver_sql(f"EXPLAIN {compiled}"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f}", flush=True)
    app = in_process_app(postgres_database(DB_NAME))
    with app.app_context():
        tenant_id = _seed(args.items)
        first = rerun_tenant(tenant_id)
        print(f"analysis rerun (tags every item): {first.items:,} items in {first.seconds:.1f} s = "
              f"{first.items_per_second:,.0f} items/s, {first.changed:,} changed", flush=True)
        second = rerun_tenant(tenant_id)
        print(f"second rerun: {second.items_per_second:,.0f} items/s, {second.changed:,} changed", flush=True)
        with scoped_to(tenant_id):
            _, job = create_theme("Deal registration", "deal registration, lost a deal")
            db.session.commit()  # asks for its analysis.tag_theme job: run here, as a worker would
            began = time.perf_counter()
            run_job(tenant_id, job.id)
            db.session.refresh(job)
            print(f"new theme applied to every item (its job): {job.result} ({job.state.value}) "
                  f"in {time.perf_counter() - began:.1f} s")
            db.session.commit()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM ANALYZE"))  # as autovacuum would: visibility map, statistics
            filters = MetricFilters(start=date.today() - timedelta(days=364), end=date.today())
            tagged = db.session.scalar(select(func.count()).select_from(FeedbackTheme))
            print(f"{tagged:,} tags; theme_counts: {timed(lambda: theme_counts(filters), args.repeats)}")
            print(f"top_negative_terms: {timed(lambda: top_negative_terms(filters), args.repeats)}")
            print(f"program_performance: {timed(lambda: program_performance(filters), args.repeats)}")
            partner_id = db.session.scalar(select(FeedbackItem.partner_id).where(FeedbackItem.partner_id.is_not(None)))
            one_partner = replace(filters, partner_id=partner_id)
            print(f"theme_counts, one partner (joined): {timed(lambda: theme_counts(one_partner), args.repeats)}")
            print("plan, period only:\n" + _explain(counts_from_tags(filters, True), tenant_id))
            print("plan, one partner:\n" + _explain(counts_joined(one_partner, True), tenant_id))
    client = logged_in_client(app, EMAIL, PASSWORD)
    print(f"program view page /insights/: {timed(lambda: client.get('/insights/'), args.repeats)}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
