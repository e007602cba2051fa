"""Running one job: take its lease, run its handler in the tenant's scope with a heartbeat
and a progress reporter, and record how it ended (done, retried later, failed, cancelled)."""

import logging
import time

from flask import current_app
from sqlalchemy import delete

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.queue import push
from app.jobs.registry import handler_for, passing_kinds
from app.jobs.services.leases import claim, heartbeat, retry_delay, settle_failed, worker_name, write_outside
from app.tenancy import scoped_to

log = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 1.0
PROGRESS_EVERY_ROWS = 1000


class JobCancelled(Exception):
    """Raised by Progress.update when staff asked the running job to stop."""


class Progress:
    """What a handler reports as it goes: rows done of a total, written outside the job's
    transaction at most once a second (or every 1,000 rows), so the page sees it live."""

    def __init__(self, job, owner):
        self.tenant_id, self.job_id, self.owner = job.tenant_id, job.id, owner
        self._written_at, self._written_done = 0.0, 0

    def update(self, done, total=None, force=False):
        due = (time.monotonic() - self._written_at >= PROGRESS_EVERY_SECONDS
               or done - self._written_done >= PROGRESS_EVERY_ROWS)
        if not (due or force):
            return
        values = {"progress_done": done} | ({"progress_total": total} if total is not None else {})
        cancel = write_outside(self.tenant_id, self.job_id, self.owner, **values)
        self._written_at, self._written_done = time.monotonic(), done
        if cancel:
            raise JobCancelled


def run_job(tenant_id, job_id):
    """Run job `job_id` if it is ours to run; never raises for the handler's errors."""
    owner = worker_name()
    with scoped_to(tenant_id):
        job = claim(job_id, owner)
        if job is None:
            return None
        with heartbeat(tenant_id, job_id, owner):
            return _run_claimed(job, owner)


def _run_claimed(job, owner):
    job_id, kind, payload = job.id, job.kind, dict(job.payload)
    try:
        result = handler_for(kind)(job, Progress(job, owner))
    except JobCancelled:
        db.session.rollback()
        return _finish(job_id, JobState.CANCELLED, result="Cancelled before it finished.")
    except Exception as error:  # recorded on the job; a bug must not stop the worker
        db.session.rollback()
        log.exception("job %s (%s, %s) failed", job_id, kind, payload)
        return _failed(job_id, error)
    if kind in passing_kinds():
        # Its row goes in the transaction of its work: one commit fewer per survey answer,
        # and the row exists exactly as long as the work is not done.
        db.session.execute(delete(Job).where(Job.id == job_id).execution_options(synchronize_session="evaluate"))
        db.session.commit()
        return None
    db.session.commit()
    return _finish(job_id, JobState.DONE, result=result)


def _finish(job_id, state, result=None):
    job = _still_there(job_id)
    if job is None:
        return None
    job.state, job.finished_at, job.lease_owner, job.lease_expires_at = state, utcnow(), None, None
    job.result = (str(result)[:500] if result else None)
    if state == JobState.DONE and job.progress_total:
        job.progress_done = job.progress_total
    if state != JobState.DONE:
        settle_failed(job)
    db.session.commit()
    return job


def _failed(job_id, error):
    job = _still_there(job_id)
    if job is None:
        return None
    described = str(error) if isinstance(error, ServiceError) else f"{type(error).__name__}: {error}"
    job.error, job.lease_owner, job.lease_expires_at = described[:2000], None, None
    if isinstance(error, ServiceError) or job.attempts >= job.max_attempts:
        # A ServiceError is bad input: running it again cannot help.
        job.state, job.finished_at = JobState.FAILED, utcnow()
        settle_failed(job)
        db.session.commit()
        return job
    delay = retry_delay(job.attempts)
    job.state, job.run_after = JobState.QUEUED, utcnow() + delay
    job.enqueued_at = utcnow()
    db.session.commit()
    push(current_app._get_current_object(), job.tenant_id, job.id, delay=delay.total_seconds())
    return job


def _still_there(job_id):
    """The job's row, or None when it went with its tenant (deleted while the job ran):
    then there is nothing to record, and nothing to retry."""
    job = db.session.get(Job, job_id)
    if job is None:
        db.session.rollback()
        log.info("job %s: its row is gone (its tenant was deleted); nothing recorded", job_id)
    return job
