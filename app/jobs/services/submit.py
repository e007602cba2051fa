"""Asking for background work: a job row in the caller's transaction, its id handed to
the queue only once that transaction has committed (so a worker never looks for a job
that does not exist yet, and a rolled-back request leaves no job behind)."""

from flask import current_app
from sqlalchemy import event, func, insert, select
from sqlalchemy.orm import Session

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import FINISHED_STATES, Job, JobState
from app.jobs.queue import push
from app.jobs.registry import handler_for, passing_kinds

PENDING_KEY = "partnerloop_jobs_to_push"


def submit(kind, title, payload=None, started_by=None, max_attempts=3):
    """A new queued job of `kind` (a registered handler) for the current tenant; its id
    reaches the queue when the caller commits."""
    handler_for(kind)  # unknown kinds fail here, in the request, not later in a worker
    # enqueued_at: handed to the queue at commit. Should that push fail (Redis down), the
    # reaper pushes it again JOBS_REQUEUE_AFTER_SECONDS later; it does not push again every
    # job that is merely waiting its turn in a long queue.
    job = Job(kind=kind, title=title[:200], payload=payload or {}, max_attempts=max_attempts,
              started_by_id=started_by.id if started_by else None, enqueued_at=utcnow())
    db.session.add(job)
    db.session.flush()
    _push_after_commit(job)
    return job


def submit_row(kind, title, payload, tenant_id):
    """submit() for the hot paths (each survey answer): one INSERT ... RETURNING, no ORM
    object or flush; returns the new job's id, handed to the queue when the caller commits."""
    handler_for(kind)
    table = Job.__table__
    # enqueued_at as submit() sets it (the reaper race fix, #18 faults): the reaper hands the
    # queue again only a job whose push is JOBS_REQUEUE_AFTER_SECONDS old.
    job_id = db.session.execute(insert(table).returning(table.c.id), {
        "kind": kind, "title": title[:200], "payload": payload, "tenant_id": tenant_id,
        "enqueued_at": utcnow()}).scalar_one()
    db.session.info.setdefault(PENDING_KEY, []).append((tenant_id, job_id))
    return job_id


def cancel(job):
    """A queued job is cancelled at once; a running one stops at its next progress report."""
    if job.state in FINISHED_STATES:
        raise ServiceError("This job has already finished.")
    if job.state == JobState.QUEUED:
        job.state = JobState.CANCELLED
    job.cancel_requested = True


def retry(job):
    """Run a failed or cancelled job again from the start (its effect is idempotent)."""
    if job.state not in (JobState.FAILED, JobState.CANCELLED):
        raise ServiceError("Only a failed or cancelled job can be retried.")
    job.state, job.attempts, job.error, job.cancel_requested = JobState.QUEUED, 0, None, False
    job.progress_done, job.finished_at, job.result = 0, None, None
    job.run_after = job.enqueued_at = utcnow()
    _push_after_commit(job)
    return job


def _failed_item_analyses():
    # The failed jobs of the passing kinds (an item's deferred analysis): hidden from the
    # jobs list, their items still wait for labels, themes, webhook and rules.
    return select(Job).where(Job.kind.in_(passing_kinds()), Job.state == JobState.FAILED)


def failed_item_analysis_count():
    return db.session.scalar(select(func.count()).select_from(_failed_item_analyses().subquery()))


def retry_failed_item_analyses():
    """Run every failed item analysis again (each job is idempotent); returns how many."""
    jobs = db.session.scalars(_failed_item_analyses().order_by(Job.id)).all()
    for job in jobs:
        retry(job)
    return len(jobs)


def recent_jobs(limit=50):
    """The tenant's newest jobs, without the passing internal ones (each answer's analysis)."""
    return db.session.scalars(select(Job).where(Job.kind.notin_(passing_kinds()))
                              .order_by(Job.id.desc()).limit(limit)).all()


def _push_after_commit(job):
    # Ids, not the object: after the commit its attributes are expired and may not be loaded.
    db.session.info.setdefault(PENDING_KEY, []).append((job.tenant_id, job.id))


@event.listens_for(Session, "after_commit")
def _push_committed_jobs(session):
    pending = session.info.pop(PENDING_KEY, None)
    if not pending:
        return
    app = current_app._get_current_object()
    for tenant_id, job_id in pending:
        push(app, tenant_id, job_id)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_jobs(session):
    session.info.pop(PENDING_KEY, None)
