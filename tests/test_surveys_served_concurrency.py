"""A survey link answers exactly once under real concurrency: gunicorn (2 workers,
gthread) on PostgreSQL, 50 browsers posting the same link at the same instant, for 10
links in a row. One submission is recorded, the other 49 get the friendly "already
answered" page, none a 5xx; the database holds one response and one feedback item per
link. tests/test_surveys_concurrency.py forces the collision deterministically.

PostgreSQL only: SQLite serialises writers, so it would not show the race."""

import os
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Channel, FeedbackItem
from app.models.surveys import SurveyRecipient, SurveyResponse
from app.tenancy import scoped_to
from bench.load import Gunicorn
from bench.mixed_clients import Browser, wait_for_workers
from tests.survey_helpers import full_answers, links_by_address, sent_campaign

LINKS, SUBMITTERS = 10, 50
THANKS = "Your answers have been recorded"
ALREADY = "You have already answered this survey"


@pytest.fixture
def served(database_url):
    """The production-config app (CSRF on) under gunicorn on the test database.
    bench/bench_wsgi.py raises the per-IP rate limits: all 50 browsers share 127.0.0.1,
    and this test is about the unique constraint, not the limiter."""
    if not database_url.startswith("postgresql"):
        pytest.skip("real concurrent writers need PostgreSQL")
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "served-test-" + "x" * 40}
    with Gunicorn("bench.bench_wsgi:app", env) as server:
        wait_for_workers(server.port)  # so no race below waits on a worker's boot
        yield server.port


def _race(port, token, answers):
    """SUBMITTERS browsers (each its own connection and session cookie) open the link,
    then all post it at once; returns their (status, page) pairs."""
    barrier, results, lock = threading.Barrier(SUBMITTERS), [], threading.Lock()

    def submit():
        browser = Browser(port)
        try:
            csrf = browser.csrf(f"/s/{token}")
            barrier.wait(timeout=60)
            response, page = browser.request("POST", f"/s/{token}", form={**answers, "csrf_token": csrf})
            outcome = (response.status, page)
        except Exception as error:  # a dropped connection or a broken page: counted, never lost
            outcome = (None, repr(error))
        finally:
            browser.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=submit) for _ in range(SUBMITTERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def _stored(tenant_id):
    """{recipient id: responses} and the survey feedback items' external ids."""
    db.session.expire_all()
    with scoped_to(tenant_id):
        per_recipient = dict(
            db.session.execute(
                select(SurveyResponse.recipient_id, func.count()).group_by(SurveyResponse.recipient_id)
            ).all()
        )
        external_ids = db.session.scalars(
            select(FeedbackItem.external_id).where(FeedbackItem.channel == Channel.SURVEY)
        ).all()
        response_ids = db.session.scalars(select(SurveyResponse.id)).all()
        recipient_ids = db.session.scalars(select(SurveyRecipient.id)).all()
    return per_recipient, sorted(external_ids), response_ids, recipient_ids


def test_fifty_simultaneous_posts_of_one_link_record_exactly_one_answer(world, smtp, served):
    emails = [f"crowd{n}@customer.example" for n in range(LINKS)]
    campaign = sent_campaign(world.a, emails)
    tokens = links_by_address(smtp)
    answers = full_answers(campaign.survey)
    db.session.commit()  # the test holds no transaction while the server writes

    for email in emails:
        results = _race(served, tokens[email], answers)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200] * SUBMITTERS, f"{email}: {statuses}"
        assert sum(THANKS in page for _, page in results) == 1, email
        assert sum(ALREADY in page for _, page in results) == SUBMITTERS - 1, email

    per_recipient, external_ids, response_ids, recipient_ids = _stored(world.a.tenant.id)
    assert per_recipient == {recipient_id: 1 for recipient_id in recipient_ids}
    assert len(recipient_ids) == LINKS
    assert external_ids == sorted(f"survey-response-{response_id}" for response_id in response_ids)
