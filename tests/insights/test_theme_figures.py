"""Theme figures and frequent negative terms for the program view, against hand counts."""

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.analysis.services import themes as theme_service
from app.analysis.services.reanalysis import rerun_analysis
from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, SentimentLabel, Source
from app.insights.services.metrics import MetricFilters
from app.insights.services.themes import (
    counts_joined,
    terms_of,
    theme_counts,
    top_negative_terms,
)
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, stale_copies
from tests.insights.reference import counts_from_tags

PERIOD = MetricFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))
NEGATIVE = "Terrible, awful and slow approvals"


@pytest.fixture
def sample(world):
    """Tenant A: themes Speed and Portal (and Unused); five items in Q1 2026, one before."""
    a = world.a.tenant
    a1, a2 = world.a.partners
    make_theme(a, "Speed", ["slow"])
    make_theme(a, "Portal", ["portal"])
    make_theme(a, "Unused", ["zebra"])
    record(a, NEGATIVE, a1, datetime(2026, 1, 10))  # Speed, negative
    record(a, "The portal is terrible and slow", a1, datetime(2026, 2, 10))  # Speed + Portal, negative
    record(a, "Great portal, love it", a2, datetime(2026, 3, 10))  # Portal, positive
    record(a, "Awful portal search, horrible", a2, datetime(2026, 3, 31, 23), anonymous=True)  # Portal, negative
    record(a, "Fine", a2, datetime(2026, 2, 1))  # no theme
    record(a, "Slow and terrible", a1, datetime(2025, 12, 31))  # Speed, negative, before the period
    record(world.b.tenant, "slow portal, terrible", world.b.partners[0], datetime(2026, 2, 1))
    with scoped_to(a.id):
        labels = dict(db.session.execute(select(FeedbackItem.text, FeedbackItem.sentiment_label)).all())
    assert [labels[t] for t in (NEGATIVE, "The portal is terrible and slow", "Great portal, love it",
                                "Awful portal search, horrible")] == [SentimentLabel.NEGATIVE, SentimentLabel.NEGATIVE,
                                                                      SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE]
    return world


def _counts(tenant, filters=PERIOD, **kwargs):
    with scoped_to(tenant.id):
        return {f.theme.name: (f.items, f.negative, f.negative_share) for f in theme_counts(filters, **kwargs)}


def test_theme_counts_give_items_and_negative_items_per_theme_in_the_period(sample):
    assert _counts(sample.a.tenant) == {"Portal": (3, 2, 67), "Speed": (2, 2, 100), "Unused": (0, 0, None)}


def test_theme_counts_follow_the_filters_and_the_anonymity_rule(sample):
    a1 = sample.a.partners[0]
    assert _counts(sample.a.tenant, MetricFilters(PERIOD.start, PERIOD.end, partner_id=a1.id))["Portal"] == (1, 1, 100)
    assert _counts(sample.a.tenant, include_anonymous=False)["Portal"] == (2, 1, 50)
    assert _counts(sample.a.tenant, MetricFilters(date(2025, 12, 1), date(2025, 12, 31)))["Speed"] == (1, 1, 100)
    assert _counts(sample.a.tenant, MetricFilters(PERIOD.start, PERIOD.end, channel=Channel.API.value)) == {
        "Portal": (0, 0, None), "Speed": (0, 0, None), "Unused": (0, 0, None)}


@pytest.mark.parametrize("include_anonymous", [True, False])
def test_counts_from_the_tags_copies_equal_counts_joined_to_the_items(sample, include_anonymous):
    with scoped_to(sample.a.tenant.id):
        fast = db.session.execute(counts_from_tags(PERIOD, include_anonymous)).all()
        joined = db.session.execute(counts_joined(PERIOD, include_anonymous)).all()
    assert sorted(fast) == sorted(joined) and len(fast) == 2
    assert stale_copies(sample.a.tenant) == []


def test_reanalysis_keeps_the_tags_copy_of_the_sentiment_current(sample):
    tenant = sample.a.tenant
    with scoped_to(tenant.id):
        item = db.session.scalars(select(FeedbackItem).where(FeedbackItem.text == NEGATIVE)).one()
        item.text = "Slow but wonderful, great and lovely"
        db.session.commit()
    rerun_analysis([tenant.id])
    assert stale_copies(tenant) == []
    assert _counts(tenant)["Speed"] == (2, 1, 50)


def test_removed_tags_do_not_count_and_manual_ones_do(sample):
    tenant = sample.a.tenant
    with scoped_to(tenant.id):
        item = db.session.scalars(select(FeedbackItem).where(FeedbackItem.text == NEGATIVE)).one()
        themes = {t.name: t for t in theme_service.list_themes()}
        theme_service.remove_theme(item, themes["Speed"])
        theme_service.add_manual_theme(item, themes["Unused"])
        db.session.commit()
    counts = _counts(tenant)
    assert counts["Speed"] == (1, 1, 100) and counts["Unused"] == (1, 1, 100)


def test_terms_drop_stop_words_short_words_and_repeats():
    assert terms_of("The portal's search is SLOW, slow and we can't find it 2 times") == {
        "portal's", "search", "slow", "find", "times"}


def test_top_negative_terms_count_negative_items_using_each_term(sample):
    with scoped_to(sample.a.tenant.id):
        result = top_negative_terms(PERIOD, limit=5)
    # Negative items in the period: NEGATIVE, "The portal is terrible and slow", "Awful portal search, horrible".
    assert result.sampled == 3
    assert result.terms == [("awful", 2), ("portal", 2), ("slow", 2), ("terrible", 2), ("approvals", 1)]


def test_top_negative_terms_read_only_the_most_recent_sample(sample):
    with scoped_to(sample.a.tenant.id):
        result = top_negative_terms(PERIOD, sample=1, include_anonymous=False)
    assert result.sampled == 1  # the latest non-anonymous negative item: "The portal is terrible and slow"
    assert dict(result.terms) == {"portal": 1, "terrible": 1, "slow": 1}


def test_partner_users_get_no_theme_rows_and_only_their_own_terms(sample):
    a2 = sample.a.partners[1]
    with scoped_to(sample.a.tenant.id, partner_id=a2.id):
        assert theme_counts(PERIOD) == []
        assert dict(top_negative_terms(PERIOD).terms) == {"awful": 1, "portal": 1, "search": 1, "horrible": 1}


def test_source_filter_uses_the_stored_value(sample):
    with scoped_to(sample.a.tenant.id):
        assert top_negative_terms(MetricFilters(PERIOD.start, PERIOD.end, source=Source.PARTNER.value)).sampled == 0
