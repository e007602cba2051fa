"""Import rate of the CSV feedback import, sentiment analysis included.

Generates a call-center/chat/social export of N rows (default 100,000) with varied
texts, imports it through app.imports.services.batches (store, map, run), and prints rows/s.
Then imports the same file again (every row a duplicate) and prints that rate too.

    .venv/bin/python bench/import_rate.py                      # SQLite in a temp dir
    .venv/bin/python bench/import_rate.py --database-url postgresql+psycopg://postgres@127.0.0.1:54329/postgres

On PostgreSQL a throw-away database is created next to the one named, and dropped after.

    .venv/bin/python bench/import_rate.py --rows 30000 --engines vader,partnerloop --repeat 3

measures the import with the analysis the product had before issue #14 (VADER, no language
detection: bench/engine_baseline.py) and with the current engine, alternating, each on a
fresh database, and prints the medians side by side.
"""

import argparse
import csv
import io
import os
import random
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app  # noqa: E402
from app.auth.models import User  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import FeedbackItem  # noqa: E402
from app.imports.services import batches as imports  # noqa: E402
from app.partners.models import Partner, PartnerStatus  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.services.tenants import create_tenant  # noqa: E402
from config import TestConfig  # noqa: E402

PARTNERS = ("Acme Resellers", "Bluebird IT", "Cobalt Systems", "Delta Distribution", "Evergreen Cloud")
CHANNELS = ("call_center", "chat", "social", "Phone", "Live chat", "Twitter", "")
OPENINGS = ("Customer called about", "Chat started regarding", "Tweet mentioning", "Caller asked about",
            "Follow-up on", "Complaint about", "Question on", "Praise for", "Escalation of", "Note on")
SUBJECTS = ("the renewal quote", "deal registration", "the partner portal login", "MDF claim {n}",
            "invoice {n}", "the onboarding training", "license activation", "the support ticket {n}",
            "a delayed shipment", "the new pricing", "SSO setup", "the certification exam")
VERDICTS = ("it was resolved quickly and the agent was very helpful", "still broken after three days",
            "they are frustrated with the slow response", "works fine now, thanks", "happy with the outcome",
            "the answer was confusing and incomplete", "great service, really appreciated",
            "nobody called back, which is unacceptable", "not bad at all but could be faster",
            "the portal keeps timing out", "excellent follow-up from the team", "would not recommend this process")
TAILS = ("", " Customer mentioned ref {n}.", " Wants a callback before Friday!", " Second contact this week.",
         " Asked for a discount.", " Agent {name} handled it.", " :)", " Very disappointed.")
NAMES = ("Ana", "Ben", "Chloé", "Dmitri", "Eve", "Farid", "Grace", "Hiro", "Ines", "Jon")


def _text(rng):
    n = rng.randint(1000, 99999)
    parts = (rng.choice(OPENINGS), rng.choice(SUBJECTS), "-", rng.choice(VERDICTS) + ".", rng.choice(TAILS))
    return " ".join(parts).format(n=n, name=rng.choice(NAMES)).strip()


def generate_csv(rows, seed=42):
    """A vendor-tool style export of `rows` rows as UTF-8 bytes."""
    rng = random.Random(seed)
    start = datetime(2025, 1, 1)
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(["Interaction ID", "Date", "Partner", "Channel", "NPS", "CSAT", "Comment", "Customer name",
                     "Email", "Language"])
    for number in range(rows):
        when = start + timedelta(seconds=rng.randint(0, 300 * 86400))
        writer.writerow([
            f"INT-{number:07d}", when.isoformat(timespec="seconds"), rng.choice(PARTNERS), rng.choice(CHANNELS),
            rng.choice(("", "", *map(str, range(11)))), rng.choice(("", "", "1", "2", "3", "4", "5")), _text(rng),
            rng.choice(NAMES), f"{rng.choice(NAMES).lower()}{number}@example.com", rng.choice(("en", "en", "de")),
        ])
    return output.getvalue().encode("utf-8")


def _throwaway_postgres(url):
    name = f"plbench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    return make_url(url).set(database=name).render_as_string(hide_password=False), admin, name


