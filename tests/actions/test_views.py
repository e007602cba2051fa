"""Staff record actions, link the feedback behind them and read their before/after page."""

import json
import re
from datetime import date, datetime, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.actions.models import ActionFeedbackLink, ProgramAction
from app.actions.services import ActionInput, before_after, create_action
from app.audit.models import AuditEntry
from app.demo.services.actions import seed_actions_demo
from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, ProgramElement, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to


def _actions(tenant):
    db.session.expire_all()
    with scoped_to(tenant.id):
        return db.session.scalars(select(ProgramAction).order_by(ProgramAction.id)).all()


def _element_id(tenant, name="Deal registration"):
    with scoped_to(tenant.id):
        return db.session.scalars(select(ProgramElement.id).where(ProgramElement.name == name)).one()


def _feedback(tenant, partner, text, when=None, **scores):
    with scoped_to(tenant.id):
        item, _ = record_feedback(FeedbackInput(source=Source.PARTNER, channel=Channel.PORTAL, partner_id=partner.id,
                                                text=text, given_at=when, **scores))
        db.session.commit()
        return item


def _make_action(org, title="Faster approvals", effective_on=date(2025, 6, 1), **fields):
    with scoped_to(org.tenant.id):
        action = create_action(ActionInput(title=title, effective_on=effective_on, **fields))
        db.session.commit()
        return action


def _links(tenant, action):
    with scoped_to(tenant.id):
        return set(db.session.scalars(select(ActionFeedbackLink.feedback_item_id)
                                      .where(ActionFeedbackLink.action_id == action.id)))


def _post_new(client, **fields):
    data = {"title": "Faster deal registration approvals", "description": "Approvals in a day",
            "effective_on": "2025-06-01", "program_element_id": "", **fields}
    return client.post("/actions/new", data=data)


# --- recording and editing --------------------------------------------------------------


def test_staff_record_an_action_with_its_scope(world, login):
    a1, a2 = world.a.partners
    element_id = _element_id(world.a.tenant)
    response = _post_new(login(world.a.manager), program_element_id=element_id, partner_ids=[a1.id, a2.id])
    [action] = _actions(world.a.tenant)
    assert response.status_code == 302 and response.headers["Location"] == f"/actions/{action.id}"
    assert (action.title, action.effective_on, action.program_element_id) == (
        "Faster deal registration approvals", date(2025, 6, 1), element_id)
    with scoped_to(world.a.tenant.id):
        assert sorted(link.partner_id for link in db.session.merge(action).partner_links) == sorted([a1.id, a2.id])
    assert action.created_by_id == world.a.manager.id


def test_recording_an_action_is_audited(world, login):
    assert _post_new(login(world.a.admin)).status_code == 302
    [action] = _actions(world.a.tenant)
    with scoped_to(world.a.tenant.id):
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "action")).one()
    assert entry.object_id == action.id and entry.actor_id == world.a.admin.id
    assert entry.changes["title"]["new"] == "Faster deal registration approvals"


def test_other_tenants_partner_is_refused(world, login):
    response = _post_new(login(world.a.admin), partner_ids=[world.b.partners[0].id])
    assert response.status_code == 422
    assert _actions(world.a.tenant) == [] and _actions(world.b.tenant) == []


@pytest.mark.parametrize("fields, message", [
    ({"effective_on": ""}, "Give the date the change took effect."),
    ({"effective_on": "not a date"}, "Not a valid date value."),
    ({"effective_on": (date.today() + timedelta(days=400)).isoformat()}, "more than a year ahead"),
    ({"title": ""}, "This field is required."),
    ({"program_element_id": "999999"}, "Not a valid choice."),
])
def test_bad_input_rerenders_the_form_with_the_error(world, login, fields, message):
    response = _post_new(login(world.a.admin), **fields)
    assert response.status_code == 422
    assert message in unescape(response.get_data(as_text=True))
    assert _actions(world.a.tenant) == []


