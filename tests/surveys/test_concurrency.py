"""A survey link answers exactly once, even when two submissions race: the answer's claim
of its recipient row (answered_at set only where it is NULL) decides, and for named
responses UNIQUE(recipient_id) too, not a check before the insert. Anonymous responses,
which name no recipient, rely on the claim alone."""

import threading

import pytest
import requests
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from app.core.models import utcnow
from app.extensions import db
from app.surveys import public_routes
from app.surveys.models import SurveyAudience, SurveyRecipient, SurveyResponse, TenantSettings
from app.surveys.services.responses import AlreadyAnswered, respondent_scope, submit_response
from app.surveys.services.sending import send_pulse
from app.tenancy import scoped_to, unscoped
from tests.smtp import free_port
from tests.surveys.helpers import (
    feedback_items,
    fields,
    full_answers,
    links_by_address,
    make_survey,
    response_count,
    sent_campaign,
)

CUSTOMER = "race@customer.example"


def _competing_response(tenant_id, recipient_id):
    """Another session (another request, another tab) stores its response and commits."""
    with Session(db.engine) as other, scoped_to(tenant_id):
        recipient = other.scalars(select(SurveyRecipient).where(SurveyRecipient.id == recipient_id)).one()
        other.add(
            SurveyResponse(
                tenant_id=recipient.tenant_id,
                partner_id=recipient.partner_id,
                recipient_id=recipient.id,
                campaign_id=recipient.campaign_id,
                submitted_at=utcnow(),
            )
        )
        other.commit()


def _values(survey):
    return {int(name[1:]): value for name, value in full_answers(survey).items()}


def test_response_inserted_by_another_session_makes_this_one_already_answered(world):
    campaign = sent_campaign(world.a, [CUSTOMER])
    recipient = db.session.scalars(unscoped(select(SurveyRecipient))).one()
    values = _values(campaign.survey)
    assert recipient.answered_at is None  # this request saw an unanswered link ...
    _competing_response(
        world.a.tenant.id, recipient.id
    )  # ... and then the other tab's response was committed

    with respondent_scope(recipient), pytest.raises(AlreadyAnswered):
        submit_response(recipient, values)
    db.session.rollback()

    assert response_count(world.a) == 1
    assert feedback_items(world.a) == []  # nothing of the losing submission was kept


def test_recipient_can_have_only_one_response_row(world):
    campaign = sent_campaign(world.a, [CUSTOMER])
    recipient_id = db.session.scalars(unscoped(select(SurveyRecipient.id))).one()
    _competing_response(world.a.tenant.id, recipient_id)
    with pytest.raises(Exception) as raised:
        _competing_response(world.a.tenant.id, recipient_id)
    assert "unique" in str(raised.value).lower()
    assert campaign.id and response_count(world.a) == 1


def _anonymous_pulse_to_one_partner_admin(org):
    """An anonymous pulse (threshold lowered to 1) to the first partner's admin; returns the survey."""
    survey = make_survey(org, audience=SurveyAudience.PARTNER, title="Partner pulse")
    with scoped_to(org.tenant.id):
        db.session.add(TenantSettings(anonymity_threshold=1))
        send_pulse(org.admin, survey.id, anonymous=True, partner_ids=[org.partners[0].id], include_members=False)
        db.session.commit()
    return survey


def _competing_anonymous_answer(tenant_id, recipient_id):
    """Another session stores what an anonymous answer stores, and commits: the claim on the
    recipient row and a response that names no recipient."""
    with Session(db.engine) as other, scoped_to(tenant_id):
        recipient = other.scalars(select(SurveyRecipient).where(SurveyRecipient.id == recipient_id)).one()
        recipient.answered_at = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
        other.add(SurveyResponse(tenant_id=tenant_id, campaign_id=recipient.campaign_id, submitted_at=utcnow()))
        other.commit()


def test_anonymous_answer_committed_by_another_session_makes_this_one_already_answered(world):
    survey = _anonymous_pulse_to_one_partner_admin(world.a)
    recipient = db.session.scalars(unscoped(select(SurveyRecipient))).one()
    assert recipient.answered_at is None  # this request saw an unanswered link ...
    _competing_anonymous_answer(world.a.tenant.id, recipient.id)  # ... then the other one committed

    with respondent_scope(recipient), pytest.raises(AlreadyAnswered):
        submit_response(recipient, _values(survey))
    db.session.rollback()

    assert response_count(world.a) == 1
    assert feedback_items(world.a) == []


@pytest.fixture
def served_app(app):
    """The app served by werkzeug in a thread, many requests at once."""
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(timeout=5)


def test_concurrent_submissions_of_one_link_store_exactly_one_response(world, smtp, served_app, monkeypatch):
    # Without the friendly pre-check every submission reaches the INSERT: only the
    # database's unique constraint is left to keep the link single-use.
    monkeypatch.setattr(public_routes, "check_answerable", lambda recipient: None)
    campaign = sent_campaign(world.a, [CUSTOMER])
    token = links_by_address(smtp)[CUSTOMER]
    data = full_answers(campaign.survey)
    assert fields(campaign.survey)
    db.session.commit()  # hold no read transaction while the server's threads write
    barrier = threading.Barrier(4)
    pages = []

    def submit():
        barrier.wait()
        response = requests.post(f"{served_app}/s/{token}", data=data, timeout=30)
        pages.append((response.status_code, response.text))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in pages) == [200, 200, 200, 200]
    assert sum("Your answers have been recorded" in text for _, text in pages) == 1
    assert sum("already answered" in text for _, text in pages) == 3
    assert response_count(world.a) == 1
    assert len(feedback_items(world.a)) == 1


def test_concurrent_submissions_of_one_anonymous_link_store_exactly_one_response(world, smtp, served_app,
                                                                                  monkeypatch):
    monkeypatch.setattr(public_routes, "check_answerable", lambda recipient: None)
    survey = _anonymous_pulse_to_one_partner_admin(world.a)
    token = links_by_address(smtp)[world.a.partner_admins[0].email]
    data = full_answers(survey)
    db.session.commit()
    barrier = threading.Barrier(4)
    pages = []

    def submit():
        barrier.wait()
        response = requests.post(f"{served_app}/s/{token}", data=data, timeout=30)
        pages.append((response.status_code, response.text))

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(status for status, _ in pages) == [200, 200, 200, 200]
    assert sum("Your answers have been recorded" in text for _, text in pages) == 1
    assert sum("already answered" in text for _, text in pages) == 3
    assert response_count(world.a) == 1
    assert [item.anonymous for item in feedback_items(world.a)] == [True]