def _app(database_url):
    class BenchConfig(TestConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return create_app(BenchConfig)


def _seed_tenant():
    admin = User(email="bench-admin@example.com", name="Bench admin", password_hash="!")
    db.session.add(admin)
    tenant = create_tenant("Bench vendor", "bench-vendor", admin)
    with scoped_to(tenant.id):
        for name in PARTNERS:
            db.session.add(Partner(tenant_id=tenant.id, name=name, status=PartnerStatus.ACTIVE))
        db.session.commit()
    return tenant, admin


def _server_cpu_seconds():
    """CPU time so far of the PostgreSQL backend serving this session (same machine), or None.
    On a loaded machine wall time says little; both processes' CPU time still does."""
    if db.engine.dialect.name != "postgresql":
        return None
    pid = db.session.scalar(text("SELECT pg_backend_pid()"))
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _children_cpu_seconds():
    # The import's sentiment worker process, once it has ended (app.imports.services.sentiment).
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_import(content, admin):
    server_before, children_before = _server_cpu_seconds(), _children_cpu_seconds()
    started = time.perf_counter(), time.process_time()
    batch = imports.store_upload("bench.csv", content, "utf-8", created_by=admin)
    db.session.commit()
    imports.run_import(batch, all_or_nothing=False)
    wall, cpu = time.perf_counter() - started[0], time.process_time() - started[1]
    server_after, worker = _server_cpu_seconds(), _children_cpu_seconds() - children_before
    server = None if server_before is None or server_after is None else server_after - server_before
    return batch, wall, cpu, worker, server


def _report(label, rows, batch, wall, cpu, worker, server):
    server_part = "" if server is None else f"; the database server's CPU: {server:.2f} s"
    # bench/run.py reads this line up to the server's CPU: the worker's comes after it.
    print(f"{label}: {rows:,} rows in {wall:.2f} s = {rows / wall:,.0f} rows/s "
          f"(this process's CPU: {cpu:.2f} s = {rows / cpu:,.0f} rows/s{server_part}; "
          f"its sentiment worker's CPU: {worker:.2f} s) -- imported "
          f"{batch.imported_count:,}, duplicates {batch.duplicate_count:,}, rejected {batch.rejected_count:,}")


def run(database_url, rows, label=""):
    """Imports `rows` rows twice into a fresh database; returns the first import's (wall, CPU,
    worker CPU, server CPU or None) seconds. `label` prefixes the printed lines."""
    app = _app(database_url)
    with app.app_context():
        with all_tenants():  # DDL on every tenant table, and its triggers
            db.create_all()
        tenant, admin = _seed_tenant()
        content = generate_csv(rows)
        print(f"{db.engine.dialect.name}: CSV of {rows:,} rows, {len(content) / 1e6:.1f} MB")
        with scoped_to(tenant.id):
            first = _timed_import(content, admin)
            _report(f"{label}first import", rows, *first)
            stored = db.session.scalar(select(func.count()).select_from(FeedbackItem))
            analysed = db.session.scalar(select(func.count(FeedbackItem.sentiment_label)))
            print(f"{label}stored items: {stored:,}, with a sentiment label: {analysed:,}")
            _report(f"{label}same file again", rows, *_timed_import(content, admin))
        db.session.remove()
        db.engine.dispose()
    return first[1:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--engines", default="partnerloop",
                        help="comma-separated, run in turn: partnerloop (the current engine), vader (before #14)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds of --engines, alternating")
    args = parser.parse_args()
    names = args.engines.split(",")
    if unknown := set(names) - {"partnerloop", "vader"}:
        parser.error(f"unknown engine(s): {', '.join(sorted(unknown))}")
    figures, compared = {name: [] for name in names}, len(names) > 1 or args.repeat > 1
    for round_number in range(args.repeat):
        for name in names:
            label = f"[{name}, round {round_number + 1}] " if compared else ""
            figures[name].append(_with_engine(name, lambda label=label: _on_fresh_database(args, label)))
    if compared:
        _print_medians(args.rows, figures)


def _with_engine(name, measure):
    if name == "partnerloop":
        return measure()
    from bench.engine_baseline import use_vader

    restore = use_vader()
    try:
        return measure()
    finally:
        restore()


def _on_fresh_database(args, label):
    if args.database_url and args.database_url.startswith("postgresql"):
        url, admin, name = _throwaway_postgres(args.database_url)
        try:
            return run(url, args.rows, label)
        finally:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    with tempfile.TemporaryDirectory() as directory:
        return run(args.database_url or f"sqlite:///{directory}/bench.db", args.rows, label)


def _print_medians(rows, figures):
    print(f"\nmedians of {len(next(iter(figures.values())))} round(s), first import of {rows:,} rows:")
    print(f"{'engine':<12} {'rows/s':>8} {'wall s':>8} {'import CPU s':>13} {'worker CPU s':>13} {'server CPU s':>13}")
    for name, runs in figures.items():
        wall, cpu, worker = (statistics.median(run[i] for run in runs) for i in range(3))
        servers = [run[3] for run in runs if run[3] is not None]
        server = f"{statistics.median(servers):13.2f}" if servers else f"{'-':>13}"
        print(f"{name:<12} {rows / wall:8,.0f} {wall:8.2f} {cpu:13.2f} {worker:13.2f} {server}")


if __name__ == "__main__":
    main()
