"""Closing the loop: the owner's reply reaches whoever gave the feedback; their one
click (a POST behind the emailed link) closes the loop or reopens the follow-up."""

import hashlib
from datetime import timedelta

import pytest
from sqlalchemy import update

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import ActivityKind, FollowUpStatus, ReplyState
from app.followups.services.jobs import close_all_expired_loops
from app.mail.sender import deliver_all_due
from app.tenancy import scoped_to
from tests.followups.helpers import (
    LOOP_LINK,
    activities_of,
    customer_item,
    make_follow_up,
    outbox,
    record_item,
    refreshed,
    replies_of,
)
from tests.smtp import text_part

CUSTOMER = "casey@customer.example.com"


def _resolve(client, follow_up, reply="We found the cause and fixed it."):
    return client.post(f"/followups/{follow_up.id}/resolve", data={"reply": reply, "expected": "open"})


def _resolved_with_reply(world, login):
    follow_up = make_follow_up(world.a, customer_item(world.a))
    _resolve(login(world.a.manager), follow_up)
    [message] = outbox("followup_reply")
    token = LOOP_LINK.search(message.text_body).group(1)
    return follow_up, token


def test_owners_reply_reaches_the_customer_with_a_one_click_question(world, login, smtp):
    follow_up = make_follow_up(world.a, customer_item(world.a, CUSTOMER))
    response = _resolve(login(world.a.manager), follow_up, "We fixed the connector for your account.")
    assert response.status_code == 302
    assert refreshed(world.a, follow_up).status == FollowUpStatus.RESOLVED
    deliver_all_due()
    smtp.wait_for(2)  # the owner's assignment alert and the reply
    [message] = smtp.to(CUSTOMER)
    body = text_part(message)
    assert "We fixed the connector for your account." in body
    links = dict((answer, token) for token, answer in LOOP_LINK.findall(body))
    assert set(links) == {"yes", "no"} and links["yes"] == links["no"]
    [reply] = replies_of(world.a)
    assert reply.token_hash == hashlib.sha256(links["yes"].encode()).hexdigest()
    assert links["yes"] not in reply.token_hash and len(links["yes"]) >= 22  # >= 128 bits, urlsafe


