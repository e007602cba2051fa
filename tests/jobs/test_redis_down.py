"""Redis down (issue #18, faults): the web app still takes survey answers, their analysis
jobs wait in the jobs table (the failed push is logged, not raised), /healthz says the
queue is unreachable without failing, and once Redis is back the reaper hands the waiting
jobs to it and a worker analyses them. Against a throw-away Redis server of this test's
own, started and stopped with scripts/redis.sh (the suite's shared one stays up)."""

import logging
import os
import shutil
import socket
import subprocess
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.jobs.models import Job, JobState
from app.jobs.queue import init_queue
from app.jobs.services.leases import reap
from app.tenancy import scoped_to
from tests.jobs.test_worker_process import ROOT
from tests.surveys.helpers import full_answers, links_by_address, sent_campaign

pytestmark = [pytest.mark.external, pytest.mark.slow,
              pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server is not installed")]
CUSTOMER = "casey@customer.example.com"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """scripts/redis.sh on a port and folder of this test's own."""

    def __init__(self, tmp_path):
        self.env = dict(os.environ, REDIS_PORT=str(free_port()), REDIS_DIR=str(tmp_path / "redis"))

    def _script(self, action):
        return subprocess.run(["scripts/redis.sh", action], cwd=ROOT, env=self.env, check=True,
                              capture_output=True, text=True, timeout=30).stdout.strip()

    def start(self):
        return self._script("start")

    def stop(self):
        self._script("stop")
        for _ in range(50):  # the server exits a moment after its SIGTERM
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", int(self.env["REDIS_PORT"]))) != 0:
                    return
            time.sleep(0.1)
        raise AssertionError("Redis did not stop")


@pytest.fixture
def redis_queue(app, tmp_path):
    server = RedisServer(tmp_path)
    url = server.start()
    app.config.update(JOBS_EAGER=False, JOBS_QUEUE_URL=url, JOBS_QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}")
    huey = init_queue(app)
    yield server, huey
    server.stop()
    app.config.update(JOBS_EAGER=True, JOBS_QUEUE_NAME="partnerloop")
    init_queue(app)


def test_answers_are_taken_while_redis_is_down_and_analysed_when_it_returns(
        world, client, smtp, app, redis_queue, caplog):
    server, huey = redis_queue
    campaign = sent_campaign(world.a, [CUSTOMER])
    token = links_by_address(smtp)[CUSTOMER]
    server.stop()

    client.get(f"/s/{token}")
    with caplog.at_level(logging.WARNING, logger="app.jobs.queue"):
        page = client.post(f"/s/{token}", data=full_answers(campaign.survey, "2", "The payout is late again."))
    assert page.status_code == 200 and "Your answers have been recorded" in page.get_data(as_text=True)
    assert "could not enqueue job" in caplog.text
    with scoped_to(world.a.tenant.id):
        item = db.session.scalars(select(FeedbackItem)).one()
        job = db.session.scalars(select(Job)).one()
        assert (job.kind, job.state, item.analysed_by) == ("feedback.analyse", JobState.QUEUED, None)
        job.run_after = utcnow() - timedelta(minutes=2)  # it has waited a while
        db.session.commit()
        job_id, item_id = job.id, item.id

    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json == {"status": "degraded", "database": "ok", "queue": "unreachable", "jobs_waiting": 1}
    later = utcnow() + timedelta(seconds=app.config["JOBS_REQUEUE_AFTER_SECONDS"] + 1)
    assert reap(now=later)[2] == 1  # the reaper tries, the push fails again: still waiting, no error

    server.start()  # Redis returns (empty: it keeps nothing on disk)
    assert client.get("/healthz").json["queue"] == "ok"
    assert huey.pending_count() == 0
    assert reap(now=later + timedelta(minutes=3))[2] == 1  # the reaper's next round hands it over
    assert huey.pending_count() == 1
    huey.execute(huey.dequeue())  # what a worker does with the message
    with scoped_to(world.a.tenant.id):
        db.session.expire_all()
        assert db.session.get(FeedbackItem, item_id).analysed_by is not None
        assert db.session.get(Job, job_id) is None  # done: a passing job's row goes
    assert client.get("/healthz").json == {"status": "ok", "database": "ok", "queue": "ok", "jobs_waiting": 0}
