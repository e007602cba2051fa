"""One copy at a time for the cron commands (reminders, escalation, digests, re-analysis).

The email outbox and webhook senders share work row by row (SKIP LOCKED) and may run
N times. The cron jobs instead walk every tenant; two copies started at once (an
overlapping cron run, two machines with the same crontab) would both send a reminder
or digest. On PostgreSQL a session-level advisory lock, held on its own connection for
the job's duration, lets only the first copy work; the others say so and exit. SQLite
deployments are single-machine and run cron once."""

import functools
import zlib
from contextlib import contextmanager

import click
from sqlalchemy import text

from app.extensions import db


def lock_key(name):
    """A stable 32-bit key for the job `name` (advisory locks are keyed by integers)."""
    return zlib.crc32(f"partnerloop:{name}".encode())


@contextmanager
def job_lock(name):
    """Yields True when this process may run job `name` now, False when another copy runs it."""
    if db.engine.dialect.name != "postgresql":
        yield True
        return
    with db.engine.connect() as connection:
        acquired = connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": lock_key(name)})
        try:
            yield bool(acquired)
        finally:
            if acquired:
                connection.scalar(text("SELECT pg_advisory_unlock(:key)"), {"key": lock_key(name)})
            connection.rollback()


def one_at_a_time(name):
    """Decorator for a cron command: a copy started while another runs exits without working."""
    def decorate(command):
        @functools.wraps(command)
        def run(*args, **kwargs):
            with job_lock(name) as acquired:
                if not acquired:
                    click.echo(f"Another `{name}` is running; this one did nothing.")
                    return None
                return command(*args, **kwargs)
        return run
    return decorate
