"""The program view's filters and figures as people read them (issue #15, item 8): the
period in words beside the date inputs, an end before the start named and kept, the
follow-up figures of the filtered partner, durations in fitting units, whole-number
ticks on count axes."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest

from app.extensions import db
from app.followups.services.followups import today
from app.followups.services.service_levels import duration_text
from app.insights import charts
from app.tenancy import scoped_to
from tests.followups.helpers import make_follow_up, record_item


def _input(page, name):
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)


def test_period_is_written_in_words_beside_the_date_inputs(world, login):
    page = login(world.a.admin).get("/insights/?start=2026-01-01&end=2026-03-31").get_data(as_text=True)
    assert 'id="period-words">Showing 1 January 2026 to 31 March 2026 (90 days).' in page
    assert 'aria-describedby="period-words"' in _input(page, "start")


def test_end_before_start_names_the_field_and_keeps_what_was_typed(world, login):
    page = login(world.a.admin).get("/insights/?start=2026-03-01&end=2026-01-01").get_data(as_text=True)
    end = _input(page, "end")
    assert 'value="2026-01-01"' in end and 'aria-invalid="true"' in end and "is-invalid" in end
    assert 'value="2026-03-01"' in _input(page, "start")
    error = re.search(r'id="end-error"[^>]*>([^<]*)<', page).group(1)
    assert error.startswith("To: the end date 01 Jan 2026 is before the start date (From) 01 Mar 2026")
    assert "<strong>To</strong> (the end date 01 Jan 2026" in page  # the notice names the field too


def _follow_ups(org):
    """Two open follow-ups about the first partner (one overdue), one about the second."""
    first = make_follow_up(org, record_item(org, 0))
    late = [make_follow_up(org, record_item(org, index)) for index in (0, 1)]
    with scoped_to(org.tenant.id):
        for follow_up in late:
            db.session.merge(follow_up).due_on = today() - timedelta(days=2)
        db.session.commit()
    return first


def _stat(page, label):
    match = re.search(rf">{label}</div>\s*<div[^>]*>([^<]*)</div>", page)
    return match.group(1).strip()


def test_follow_up_figures_with_a_partner_filter_are_that_partners(world, login):
    _follow_ups(world.a)
    client = login(world.a.admin)
    everyone = client.get("/insights/").get_data(as_text=True)
    assert (_stat(everyone, "Open now"), _stat(everyone, "Overdue now")) == ("3", "2")
    page = client.get(f"/insights/?partner_id={world.a.partners[1].id}").get_data(as_text=True)
    assert (_stat(page, "Open now"), _stat(page, "Overdue now")) == ("1", "1")
    assert "1 follow-up created in the period" in page


def test_a_first_response_within_a_minute_is_not_zero_hours(world, login):
    follow_up = _follow_ups(world.a)
    with scoped_to(world.a.tenant.id):
        follow_up = db.session.merge(follow_up)
        follow_up.first_response_at = follow_up.created_at + timedelta(seconds=40)
        db.session.commit()
    page = login(world.a.admin).get("/insights/").get_data(as_text=True)
    assert _stat(page, "Median first response") == "under 1 min"
    assert _stat(page, "Median time to resolve") == "—"


@pytest.mark.pure
@pytest.mark.parametrize("seconds, text", [
    (None, "—"), (-0.001, "under 1 min"), (59, "under 1 min"), (60 * 14.4, "14 min"), (3600 * 5.25, "5.2 h"),
    (3600 * 3, "3 h"), (86400 * 2, "2 days"), (86400 * 6.5, "6.5 days"),
])
def test_durations_are_written_in_a_fitting_unit(seconds, text):
    assert duration_text(seconds) == text


def test_count_axes_tick_at_whole_numbers(world):
    trend = [("2026-01-01", {"items": 3, "nps": 10}), ("2026-02-01", {"items": 6, "nps": None})]
    axis = json.loads(charts.trend_figure(trend))["layout"]["yaxis2"]
    assert (axis["tickformat"], axis["dtick"], axis["rangemode"]) == (",d", 1, "tozero")
    many = json.loads(charts.volume_figure({"a": {"items": 579}}, str))["layout"]["yaxis"]
    assert many["tickformat"] == ",d" and "dtick" not in many  # plotly's steps above ten are whole numbers


def test_program_page_draws_counts_with_whole_number_ticks(world, login):
    record_item(world.a)
    page = login(world.a.admin).get("/insights/").get_data(as_text=True)
    figures = [json.loads(unescape(raw)) for raw in re.findall(r'data-figure="([^"]*)"', page)]
    count_axes = [f["layout"].get(name) for f in figures for name in ("yaxis", "yaxis2")
                  if f["layout"].get(name, {}).get("title", {}).get("text") != "NPS" and name in f["layout"]]
    assert count_axes and all(axis["tickformat"] == ",d" for axis in count_axes)
