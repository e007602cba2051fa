"""Mixed load test: survey answers, portal page views and API writes at once, against
gunicorn (2 workers, gthread) and PostgreSQL, for a fixed time; then every write the
server acknowledged (2xx) is looked up in the database, where it must be exactly once.

Loopback only, bounded: each client thread stops at the deadline (or when the survey
links run out). Exits 1 when any request failed (a non-2xx, a 5xx, a connection error)
or a write is missing or doubled.

    .venv/bin/python bench/mixed_load.py --seconds 60      # `make load`
    .venv/bin/python bench/mixed_load.py --seconds 6 --database-url postgresql://...

Without --database-url it recreates the database `partnerloop_mixed_load` on the local
server of scripts/postgres.sh. Prints a table and writes bench/results/mixed_load.json.
"""

import argparse
import json
import os
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select  # noqa: E402

from app import create_app  # noqa: E402
from app.auth.services.accounts import create_user  # noqa: E402
from app.core.tokens import hash_token  # noqa: E402
from app.demo.services.generate import generate  # noqa: E402
from app.extensions import db  # noqa: E402
from app.feedback.models import Channel, FeedbackItem  # noqa: E402
from app.integrations.services.api_tokens import create_api_token  # noqa: E402
from app.partners.models import Partner, PartnerStatus  # noqa: E402
from app.surveys.models import SurveyRecipient, SurveyResponse  # noqa: E402
from app.tenancy import all_tenants, scoped_to  # noqa: E402
from app.tenants.models import Membership, Role  # noqa: E402
from app.tenants.services.tenants import create_tenant  # noqa: E402
from bench import surveys_load  # noqa: E402
from bench.load import Connection, Gunicorn, percentile  # noqa: E402
from bench.mixed_clients import (  # noqa: E402
    PASSWORD,
    Browser,
    Kind,
    api_write,
    log_in,
    page_view,
    survey_answer,
    timed,
    wait_for_workers,
)
from config import Config  # noqa: E402

DB_NAME = "partnerloop_mixed_load"
RESULTS = ROOT / "bench" / "results" / "mixed_load.json"
# Pages a vendor's staff and a partner's admin look at; each must answer 200.
STAFF_PAGES = ("/insights/", "/feedback/", "/ideas/", "/insights/partners")
PARTNER_PAGES = ("/feedback/", "/ideas/")
SURVEY_ANSWERS_PER_SECOND = 20  # links prepared per second of run: more than 2 cores answer


def server_env(database_url):
    return {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "mixed-load-" + "x" * 40}


def _app(database_url):
    class SeedConfig(Config):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return create_app(SeedConfig)


# --- the tenant under load ---------------------------------------------------------


@dataclass
class Seed:
    tenant_id: int
    partner_id: int
    staff_email: str
    partner_email: str
    api_token: str
    survey_tokens: list
    survey_fields: dict


def _user(email, name, tenant, role, partner=None):
    user = create_user(email, name, PASSWORD)
    db.session.add(Membership(tenant_id=tenant.id, user=user, role=role, partner=partner))
    return user


def seed(app, links, items):
    """A tenant (unique slug: the database may hold earlier runs) with a staff user, a
    partner admin, an API token, `items` feedback items and `links` emailed survey links."""
    label = uuid.uuid4().hex[:8]
    with app.app_context():
        with all_tenants():  # DDL on every tenant table, and its triggers
            db.create_all()
        admin = create_user(f"load-admin-{label}@example.com", "Load admin", PASSWORD)
        tenant = create_tenant("Mixed load vendor", f"mixed-load-{label}", admin)
        with scoped_to(tenant.id):
            partner = Partner(tenant_id=tenant.id, name="Load partner", status=PartnerStatus.ACTIVE)
            db.session.add(partner)
            db.session.flush()
            partner_user = _user(f"load-partner-{label}@example.com", "Load partner admin", tenant,
                                 Role.PARTNER_ADMIN, partner)
            _, api_token = create_api_token("Mixed load", ["read", "write"])
            db.session.commit()
            generate(tenant, partners=5, feedback=items)
            fields = surveys_load.prepare_campaign(tenant, admin, partner, links)
        _, _, tokens = surveys_load.deliver_outbox(app)
        return Seed(tenant.id, partner.id, admin.email, partner_user.email, api_token, tokens,
                    {kind.value: name for kind, name in fields.items()})


# --- the run -----------------------------------------------------------------------


