"""A worker killed (SIGKILL) in the middle of a job: the job is neither lost nor applied
twice. A real `flask worker` process imports a CSV file of 30,000 rows (the real
imports.run job, all rows in one transaction); it is killed while the job holds its
lease, and a second worker's reaper takes the job up again once the lease has run out:
the rows are imported exactly once, or, on the job's last attempt, the job fails and
nothing is imported. Queue: a SQLite file, and a real Redis server when TEST_REDIS_URL is
set (the message the killed worker had taken is gone from either: the jobs table has it)."""

import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.imports.models import ImportBatch, ImportStatus
from app.jobs.models import Job, JobState
from app.tenancy import scoped_to
from tests.imports.test_flow import HEADER, run, upload, uploaded_batch_id
from tests.jobs.test_worker_process import ROOT, queue_url  # noqa: F401 (queue_url: a fixture)

pytestmark = pytest.mark.slow
ROWS = 30_000
SHORT_LEASE = "3"  # seconds: the killed worker's lease runs out soon after it dies
TEXTS = ("The support team was great and fast", "Deal registration is slow and frustrating",
         "Invoices arrive late", "Good onboarding and thanks")


def csv_rows(count=ROWS):
    return "".join(f"T-{n},2025-03-{n % 28 + 1:02d},Partner A{n % 2 + 1},Phone,{n % 11},"
                   f"{TEXTS[n % len(TEXTS)]} ({n}),casey{n}@example.com\n" for n in range(count))


def wait_for(condition, timeout=60):
    """Poll `condition` until it returns something true. On SQLite a reader waits while the
    import's large transaction holds the file's exclusive lock (it spills or commits), and
    may give up ("database is locked") under load: then it simply asks again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()  # see the worker's commits
        try:
            if (value := condition()):
                return value
        except OperationalError:
            db.session.rollback()
        time.sleep(0.2)
    raise AssertionError("timed out")


class Workers:
    """Worker processes started by one test, each in a process group of its own (killed
    with its children, like a machine or container that dies)."""

    def __init__(self, app, url, tmp_path):
        database_url = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=False)
        self.env = dict(os.environ, PARTNERLOOP_ENV="development", JOBS_QUEUE_URL=url,
                        JOBS_QUEUE_NAME=app.config["JOBS_QUEUE_NAME"], DATABASE_URL=database_url)
        self.env.pop("SMTP_HOST", None)
        self.tmp_path, self.processes = tmp_path, []

    def start(self, **env):
        log_path = self.tmp_path / f"worker-{len(self.processes) + 1}.log"
        with open(log_path, "wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2", "--no-delivery"],
                cwd=ROOT, env=self.env | env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append((process, log_path))
        return process

    def kill(self, process):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def logs(self):
        return "\n".join(f"--- {path.name}\n{path.read_text()[-3000:]}" for _, path in self.processes)

    def stop_all(self):
        for process, _ in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


@pytest.fixture
def workers(app, queue_url, tmp_path):  # noqa: F811 (queue_url: the fixture imported above)
    started = Workers(app, queue_url, tmp_path)
    yield started
    started.stop_all()


def the_job(org, batch_id):
    with scoped_to(org.tenant.id):
        batch = db.session.get(ImportBatch, batch_id)
        return db.session.get(Job, batch.job_id)


def counts(org, batch_id):
    """(items stored, the batch's status, its imported and duplicate counts)."""
    with scoped_to(org.tenant.id):
        batch = db.session.get(ImportBatch, batch_id)
        items = db.session.scalar(select(func.count()).select_from(FeedbackItem))
        return items, batch.status, batch.imported_count, batch.duplicate_count


def import_asked_for(world, login):
    staff = login(world.a.manager)
    batch_id = uploaded_batch_id(upload(staff, HEADER + csv_rows()))
    assert run(staff, batch_id).status_code == 302  # the job row is committed and pushed to the queue
    return batch_id


def kill_mid_job(world, workers, batch_id):
    """Start a worker with a short lease, let it take the import, kill it half-way."""
    first = workers.start(JOBS_LEASE_SECONDS=SHORT_LEASE)
    job = wait_for(lambda: (job := the_job(world.a, batch_id)).state == JobState.RUNNING and job, timeout=60)
    time.sleep(1.5)  # into the import's rows
    assert first.poll() is None, workers.logs()
    workers.kill(first)
    db.session.rollback()
    job = the_job(world.a, batch_id)
    assert (job.state, job.attempts) == (JobState.RUNNING, 1), workers.logs()  # its lease outlives the worker
    assert counts(world.a, batch_id)[:2] == (0, ImportStatus.UPLOADED), "killed too late: it had finished"
    # The second worker starts once the lease has run out (a worker restarted sooner leaves
    # the job to the reaper's next minute).
    wait_for(lambda: the_job(world.a, batch_id).lease_expires_at < utcnow(), timeout=30)
    return job


def test_a_killed_workers_job_is_run_again_and_its_rows_are_imported_once(world, login, workers):
    batch_id = import_asked_for(world, login)
    kill_mid_job(world, workers, batch_id)
    workers.start()
    job = wait_for(lambda: (job := the_job(world.a, batch_id)).is_finished and job, timeout=120)
    assert job.state == JobState.DONE, workers.logs()
    assert job.attempts == 2 and job.lease_owner is None
    assert counts(world.a, batch_id) == (ROWS, ImportStatus.IMPORTED, ROWS, 0)  # once: no duplicates found
    assert job.result == f"Imported: {ROWS:,} imported, 0 duplicates, 0 rejected."


def test_a_killed_workers_job_on_its_last_attempt_fails_and_imports_nothing(world, login, workers):
    batch_id = import_asked_for(world, login)
    with scoped_to(world.a.tenant.id):
        db.session.get(Job, db.session.get(ImportBatch, batch_id).job_id).max_attempts = 1
        db.session.commit()
    kill_mid_job(world, workers, batch_id)
    workers.start()
    job = wait_for(lambda: (job := the_job(world.a, batch_id)).is_finished and job, timeout=60)
    assert job.state == JobState.FAILED, workers.logs()
    assert job.error == "The worker running it stopped (attempt 1 of 1)."
    assert counts(world.a, batch_id)[:2] == (0, ImportStatus.UPLOADED)
    time.sleep(2)  # the second worker does not run it either
    db.session.rollback()
    assert the_job(world.a, batch_id).attempts == 1
