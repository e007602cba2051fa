"""Faults (issue #18, "Bad input and faults"): a job whose tenant is deleted ends cleanly;
a passing job (one survey answer's analysis) that fails for good keeps no exact moment
and no link to a person; two reapers of one expired lease act once."""

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.jobs.models import MOMENT_COLUMNS, Job, JobState
from app.jobs.services.leases import _expire_lease, reap
from app.jobs.services.runner import run_job
from app.tenancy import all_tenants, scoped_to
from tests.jobs.helpers import CALLS, job_of, queued_job, stale_running_job
from tests.surveys.helpers import links_by_address
from tests.surveys.test_anonymity import _answer, _send_anonymous_pulse


@pytest.fixture(autouse=True)
def _forget_calls():
    CALLS.clear()


def all_jobs():
    with all_tenants():
        db.session.expire_all()
        return db.session.scalars(select(Job)).all()


# --- a job for a deleted tenant ---------------------------------------------------------


@pytest.mark.parametrize("fail", [False, True], ids=["returns", "raises"])
def test_a_job_whose_tenant_is_deleted_while_it_runs_ends_cleanly(world, fail):
    job_id = queued_job(world.a, kind="tests.tenant_gone", payload={"fail": fail})
    assert run_job(world.a.tenant.id, job_id) is None  # nothing raised to the queue, nothing to record
    assert [job_id] == CALLS  # ran once, and is not scheduled again
    assert all_jobs() == []  # the row went with its tenant
    assert reap(now=utcnow() + timedelta(hours=1)) == (0, 0, 0)


def test_the_reaper_skips_a_job_whose_tenant_is_gone(world):
    job_id = stale_running_job(world.a)
    with all_tenants():
        db.session.delete(db.session.get(type(world.a.tenant), world.a.tenant.id))
        db.session.commit()
    assert _expire_lease(world.a.tenant.id, job_id, utcnow()) is None
    assert reap() == (0, 0, 0) and CALLS == []


# --- the reaper acts once -----------------------------------------------------------------


def test_a_reaper_that_read_the_job_before_another_worker_claimed_it_leaves_it_alone(world):
    """Reaper 1 requeued the job and worker 2 claimed it; reaper 2 read the job as expired
    before that. It must not take worker 2's lease away (the job would run twice at once)."""
    job_id = stale_running_job(world.a)
    with scoped_to(world.a.tenant.id):
        read = db.session.get(Job, job_id)  # noqa: F841 -- reaper 2's read, held in its session: expired
        with db.engine.begin() as other:  # meanwhile, on another connection: worker 2's claim
            other.execute(update(Job).where(Job.id == job_id).values(
                lease_owner="worker-2", attempts=2, lease_expires_at=utcnow() + timedelta(minutes=1)))
        outcome = _expire_lease(world.a.tenant.id, job_id, utcnow())
    job = job_of(world.a, job_id)
    assert (job.state, job.lease_owner, job.attempts) == (JobState.RUNNING, "worker-2", 2)
    assert CALLS == [] and outcome is None


# --- an anonymous answer's analysis that fails for good ---------------------------------------


def _midnight(moment):
    return datetime.combine(moment.date(), time())


def _answered_anonymously(world, login, smtp):
    survey, _ = _send_anonymous_pulse(world, login)
    partner_user = world.a.partner_admins[0]
    _answer(login(partner_user), links_by_address(smtp), survey, partner_user)
    with scoped_to(world.a.tenant.id):
        item = db.session.scalars(select(FeedbackItem).where(FeedbackItem.anonymous.is_(True))).one()
        [job] = db.session.scalars(select(Job).where(Job.kind == "feedback.analyse")).all()
        return item.id, job.id


def _assert_only_days(job):
    for name in MOMENT_COLUMNS:
        moment = getattr(job, name)
        assert moment is None or moment == _midnight(moment), (name, moment)
    assert job.started_by_id is None and job.lease_owner is None


