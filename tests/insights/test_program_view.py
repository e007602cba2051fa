"""Program performance figures, checked against hand-computed expectations."""

import csv
import io
from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.insights.services.metrics import MetricFilters, program_performance
from app.tenancy import scoped_to

PERIOD = MetricFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))


def _element(name):
    return db.session.scalars(select(ProgramElement).where(ProgramElement.name == name)).one()


def _add(partner, when, element=None, source=Source.CUSTOMER, channel=Channel.SURVEY, anonymous=False, **fields):
    data = FeedbackInput(source=source, channel=channel, partner_id=partner.id if partner else None,
                         program_element_id=element.id if element else None, given_at=when, anonymous=anonymous,
                         **fields)
    record_feedback(data)


@pytest.fixture
def sample(world):
    """Tenant A: 6 items in Q1 2026, 2 in Q4 2025, and noise in tenant B."""
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        deal_reg, mdf = _element("Deal registration"), _element("MDF")
        _add(a1, datetime(2026, 1, 5), deal_reg, nps=10, text="Love the fast approvals, great")
        _add(a1, datetime(2026, 1, 20), deal_reg, nps=3, text="Approvals are terrible and slow")
        _add(a2, datetime(2026, 2, 2), deal_reg, nps=6, csat=2)
        _add(a2, datetime(2026, 2, 14), mdf, nps=9, csat=5, channel=Channel.CALL_CENTER)
        _add(a1, datetime(2026, 3, 1), mdf, csat=4, source=Source.PARTNER, channel=Channel.PORTAL, rating=5)
        _add(a2, datetime(2026, 3, 31, 23, 59), None, nps=8, text="ok")
        _add(a1, datetime(2025, 12, 1), deal_reg, nps=0)  # previous period
        _add(a1, datetime(2025, 11, 15), mdf, nps=10)  # previous period
        db.session.commit()
    with scoped_to(world.b.tenant.id):
        _add(world.b.partners[0], datetime(2026, 2, 1), None, nps=0)
        db.session.commit()
    return world


def test_summary_figures_match_hand_computed_values(sample):
    with scoped_to(sample.a.tenant.id):
        figures = program_performance(PERIOD)
    summary = figures["summary"]
    assert summary["items"] == 6
    # NPS answers: 10, 3, 6, 9, 8 -> promoters 2, detractors 2 -> NPS 0
    assert (summary["nps_count"], summary["promoters"], summary["detractors"], summary["nps"]) == (5, 2, 2, 0)
    assert summary["csat"] == round((2 + 5 + 4) / 3, 2)
    assert summary["rating"] == 5.0
    # action needed: nps 3, nps 6 (+csat 2) -> 2 of 6 items with a loop response
    assert (summary["action_needed"], summary["loop_count"], summary["action_share"]) == (2, 6, 33)


def test_previous_period_has_the_same_length_just_before(sample):
    with scoped_to(sample.a.tenant.id):
        previous = program_performance(PERIOD)["previous"]
    # 90 days before 2026-01-01: 2025-10-03 .. 2025-12-31 -> nps 0 and 10
    assert (previous["items"], previous["promoters"], previous["detractors"], previous["nps"]) == (2, 1, 1, 0)


def test_breakdowns_by_element_source_channel_and_month(sample):
    with scoped_to(sample.a.tenant.id):
        figures = program_performance(PERIOD)
    by_element = dict(figures["by_element"])
    assert by_element["Deal registration"]["nps"] == round(100 * (1 - 2) / 3)  # 10, 3, 6
    assert by_element["MDF"]["nps"] == 100  # 9 only
    assert by_element["General"]["items"] == 1
    assert figures["by_element"][0][0] == "Deal registration"  # worst first
    assert {k.value: v["items"] for k, v in figures["by_source"].items()} == {"customer": 5, "partner": 1}
    assert figures["by_channel"][Channel.CALL_CENTER]["items"] == 1
    assert [(period, f["items"]) for period, f in figures["trend"]] == [
        ("2026-01-01", 2), ("2026-02-01", 2), ("2026-03-01", 2)]


