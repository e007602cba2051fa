"""Partner health scores, checked against the documented formula by hand."""

from datetime import datetime, timedelta

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.insights.services.health import partner_health
from app.tenancy import scoped_to

NOW = datetime(2026, 6, 30, 12, 0)


def _add(partner, days_ago, source, **fields):
    record_feedback(FeedbackInput(source=source, channel=Channel.SURVEY, partner_id=partner.id,
                                  given_at=NOW - timedelta(days=days_ago), **fields))


def test_health_score_follows_the_documented_formula(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        _add(a1, 0, Source.PARTNER, nps=10)  # partner NPS 100 -> 100
        _add(a1, 10, Source.CUSTOMER, nps=0)  # customer NPS -100 -> 0
        _add(a1, 10, Source.CUSTOMER, csat=3)  # customer CSAT 3 -> 50; customer satisfaction = (0 + 50) / 2 = 25
        db.session.commit()
        [health] = partner_health([a1], now=NOW)
    assert health.components["partner_satisfaction"] == 100
    assert health.components["customer_satisfaction"] == 25
    assert "sentiment" not in health.components  # no text
    # engagement: recency 100 (today), volume 3 items -> 30; average 65
    assert health.components["engagement"] == 65
    assert health.components["follow_ups"] == 100
    expected = round((30 * 100 + 30 * 25 + 15 * 65 + 10 * 100) / (30 + 30 + 15 + 10))
    assert health.score == expected
    assert "customers' satisfaction" in health.reason


def test_partner_without_feedback_has_no_score(world):
    with scoped_to(world.a.tenant.id):
        [health] = partner_health([world.a.partners[1]], now=NOW)
    assert health.score is None and "Not enough feedback" in health.reason


def test_old_feedback_outside_the_window_does_not_count_but_sets_the_trend(world):
    a1 = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        _add(a1, 120, Source.PARTNER, text="This is wonderful, excellent support")
        _add(a1, 5, Source.PARTNER, text="This is awful, terrible support")
        db.session.commit()
        [health] = partner_health([a1], now=NOW)
    assert health.trend == "down"
    assert health.components["engagement"] == round((100 * (1 - 5 / 90) + 10) / 2)


def test_health_page_sorts_worst_first_and_shows_reason(world, login):
    a1, a2 = world.a.partners
    now = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    with scoped_to(world.a.tenant.id):
        record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.SURVEY, partner_id=a1.id, nps=0,
                                      given_at=now))
        record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.SURVEY, partner_id=a2.id, nps=10,
                                      given_at=now))
        db.session.commit()
    page = login(world.a.manager).get("/insights/partners").get_data(as_text=True)
    assert page.index(a1.name) < page.index(a2.name)
    assert "Weakest" in page
    page = login(world.a.manager).get("/insights/partners?sort=name&region=%27;--").get_data(as_text=True)
    assert a1.name in page  # nonsense filter ignored


def test_partner_user_sees_only_their_own_health(world, login):
    page = login(world.a.partner_admins[0]).get("/insights/partners").get_data(as_text=True)
    assert world.a.partners[0].name in page
    assert world.a.partners[1].name not in page


def test_health_list_is_paged_in_score_order_with_its_filters(world, login, monkeypatch):
    from app.insights import routes
    from tests.factories import make_partner

    monkeypatch.setattr(routes, "HEALTH_PAGE_SIZE", 3)
    now = datetime.now().replace(microsecond=0) - timedelta(hours=1)
    with scoped_to(world.a.tenant.id):
        extra = [make_partner(world.a.tenant, name=f"Paged {n}") for n in range(3)]
        for nps, partner in zip((0, 5, 10, 8, 9), [*world.a.partners, *extra], strict=True):
            record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.SURVEY, partner_id=partner.id,
                                          nps=nps, given_at=now))
        db.session.commit()
    client = login(world.a.manager)
    first = client.get("/insights/partners?sort=score").get_data(as_text=True)
    second = client.get("/insights/partners?sort=score&page=2").get_data(as_text=True)
    worst_first = [world.a.partners[0].name, world.a.partners[1].name, "Paged 1"]
    assert [first.index(name) for name in worst_first] == sorted(first.index(name) for name in worst_first)
    assert "Paged 2" not in first and "Paged 0" not in first
    assert "Paged 2" in second and "Paged 0" in second and world.a.partners[0].name not in second
    assert "Partners 1–3 of 5" in first and "Partners 4–5 of 5" in second
    assert "sort=score&amp;page=2" in first  # the filters travel with the page links
    beyond = client.get("/insights/partners?sort=score&page=99").get_data(as_text=True)
    assert "Partners 4–5 of 5" in beyond  # an out-of-range page shows the last one
