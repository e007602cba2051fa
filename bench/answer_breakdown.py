"""Where a survey answer's milliseconds go: the POST timed in process, phase by phase.

The app runs with production settings (CSRF on, the rate limiter on), no profiler: each
phase's function is wrapped with a timer (wall time, so the database's share is in the
phase that waits for it). Phases: rate limiter, CSRF check, link look-up, claim, inserts
(response, answers, item, job row), commit, queue push, thank-you page; "Flask and the
rest" is the request's total minus those (WSGI, routing, session cookie, form parsing,
teardown). Also times the same POST to a link already answered (the floor).

    .venv/bin/python bench/answer_breakdown.py [--answers 300] [--database-url URL]
"""

import argparse
import re
import statistics
import sys
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import create_app, freeze_startup_heap  # noqa: E402
from bench.bench_wsgi import BenchConfig  # noqa: E402

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DB_NAME = "partnerloop_breakdown"


def _wrap(owner, name, label, spent, stack):
    """Time `owner.name` exclusively: a timed phase inside another counts for itself only."""
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        began = time.perf_counter()
        stack.append(0.0)
        try:
            return original(*args, **kwargs)
        finally:
            inner, elapsed = stack.pop(), time.perf_counter() - began
            spent[label] += elapsed - inner
            if stack:
                stack[-1] += elapsed

    setattr(owner, name, timed)
    return lambda: setattr(owner, name, original)


def _phases():
    """(owner, attribute, label) of every timed phase; patched where the caller looks them up."""
    from sqlalchemy.orm import Session

    from app.extensions import csrf, limiter
    from app.jobs.services import submit as job_submit
    from app.surveys import public_routes
    from app.surveys.services import responses

    return [
        (limiter, "_check_request_limit", "rate limiter"),
        (csrf, "protect", "CSRF check"),
        (public_routes, "find_recipient", "link look-up"),
        (responses, "_claim_recipient", "claim (UPDATE)"),
        (public_routes, "submit_response", "inserts"),  # what the claim leaves of the service
        (Session, "commit", "commit"),
        (job_submit, "push", "queue push"),
        (public_routes, "render_template", "page"),
    ]


@contextmanager
def timed_phases(spent):
    undo, stack = [], []
    for owner, name, label in _phases():
        if hasattr(owner, name):
            undo.append(_wrap(owner, name, label, spent, stack))
    try:
        yield
    finally:
        for restore in reversed(undo):
            restore()


def _config(database_url):
    class BreakdownConfig(BenchConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return BreakdownConfig


def _form_state(client, token):
    page = client.get(f"/s/{token}").get_data(as_text=True)
    return CSRF.search(page).group(1)


def measure(app, tokens, form, page_token, answered=False):
    """Per phase, the mean ms per POST over `tokens`, with the CSRF token and session of one
    opened page (`page_token`, a link not yet answered)."""
    from app.surveys.public_routes import public_bp  # noqa: F401  (imported before patching)

    client = app.test_client()
    csrf_token = _form_state(client, page_token)
    spent, totals = defaultdict(float), []
    with timed_phases(spent):
        for token in tokens:
            began = time.perf_counter()
            response = client.post(f"/s/{token}", data={"csrf_token": csrf_token, **form})
            totals.append(time.perf_counter() - began)
            if response.status_code != 200:
                raise RuntimeError(f"answer failed: {response.status_code}")
    count = len(tokens)
    phases = {label: round(1000 * seconds / count, 3) for label, seconds in spent.items()}
    total = 1000 * statistics.fmean(totals)
    phases["Flask and the rest"] = round(total - sum(phases.values()), 3)
    return {"answered_already": answered, "requests": count, "mean_ms": round(total, 3),
            "median_ms": round(1000 * statistics.median(totals), 3), "phases_ms": phases}


def print_breakdown(label, result):
    print(f"\n{label}: mean {result['mean_ms']:.2f} ms, median {result['median_ms']:.2f} ms "
          f"({result['requests']} requests, in process, one thread)")
    for phase, ms in result["phases_ms"].items():
        print(f"  {phase:22} {ms:7.2f} ms")


def run(database_url, answers):
    from bench.run import outbox_and_links, seed
    from bench.surveys_load import answer_form

    app = create_app(_config(database_url))
    freeze_startup_heap()
    ids = seed(app)
    _, fields, tokens = outbox_and_links(app, ids, answers + 11)
    form = answer_form(fields)
    measure(app, tokens[-10:-1], form, tokens[-10])  # warm-up: templates, prepared statements
    fresh = tokens[:answers]
    answer = measure(app, fresh, form, fresh[0])
    floor = measure(app, fresh, form, tokens[-1], answered=True)
    return {"answer": answer, "already_answered": floor}


def main():
    from bench.run import postgres_database

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    result = run(args.database_url or postgres_database(DB_NAME), args.answers)
    print_breakdown("survey answer POST", result["answer"])
    print_breakdown("same POST, link already answered", result["already_answered"])


if __name__ == "__main__":
    main()
