"""GET /api/v1/feedback and /api/v1/partners: filters and cursor pagination."""

from datetime import datetime, timedelta

import pytest

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to
from tests.api_support import bearer, make_item, make_token

FEEDBACK = "/api/v1/feedback"


@pytest.fixture
def token(orgs):
    return make_token(orgs.a.tenant, scopes=["read"])


def _get(client, token, url, **params):
    return client.get(url, query_string=params, headers=bearer(token))


def _all_pages(client, token, url, **params):
    """Every item, page by page; returns (items, number of pages)."""
    items, pages, cursor = [], 0, None
    while True:
        query = {**params, **({"cursor": cursor} if cursor else {})}
        body = _get(client, token, url, **query).json
        items.extend(body["data"])
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return items, pages


def test_pages_cover_every_item_once_newest_first(client, orgs, token):
    base = datetime(2024, 1, 1, 12)
    # Several items share a given_at, so the id must break ties between pages.
    ids = [
        make_item(orgs.a.tenant, text=f"item {n}", given_at=base + timedelta(hours=n // 3)) for n in range(11)
    ]
    items, pages = _all_pages(client, token, FEEDBACK, limit=4)
    assert pages == 3
    assert [item["id"] for item in items] == sorted(ids, key=lambda i: (ids.index(i) // 3, i), reverse=True)


def test_items_added_while_paging_do_not_shift_pages(client, orgs, token):
    for n in range(4):
        make_item(orgs.a.tenant, text=f"old {n}", given_at=datetime(2024, 1, 1 + n))
    first = _get(client, token, FEEDBACK, limit=2).json
    make_item(orgs.a.tenant, text="newest", given_at=datetime(2024, 6, 1))
    second = _get(client, token, FEEDBACK, limit=2, cursor=first["next_cursor"]).json
    texts = [item["text"] for item in first["data"] + second["data"]]
    assert texts == ["old 3", "old 2", "old 1", "old 0"] and second["next_cursor"] is None


def test_default_page_is_fifty(client, orgs, token):
    with scoped_to(orgs.a.tenant.id):
        for n in range(51):
            record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.EMAIL, text=f"n{n}"))
        db.session.commit()
    body = _get(client, token, FEEDBACK).json
    assert len(body["data"]) == 50 and body["next_cursor"]


def test_limit_outside_1_to_200_is_422(client, orgs, token):
    for limit in ("0", "201", "-1", "ten", "1.5"):
        response = _get(client, token, FEEDBACK, limit=limit)
        assert response.status_code == 422 and "limit" in response.json["fields"], limit


def test_limit_200_is_allowed(client, orgs, token):
    assert _get(client, token, FEEDBACK, limit=200).status_code == 200


def test_tampered_cursor_is_422(client, orgs, token):
    for cursor in ("garbage!", "W10", "WyJ4IiwxXQ", "eyJhIjoxfQ", "WyIyMDI0LTAxLTAxIiwidHJ1ZSJd"):
        response = _get(client, token, FEEDBACK, cursor=cursor)
        assert response.status_code == 422 and "cursor" in response.json["fields"], cursor


def test_filter_by_partner(client, orgs, token):
    wanted = make_item(orgs.a.tenant, partner_id=orgs.a.partners[0].id)
    make_item(orgs.a.tenant, partner_id=orgs.a.partners[1].id)
    make_item(orgs.a.tenant)
    data = _get(client, token, FEEDBACK, partner_id=orgs.a.partners[0].id).json["data"]
    assert [item["id"] for item in data] == [wanted]


def test_filter_by_source_and_channel(client, orgs, token):
    wanted = make_item(orgs.a.tenant, source=Source.PARTNER, channel=Channel.CHAT)
    make_item(orgs.a.tenant, source=Source.PARTNER, channel=Channel.EMAIL)
    make_item(orgs.a.tenant, source=Source.CUSTOMER, channel=Channel.CHAT)
    data = _get(client, token, FEEDBACK, source="partner", channel="chat").json["data"]
    assert [item["id"] for item in data] == [wanted]


def test_since_is_inclusive_and_until_exclusive(client, orgs, token):
    days = {
        day: make_item(orgs.a.tenant, text=f"day {day}", given_at=datetime(2024, 3, day))
        for day in (1, 2, 3, 4)
    }
    data = _get(client, token, FEEDBACK, since="2024-03-02T00:00:00Z", until="2024-03-04").json["data"]
    assert [item["id"] for item in data] == [days[3], days[2]]


def test_since_with_an_offset_is_converted_to_utc(client, orgs, token):
    early = make_item(orgs.a.tenant, given_at=datetime(2024, 3, 1, 8))
    late = make_item(orgs.a.tenant, given_at=datetime(2024, 3, 1, 10))
    data = _get(client, token, FEEDBACK, since="2024-03-01T10:30:00+01:00").json["data"]
    assert [item["id"] for item in data] == [late] and early != late


def test_score_range_filters_on_nps_then_csat_then_rating(client, orgs, token):
    low = make_item(orgs.a.tenant, nps=2)
    mid_csat = make_item(orgs.a.tenant, csat=4)
    high = make_item(orgs.a.tenant, nps=9)
    make_item(orgs.a.tenant)  # no score at all
    data = _get(client, token, FEEDBACK, min_score=3, max_score=8).json["data"]
    assert [item["id"] for item in data] == [mid_csat] and low != high


def test_filters_and_pagination_combine(client, orgs, token):
    partner = orgs.a.partners[0]
    wanted = [
        make_item(orgs.a.tenant, text=f"p{n}", partner_id=partner.id, given_at=datetime(2024, 1, n + 1))
        for n in range(5)
    ]
    for n in range(5):
        make_item(orgs.a.tenant, text=f"other{n}", given_at=datetime(2024, 1, n + 1))
    items, pages = _all_pages(client, token, FEEDBACK, limit=2, partner_id=partner.id)
    assert [item["id"] for item in items] == wanted[::-1] and pages == 3


def test_invalid_or_unknown_parameter_is_422(client, orgs, token):
    for name, value in (
        ("source", "martian"),
        ("channel", "fax"),
        ("since", "last week"),
        ("until", "2024-02-30"),
        ("until", "9999-12-31T23:59:59-01:00"),
        ("min_score", "11"),
        ("max_score", "-1"),
        ("partner_id", "abc"),
        ("tenant_id", "1"),
    ):
        response = _get(client, token, FEEDBACK, **{name: value})
        assert response.status_code == 422 and name in response.json["fields"], name


def test_partners_are_listed_oldest_first(client, orgs, token):
    data = _get(client, token, "/api/v1/partners").json
    assert [partner["name"] for partner in data["data"]] == ["API partner A1", "API partner A2"]
    assert data["next_cursor"] is None
    assert set(data["data"][0]) == {"id", "name", "status", "tier", "region", "vertical", "created_at"}


def test_partners_paginate(client, orgs, token):
    items, pages = _all_pages(client, token, "/api/v1/partners", limit=1)
    assert [partner["id"] for partner in items] == [partner.id for partner in orgs.a.partners] and pages == 2


def test_partners_refuse_unknown_parameters(client, orgs, token):
    response = _get(client, token, "/api/v1/partners", status="active")
    assert response.status_code == 422 and response.json["fields"] == {"status": "Unknown parameter."}
