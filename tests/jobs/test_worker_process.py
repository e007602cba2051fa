"""`flask --app wsgi worker` as a real process: it takes a job from the queue (a SQLite file,
or a real Redis server in the PostgreSQL pass) the web app wrote to, runs it with live progress, delivers the outbox, and stops cleanly on SIGTERM."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.queue import init_queue
from app.jobs.services.submit import submit
from app.mail.models import OutboxMessage, OutboxStatus
from app.tenancy import all_tenants, scoped_to
from tests.followups.helpers import record_item

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.external, pytest.mark.slow]


REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture(params=["sqlite", pytest.param("redis", marks=[
    pytest.mark.redis, pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")])])
def queue_url(request, app, tmp_path):
    """The test app hands jobs to a SQLite queue file (the default) or to a real Redis server
    (production), and the worker process reads the same queue."""
    url = f"sqlite:///{tmp_path / 'queue.db'}" if request.param == "sqlite" else REDIS_URL
    # A queue of its own: other test runs may share the Redis server at the same time.
    app.config.update(JOBS_EAGER=False, JOBS_QUEUE_URL=url, JOBS_QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}")
    huey = init_queue(app)
    yield url
    huey.flush()
    app.config.update(JOBS_EAGER=True, JOBS_QUEUE_NAME="partnerloop")
    init_queue(app)


@pytest.fixture
def worker(app, queue_url, tmp_path):
    env = dict(os.environ, PARTNERLOOP_ENV="development", JOBS_QUEUE_URL=queue_url,
               JOBS_QUEUE_NAME=app.config["JOBS_QUEUE_NAME"],
               DATABASE_URL=make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=False))
    env.pop("SMTP_HOST", None)
    log_path = tmp_path / "worker.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2"],
                                   cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield process, log_path
    if process.poll() is None:
        process.kill()
        process.wait()


def wait_for(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see the worker's commits
        if (value := condition()):
            return value
        time.sleep(0.2)
    raise AssertionError("timed out")


def test_the_worker_runs_queued_jobs_and_delivers_mail_then_stops_cleanly(world, worker):
    process, log_path = worker
    for index in range(5):
        record_item(world.a, 0, text=f"Payouts are late again, week {index}.")
    with scoped_to(world.a.tenant.id):
        job_id = submit("analysis.rerun", "Re-analyse all feedback", started_by=world.a.admin).id
        db.session.add(OutboxMessage(tenant_id=world.a.tenant.id, kind="test", to_address="casey@example.com",
                                     subject="Hello", text_body="Hello from the worker.", html_body="<p>Hello</p>"))
        db.session.commit()

    def finished_job():
        with scoped_to(world.a.tenant.id):
            job = db.session.get(Job, job_id)
            return job if job.is_finished else None

    job = wait_for(finished_job)
    assert (job.state, job.progress_done, job.progress_total) == (JobState.DONE, 5, 5), log_path.read_text()
    assert job.lease_owner is None and job.attempts == 1

    def captured():
        with all_tenants():
            statuses = db.session.scalars(select(OutboxMessage.status).where(OutboxMessage.subject == "Hello")).all()
            return statuses == [OutboxStatus.CAPTURED]

    wait_for(captured)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 0, log_path.read_text()
