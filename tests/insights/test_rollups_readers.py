"""The program view read from the rollups equals aggregating the items directly."""

import random
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, LoopResponse, ProgramElement, SentimentLabel, Source
from app.insights.services.metrics import MetricFilters, program_performance
from app.tenancy import scoped_to
from tests.insights.reference import direct_summary

START, END = date(2026, 1, 1), date(2026, 3, 31)


@pytest.fixture
def varied(world):
    """150 items of tenant A over Q4 2025 and Q1 2026, from a fixed seed."""
    rng = random.Random(7)
    with scoped_to(world.a.tenant.id):
        elements = [None] + list(db.session.scalars(select(ProgramElement.id)))
        partners = [None] + [p.id for p in world.a.partners]
        labels = [None, *SentimentLabel]
        for _ in range(150):
            label = rng.choice(labels)
            db.session.add(FeedbackItem(
                source=rng.choice(list(Source)), channel=rng.choice([Channel.SURVEY, Channel.CHAT]),
                partner_id=rng.choice(partners), program_element_id=rng.choice(elements),
                given_at=datetime(2025, 10, 1) + timedelta(hours=rng.randint(0, 24 * 181)),
                nps=rng.choice([None, *range(11)]), csat=rng.choice([None, 1, 3, 5]),
                rating=rng.choice([None, 2, 4]), anonymous=rng.random() < 0.1,
                sentiment_score=None if label is None else rng.uniform(-1, 1), sentiment_label=label,
                loop_response=rng.choice([None, *LoopResponse])))
        db.session.commit()
    return world


def _filters(world):
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        element = db.session.scalars(select(ProgramElement.id)).first()
    return [
        MetricFilters(START, END), MetricFilters(START, END, source=Source.PARTNER),
        MetricFilters(START, END, channel=Channel.CHAT), MetricFilters(START, END, program_element_id=element),
        MetricFilters(START, END, partner_id=a1.id), MetricFilters(START, END, partner_ids=(a1.id, a2.id)),
        MetricFilters(START, END, tier_id=world.a.tier.id), MetricFilters(START, END, region="EMEA"),
        MetricFilters(START, END, vertical="Nowhere"),
        MetricFilters(date(2026, 2, 10), date(2026, 2, 10), source=Source.CUSTOMER),
    ]


def test_program_view_equals_the_direct_aggregate_for_every_filter(varied):
    for filters in _filters(varied):
        with scoped_to(varied.a.tenant.id):
            figures = program_performance(filters, anonymity_threshold=0)
            assert figures["summary"] == pytest.approx(direct_summary(filters)), filters
            assert figures["previous"] == pytest.approx(direct_summary(filters.previous_period())), filters
            assert sum(f["items"] for f in figures["by_source"].values()) == figures["summary"]["items"]
            assert sum(f["items"] for _, f in figures["trend"]) == figures["summary"]["items"]


def test_partner_users_read_only_their_own_rollups(varied):
    a1 = varied.a.partners[0]
    with scoped_to(varied.a.tenant.id, partner_id=a1.id):
        figures = program_performance(MetricFilters(START, END), anonymity_threshold=0)
        # The same scope's items: their vendor's internal observations are not theirs to see.
        expected = direct_summary(MetricFilters(START, END, partner_id=a1.id))
    with scoped_to(varied.a.tenant.id):
        internal = direct_summary(MetricFilters(START, END, partner_id=a1.id, source="internal"))["items"]
        everything = direct_summary(MetricFilters(START, END, partner_id=a1.id))["items"]
    assert figures["summary"] == pytest.approx(expected)
    assert 0 < expected["items"] == everything - internal < 150


def test_anonymous_items_are_counted_and_hidden_below_the_threshold(varied):
    filters = MetricFilters(START, END)
    with scoped_to(varied.a.tenant.id):
        figures = program_performance(filters, anonymity_threshold=1000)
        anonymous = direct_summary(filters)["items"] - direct_summary(filters, include_anonymous=False)["items"]
        assert figures["anonymous_hidden"] == anonymous > 0
        assert figures["summary"] == pytest.approx(direct_summary(filters, include_anonymous=False))


def test_health_window_is_this_week_and_the_twelve_before(world):
    from app.insights.services.health import partner_health

    now = datetime(2026, 6, 30, 12)  # a Tuesday; the window starts on Monday 6 April
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        db.session.add_all([
            FeedbackItem(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=a1.id, nps=10,
                         given_at=datetime(2026, 4, 6, 0, 5)),
            FeedbackItem(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=a1.id, nps=0,
                         given_at=datetime(2026, 4, 5, 23, 55)),  # the window before
            FeedbackItem(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=a1.id, nps=0,
                         given_at=datetime(2026, 6, 30, 9), anonymous=True),  # never in health
        ])
        db.session.commit()
        [health] = partner_health([a1], now=now)
    assert health.components["partner_satisfaction"] == 100
    # recency: 85 calendar days since 6 April -> 100 * (1 - 85/90); volume: 1 item -> 10
    assert health.components["engagement"] == round((100 * (1 - 85 / 90) + 10) / 2)
