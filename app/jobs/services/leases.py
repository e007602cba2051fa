"""Who runs a job: a lease taken atomically, kept alive by a heartbeat, and a reaper that
hands jobs whose worker died (or whose queue message was lost) to the queue again.

The lease makes delivery exact whatever the queue does: a message delivered twice, or
to two workers, finds the job already leased and does nothing; a worker killed in the
middle of a job stops renewing its lease, and the reaper queues the job again (or marks
it failed after its last attempt). Nothing here trusts the queue to hold a job."""

import logging
import os
import socket
import threading
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update
from sqlalchemy.exc import OperationalError

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.queue import push
from app.jobs.registry import passing_kinds
from app.tenancy import all_tenants, scoped_to

log = logging.getLogger(__name__)
REQUEUED, FAILED = "requeued", "failed"  # what the reaper did with an expired lease


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"[:120]


def lease_length():
    return timedelta(seconds=current_app.config["JOBS_LEASE_SECONDS"])


def retry_delay(attempts):
    """10 s, 20 s, 40 s, ... capped at ten minutes."""
    return min(timedelta(seconds=10 * 2 ** max(attempts - 1, 0)), timedelta(minutes=10))


def claim(job_id, owner, now=None):
    """Take the lease of a due queued job (or of a running one whose lease expired) and
    commit; returns the job, or None when it is not ours to run."""
    now = now or utcnow()
    claimable = or_(and_(Job.state == JobState.QUEUED, Job.run_after <= now),
                    and_(Job.state == JobState.RUNNING, Job.lease_expires_at < now))
    taken = db.session.execute(
        update(Job).where(Job.id == job_id, claimable)
        .values(state=JobState.RUNNING, lease_owner=owner, lease_expires_at=now + lease_length(),
                attempts=Job.attempts + 1, started_at=now, error=None)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return db.session.get(Job, job_id) if taken == 1 else None


def write_outside(tenant_id, job_id, owner=None, **values):
    """Update the job on a connection and in a transaction of its own, so that progress and
    heartbeats are visible while the job's own work is uncommitted. Returns the job's
    cancel_requested flag, or None when the write could not be made now."""
    statement = update(Job).where(Job.id == job_id)
    if owner is not None:
        statement = statement.where(Job.lease_owner == owner)
    try:
        with (scoped_to(tenant_id), db.engine.connect() as connection, _short_sqlite_wait(connection),
              connection.begin()):
            connection.execute(statement.values(**values))
            return connection.scalar(select(Job.cancel_requested).where(Job.id == job_id))
    except OperationalError as error:  # SQLite busy with the job's own writes: next time
        log.info("job %s: could not record progress now: %s", job_id, error)
        return None


@contextmanager
def _short_sqlite_wait(connection):
    # SQLite has one writer: while the job's own transaction writes, this write would wait
    # the whole busy timeout. Give up after 50 ms (and report next time) instead.
    if connection.dialect.name != "sqlite":
        yield
        return
    _pragma(connection, "PRAGMA busy_timeout = 50")
    try:
        yield
    finally:
        _pragma(connection, "PRAGMA busy_timeout = 5000")


def _pragma(connection, sql):
    if connection.in_transaction():
        connection.rollback()
    connection.exec_driver_sql(sql)
    connection.commit()


@contextmanager
def heartbeat(tenant_id, job_id, owner):
    """Renew the lease every third of its length while the block runs."""
    app = current_app._get_current_object()
    stop = threading.Event()
    interval = app.config["JOBS_LEASE_SECONDS"] / 3

    def renew():
        while not stop.wait(interval):
            with app.app_context():
                write_outside(tenant_id, job_id, owner, lease_expires_at=utcnow() + lease_length())

    thread = threading.Thread(target=renew, name=f"job-{job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=5)


def reap(now=None):
    """Queue again the jobs whose lease expired (or fail them after their last attempt), and
    hand the queue again the due jobs no worker has taken for a while (a lost message, a
    Redis outage); returns (requeued, failed, pushed)."""
    now = now or utcnow()
    stale = now - timedelta(seconds=current_app.config["JOBS_REQUEUE_AFTER_SECONDS"])
    with all_tenants():
        expired = db.session.execute(select(Job.tenant_id, Job.id).where(
            Job.state == JobState.RUNNING, Job.lease_expires_at < now)).all()
        waiting = db.session.execute(select(Job.tenant_id, Job.id).where(
            Job.state == JobState.QUEUED, Job.run_after <= now,
            or_(Job.enqueued_at.is_(None), Job.enqueued_at < stale))).all()
    db.session.commit()
    outcomes = [_expire_lease(tenant_id, job_id, now) for tenant_id, job_id in expired]
    for tenant_id, job_id in waiting:
        _push_again(tenant_id, job_id, now)
    return outcomes.count(REQUEUED), outcomes.count(FAILED), len(waiting)


def _expire_lease(tenant_id, job_id, now):
    """Queue the job again (or fail it after its last attempt) if its lease is still the
    expired one: the UPDATE is conditional, so of two reapers, or a reaper and a worker
    that has just claimed the job, only one acts. Returns REQUEUED, FAILED or None."""
    with scoped_to(tenant_id):
        job = db.session.get(Job, job_id)
        if job is None or job.state != JobState.RUNNING or job.lease_expires_at >= now:
            db.session.commit()  # gone with its tenant, finished, or renewed meanwhile
            return None
        gave_up = job.attempts >= job.max_attempts
        values = {"error": f"The worker running it stopped (attempt {job.attempts} of {job.max_attempts}).",
                  "lease_owner": None, "lease_expires_at": None}
        values |= ({"state": JobState.FAILED, "finished_at": now} if gave_up
                   else {"state": JobState.QUEUED, "run_after": now, "enqueued_at": now})
        taken = db.session.execute(
            update(Job).where(Job.id == job_id, Job.state == JobState.RUNNING, Job.lease_owner == job.lease_owner,
                              Job.lease_expires_at < now)
            .values(**values).execution_options(synchronize_session=False)).rowcount
        if taken and gave_up:
            db.session.refresh(job)
            settle_failed(job)
        db.session.commit()
    if not taken:
        return None
    if not gave_up:
        push(current_app._get_current_object(), tenant_id, job_id)
    return FAILED if gave_up else REQUEUED


def settle_failed(job):
    """What a job that ended without being done keeps: a passing kind's row (one survey
    answer's analysis) keeps only the day of its moments and no link to a person."""
    if job.kind in passing_kinds():
        job.keep_only_the_day()


def _push_again(tenant_id, job_id, now):
    with scoped_to(tenant_id):
        db.session.execute(update(Job).where(Job.id == job_id).values(enqueued_at=now)
                           .execution_options(synchronize_session=False))
        db.session.commit()
    push(current_app._get_current_object(), tenant_id, job_id)
