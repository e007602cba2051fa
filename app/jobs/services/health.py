"""What /healthz says about background work: whether the queue answers, and how many jobs
wait for a worker (due for more than a minute and not taken). Tenant-neutral: a count
over every tenant, no names; fast: one count on the (state, run_after) index and one
queue round trip with short timeouts (app/jobs/queue.py)."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.queue import queue_state
from app.tenancy import all_tenants

WAITING_AFTER = timedelta(minutes=1)


def jobs_health(now=None):
    """{"queue": "ok" | "unreachable", "jobs_waiting": n}."""
    now = now or utcnow()
    queue, _messages = queue_state(current_app._get_current_object())
    with all_tenants():
        waiting = db.session.scalar(select(func.count()).select_from(Job).where(
            Job.state == JobState.QUEUED, Job.run_after < now - WAITING_AFTER))
    return {"queue": queue, "jobs_waiting": waiting}