def test_edit_changes_date_and_partners(world, login):
    a1, a2 = world.a.partners
    action = _make_action(world.a, partner_ids=[a1.id])
    client = login(world.a.admin)
    selected = re.findall(r'<option selected value="(\d+)"', client.get(f"/actions/{action.id}/edit").get_data(as_text=True))
    assert selected == [str(a1.id)]
    response = client.post(f"/actions/{action.id}/edit", data={
        "title": "Faster approvals", "effective_on": "2025-07-01", "program_element_id": "", "partner_ids": [a2.id]})
    assert response.status_code == 302
    [action] = _actions(world.a.tenant)
    with scoped_to(world.a.tenant.id):
        action = db.session.merge(action)
        assert action.effective_on == date(2025, 7, 1) and [p.id for p in action.partners] == [a2.id]


# --- who may see what ------------------------------------------------------------------------


def test_partner_users_get_404(world, login):
    action = _make_action(world.a)
    for user in (world.a.partner_admins[0], world.a.partner_members[0]):
        client = login(user)
        for path in ("/actions/", "/actions/new", f"/actions/{action.id}", f"/actions/{action.id}/edit"):
            assert client.get(path).status_code == 404, path


def test_other_tenants_staff_get_404_for_an_action(world, login):
    action = _make_action(world.a)
    client = login(world.b.admin)
    assert client.get(f"/actions/{action.id}").status_code == 404
    assert client.get(f"/actions/{action.id}/edit").status_code == 404
    item = _feedback(world.b.tenant, world.b.partners[0], "Hello")
    assert client.post(f"/actions/{action.id}/feedback", data={"feedback_id": item.id}).status_code == 404
    assert _links(world.a.tenant, action) == set()


def test_list_shows_own_actions_only(world, login):
    _make_action(world.a, title="Alpha change")
    _make_action(world.b, title="Bravo change")
    page = login(world.a.manager).get("/actions/").get_data(as_text=True)
    assert "Alpha change" in page and "Bravo change" not in page


# --- the before/after page ----------------------------------------------------------------------


@pytest.fixture
def measured(world):
    """An action on 1 June 2025 for partner A1, with feedback 10 days before and after."""
    a1 = world.a.partners[0]
    for nps in (0, 5, 9):
        _feedback(world.a.tenant, a1, "", datetime(2025, 5, 22), nps=nps)
    for nps in (9, 10, 10, 7):
        _feedback(world.a.tenant, a1, "", datetime(2025, 6, 11), nps=nps)
    _feedback(world.a.tenant, world.a.partners[1], "", datetime(2025, 6, 11), nps=0)  # other partner
    _feedback(world.a.tenant, a1, "", datetime(2025, 4, 15), nps=0)  # only in the 60-day window
    return _make_action(world.a, partner_ids=[a1.id])


def _figure(page):
    match = re.search(r'data-figure="([^"]*)"', page)
    return json.loads(unescape(match.group(1)))


def test_page_shows_before_and_after_figures_with_counts(world, login, measured):
    page = login(world.a.manager).get(f"/actions/{measured.id}").get_data(as_text=True)
    # before: 0, 5, 9 -> 1 promoter, 2 detractors of 3 = -33; after: 9, 10, 10, 7 -> 3 of 4 = 75
    assert "-33 <span" in page and "(n=3)" in page and "75 <span" in page and "(n=4)" in page
    assert "+108" in page
    assert "fewer than 5 answers" in page


def test_chart_carries_before_and_after_values_as_json(world, login, measured):
    page = login(world.a.manager).get(f"/actions/{measured.id}").get_data(as_text=True)
    nps_bars = _figure(page)["data"][0]
    assert nps_bars["x"] == ["Before", "After"] and nps_bars["y"] == [-33, 75]
    assert 'data-plotly="/static/vendor/plotly.' in page and "<script>" not in page  # CSP: no inline scripts


def test_window_is_selectable(world, login, measured):
    client = login(world.a.manager)
    page = client.get(f"/actions/{measured.id}?window=60").get_data(as_text=True)
    # before now adds NPS 0 of 15 April: 0, 5, 9, 0 -> 1 promoter, 3 detractors of 4 = -50
    assert _figure(page)["data"][0]["y"] == [-50, 75]
    assert "02 Apr 2025" in page


def test_unknown_window_falls_back_to_30_days(world, login, measured):
    page = login(world.a.manager).get(f"/actions/{measured.id}?window=7").get_data(as_text=True)
    assert _figure(page)["data"][0]["y"] == [-33, 75]


