"""A survey link answers exactly once under real concurrency: gunicorn (2 workers,
gthread) on PostgreSQL, 50 browsers posting the same link at the same instant, for 10
links in a row. One submission is recorded, the other 49 get the friendly "already
answered" page, none a 5xx; the database holds one response and one feedback item per
link; the same for the links of an anonymous pulse, whose responses name no recipient.
tests/surveys/test_concurrency.py forces the collision deterministically.

PostgreSQL only: SQLite serialises writers, so it would not show the race."""

import os
import threading

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem
from app.surveys.models import SurveyAudience, SurveyRecipient, SurveyResponse, TenantSettings
from app.surveys.services.sending import send_pulse
from app.tenancy import scoped_to
from bench.load import Gunicorn
from bench.mixed_clients import Browser, wait_for_workers
from tests.surveys.helpers import full_answers, links_by_address, make_survey, sent_campaign

LINKS, SUBMITTERS = 10, 50
THANKS = "Your answers have been recorded"
ALREADY = "You have already answered this survey"

pytestmark = [pytest.mark.postgres(reason="real concurrent writers need PostgreSQL"), pytest.mark.external,
              pytest.mark.slow]


@pytest.fixture
def served(database_url):
    """The production-config app (CSRF on) under gunicorn on the test database.
    bench/bench_wsgi.py raises the per-IP rate limits: all 50 browsers share 127.0.0.1,
    and this test is about the unique constraint, not the limiter."""
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


def _race_each_link(port, tokens, answers):
    for address, token in tokens.items():
        results = _race(port, token, answers)
        statuses = sorted(status for status, _ in results)
        assert statuses == [200] * SUBMITTERS, f"{address}: {statuses}"
        assert sum(THANKS in page for _, page in results) == 1, address
        assert sum(ALREADY in page for _, page in results) == SUBMITTERS - 1, address


def test_fifty_simultaneous_posts_of_one_link_record_exactly_one_answer(world, smtp, served):
    emails = [f"crowd{n}@customer.example" for n in range(LINKS)]
    campaign = sent_campaign(world.a, emails)
    tokens = links_by_address(smtp)
    answers = full_answers(campaign.survey)
    db.session.commit()  # the test holds no transaction while the server writes

    _race_each_link(served, {email: tokens[email] for email in emails}, answers)

    per_recipient, external_ids, response_ids, recipient_ids = _stored(world.a.tenant.id)
    assert per_recipient == {recipient_id: 1 for recipient_id in recipient_ids}
    assert len(recipient_ids) == LINKS
    assert external_ids == sorted(f"survey-response-{response_id}" for response_id in response_ids)


def test_fifty_simultaneous_posts_of_one_anonymous_link_record_exactly_one_answer(world, smtp, served):
    survey = make_survey(world.a, audience=SurveyAudience.PARTNER, title="Partner pulse")
    with scoped_to(world.a.tenant.id):
        db.session.add(TenantSettings(anonymity_threshold=4))
        campaign, _ = send_pulse(world.a.admin, survey.id, anonymous=True)  # the world's 4 partner users
        db.session.commit()
    tokens = links_by_address(smtp)
    db.session.commit()

    _race_each_link(served, tokens, full_answers(survey))

    db.session.expire_all()
    with scoped_to(world.a.tenant.id):
        responses = db.session.scalars(select(SurveyResponse).where(SurveyResponse.campaign_id == campaign.id)).all()
        answered = db.session.scalar(select(func.count()).select_from(SurveyRecipient)
                                     .where(SurveyRecipient.answered_at.is_not(None)))
        items = db.session.scalar(select(func.count()).select_from(FeedbackItem).where(FeedbackItem.anonymous))
    assert len(tokens) == 4 and answered == 4 and items == 4
    assert [response.recipient_id for response in responses] == [None] * 4