def test_a_failed_analysis_of_an_anonymous_answer_keeps_only_the_day(world, login, smtp, parked_jobs, monkeypatch):
    from app.feedback import tasks

    item_id, job_id = _answered_anonymously(world, login, smtp)
    def crash(item):
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(tasks, "analyse", crash)
    for _attempt in range(3):  # the first two are retried later, the third fails for good
        with scoped_to(world.a.tenant.id):
            db.session.get(Job, job_id).run_after = utcnow()  # the backoff has passed
            db.session.commit()
        run_job(world.a.tenant.id, job_id)
    job = job_of(world.a, job_id)
    assert (job.state, job.attempts, job.error) == (JobState.FAILED, 3, "RuntimeError: engine crashed")
    assert job.payload == {"item_id": item_id}  # which item, to look into it or run it again; nobody named
    _assert_only_days(job)
    assert job.created_at.date() == utcnow().date()


def test_a_passing_job_failed_by_the_reaper_keeps_only_the_day(world):
    job_id = stale_running_job(world.a, attempts=3, max_attempts=3)
    with scoped_to(world.a.tenant.id):
        job = db.session.get(Job, job_id)
        job.kind, job.payload, job.started_by_id = "feedback.analyse", {"item_id": 1}, world.a.admin.id
        job.started_at = utcnow() - timedelta(minutes=3)
        db.session.commit()
    assert reap()[:2] == (0, 1)
    job = job_of(world.a, job_id)
    assert job.state == JobState.FAILED and "stopped (attempt 3 of 3)" in job.error
    _assert_only_days(job)


def test_a_kept_kind_keeps_its_exact_times_when_it_fails(world):
    job_id = queued_job(world.a, payload={"fail": "service"})
    run_job(world.a.tenant.id, job_id)
    job = job_of(world.a, job_id)
    assert job.state == JobState.FAILED and job.finished_at != _midnight(job.finished_at)


def test_the_reaper_does_not_push_again_a_job_handed_to_the_queue_moments_ago(world, app, parked_jobs):
    """A job waiting its turn in a long queue is not pushed again every minute; one whose
    push failed (Redis down) is, once JOBS_REQUEUE_AFTER_SECONDS have passed."""
    from app.jobs.services.submit import submit

    with scoped_to(world.a.tenant.id):
        submit("tests.record", "Count rows")
        db.session.commit()
    assert reap() == (0, 0, 0)
    later = utcnow() + timedelta(seconds=app.config["JOBS_REQUEUE_AFTER_SECONDS"] + 1)
    assert reap(now=later) == (0, 0, 1)


# --- an item's analysis that failed for good can be run again from the jobs page -------------


def test_staff_run_again_the_failed_analysis_of_an_item_and_it_is_analysed_once(world, login, parked_jobs,
                                                                                 monkeypatch):
    from app.feedback import tasks

    analyse = tasks.analyse
    client = login(world.a.partner_members[0])
    client.post("/feedback/new", data={"text": "Payouts are late again and nobody answers our emails."})
    with scoped_to(world.a.tenant.id):
        item_id = db.session.scalars(select(FeedbackItem.id)).one()
        job_id = db.session.scalars(select(Job.id).where(Job.kind == "feedback.analyse")).one()
    monkeypatch.setattr(tasks, "analyse", lambda item: (_ for _ in ()).throw(RuntimeError("engine crashed")))
    for _attempt in range(3):
        with scoped_to(world.a.tenant.id):
            db.session.get(Job, job_id).run_after = utcnow()
            db.session.commit()
        run_job(world.a.tenant.id, job_id)
    staff = login(world.a.manager)
    page = staff.get("/jobs/").get_data(as_text=True)
    assert "The analysis of 1 feedback item failed" in page and "Analysing…" in staff.get(
        f"/feedback/{item_id}").get_data(as_text=True)
    assert "failed" not in login(world.b.manager).get("/jobs/").get_data(as_text=True)  # the other tenant's page

    monkeypatch.setattr(tasks, "analyse", analyse)  # the cause is fixed
    assert staff.post("/jobs/analyses/retry").status_code == 302
    run_job(world.a.tenant.id, job_id)
    with scoped_to(world.a.tenant.id):
        item = db.session.get(FeedbackItem, item_id)
        assert item.analysed_by is not None and item.sentiment_label.value == "negative"
    assert all_jobs() == []  # done: the passing job's row is gone
    assert "failed after every attempt" not in staff.get("/jobs/").get_data(as_text=True)
    assert "Nothing to run again: no item analysis has failed." in staff.post("/jobs/analyses/retry", follow_redirects=True).get_data(
        as_text=True)
