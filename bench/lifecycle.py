"""Tenant export and deletion at volume: two tenants of N feedback items each; export
one (time, ZIP size, peak Python memory while writing), store it in the database as the
export job does and read it back as the download does (time), delete the tenant (time),
and check the other tenant kept every row.

    .venv/bin/python bench/lifecycle.py --database-url "$(scripts/postgres.sh url)" --items 200000
"""

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.demo.services.generate import generate  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import FeedbackItem  # noqa: E402
from app.lifecycle.services.export import build_export  # noqa: E402
from app.lifecycle.services.export_store import export_parts, store_export  # noqa: E402
from app.lifecycle.services.tenants import delete_tenant  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.models import Tenant  # noqa: E402
from config import TestConfig  # noqa: E402
from tests.factories import PASSWORD, make_tenant, make_user  # noqa: E402

DATABASE = "plt_bench_lifecycle"


def _fresh_database(base_url):
    if not base_url.startswith("postgresql"):
        return base_url
    admin = create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
    admin.dispose()
    return make_url(base_url).set(database=DATABASE).render_as_string(hide_password=False)


def _app(url):
    class BenchConfig(TestConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = url

    return create_app(BenchConfig)


def _items(tenant_id):
    with scoped_to(tenant_id):
        return db.session.scalar(select(func.count()).select_from(FeedbackItem))


def _store_and_read(tenant, result):
    """(seconds to store the ZIP in its parts and commit, seconds to read them all back)."""
    started = time.perf_counter()
    with scoped_to(tenant.id):
        export = store_export(result, None, None)
        export_id, size = export.id, export.size
        db.session.commit()
    result.file.close()
    stored = time.perf_counter()
    read = sum(len(part) for part in export_parts(tenant.id, export_id))
    assert read == size, "the parts do not add up to the ZIP"
    return stored - started, time.perf_counter() - stored


def run(url, items, partners):
    app = _app(_fresh_database(url))
    with app.app_context():
        with all_tenants():  # DDL on every tenant table, and its triggers
            db.create_all()
        tenants = [make_tenant(f"Bench {label}", f"bench-{label}", make_user(f"admin@{label}.bench"))
                   for label in ("a", "b")]
        for tenant in tenants:
            generate(tenant, partners=partners, feedback=items)
        a, b = (db.session.get(Tenant, tenant.id) for tenant in tenants)
        b_items = _items(b.id)
        started = time.perf_counter()
        result = build_export(a)
        export_seconds = time.perf_counter() - started
        size_mb = result.file.seek(0, 2) / 2**20
        store_seconds, read_seconds = _store_and_read(a, result)
        tracemalloc.start()  # a second export, traced (tracing slows it down several times)
        build_export(a).file.close()
        peak_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        db.session.commit()
        admin = db.session.scalars(select(User).where(User.email == "admin@a.bench")).one()
        started = time.perf_counter()
        deleted = delete_tenant(a, admin, "bench-a", PASSWORD)
        db.session.commit()
        delete_seconds = time.perf_counter() - started
        assert _items(b.id) == b_items, "the other tenant lost rows"
    print(f"{items} items per tenant on {make_url(url).get_backend_name()}")
    print(f"export: {export_seconds:.1f} s, ZIP {size_mb:.1f} MB, peak Python memory {peak_mb:.1f} MB")
    print(f"stored in the database: {store_seconds:.1f} s, read back for the download: {read_seconds:.1f} s")
    print(f"delete: {delete_seconds:.1f} s ({deleted['feedback_items']} items), other tenant intact")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--items", type=int, default=200_000)
    parser.add_argument("--partners", type=int, default=200)
    arguments = parser.parse_args()
    run(arguments.database_url, arguments.items, arguments.partners)


if __name__ == "__main__":
    main()
