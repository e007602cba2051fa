"""Before/after figures of an action's scope, against hand-computed values, and its input rules."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.actions.services import ActionInput, MetricChange, before_after, create_action, update_action
from app.analysis.services.labels import sentiment_of
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.models import Channel, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to

EFFECTIVE = date(2025, 6, 1)


def _element(name):
    return db.session.scalars(select(ProgramElement).where(ProgramElement.name == name)).one()


def _add(partner, when, element, **fields):
    record_feedback(FeedbackInput(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=partner.id,
                                  program_element_id=element.id, given_at=when, **fields))


@pytest.fixture
def sample(world):
    """Deal-registration feedback of tenant A around 1 June 2025 (before window of 30 days:
    2 May - 31 May; after: 1 June - 30 June), with items just outside, in another element,
    and in tenant B."""
    a1, a2 = world.a.partners
    with scoped_to(world.a.tenant.id):
        deal_reg, mdf = _element("Deal registration"), _element("MDF")
        _add(a1, datetime(2025, 5, 2), deal_reg, nps=2, csat=2, text="Approvals are terrible and slow")
        _add(a2, datetime(2025, 5, 20), deal_reg, nps=9, csat=3, text="ok")
        _add(a1, datetime(2025, 5, 31, 23, 59), deal_reg, nps=4)
        _add(a1, datetime(2025, 6, 1), deal_reg, nps=10, csat=5, text="Love the fast approvals, great")
        _add(a2, datetime(2025, 6, 10), deal_reg, nps=8)
        _add(a2, datetime(2025, 6, 15), deal_reg, nps=9, csat=4)
        _add(a1, datetime(2025, 6, 30, 23), deal_reg, nps=7, text="ok")
        _add(a1, datetime(2025, 5, 1), deal_reg, nps=0)  # only in a 60-day before window
        _add(a1, datetime(2025, 7, 1), deal_reg, nps=0)  # only in a 60-day after window
        _add(a1, datetime(2025, 5, 15), mdf, nps=10)  # another element: whole program only
        db.session.commit()
    with scoped_to(world.b.tenant.id):
        _add(world.b.partners[0], datetime(2025, 5, 10), _element("Deal registration"), nps=0)
        db.session.commit()
    return world


def _action(world, element_name="Deal registration", partners=(), effective_on=EFFECTIVE):
    with scoped_to(world.a.tenant.id):
        element = _element(element_name) if element_name else None
        action = create_action(ActionInput(title="Faster approvals", effective_on=effective_on,
                                           program_element_id=element.id if element else None,
                                           partner_ids=[p.id for p in partners]))
        db.session.commit()
        return action


def _figures(world, action, window=30, today=None):
    with scoped_to(world.a.tenant.id):
        return before_after(action, window, today=today)


def _metric(comparison, label_start):
    return next(m for m in comparison.metrics if m.label.startswith(label_start))


def test_windows_are_the_days_before_and_from_the_effective_date(sample):
    c = _figures(sample, _action(sample))
    assert (c.before_start, c.before_end) == (date(2025, 5, 2), date(2025, 5, 31))
    assert (c.after_start, c.after_end) == (date(2025, 6, 1), date(2025, 6, 30))


def test_element_scope_figures_match_hand_computed_values(sample):
    c = _figures(sample, _action(sample))
    # before: NPS 2, 9, 4 -> 1 promoter, 2 detractors of 3; after: 10, 8, 9, 7 -> 2 promoters of 4
    nps = _metric(c, "NPS")
    assert (nps.before, nps.before_count, nps.after, nps.after_count) == (-33, 3, 50, 4)
    assert (nps.change, nps.improved) == (83, True)
    csat = _metric(c, "CSAT")
    assert (csat.before, csat.before_count, csat.after, csat.after_count) == (2.5, 2, 4.5, 2)
    sentiment = _metric(c, "Average sentiment")
    terrible, love, ok = (sentiment_of(text)[0] for text in ("Approvals are terrible and slow",
                                                             "Love the fast approvals, great", "ok"))
    assert (sentiment.before, sentiment.after) == (round((terrible + ok) / 2, 2), round((love + ok) / 2, 2))
    assert (sentiment.before_count, sentiment.after_count) == (2, 2)
    # action needed: NPS 2 and 4 before (2 of 3); nothing after (0 of 4)
    share = _metric(c, "Action-needed")
    assert (share.before, share.before_count, share.after, share.after_count) == (67, 3, 0, 4)
    assert (share.change, share.improved) == (-67, True)
    assert (c.before["items"], c.after["items"]) == (3, 4)


def test_partner_scope_counts_only_those_partners(sample):
    c = _figures(sample, _action(sample, partners=[sample.a.partners[0]]))
    nps = _metric(c, "NPS")
    # partner A1: before 2, 4 -> -100; after 10, 7 -> 1 promoter of 2 -> 50
    assert (nps.before, nps.before_count, nps.after, nps.after_count) == (-100, 2, 50, 2)


def test_no_scope_means_the_whole_program(sample):
    nps = _metric(_figures(sample, _action(sample, element_name=None)), "NPS")
    # before adds the MDF promoter: 2, 9, 4, 10 -> 2 promoters, 2 detractors of 4
    assert (nps.before, nps.before_count) == (0, 4)


def test_wider_window_takes_in_more_feedback(sample):
    c = _figures(sample, _action(sample), window=60)
    nps = _metric(c, "NPS")
    # before adds NPS 0 (1 May): 2, 9, 4, 0 -> -50; after adds NPS 0 (1 July): 10, 8, 9, 7, 0 -> 20
    assert (nps.before, nps.before_count, nps.after, nps.after_count) == (-50, 4, 20, 5)
    assert c.before_start == date(2025, 4, 2) and c.after_end == date(2025, 7, 30)


def test_fewer_than_five_answers_on_either_side_is_flagged(sample):
    c = _figures(sample, _action(sample), window=60)
    assert _metric(c, "NPS").too_few is True  # 4 answers before, 5 after
    assert c.too_few is True


def test_five_answers_on_both_sides_are_enough():
    assert MetricChange("NPS", -10, 5, 20, 5, True).too_few is False
    assert MetricChange("NPS", -10, 5, 20, 4, True).too_few is True


def test_unknown_window_is_refused(sample):
    with pytest.raises(ServiceError):
        _figures(sample, _action(sample), window=45)


def test_future_action_has_no_after_figures_yet(sample):
    today = date(2025, 5, 20)
    c = _figures(sample, _action(sample), today=today)
    assert c.not_started and not c.still_open


def test_recent_action_has_an_open_after_window(sample):
    c = _figures(sample, _action(sample), today=date(2025, 6, 15))
    assert c.still_open and not c.not_started


# --- input rules ---------------------------------------------------------------------------


def _create(world, **fields):
    data = {"title": "Faster approvals", "effective_on": date.today(), **fields}
    with scoped_to(world.a.tenant.id):
        try:
            return create_action(ActionInput(**data))
        finally:
            db.session.rollback()


def test_future_date_within_a_year_is_allowed_for_planned_changes(world):
    assert _create(world, effective_on=date.today() + timedelta(days=90)).title == "Faster approvals"


@pytest.mark.parametrize("fields, field", [
    ({"effective_on": date.today() + timedelta(days=400)}, "effective_on"),
    ({"effective_on": None}, "effective_on"),
    ({"title": "   "}, "title"),
    ({"title": "x" * 201}, "title"),
    ({"program_element_id": 999_999}, "program_element_id"),
    ({"partner_ids": [999_999]}, "partner_ids"),
])
def test_bad_input_is_refused_on_its_field(world, fields, field):
    with pytest.raises(ServiceError) as error:
        _create(world, **fields)
    assert error.value.field == field


def test_other_tenants_partner_and_element_are_unknown(world):
    with scoped_to(world.b.tenant.id):
        foreign_element = _element("MDF").id
    with pytest.raises(ServiceError, match="Unknown partner"):
        _create(world, partner_ids=[world.a.partners[0].id, world.b.partners[0].id])
    with pytest.raises(ServiceError, match="Unknown program element"):
        _create(world, program_element_id=foreign_element)


def test_update_replaces_the_partners(world):
    a1, a2 = world.a.partners
    action = _action(world, partners=[a1], effective_on=date(2025, 1, 1))
    with scoped_to(world.a.tenant.id):
        update_action(action, ActionInput(title="Renamed", effective_on=date(2025, 2, 1), partner_ids=[a2.id]))
        db.session.commit()
        assert [p.id for p in action.partners] == [a2.id]
        assert (action.title, action.effective_on, action.program_element_id) == ("Renamed", date(2025, 2, 1), None)
