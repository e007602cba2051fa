"""Staff "Record feedback" accepts its own default date at any hour, in the tenant's or
the person's time zone, and the date shown back is the one chosen (issue #15, item 1)."""

import re
from datetime import date, datetime

import pytest
from sqlalchemy import select

import app.core.timezones as timezones
import app.feedback.services as feedback_services
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.tenancy import scoped_to


def _freeze(monkeypatch, moment):
    """The clock (naive UTC) of the time-zone helpers and the feedback rules."""
    monkeypatch.setattr(timezones, "utcnow", lambda: moment)
    monkeypatch.setattr(feedback_services, "utcnow", lambda: moment)


def _set_zones(world, tenant_zone, own_zone=None):
    world.a.tenant.time_zone = tenant_zone
    world.a.manager.time_zone = own_zone
    db.session.commit()


def _default_date(client):
    html = client.get("/feedback/new").get_data(as_text=True)
    return re.search(r'name="given_at"[^>]*value="([0-9-]+)"|value="([0-9-]+)"[^>]*name="given_at"', html).group(1)


def _record_with_default_date(client, partner):
    given = _default_date(client)
    response = client.post("/feedback/new", data={
        "partner_id": partner.id, "source": "internal", "channel": "call_center", "given_at": given, "text": "Call: MDF claims are slow.",
    })
    return given, response


def _only_item(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem)).one()


@pytest.mark.parametrize("tenant_zone, now_utc, local_day", [
    ("UTC", datetime(2026, 12, 2, 6, 0), date(2026, 12, 2)),  # a UTC morning: stored noon was "the future"
    ("UTC", datetime(2026, 12, 2, 23, 59), date(2026, 12, 2)),
    ("Pacific/Auckland", datetime(2026, 12, 2, 11, 30), date(2026, 12, 3)),  # 00:30 the next day there
    ("Asia/Tokyo", datetime(2026, 12, 2, 15, 5), date(2026, 12, 3)),  # 00:05 there
    ("America/Los_Angeles", datetime(2026, 12, 3, 7, 45), date(2026, 12, 2)),  # 23:45 the day before there
    ("America/New_York", datetime(2026, 12, 3, 4, 59), date(2026, 12, 2)),
])
def test_staff_record_feedback_accepts_its_default_date_near_midnight(world, login, monkeypatch, tenant_zone,
                                                                      now_utc, local_day):
    _set_zones(world, tenant_zone)
    _freeze(monkeypatch, now_utc)
    client = login(world.a.manager)
    given, response = _record_with_default_date(client, world.a.partners[0])
    assert given == local_day.isoformat()
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    item = _only_item(world.a.tenant)
    assert item.given_at <= now_utc
    assert local_day.strftime("%d %b %Y") in client.get(f"/feedback/{item.id}").get_data(as_text=True)


def test_a_persons_own_zone_wins_over_the_organisations(world, login, monkeypatch):
    _set_zones(world, "Pacific/Auckland", own_zone="America/Los_Angeles")
    _freeze(monkeypatch, datetime(2026, 12, 3, 7, 45))  # 3 Dec in Auckland, 2 Dec in Los Angeles
    given, response = _record_with_default_date(login(world.a.manager), world.a.partners[0])
    assert (given, response.status_code) == ("2026-12-02", 302)


def test_tomorrow_in_the_viewers_zone_is_still_the_future(world, login, monkeypatch):
    _set_zones(world, "America/Los_Angeles")
    _freeze(monkeypatch, datetime(2026, 12, 3, 7, 45))  # 2 Dec, 23:45 there
    response = login(world.a.manager).post("/feedback/new", data={
        "partner_id": world.a.partners[0].id, "source": "internal", "channel": "email", "given_at": "2026-12-03", "text": "x"})
    assert response.status_code == 422
    assert "cannot be in the future" in response.get_data(as_text=True)
