"""Bulk changes on the feedback list (issue #15, item 13): status, tag and assign, each
audited and tenant-checked; status and tag changes undone exactly."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from app.analysis.models import FeedbackTheme, TagSource
from app.audit.models import AuditEntry
from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, tags
from tests.followups.helpers import follow_ups_of, record_item


def _status(org, item_id):
    with scoped_to(org.tenant.id):
        return db.session.get(FeedbackItem, item_id, populate_existing=True).status


def _entries(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == "feedback_item")
                                  .order_by(AuditEntry.id)).all()


@pytest.fixture
def three(world):
    org = world.a
    ids = [record_item(org, index % 2, text=f"Item number {index}").id for index in range(3)]
    return org, ids


def _bulk(client, ids, **fields):
    return client.post("/feedback/bulk", data={"ids": [str(i) for i in ids], "next": "/feedback/?status=new",
                                               **fields})


def test_bulk_status_change_is_audited_and_undone_exactly(three, login):
    org, ids = three
    client = login(org.admin)
    _bulk(client, ids[:1], action="status", status="planned")  # one item is already planned
    response = _bulk(client, ids, action="status", status="planned")
    assert response.status_code == 302
    result = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Changed 2 items. 1 selected item had this already and was left alone." in result
    assert "status New → Planned" in result and "Undo this change" in result
    assert all(_status(org, i) == FeedbackStatus.PLANNED for i in ids)
    entries = _entries(org)
    assert [(e.object_id, e.changes["status"]) for e in entries[1:]] == [
        (i, {"old": "new", "new": "planned"}) for i in ids[1:]]
    assert {e.actor_id for e in entries} == {org.admin.id}
    # Someone changes the last item again before the undo: that later change stands.
    _bulk(client, ids[2:], action="status", status="closed")
    undo_entries = parse_qs(urlsplit(response.headers["Location"]).query)["entries"][0]
    undone = client.post("/feedback/bulk/undo", data={"entries": undo_entries, "next": "/feedback/?status=new"})
    assert undone.headers["Location"] == "/feedback/?status=new"
    assert [_status(org, i) for i in ids] == [FeedbackStatus.PLANNED, FeedbackStatus.NEW, FeedbackStatus.CLOSED]
    assert _entries(org)[-1].changes["status"] == {"old": "planned", "new": "new"}  # the undo is audited too


def test_bulk_tag_is_undone_to_the_tags_before(three, login):
    org, ids = three
    theme_id = make_theme(org.tenant, "Approvals", ["nothing-matches-this"])
    with scoped_to(org.tenant.id):  # the first item had the theme automatically, removed by staff
        db.session.add(FeedbackTheme(feedback_item_id=ids[0], theme_id=theme_id, source=TagSource.AUTO,
                                     suppressed=True, given_at=db.session.get(FeedbackItem, ids[0]).given_at))
        db.session.commit()
    client = login(org.manager)
    response = _bulk(client, ids, action="tag", theme_id=str(theme_id))
    assert all(tags(org.tenant, i) == {"Approvals": "manual"} for i in ids)
    entries = parse_qs(urlsplit(response.headers["Location"]).query)["entries"][0]
    client.post("/feedback/bulk/undo", data={"entries": entries})
    assert tags(org.tenant, ids[0], include_suppressed=True) == {"Approvals": "suppressed"}
    assert tags(org.tenant, ids[1], include_suppressed=True) == {} == tags(org.tenant, ids[2], include_suppressed=True)
    client.post("/feedback/bulk/undo", data={"entries": entries})  # twice changes nothing more
    assert tags(org.tenant, ids[0], include_suppressed=True) == {"Approvals": "suppressed"}


def test_bulk_assign_creates_follow_ups_for_items_without_one(three, login):
    org, ids = three
    client = login(org.admin)
    _bulk(client, ids[:1], action="assign", owner_id=str(org.manager.id))
    response = _bulk(client, ids, action="assign", owner_id=str(org.manager.id), due_on="")
    assert response.headers["Location"] == "/feedback/?status=new"
    follow_ups = follow_ups_of(org)
    assert sorted(f.feedback_item_id for f in follow_ups) == ids and {f.owner_id for f in follow_ups} == {
        org.manager.id}
    page = client.get("/feedback/").get_data(as_text=True)
    assert "2 follow-ups created. 1 already had an open follow-up." in page


def test_bulk_assign_to_a_partner_user_is_refused(three, login):
    org, ids = three
    client = login(org.admin)
    response = _bulk(client, ids, action="assign", owner_id=str(org.partner_admins[0].id))
    assert response.status_code == 302 and follow_ups_of(org) == []


def test_ids_of_another_tenant_are_never_changed(world, login):
    mine = record_item(world.a).id
    theirs = record_item(world.b).id
    client = login(world.a.admin)
    response = _bulk(client, [mine, theirs], action="status", status="closed")
    assert _status(world.b, theirs) == FeedbackStatus.NEW and _status(world.a, mine) == FeedbackStatus.CLOSED
    # Nor undone through an audit entry of the other tenant.
    _bulk(login(world.b.admin), [theirs], action="status", status="planned")
    [foreign] = _entries(world.b)
    login(world.a.admin, client).post("/feedback/bulk/undo", data={"entries": str(foreign.id)})
    assert _status(world.b, theirs) == FeedbackStatus.PLANNED
    assert response.status_code == 302


def test_partner_users_cannot_bulk_change(three, login):
    org, ids = three
    client = login(org.partner_admins[0])
    assert _bulk(client, ids, action="status", status="closed").status_code == 404
    assert client.post("/feedback/bulk/undo", data={"entries": "1"}).status_code == 404
    assert all(_status(org, i) == FeedbackStatus.NEW for i in ids)
    assert 'id="bulk-form"' not in client.get("/feedback/").get_data(as_text=True)


@pytest.mark.parametrize("fields", [
    {"action": "status", "status": "nonsense"}, {"action": "explode"}, {"action": "tag", "theme_id": "abc"},
    {"action": "tag", "theme_id": "999999"}, {"action": "assign", "owner_id": ""},
    {"action": "assign", "owner_id": "1", "due_on": "yesterday"},
])
def test_bad_bulk_input_is_a_message_not_a_5xx(three, login, fields):
    org, ids = three
    client = login(org.admin)
    response = _bulk(client, ids + ["x", "99999999999"], **fields)
    assert response.status_code == 302
    assert all(_status(org, i) == FeedbackStatus.NEW for i in ids) and follow_ups_of(org) == []
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert re.search(r'class="alert alert-(warning|danger)', page)


def test_bulk_form_needs_its_csrf_token(three, app, login):
    org, ids = three
    client = login(org.admin)
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _bulk(client, ids, action="status", status="closed")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400 and all(_status(org, i) == FeedbackStatus.NEW for i in ids)


def test_list_offers_the_bulk_form_with_a_checkbox_per_item(three, login):
    org, ids = three
    page = login(org.admin).get("/feedback/").get_data(as_text=True)
    assert 'id="bulk-form"' in page
    assert sorted(int(i) for i in re.findall(r'name="ids" value="(\d+)" form="bulk-form"', page)) == ids