class Run:
    """The three kinds of clients against one server until `deadline`."""

    def __init__(self, port, seed_, deadline):
        self.port, self.seed, self.deadline = port, seed_, deadline
        self.kinds = {name: Kind(name) for name in ("survey", "portal", "api")}
        self.tokens, self.token_lock = list(seed_.survey_tokens), threading.Lock()
        self.ready = None  # a Barrier of every client and drive(), set by drive()

    def _running(self):
        return time.perf_counter() < self.deadline["at"]

    def _next_token(self):
        with self.token_lock:
            return self.tokens.pop() if self.tokens else None

    def _warm_up(self, connection, path):
        # Untimed: the first request of a connection may wait for the second worker's boot.
        try:
            connection.request("GET", path)
        except OSError:  # a slow boot: the timed requests will tell whether it is more
            connection.close()
        finally:
            self.ready.wait()

    def survey_client(self):
        browser = Browser(self.port)
        self._warm_up(browser, "/login")
        while self._running() and (token := self._next_token()) is not None:
            timed(self.kinds["survey"], lambda t=token: survey_answer(browser, t, self.seed.survey_fields))
        browser.close()

    def portal_client(self, email, pages):
        browser = Browser(self.port)
        try:
            log_in(browser, email)  # before the clock starts, as set-up
        except Exception as error:  # the run fails, visibly, instead of losing a client
            self.kinds["portal"].record(time.perf_counter(), False, f"log-in: {error!r}")
            return
        finally:
            self.ready.wait()
        number = 0
        while self._running():
            path = pages[number % len(pages)]
            timed(self.kinds["portal"], lambda p=path: page_view(browser, p))
            number += 1
        browser.close()

    def api_client(self, client_number):
        connection = Connection(self.port)
        self._warm_up(connection, "/api/v1/openapi.json")
        number = 0
        while self._running():
            external_id = f"load-{client_number}-{number}"
            timed(self.kinds["api"], lambda e=external_id: api_write(
                connection, self.seed.api_token, self.seed.partner_id, e))
            number += 1
        connection.close()


def _client_threads(run, clients):
    targets = []
    for _ in range(clients):
        targets.append((run.survey_client, ()))
    for number in range(clients):
        email, pages = ((run.seed.staff_email, STAFF_PAGES) if number % 2 == 0
                        else (run.seed.partner_email, PARTNER_PAGES))
        targets.append((run.portal_client, (email, pages)))
    for number in range(clients):
        targets.append((run.api_client, (number,)))
    return [threading.Thread(target=target, args=args, daemon=True) for target, args in targets]


def drive(port, seed_, seconds, clients):
    """Run `clients` threads of each kind for `seconds`; returns the Run and its length."""
    deadline = {"at": float("inf")}
    run = Run(port, seed_, deadline)
    threads = _client_threads(run, clients)
    run.ready = threading.Barrier(len(threads) + 1, timeout=300)
    for thread in threads:
        thread.start()
    run.ready.wait()  # every client warmed up (portal users logged in)
    started = time.perf_counter()
    deadline["at"] = started + seconds
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - started
    for kind in run.kinds.values():
        kind.result.seconds = elapsed
    return run, elapsed


# --- exactly once ------------------------------------------------------------------


def check_surveys(seed_, tokens):
    """Each acknowledged link has one response with one feedback item; no other response."""
    hashes = [hash_token(token) for token in tokens]
    with scoped_to(seed_.tenant_id):
        per_recipient = {}
        for chunk in range(0, len(hashes), 500):
            rows = db.session.execute(
                select(SurveyRecipient.id, func.count(SurveyResponse.id), func.count(SurveyResponse.feedback_item_id))
                .join(SurveyResponse, SurveyResponse.recipient_id == SurveyRecipient.id, isouter=True)
                .where(SurveyRecipient.token_hash.in_(hashes[chunk:chunk + 500]))
                .group_by(SurveyRecipient.id)
            ).all()
            per_recipient.update({row[0]: (row[1], row[2]) for row in rows})
        stored = db.session.scalar(select(func.count(SurveyResponse.id)))
    return _verdict(len(tokens), [counts for counts in per_recipient.values()], stored,
                    missing=len(tokens) - len(per_recipient))


