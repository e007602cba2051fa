from datetime import timedelta

import pytest
from huey import RedisHuey

from app.core.models import utcnow
from app.jobs.models import JobState
from tests.jobs.helpers import queued_job


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "queue": "ok", "jobs_waiting": 0}


@pytest.fixture
def queue_down(app):
    """The app's queue is a Redis server that does not answer (nothing listens on port 9)."""
    working = app.extensions["jobs_queue"]
    app.extensions["jobs_queue"] = RedisHuey("down", url="redis://127.0.0.1:9/0")
    yield
    app.extensions["jobs_queue"] = working


def test_a_queue_outage_is_degraded_not_down(client, queue_down):
    response = client.get("/healthz")
    assert response.status_code == 200  # the web app still takes work: stay in the load balancer
    assert response.json == {"status": "degraded", "database": "ok", "queue": "unreachable", "jobs_waiting": 0}


def test_healthz_counts_the_jobs_waiting_over_a_minute_in_every_tenant(client, world):
    long_ago = utcnow() - timedelta(minutes=5)
    queued_job(world.a, run_after=long_ago)
    queued_job(world.b, run_after=long_ago)
    queued_job(world.a)  # just asked for: not waiting yet
    queued_job(world.a, run_after=utcnow() + timedelta(minutes=5))  # a retry's backoff
    queued_job(world.b, run_after=long_ago, state=JobState.RUNNING)
    response = client.get("/healthz")
    assert response.json["jobs_waiting"] == 2
    assert set(response.json) == {"status", "database", "queue", "jobs_waiting"}  # no tenant's name or id


def test_world_builds(world, login):
    client = login(world.a.admin)
    page = client.get("/partners/").get_data(as_text=True)
    assert "Partner A1" in page and "Partner B1" not in page