def test_weekly_trend_buckets_start_on_monday(sample):
    with scoped_to(sample.a.tenant.id):
        trend = program_performance(PERIOD, granularity="week")["trend"]
    periods = [period for period, _ in trend]
    assert "2026-01-05" in periods  # Monday 5 January
    assert "2026-03-30" in periods  # 31 March 23:59 belongs to the week of Monday 30 March
    assert all(date.fromisoformat(p).weekday() == 0 for p in periods)


def test_filters_by_partner_attributes(sample):
    sample_partner = sample.a.partners[1]
    with scoped_to(sample.a.tenant.id):
        only_a2 = program_performance(MetricFilters(start=PERIOD.start, end=PERIOD.end, partner_id=sample_partner.id))
        by_region = program_performance(MetricFilters(start=PERIOD.start, end=PERIOD.end, region="Nowhere"))
    assert only_a2["summary"]["items"] == 3
    assert by_region["summary"]["items"] == 0 and by_region["summary"]["nps"] is None


def test_partner_users_get_only_their_own_figures(sample):
    partner = sample.a.partners[0]
    with scoped_to(sample.a.tenant.id, partner.id):
        figures = program_performance(PERIOD)
    assert figures["summary"]["items"] == 3  # a1's Q1 items only


def test_anonymous_answers_are_hidden_below_the_threshold(world):
    with scoped_to(world.a.tenant.id):
        for score in (0, 1, 2, 3):
            _add(world.a.partners[0], datetime(2026, 2, 1), None, source=Source.PARTNER, anonymous=True, nps=score)
        _add(world.a.partners[0], datetime(2026, 2, 1), None, nps=10)
        db.session.commit()
        hidden = program_performance(PERIOD, anonymity_threshold=5)
        shown = program_performance(PERIOD, anonymity_threshold=4)
    assert hidden["anonymous_hidden"] == 4 and hidden["summary"]["items"] == 1 and hidden["summary"]["nps"] == 100
    assert shown["anonymous_hidden"] == 0 and shown["summary"]["items"] == 5 and shown["summary"]["nps"] == -60


def test_program_page_renders_figures_charts_and_tables(sample, login):
    client = login(sample.a.manager)
    response = client.get("/insights/?start=2026-01-01&end=2026-03-31")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Program performance" in page and "Deal registration" in page
    assert page.count('class="js-chart chart"') == 4
    assert 'data-plotly="/static/vendor/plotly.' in page and "<script>" not in page


def test_program_page_ignores_nonsense_filters_with_a_message(sample, login):
    client = login(sample.a.admin)
    for query in ("start=2026-03-01&end=2026-01-01", "partner_id=abc", "source=evil'--", "start=notadate",
                  f"partner_id={sample.b.partners[0].id}", "granularity=decade"):
        response = client.get("/insights/?" + query)
        assert response.status_code == 200, query
        assert "Ignored in the address" in response.get_data(as_text=True), query


def test_empty_period_shows_an_empty_state(world, login):
    page = login(world.a.admin).get("/insights/").get_data(as_text=True)
    assert "No feedback in this period" in page


def test_csv_export_has_the_same_numbers_and_parses(sample, login):
    response = login(sample.a.admin).get("/insights/program.csv?start=2026-01-01&end=2026-03-31")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    total = next(r for r in rows if r["section"] == "total")
    assert (total["items"], total["nps"], total["promoters"]) == ("6", "0", "2")


def test_printable_report_shows_the_period(sample, login):
    page = login(sample.a.admin).get("/insights/report?start=2026-01-01&end=2026-03-31").get_data(as_text=True)
    assert "01 Jan 2026 – 31 Mar 2026" in page and "Deal registration" in page


def test_hostile_element_names_are_escaped_in_chart_json(world, login):
    with scoped_to(world.a.tenant.id):
        element = ProgramElement(name='<a href="javascript:alert(1)">x</a>', position=9)
        db.session.add(element)
        db.session.flush()
        _add(world.a.partners[0], datetime(2026, 2, 1), element, nps=5)
        db.session.commit()
    page = login(world.a.admin).get("/insights/?start=2026-01-01&end=2026-03-31").get_data(as_text=True)
    assert 'href="javascript' not in page
    assert "&amp;lt;a href=" in page  # escaped for plotly, then again for the HTML attribute

