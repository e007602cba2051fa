"""Partnerloop speed and scale benchmark (`make bench`).

Starts the local PostgreSQL (scripts/postgres.sh), recreates the database
`partnerloop_bench`, creates the schema and a tenant, then measures:

1. outbox send rate: survey invitations delivered over SMTP to a local aiosmtpd server;
2. survey submission throughput under gunicorn (2 workers, gthread) against a bare Flask
   endpoint and a one-row Flask-SQLAlchemy insert under the same settings, checking
   afterwards that every 2xx answer was stored;
3. dashboard latency (program view, partner health, ideas board) at growing volumes
   (10k and 100k items; 1M with --full) against the bare SQL aggregate, and the peak
   RSS of the gunicorn workers serving those pages;
4. CSV import rate (bench/import_rate.py) on its own database.

Also counts the SQL statements of one survey answer. Prints a table and writes
bench/results/latest.json.

    .venv/bin/python bench/run.py            # default, ~10 minutes on 2 idle cores
    .venv/bin/python bench/run.py --quick    # tiny sizes: checks the tooling in ~1 minute
    .venv/bin/python bench/run.py --full     # adds the 1M-item step (long)
"""

import argparse
import contextlib
import io
import json
import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from app.auth.models import User  # noqa: E402
from app.auth.services.accounts import create_user  # noqa: E402
from app.demo.services.generate import generate  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import FeedbackItem  # noqa: E402
from app.partners.models import Partner, PartnerStatus  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.models import Tenant  # noqa: E402
from app.tenants.services.tenants import create_tenant  # noqa: E402
from bench import answer_breakdown, baseline_apps, dashboards, surveys_load  # noqa: E402
from bench import memory as memory_module  # noqa: E402
from bench.answer_lag import LagWatcher, Worker  # noqa: E402
from bench.load import Gunicorn, run_load  # noqa: E402

DB_NAME = "partnerloop_bench"
ADMIN_EMAIL, PASSWORD = "bench-admin@example.com", "Bench-password-2026!"
RESULTS = ROOT / "bench" / "results" / "latest.json"
PROFILES = {
    "quick": {"recipients": 300, "duration": 3.0, "sizes": (1_000, 5_000), "partners": 50, "import_rows": 1_000,
              "repeats": 5},
    "default": {"recipients": 3_000, "duration": 10.0, "sizes": (10_000, 100_000), "partners": 500,
                "import_rows": 20_000, "repeats": 15},
    "full": {"recipients": 3_000, "duration": 10.0, "sizes": (10_000, 100_000, 1_000_000), "partners": 500,
             "import_rows": 100_000, "repeats": 15},
}


def load_average():
    return os.getloadavg()


