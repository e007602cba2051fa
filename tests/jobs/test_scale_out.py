"""Scale-out shown, not claimed (issue #18, item 5): two gunicorn web processes (the bench's
app: production settings with the per-address limits raised, as every answer here comes from
127.0.0.1) and two
worker processes share one PostgreSQL and one Redis queue. Customers answer through both
web processes at once; every answer is stored once and analysed once, by whichever worker
took its job, and no job is left behind or failed."""

import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.jobs.models import Job
from app.jobs.queue import init_queue
from app.surveys.models import SurveyResponse
from app.tenancy import scoped_to
from tests.served import gunicorn
from tests.surveys.helpers import fields, links_by_address, sent_campaign

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL")
ANSWERS = 40
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
pytestmark = [pytest.mark.external, pytest.mark.slow, pytest.mark.redis,
              pytest.mark.postgres(reason="many processes share one database"),
              pytest.mark.skipif(not REDIS_URL, reason="TEST_REDIS_URL is not set")]


def process_env(app):
    return dict(os.environ, PARTNERLOOP_ENV="development", JOBS_QUEUE_URL=REDIS_URL, SECRET_KEY="s" * 40,
                JOBS_QUEUE_NAME=app.config["JOBS_QUEUE_NAME"],
                DATABASE_URL=make_url(app.config["SQLALCHEMY_DATABASE_URI"]).render_as_string(hide_password=False))


def start_worker(env, log_path):
    with open(log_path, "wb") as log:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker", "--threads", "2",
                                 "--no-delivery"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def answer(port, token, names, index):
    """Open the emailed link, then send the answers with the page's CSRF token."""
    session = requests.Session()
    page = session.get(f"http://127.0.0.1:{port}/s/{token}", timeout=30)
    assert page.status_code == 200 and CSRF.search(page.text), (page.status_code, page.text[:1500])
    data = {"csrf_token": CSRF.search(page.text).group(1), names["nps"]: str(index % 11),
            names["text"]: f"Answer {index}: the payout arrived {index % 9} weeks late, please fix it."}
    return session.post(f"http://127.0.0.1:{port}/s/{token}", data=data, timeout=30).status_code


def wait_until(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        db.session.rollback()
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError("timed out")


def test_two_web_processes_and_two_workers_analyse_every_answer_once(app, world, smtp, tmp_path):
    emails = [f"customer{index}@example.com" for index in range(ANSWERS)]
    campaign = sent_campaign(world.a, emails)
    tokens, names = links_by_address(smtp), fields(campaign.survey)
    huey = None
    # A queue of its own: other test runs may share the Redis server at the same time.
    app.config.update(JOBS_EAGER=False, JOBS_QUEUE_URL=REDIS_URL, JOBS_QUEUE_NAME=f"test-{uuid.uuid4().hex[:12]}")
    try:
        huey = init_queue(app)
        env = process_env(app)
        with ExitStack() as stack:
            ports = [stack.enter_context(gunicorn("bench.bench_wsgi:app", env, tmp_path / f"web{n}.log")) for n in (1, 2)]
            workers = [start_worker(env, tmp_path / f"worker{n}.log") for n in (1, 2)]
            stack.callback(lambda: [worker.kill() for worker in workers])
            with ThreadPoolExecutor(8) as pool:
                statuses = list(pool.map(lambda pair: answer(ports[pair[0] % 2], tokens[pair[1]], names, pair[0]),
                                         enumerate(emails)))
            assert statuses == [200] * ANSWERS

            def all_analysed():
                with scoped_to(world.a.tenant.id):
                    pending = db.session.scalar(select(func.count()).select_from(FeedbackItem)
                                                .where(FeedbackItem.analysed_by.is_(None)))
                    return pending == 0 and db.session.scalar(select(func.count()).select_from(Job)) == 0

            wait_until(all_analysed)
    finally:
        if huey is not None:
            huey.flush()
        app.config.update(JOBS_EAGER=True, JOBS_QUEUE_NAME="partnerloop")
        init_queue(app)
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(SurveyResponse)) == ANSWERS
        items = db.session.scalars(select(FeedbackItem)).all()
    assert len(items) == ANSWERS and len({item.external_id for item in items}) == ANSWERS
    assert all(item.sentiment_label is not None and item.analysed_by for item in items)
    logs = "".join((tmp_path / f"worker{n}.log").read_text() for n in (1, 2))
    assert logs.count("Executing app.jobs.queue.run_job") >= ANSWERS  # every job was delivered
    assert "Traceback" not in logs, logs[-3000:]
