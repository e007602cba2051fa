"""cProfile of the hot requests, in process (no HTTP): a survey answer POST and an
authenticated dashboard GET, on a fresh PostgreSQL database (or --database-url).

    .venv/bin/python bench/profile_requests.py [--answers 200] [--top 30]

Prints the top functions by cumulative and own time, and the SQL statements of one answer."""

import argparse
import cProfile
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event  # noqa: E402

from app.extensions import db  # noqa: E402
from bench import dashboards  # noqa: E402
from bench.run import ADMIN_EMAIL, PASSWORD, outbox_and_links, postgres_database, seed  # noqa: E402
from bench.surveys_load import answer_form  # noqa: E402

DB_NAME = "partnerloop_profile"


def statements_of(app, call):
    """The SQL statements `call()` sends to the database."""
    seen = []

    def record(_conn, _cursor, statement, *_args):
        seen.append(" ".join(statement.split()))

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return seen


def profile(label, call, times, top):
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(times):
        call()
    profiler.disable()
    print(f"\n===== {label}: {times} requests =====")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or postgres_database(DB_NAME)
    app = dashboards.in_process_app(url)
    ids = seed(app)
    _, fields, tokens = outbox_and_links(app, ids, args.answers + 3)
    client, form = app.test_client(), answer_form(fields)
    client.get(f"/s/{tokens[-1]}")
    client.post(f"/s/{tokens.pop()}", data=form)  # warm-up
    statements = statements_of(app, lambda: client.post(f"/s/{tokens.pop()}", data=form))
    print(f"one survey answer: {len(statements)} SQL statements")
    for statement in statements:
        print("   ", statement[:160])
    profile("survey answer POST", lambda: client.post(f"/s/{tokens.pop()}", data=form), args.answers, args.top)
    admin = dashboards.logged_in_client(app, ADMIN_EMAIL, PASSWORD)
    admin.get("/partners/")
    statements = statements_of(app, lambda: admin.get("/partners/"))
    print(f"\none partner list GET: {len(statements)} SQL statements")
    for statement in statements:
        print("   ", statement[:160])
    profile("partner list GET (admin)", lambda: admin.get("/partners/"), args.answers, args.top)


if __name__ == "__main__":
    main()
