"""Jobs for tests: a handler that does what the test says, registered under its own kind."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.registry import job_handler
from app.jobs.services.runner import run_job
from app.tenancy import all_tenants, scoped_to

CALLS = []


@job_handler("tests.record")
def record_call(job, progress):
    """Counts rows in steps of payload['step'] up to payload['total']; fails as told."""
    CALLS.append(job.id)
    total, failure = job.payload.get("total", 3), job.payload.get("fail")
    for done in range(0, total + 1, job.payload.get("step", 1)):
        progress.update(done, total, force=True)
    if failure == "service":
        raise ServiceError("The file has no header row.")
    if failure == "crash":
        raise RuntimeError("disk full")
    return f"Counted {total} rows."


def job_of(org, job_id):
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        return db.session.get(Job, job_id)


def stale_running_job(org, attempts=1, max_attempts=3):
    """A job whose worker died: running, its lease expired a minute ago."""
    with scoped_to(org.tenant.id):
        job = Job(kind="tests.record", title="Count rows", payload={"total": 2}, state=JobState.RUNNING,
                  attempts=attempts, max_attempts=max_attempts, lease_owner="gone:1:1",
                  lease_expires_at=utcnow() - timedelta(minutes=1))
        db.session.add(job)
        db.session.commit()
        return job.id


def queued_job(org, **fields):
    """A committed queued job of the test handler; returns its id."""
    with scoped_to(org.tenant.id):
        job = Job(**{"kind": "tests.record", "title": "Count rows", "payload": {}} | fields)
        db.session.add(job)
        db.session.commit()
        return job.id


@job_handler("tests.tenant_gone")
def delete_own_tenant(job, progress):
    """Its tenant is deleted while it runs (by another request, in production); then it
    returns or fails as payload['fail'] says."""
    from app.tenants.models import Tenant

    CALLS.append(job.id)
    tenant_id, fail = job.tenant_id, job.payload.get("fail")
    with all_tenants():
        db.session.delete(db.session.get(Tenant, tenant_id))
        db.session.commit()
    if fail:
        raise RuntimeError("the tenant's rows are gone")
    return "Done."


def jobs_of(tenant):
    """The tenant's job rows, oldest first."""
    with scoped_to(tenant.id):
        return db.session.scalars(select(Job).order_by(Job.id)).all()


def run_all_jobs(tenant):
    """Run every job of the tenant once, as a worker would (parked jobs included)."""
    for job in jobs_of(tenant):
        run_job(tenant.id, job.id)


def another_transaction_can_write(tenant, statement):
    """Whether another connection can run `statement` (an UPDATE taking a row's lock) now,
    waiting 0.1 s at most: a job holding that lock makes it fail."""
    with scoped_to(tenant.id), db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        connection.exec_driver_sql("PRAGMA busy_timeout = 100" if sqlite else "SET lock_timeout = '100ms'")
        try:
            connection.execute(statement)
            return True
        except OperationalError:
            return False
        finally:
            connection.rollback()
            if sqlite:
                connection.exec_driver_sql("PRAGMA busy_timeout = 10000")