def postgres_database(name):
    """A fresh, empty database `name` on the local bench server; returns its URL."""
    output = subprocess.run([str(ROOT / "scripts/postgres.sh"), "start"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout
    base = make_url(output.strip().splitlines()[-1])
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def seed(app):
    """Schema (create_all: the models may be ahead of the migrations) and one tenant."""
    with app.app_context():
        with all_tenants():  # DDL on every tenant table, and its triggers
            db.create_all()
        admin = create_user(ADMIN_EMAIL, "Bench admin", PASSWORD)
        tenant = create_tenant("Bench vendor", "bench", admin)
        with scoped_to(tenant.id):
            partner = Partner(tenant_id=tenant.id, name="Bench partner", status=PartnerStatus.ACTIVE)
            db.session.add(partner)
            db.session.commit()
            return tenant.id, admin.id, partner.id


def _loaded(ids):
    tenant_id, admin_id, partner_id = ids
    tenant, admin = db.session.get(Tenant, tenant_id), db.session.get(User, admin_id)
    with scoped_to(tenant_id):
        return tenant, admin, db.session.get(Partner, partner_id)


def outbox_and_links(app, ids, recipients):
    with app.app_context():
        tenant, admin, partner = _loaded(ids)
        fields = surveys_load.prepare_campaign(tenant, admin, partner, recipients)
        sent, seconds, tokens = surveys_load.deliver_outbox(app)
    outbox = {"messages": sent, "seconds": round(seconds, 2), "messages_per_s": round(sent / seconds, 1)}
    return outbox, fields, tokens


def _server_env(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench-" + "x" * 40}


def survey_throughput(app, ids, database_url, tokens, fields, settings):
    statements = surveys_load.answer_statements(app, tokens.pop(), fields)  # one answer, in process
    fresh = [tokens.pop() for _ in range(settings["threads"])]  # for the floor's client threads
    client = surveys_load.SurveyClient(tokens, fields)
    threads, duration, env = settings["threads"], settings["duration"], _server_env(database_url)
    RESULTS.parent.mkdir(exist_ok=True)
    # A worker analyses the answers as they come, as in production: its CPU is part of the load.
    worker = Worker(env, log_path=RESULTS.parent / "worker.log", app=app) if settings["worker"] else contextlib.nullcontext()
    with worker, Gunicorn("bench.bench_wsgi:app", env) as server:
        with LagWatcher(database_url, ids[0]) as watcher:
            result = run_load(server.port, client, threads, duration, setup=client.setup)
            drained = watcher.drain() if settings["worker"] else 0.0
        lag = {**watcher.summary(), "drain_s": round(drained, 1)}
        with app.app_context():
            tenant, _, _ = _loaded(ids)
            stored = surveys_load.responses_stored(tenant)
        floor_client = surveys_load.AnsweredLinkClient(client.answered, fresh, fields)
        floor = run_load(server.port, floor_client, threads, duration, setup=floor_client.setup).summary()
    stored -= client.warm_up_answers + 1  # one untimed answer per client thread, and the counted one
    return {**result.summary(), "stored_responses": stored, "stored_equals_2xx": stored == result.ok,
            "sql_statements_per_answer": len(statements), "sql_statements": statements,
            "already_answered_floor": floor, "analysis_lag": lag,
            "queue": env.get("JOBS_QUEUE_URL") or "SQLite file (default)"}


def _get_constant(connection, _state):
    response, body = connection.request("GET", "/")
    return response.status == 200 and body == b"ok"


def _post_insert(connection, _state):
    response, _ = connection.request("POST", "/insert")
    return response.status == 200


def _warm_up(worker):
    """A set-up that sends one untimed request (connection open, worker imported)."""
    return lambda connection: worker(connection, None)


def baselines(database_url, settings):
    with Gunicorn("bench.baseline_apps:bare_app()", _server_env(database_url)) as server:
        bare = run_load(server.port, _get_constant, settings["threads"], settings["duration"],
                        setup=_warm_up(_get_constant)).summary()
    baseline_apps.create_tables(database_url)
    with Gunicorn("bench.baseline_apps:orm_app()", _server_env(database_url)) as server:
        insert = run_load(server.port, _post_insert, settings["threads"], settings["duration"],
                          setup=_warm_up(_post_insert)).summary()
    stored = baseline_apps.count_rows(database_url) - settings["threads"]  # minus the warm-up inserts
    return {"bare_flask": bare, "orm_insert": {**insert, "stored_rows": stored,
                                               "stored_equals_2xx": stored == insert["ok"]}}


def _item_count(tenant_id):
    with scoped_to(tenant_id):
        return db.session.scalar(select(func.count(FeedbackItem.id)))


def _grow_to(app, tenant_id, size, partners):
    with app.app_context():
        missing = size - _item_count(tenant_id)
        result = generate(db.session.get(Tenant, tenant_id), partners=partners, feedback=max(missing, 0))
        return result, _item_count(tenant_id)


def dashboard_growth(app, ids, settings, database_url):
    """Grow the tenant step by step and time the dashboards at each size. Requests run
    with no app context pushed, so each gets its own, as under a real server. Then the
    same pages over HTTP from gunicorn, for the workers' peak memory."""
    steps, client, tenant_id = [], dashboards.logged_in_client(app, ADMIN_EMAIL, PASSWORD), ids[0]
    for number, size in enumerate(settings["sizes"]):
        result, items = _grow_to(app, tenant_id, size, settings["partners"] if number == 0 else 0)
        repeats = settings["repeats"] if size <= 100_000 else 5
        print(f"  {items:,} items (written at {result.rows_per_second:,.0f} rows/s); timing pages ...", flush=True)
        pages = dashboards.measure(app, client, tenant_id, repeats)
        memory = memory_module.workers_peak_rss(_server_env(database_url), ADMIN_EMAIL, PASSWORD, repeats=3)
        steps.append({"items": items, "generated_rows_per_s": round(result.rows_per_second), "repeats": repeats,
                      "pages": pages, "worker_peak_rss_mb": memory})
    return steps


IMPORT_LINE = re.compile(r"first import: ([\d,]+) rows in ([\d.]+) s = ([\d,]+) rows/s \(this process's CPU: "
                         r"([\d.]+) s = [\d,]+ rows/s(?:; the database server's CPU: ([\d.]+) s)?")


def import_rate(rows):
    try:
        from bench import import_rate as module
    except ImportError:
        return {"skipped": "bench/import_rate.py is missing"}
    if not hasattr(module, "run"):
        return {"skipped": "bench/import_rate.py has no run()"}
    url, output = postgres_database(DB_NAME + "_import"), io.StringIO()
    with contextlib.redirect_stdout(output):
        module.run(url, rows)
    match = IMPORT_LINE.search(output.getvalue())
    if match is None:
        return {"rows": rows, "output": output.getvalue()}
    seconds, app_cpu, server_cpu = float(match.group(2)), float(match.group(4)), float(match.group(5) or 0)
    # On a loaded machine the wall time includes waiting for a core; CPU time does not. With
    # the analysis and the database's work overlapping, an idle 2-core machine needs about
    # the larger of the two CPU times.
    return {"rows": rows, "seconds": seconds, "rows_per_s": int(match.group(3).replace(",", "")),
            "app_cpu_s": app_cpu, "db_server_cpu_s": server_cpu,
            "rows_per_cpu_s": round(rows / max(app_cpu, server_cpu, 0.001))}


def growth(steps):
    """Per page, how much slower each step is than the one before (median / median)."""
    rows = []
    for before, after in zip(steps, steps[1:], strict=False):
        factors = {label: ratio(after["pages"][label]["median_ms"], before["pages"][label]["median_ms"])
                   for label in after["pages"]}
        rows.append({"from_items": before["items"], "to_items": after["items"],
                     "items_factor": ratio(after["items"], before["items"]), "median_factor": factors})
    return rows


def ratio(numerator, denominator):
    return round(numerator / denominator, 3) if denominator else None


def print_report(report):
    survey, base = report["survey_submission"], report["baselines"]
    print("\n== Throughput (gunicorn 2 workers x 4 threads, loopback, "
          f"{report['settings']['threads']} client threads) ==")
    print(f"{'endpoint':34} {'req/s':>9} {'median ms':>10} {'p95 ms':>8} {'failed':>7}")
    for label, row in (("survey response POST", survey),
                       ("  same POST, link already answered", survey["already_answered_floor"]),
                       ("bare Flask constant", base["bare_flask"]),
                       ("Flask-SQLAlchemy insert+commit", base["orm_insert"])):
        print(f"{label:34} {row['req_per_s']:>9,.1f} {row['median_ms']:>10} {row['p95_ms']:>8} {row['failed']:>7}")
    print(f"survey / bare Flask = {report['ratios']['survey_vs_bare']}, "
          f"survey / ORM insert = {report['ratios']['survey_vs_orm_insert']} "
          f"(already answered / ORM insert = {report['ratios']['already_answered_vs_orm_insert']}); "
          f"stored responses {survey['stored_responses']} == 2xx {survey['ok']}: {survey['stored_equals_2xx']}")
    print(f"SQL statements per survey answer (in process): {survey['sql_statements_per_answer']}; "
          f"queue: {survey['queue']}")
    lag = survey["analysis_lag"]
    print(f"answer -> analysed item, with a worker running during the load: p50 {lag['p50_s']} s, "
          f"p95 {lag['p95_s']} s, max {lag['max_s']} s (goal p50 <= 2 s, p95 <= 10 s); "
          f"{lag['analysed']} analysed, {lag['not_analysed']} not within {lag['drain_s']} s after the load")
    answer_breakdown.print_breakdown("survey answer POST", report["answer_breakdown"]["answer"])
    answer_breakdown.print_breakdown("same POST, link already answered", report["answer_breakdown"]["already_answered"])
    outbox = report["outbox"]
    print(f"\n== Outbox: {outbox['messages']:,} survey emails to local SMTP in {outbox['seconds']} s = "
          f"{outbox['messages_per_s']:,} messages/s ==")
    print("\n== Dashboards (median / p95 ms; x = median / bare SQL median) ==")
    labels = [label for label, _ in dashboards.PAGES]
    print(f"{'items':>10} {'bare SQL':>14} " + " ".join(f"{label:>24}" for label in labels))
    for step in report["dashboards"]:
        pages = step["pages"]
        sql = pages["bare SQL aggregate"]
        cells = [f"{pages[label]['median_ms']}/{pages[label]['p95_ms']} x{pages[label]['ratio_to_sql']}"
                 for label in labels]
        print(f"{step['items']:>10,} {sql['median_ms']:>6}/{sql['p95_ms']:<7} " + " ".join(f"{c:>24}" for c in cells))
    for step in report["dashboards"]:
        memory = step["worker_peak_rss_mb"]
        print(f"gunicorn workers' peak RSS serving the dashboards at {step['items']:,} items: "
              f"{', '.join(f'{mb} MB' for mb in memory['workers_mb'])} (max {memory['max_mb']} MB)")
    for row in report["growth"]:
        factors = ", ".join(f"{label} x{factor}" for label, factor in row["median_factor"].items())
        print(f"{row['from_items']:,} -> {row['to_items']:,} items (x{row['items_factor']}): {factors}")
    print(f"\n== CSV import: {report['csv_import']} ==")
    print(f"load average before {report['load_before']}, after {report['load_after']}; results in {RESULTS}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check the tooling")
    parser.add_argument("--full", action="store_true", help="add the 1M-item dashboard step")
    parser.add_argument("--threads", type=int, default=4, help="load generator threads")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--no-worker", action="store_true",
                        help="no worker during the survey load (answers' analysis waits; no lag measured)")
    args = parser.parse_args()
    settings = {**PROFILES["quick" if args.quick else "full" if args.full else "default"], "threads": args.threads,
                "worker": not args.no_worker}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "load_before": load_average(),
              "cpus": os.cpu_count(), "python": platform.python_version(), "settings": settings}
    began = time.perf_counter()
    database_url = postgres_database(DB_NAME)
    app = dashboards.in_process_app(database_url)
    ids = seed(app)
    print("outbox: creating and delivering survey invitations ...", flush=True)
    report["outbox"], fields, tokens = outbox_and_links(app, ids, settings["recipients"])
    print(f"survey submissions: {len(tokens):,} links ...", flush=True)
    report["survey_submission"] = survey_throughput(app, ids, database_url, tokens, fields, settings)
    print("survey answer, phase by phase (in process) ...", flush=True)
    report["answer_breakdown"] = answer_breakdown.run(postgres_database(answer_breakdown.DB_NAME), 200)
    print("baselines ...", flush=True)
    report["baselines"] = baselines(database_url, settings)
    survey_rate = report["survey_submission"]["req_per_s"]
    insert_rate = report["baselines"]["orm_insert"]["req_per_s"]
    report["ratios"] = {"survey_vs_bare": ratio(survey_rate, report["baselines"]["bare_flask"]["req_per_s"]),
                        "survey_vs_orm_insert": ratio(survey_rate, insert_rate),
                        "already_answered_vs_orm_insert": ratio(
                            report["survey_submission"]["already_answered_floor"]["req_per_s"], insert_rate)}
    print("dashboards ...", flush=True)
    report["dashboards"] = dashboard_growth(app, ids, settings, database_url)
    report["growth"] = growth(report["dashboards"])
    print("CSV import ...", flush=True)
    report["csv_import"] = {"skipped": "--skip-import"} if args.skip_import else import_rate(settings["import_rows"])
    report["load_after"], report["seconds"] = load_average(), round(time.perf_counter() - began, 1)
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print_report(report)


if __name__ == "__main__":
    main()