def test_opening_the_link_records_nothing(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    page = client.get(f"/loop/{token}?answer=no")
    assert page.status_code == 200 and "Is your issue resolved?" in page.get_data(as_text=True)
    assert replies_of(world.a)[0].state == ReplyState.AWAITING
    assert refreshed(world.a, follow_up).status == FollowUpStatus.RESOLVED


def test_customers_unhappy_answer_reopens_the_follow_up_and_alerts_its_owner(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    response = client.post(f"/loop/{token}", data={"answer": "no", "comment": "Still failing every night"})
    assert response.status_code == 200 and "reopened" in response.get_data(as_text=True)
    follow_up = refreshed(world.a, follow_up)
    assert (follow_up.status, follow_up.resolved_at, follow_up.loop_closed_at) == (FollowUpStatus.OPEN, None, None)
    assert replies_of(world.a)[0].state == ReplyState.UNHAPPY
    [alert] = outbox("followup_reopened")
    assert alert.to_address == world.a.manager.email and "Still failing every night" in alert.text_body
    assert ActivityKind.CUSTOMER_UNHAPPY in [a.kind for a in activities_of(world.a, follow_up)]


def test_customers_yes_closes_the_loop(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    client.post(f"/loop/{token}", data={"answer": "yes"})
    follow_up = refreshed(world.a, follow_up)
    assert follow_up.status == FollowUpStatus.RESOLVED and follow_up.loop_closed_at is not None
    assert replies_of(world.a)[0].state == ReplyState.CONFIRMED


def test_link_answers_once(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    client.post(f"/loop/{token}", data={"answer": "yes"})
    again = client.post(f"/loop/{token}", data={"answer": "no"})
    assert "already answered" in again.get_data(as_text=True)
    assert refreshed(world.a, follow_up).status == FollowUpStatus.RESOLVED
    assert outbox("followup_reopened") == []


def test_unknown_link_is_not_found(client):
    assert client.get("/loop/not-a-real-token").status_code == 404


def test_resolving_twice_sends_one_reply(world, login):
    follow_up = make_follow_up(world.a, customer_item(world.a))
    client = login(world.a.manager)
    _resolve(client, follow_up)
    repeat = _resolve(client, follow_up)
    assert "already is resolved" in client.get(repeat.location).get_data(as_text=True)
    assert len(replies_of(world.a)) == 1 and len(outbox("followup_reply")) == 1


def test_anonymous_feedback_cannot_get_a_reply(world, login):
    # Anonymous answers get no follow-up now; one made before (rules used to) sends no reply.
    item = record_item(world.a, None, nps=2, author=world.a.partner_admins[0])
    follow_up = make_follow_up(world.a, item)
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(FeedbackItem).where(FeedbackItem.id == item.id).values(anonymous=True))
        db.session.commit()
    response = _resolve(login(world.a.manager), follow_up)
    assert response.status_code == 422
    assert "There is nobody to send a reply to" in response.get_data(as_text=True)
    assert refreshed(world.a, follow_up).status == FollowUpStatus.OPEN


def test_reply_to_a_partner_users_feedback_goes_to_them(world, login):
    author = world.a.partner_members[0]
    follow_up = make_follow_up(world.a, record_item(world.a, 0, nps=3, author=author))
    _resolve(login(world.a.manager), follow_up)
    [message] = outbox("followup_reply")
    assert message.to_address == author.email


def test_partner_sees_replies_to_their_organisations_feedback(world, login):
    item = record_item(world.a, 0, nps=3, author=world.a.partner_members[0])
    follow_up = make_follow_up(world.a, item, title="Vendor-only task name")
    _resolve(login(world.a.manager), follow_up, "Approvals now take two days.")
    page = login(world.a.partner_admins[0]).get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Approvals now take two days." in page and "Awaiting confirmation" in page
    assert "Vendor-only task name" not in page
    assert login(world.a.partner_admins[1]).get(f"/feedback/{item.id}").status_code == 404


def test_staff_reopening_withdraws_the_pending_question(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    login(world.a.manager).post(f"/followups/{follow_up.id}/status", data={"status": "open", "expected": "resolved"})
    assert replies_of(world.a)[0].state == ReplyState.SUPERSEDED
    assert client.get(f"/loop/{token}").status_code == 410


def test_unanswered_loops_close_when_the_confirmation_window_passes(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    assert close_all_expired_loops(utcnow() + timedelta(days=13)) == 0
    assert close_all_expired_loops(utcnow() + timedelta(days=15)) == 1
    assert replies_of(world.a)[0].state == ReplyState.EXPIRED
    assert refreshed(world.a, follow_up).loop_closed_at is not None
    assert client.post(f"/loop/{token}", data={"answer": "no"}).status_code == 410


def test_answer_after_the_window_is_refused_even_before_the_job_runs(world, login, client):
    follow_up, token = _resolved_with_reply(world, login)
    with scoped_to(world.a.tenant.id):
        replies_of(world.a)[0].closes_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.post(f"/loop/{token}", data={"answer": "no"}).status_code == 410
    assert refreshed(world.a, follow_up).status == FollowUpStatus.RESOLVED


@pytest.fixture
def strict_token_limit(app):
    previous = app.config["TOKEN_RATE_LIMIT"]
    app.config["TOKEN_RATE_LIMIT"] = "3 per minute"
    yield
    app.config["TOKEN_RATE_LIMIT"] = previous


def test_link_page_is_rate_limited(client, strict_token_limit):
    statuses = [client.get(f"/loop/guess-{number}").status_code for number in range(4)]
    assert statuses == [404, 404, 404, 429]
