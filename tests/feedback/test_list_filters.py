"""The feedback list's filters (issue #15, item 13): status, score range, sentiment, loop
response, dates and follow-up state; bad values are named and ignored, never a 5xx."""

import re
from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus
from app.followups.services.followups import today
from app.tenancy import scoped_to
from tests.followups.helpers import make_follow_up, record_item


def _listed(page):
    return {int(i) for i in re.findall(r'href="/feedback/(\d+)"', page)}


def _set(org, item, **values):
    with scoped_to(org.tenant.id):
        row = db.session.get(FeedbackItem, item.id)
        for key, value in values.items():
            setattr(row, key, value)
        db.session.commit()


@pytest.fixture
def items(world):
    org = world.a
    happy = record_item(org, nps=10, text="Great enablement, love the new portal.")
    angry = record_item(org, nps=2, text="Deal registration is slow and frustrating.")
    csat = record_item(org, 1, csat=2, text="The MDF claims page is confusing and broken.")
    _set(org, happy, given_at=datetime(2026, 1, 10), status=FeedbackStatus.RESOLVED)
    _set(org, angry, given_at=datetime(2026, 2, 10))
    _set(org, csat, given_at=datetime(2026, 3, 10))
    return org, happy, angry, csat


def test_list_filters_by_status_score_sentiment_loop_and_dates(items, login):
    org, happy, angry, csat = items
    client = login(org.admin)

    def listed(query):
        response = client.get("/feedback/?" + query)
        assert response.status_code == 200, query
        return _listed(response.get_data(as_text=True))

    assert listed("status=resolved") == {happy.id}
    assert listed("score_kind=nps&max_score=6") == {angry.id}
    assert listed("score_kind=csat&max_score=2") == {csat.id}
    assert listed("min_score=9") == {happy.id}  # any score
    assert listed("sentiment=negative") == {angry.id, csat.id}
    assert listed("loop_response=action_needed") == {angry.id, csat.id}
    assert listed("given_from=2026-02-01&given_to=2026-02-28") == {angry.id}
    assert listed("given_to=2026-02-10") == {happy.id, angry.id}  # the end day is included


def test_list_filters_by_follow_up_state(items, login):
    org, happy, angry, csat = items
    make_follow_up(org, angry)
    late = make_follow_up(org, csat)
    with scoped_to(org.tenant.id):
        db.session.merge(late).due_on = today() - timedelta(days=1)
        db.session.commit()
    client = login(org.admin)
    assert _listed(client.get("/feedback/?follow_up=none").get_data(as_text=True)) == {happy.id}
    assert _listed(client.get("/feedback/?follow_up=open").get_data(as_text=True)) == {angry.id, csat.id}
    assert _listed(client.get("/feedback/?follow_up=overdue").get_data(as_text=True)) == {csat.id}


@pytest.mark.parametrize("query, named, shown", [
    ("min_score=abc", "Score from", 3), ("score_kind=csat&max_score=9", "CSAT run from 1 to 5", 1),
    ("min_score=8&max_score=3", "is below “Score from”", 1),  # "from 8" still applies
    ("given_from=2026-03-01&given_to=2026-01-01", "Given to", 1), ("given_from=31/12/2026", "Given from", 3),
    ("status=evil'--", "Status", 3), ("follow_up=%00", "Follow-up", 3), ("sentiment=" + "x" * 5000, "Sentiment", 3),
    ("max_score=99999999999999999999", "Score to", 3),
])
def test_bad_filter_values_are_named_and_ignored(items, login, query, named, shown):
    org = items[0]
    response = login(org.admin).get("/feedback/?" + query)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    notice = re.search(r"Ignored in the address:(.*?)</div>", page, re.S).group(1)
    assert named in notice
    assert len(_listed(page)) == shown  # the other filters still apply


def test_partner_users_cannot_filter_by_follow_up_state(items, login):
    org, happy, angry, csat = items
    make_follow_up(org, angry)
    page = login(org.partner_admins[0]).get("/feedback/?follow_up=none").get_data(as_text=True)
    assert _listed(page) == {happy.id, angry.id}  # their partner's items, the filter not applied
    assert 'name="follow_up"' not in page