def test_future_action_says_there_is_no_after_feedback_yet(world, login):
    action = _make_action(world.a, effective_on=date.today() + timedelta(days=10))
    page = login(world.a.admin).get(f"/actions/{action.id}").get_data(as_text=True)
    assert "there is no feedback after it yet" in page


# --- linking feedback ---------------------------------------------------------------------------


def test_feedback_page_links_an_item_to_an_action(world, login):
    action = _make_action(world.a)
    item = _feedback(world.a.tenant, world.a.partners[0], "Approvals are slow")
    client = login(world.a.manager)
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Link to action" in page and "Faster approvals" in page
    response = client.post(f"/actions/from-feedback/{item.id}", data={"action_id": action.id})
    assert response.status_code == 302 and response.headers["Location"] == f"/feedback/{item.id}"
    assert _links(world.a.tenant, action) == {item.id}
    assert f"/actions/{action.id}" in client.get(f"/feedback/{item.id}").get_data(as_text=True)


def test_partner_sees_no_action_form_on_their_feedback(world, login):
    _make_action(world.a)
    item = _feedback(world.a.tenant, world.a.partners[0], "Approvals are slow")
    page = login(world.a.partner_admins[0]).get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Link to action" not in page and "Faster approvals" not in page


def test_linking_to_another_tenants_action_is_refused(world, login):
    foreign = _make_action(world.b)
    item = _feedback(world.a.tenant, world.a.partners[0], "Approvals are slow")
    login(world.a.admin).post(f"/actions/from-feedback/{item.id}", data={"action_id": foreign.id})
    assert _links(world.b.tenant, foreign) == set()


def test_linking_another_tenants_feedback_is_404(world, login):
    action = _make_action(world.a)
    foreign = _feedback(world.b.tenant, world.b.partners[0], "Hello")
    client = login(world.a.admin)
    assert client.post(f"/actions/{action.id}/feedback", data={"feedback_id": foreign.id}).status_code == 404
    assert client.post(f"/actions/from-feedback/{foreign.id}", data={"action_id": action.id}).status_code == 404
    assert _links(world.a.tenant, action) == set()


def test_search_offers_unlinked_items_and_links_them(world, login):
    action = _make_action(world.a)
    wanted = _feedback(world.a.tenant, world.a.partners[0], "Deal approvals take weeks")
    _feedback(world.a.tenant, world.a.partners[0], "MDF claims are fine")
    _feedback(world.b.tenant, world.b.partners[0], "Deal approvals in tenant B")
    client = login(world.a.admin)
    page = client.get(f"/actions/{action.id}?q=approvals").get_data(as_text=True)
    assert "Deal approvals take weeks" in page and "tenant B" not in page and "MDF claims" not in page
    assert client.post(f"/actions/{action.id}/feedback", data={"feedback_id": wanted.id}).status_code == 302
    assert client.post(f"/actions/{action.id}/feedback", data={"feedback_id": wanted.id}).status_code == 302
    assert _links(world.a.tenant, action) == {wanted.id}
    assert "No unlinked feedback matches" in client.get(f"/actions/{action.id}?q=approvals").get_data(as_text=True)


def test_unlinking_removes_the_link(world, login):
    action = _make_action(world.a)
    item = _feedback(world.a.tenant, world.a.partners[0], "Approvals are slow")
    client = login(world.a.admin)
    client.post(f"/actions/{action.id}/feedback", data={"feedback_id": item.id})
    assert client.post(f"/actions/{action.id}/feedback/{item.id}/unlink").status_code == 302
    assert _links(world.a.tenant, action) == set()
    with scoped_to(world.a.tenant.id):
        assert db.session.get(FeedbackItem, item.id) is not None


# --- demo ---------------------------------------------------------------------------------------


def test_demo_action_shows_a_visible_improvement(world):
    seed_actions_demo(world.a.tenant)
    db.session.commit()
    [action] = _actions(world.a.tenant)
    with scoped_to(world.a.tenant.id):
        comparison = before_after(db.session.merge(action), 30)
        assert len(db.session.merge(action).feedback_links) == 7
    nps = comparison.metrics[0]
    assert nps.before_count == nps.after_count == 7 and nps.after - nps.before >= 50
    assert not comparison.too_few and not comparison.still_open
