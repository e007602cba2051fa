"""Background jobs: the row is written with the request's work and handed to the queue
after commit; a lease makes each run exclusive; failures retry with backoff or fail with
a reason; the reaper recovers jobs of dead workers; progress is visible while running."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.queue import push
from app.jobs.services import submit as jobs
from app.jobs.services.leases import claim, reap, write_outside
from app.jobs.services.runner import run_job
from app.tenancy import all_tenants, scoped_to
from tests.jobs.helpers import CALLS, job_of, queued_job, stale_running_job


@pytest.fixture(autouse=True)
def _forget_calls():
    CALLS.clear()


def submitted(org, **payload):
    with scoped_to(org.tenant.id):
        job = jobs.submit("tests.record", "Count rows", payload, started_by=org.admin)
        job_id = job.id
        db.session.commit()  # the job runs here: tests run jobs eagerly, after the commit
    return job_of(org, job_id)


def test_a_job_runs_once_its_transaction_commits_and_reports_progress(world):
    job = submitted(world.a, total=5)
    assert job.state == JobState.DONE
    assert (job.progress_done, job.progress_total, job.result) == (5, 5, "Counted 5 rows.")
    assert job.attempts == 1 and job.started_by_id == world.a.admin.id
    assert [job.id] == CALLS


def test_a_rolled_back_request_leaves_no_job_and_runs_nothing(world):
    with scoped_to(world.a.tenant.id):
        jobs.submit("tests.record", "Count rows", {"total": 1})
        db.session.rollback()
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Job)) == 0
    assert CALLS == []


def test_a_finished_job_is_never_run_again_by_a_repeated_message(world, app):
    job = submitted(world.a)
    run_job(world.a.tenant.id, job.id)
    push(app, world.a.tenant.id, job.id)
    assert [job.id] == CALLS
    assert job_of(world.a, job.id).attempts == 1


def test_only_one_worker_gets_the_lease(world):
    job_id = queued_job(world.a)
    with scoped_to(world.a.tenant.id):
        assert claim(job_id, "worker-1") is not None
        assert claim(job_id, "worker-2") is None
        assert db.session.get(Job, job_id).lease_owner == "worker-1"


def test_unknown_kinds_are_refused_when_asked_for_not_in_the_worker(world):
    from app.core.errors import ServiceError

    with scoped_to(world.a.tenant.id), pytest.raises(ServiceError, match="no background job"):
        jobs.submit("tests.nothing", "Nothing")


def test_a_crash_is_retried_later_with_the_error_kept(world):
    job = submitted(world.a, fail="crash")
    assert job.state == JobState.QUEUED
    assert job.error == "RuntimeError: disk full"
    assert job.run_after > utcnow() + timedelta(seconds=5)  # backoff, not a busy loop


def test_bad_input_fails_at_once_with_its_reason(world):
    job = submitted(world.a, fail="service")
    assert job.state == JobState.FAILED
    assert job.error == "The file has no header row."
    assert job.finished_at is not None


def test_the_last_attempt_fails_the_job(world):
    job_id = queued_job(world.a, payload={"fail": "crash"}, max_attempts=1)
    run_job(world.a.tenant.id, job_id)
    job = job_of(world.a, job_id)
    assert job.state == JobState.FAILED and job.error == "RuntimeError: disk full"


def test_a_failed_job_can_be_run_again(world):
    job = submitted(world.a, fail="service")
    with scoped_to(world.a.tenant.id):
        job = db.session.get(Job, job.id)
        job.payload = {"total": 2}
        jobs.retry(job)
        db.session.commit()
    job = job_of(world.a, job.id)
    assert job.state == JobState.DONE and job.error is None and job.result == "Counted 2 rows."


def test_the_reaper_queues_again_a_job_whose_worker_died(world):
    job_id = stale_running_job(world.a, attempts=1)
    requeued, failed, _ = reap()
    assert (requeued, failed) == (1, 0)
    job = job_of(world.a, job_id)
    assert job.state == JobState.DONE  # pushed again and run (eagerly)
    assert job.attempts == 2


def test_the_reaper_fails_a_job_whose_worker_died_on_its_last_attempt(world):
    job_id = stale_running_job(world.a, attempts=3, max_attempts=3)
    assert reap()[:2] == (0, 1)
    job = job_of(world.a, job_id)
    assert job.state == JobState.FAILED
    assert "stopped (attempt 3 of 3)" in job.error
    assert CALLS == []


def test_a_live_lease_is_left_alone(world):
    job_id = stale_running_job(world.a)
    with scoped_to(world.a.tenant.id):
        db.session.get(Job, job_id).lease_expires_at = utcnow() + timedelta(minutes=1)
        db.session.commit()
    assert reap() == (0, 0, 0)
    assert job_of(world.a, job_id).state == JobState.RUNNING


def test_jobs_wait_in_the_table_while_the_queue_is_down_and_run_when_it_returns(world, app):
    from huey import RedisHuey

    eager = app.extensions["jobs_run_task"]
    down = RedisHuey("down", url="redis://127.0.0.1:9/0")  # nothing listens on port 9
    app.extensions["jobs_run_task"] = down.task(name="run_job")(lambda tenant_id, job_id: None)
    try:
        job = submitted(world.a)  # the request still succeeds
        assert job.state == JobState.QUEUED
    finally:
        app.extensions["jobs_run_task"] = eager
    later = utcnow() + timedelta(seconds=app.config["JOBS_REQUEUE_AFTER_SECONDS"] + 1)
    assert reap(now=later)[2] == 1
    assert job_of(world.a, job.id).state == JobState.DONE


def test_cancelling_a_queued_job_means_it_never_runs(world):
    job_id = queued_job(world.a)
    with scoped_to(world.a.tenant.id):
        jobs.cancel(db.session.get(Job, job_id))
        db.session.commit()
    run_job(world.a.tenant.id, job_id)
    assert job_of(world.a, job_id).state == JobState.CANCELLED
    assert CALLS == []


def test_a_running_job_stops_at_its_next_progress_report_when_cancelled(world):
    job_id = queued_job(world.a, payload={"total": 3}, cancel_requested=True)
    run_job(world.a.tenant.id, job_id)
    job = job_of(world.a, job_id)
    assert job.state == JobState.CANCELLED and job.result == "Cancelled before it finished."


def test_progress_is_written_outside_the_jobs_own_transaction(world):
    job_id = queued_job(world.a)
    assert write_outside(world.a.tenant.id, job_id, progress_done=7, progress_total=10) is False
    assert job_of(world.a, job_id).percent == 70


def test_a_job_of_a_deleted_tenant_ends_cleanly(world):
    job_id = queued_job(world.a)
    with all_tenants():
        db.session.delete(db.session.get(type(world.a.tenant), world.a.tenant.id))
        db.session.commit()
    assert run_job(world.a.tenant.id, job_id) is None
    assert CALLS == []