def check_api(seed_, external_ids):
    """Each acknowledged external id is one item; the API stored no other item."""
    with scoped_to(seed_.tenant_id):
        counts = dict(db.session.execute(
            select(FeedbackItem.external_id, func.count()).where(FeedbackItem.channel == Channel.API)
            .group_by(FeedbackItem.external_id)
        ).all())
    found = [(counts[e], counts[e]) for e in external_ids if e in counts]
    return _verdict(len(external_ids), found, sum(counts.values()), missing=len(external_ids) - len(found))


def _verdict(acknowledged, counts, stored, missing):
    doubled = sum(1 for rows, items in counts if rows > 1 or items > 1)
    missing += sum(1 for rows, items in counts if rows == 0 or items == 0)
    return {"acknowledged": acknowledged, "stored": stored, "missing": missing, "doubled": doubled,
            "exactly_once": missing == 0 and doubled == 0 and stored == acknowledged}


# --- report ------------------------------------------------------------------------

UNITS = {"survey": "answer (GET + POST)", "portal": "page view", "api": "write + retry"}


def summary(kind):
    latencies = sorted(kind.result.latencies) or [0.0]
    return {"unit": UNITS[kind.name], "ok": kind.result.ok, "errors": kind.result.failed,
            "per_s": round(kind.result.rate, 1), "p50_ms": round(1000 * percentile(latencies, 50), 1),
            "p95_ms": round(1000 * percentile(latencies, 95), 1), "first_errors": kind.errors[:5]}


def print_table(report):
    print(f"\n{'kind':8} {'unit':22} {'ok':>7} {'errors':>7} {'per s':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, row in report["kinds"].items():
        print(f"{name:8} {row['unit']:22} {row['ok']:>7} {row['errors']:>7} {row['per_s']:>7} "
              f"{row['p50_ms']:>8} {row['p95_ms']:>8}")
    for name, verdict in report["writes"].items():
        print(f"{name} writes: {verdict['acknowledged']} acknowledged, {verdict['stored']} stored, "
              f"{verdict['missing']} missing, {verdict['doubled']} doubled")
    for name, row in report["kinds"].items():
        for problem in row["first_errors"]:
            print(f"  {name} error: {problem}")
    print("PASS" if report["passed"] else "FAIL")


def postgres_database(name):
    from bench.run import postgres_database as recreate

    return recreate(name)


def run(database_url, seconds, clients=2, items=2000, json_path=RESULTS):
    """Seed, serve, load for `seconds`, check; returns the report (also written as JSON)."""
    began = time.perf_counter()
    app = _app(database_url)
    seed_ = seed(app, links=max(100, int(seconds * SURVEY_ANSWERS_PER_SECOND)), items=items)
    seeded = time.perf_counter()
    with Gunicorn("bench.bench_wsgi:app", server_env(database_url)) as server:
        wait_for_workers(server.port)
        load, elapsed = drive(server.port, seed_, seconds, clients)
    print(f"seeded in {seeded - began:.1f} s, served and loaded in {time.perf_counter() - seeded:.1f} s", flush=True)
    with app.app_context():
        writes = {"survey": check_surveys(seed_, load.kinds["survey"].acknowledged),
                  "api": check_api(seed_, load.kinds["api"].acknowledged)}
        db.engine.dispose()
    kinds = {name: summary(kind) for name, kind in load.kinds.items()}
    report = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "seconds": round(elapsed, 2),
              "clients_per_kind": clients, "server": {"workers": Gunicorn.WORKERS, "threads": Gunicorn.THREADS},
              "seed_items": items, "load_average": os.getloadavg(), "kinds": kinds, "writes": writes,
              "links_left": len(load.tokens)}
    report["passed"] = (all(row["errors"] == 0 and row["ok"] > 0 for row in kinds.values())
                        and all(verdict["exactly_once"] for verdict in writes.values()))
    Path(json_path).parent.mkdir(parents=True, exist_ok=True)
    Path(json_path).write_text(json.dumps(report, indent=2) + "\n")
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the clients run (default 60)")
    parser.add_argument("--clients", type=int, default=2, help="client threads of each kind (default 2)")
    parser.add_argument("--items", type=int, default=2000, help="feedback items seeded first (default 2000)")
    parser.add_argument("--database-url", help="an existing PostgreSQL database (default: a fresh one)")
    parser.add_argument("--json", default=str(RESULTS), help=f"where to write the report (default {RESULTS})")
    args = parser.parse_args()
    url = args.database_url or postgres_database(DB_NAME)
    report = run(url, args.seconds, args.clients, args.items, args.json)
    print_table(report)
    sys.exit(0 if report["passed"] else 1)


if __name__ == "__main__":
    main()
