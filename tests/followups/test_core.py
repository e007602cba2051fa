"""Follow-ups in the portal: creating, bad input, idempotent status changes, the log,
delegation, and what partner users may see (only what is delegated to them)."""

import re
from datetime import timedelta

from app.extensions import db
from app.followups.models import ActivityKind, FollowUpStatus
from app.followups.services.followups import today
from app.tenancy import scoped_to
from tests.followups.helpers import (
    activities_of,
    follow_ups_of,
    make_follow_up,
    make_rule,
    outbox,
    record_item,
    refreshed,
)


def _form(owner, due_in=3, **extra):
    return {"owner_id": owner.id, "due_on": (today() + timedelta(days=due_in)).isoformat(), "priority": "high",
            "title": "Call the partner", **extra}


def test_staff_create_a_follow_up_and_its_owner_is_emailed(world, login):
    item = record_item(world.a)
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new", data=_form(world.a.manager))
    [follow_up] = follow_ups_of(world.a)
    assert response.status_code == 302 and response.location.endswith(f"/followups/{follow_up.id}")
    assert (follow_up.owner_id, follow_up.status, follow_up.priority.value) == (
        world.a.manager.id, FollowUpStatus.OPEN, "high")
    assert follow_up.partner_id is None and follow_up.about_partner_id == world.a.partners[0].id
    [mail] = outbox("followup_assigned")
    assert mail.to_address == world.a.manager.email and "Call the partner" in mail.text_body


def test_due_date_in_the_past_is_refused(world, login):
    item = record_item(world.a)
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new", data=_form(world.a.manager, -1))
    assert response.status_code == 422
    assert "The due date cannot be in the past." in response.get_data(as_text=True)
    assert follow_ups_of(world.a) == []


def test_owner_from_another_tenant_is_refused(world, login):
    item = record_item(world.a)
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new", data=_form(world.b.manager))
    assert response.status_code == 422
    assert "Choose someone from your team" in response.get_data(as_text=True)
    assert follow_ups_of(world.a) == [] and follow_ups_of(world.b) == []


def test_unknown_owner_is_refused(world, login):
    item = record_item(world.a)
    data = _form(world.a.manager, owner_id="987654")
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new", data=data)
    assert response.status_code == 422
    assert "Choose someone from your team" in response.get_data(as_text=True)


def test_user_of_another_partner_cannot_own_it(world, login):
    item = record_item(world.a, partner_index=0)
    response = login(world.a.admin).post(f"/followups/feedback/{item.id}/new", data=_form(world.a.partner_admins[1]))
    assert response.status_code == 422
    assert "Only people of the partner this is about can own it." in response.get_data(as_text=True)


def test_double_submitted_new_form_creates_one_follow_up(world, login):
    item = record_item(world.a)
    client = login(world.a.admin)
    data = _form(world.a.manager, request_key="a" * 32)
    first = client.post(f"/followups/feedback/{item.id}/new", data=data)
    second = client.post(f"/followups/feedback/{item.id}/new", data=data)
    [follow_up] = follow_ups_of(world.a)
    assert first.location == second.location and first.location.endswith(f"/followups/{follow_up.id}")
    assert "already created" in client.get(second.location).get_data(as_text=True)
    assert len(outbox("followup_assigned")) == 1


def test_staff_create_a_follow_up_on_an_idea(world, login):
    from app.ideas.services import post_idea
    from tests.factories import membership_of

    with scoped_to(world.a.tenant.id, world.a.partners[0].id):
        idea = post_idea(membership_of(world.a.partner_admins[0], world.a.tenant), "Faster deal approvals")
        db.session.commit()
    response = login(world.a.manager).post(f"/followups/ideas/{idea.id}/new", data=_form(world.a.manager))
    [follow_up] = follow_ups_of(world.a)
    assert response.status_code == 302
    assert (follow_up.idea_id, follow_up.feedback_item_id) == (idea.id, None)


def test_repeated_status_change_changes_and_logs_once(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a))
    client = login(world.a.manager)
    data = {"status": "in_progress", "expected": "open"}
    client.post(f"/followups/{follow_up.id}/status", data=data)
    repeat = client.post(f"/followups/{follow_up.id}/status", data=data)
    assert refreshed(world.a, follow_up).status == FollowUpStatus.IN_PROGRESS
    assert "already is" in client.get(repeat.location).get_data(as_text=True)
    assert [a.kind for a in activities_of(world.a, follow_up)].count(ActivityKind.STATUS) == 1


def test_stale_status_form_is_refused_with_an_explanation(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a))
    client = login(world.a.manager)
    client.post(f"/followups/{follow_up.id}/status", data={"status": "in_progress", "expected": "open"})
    stale = client.post(f"/followups/{follow_up.id}/status", data={"status": "waiting", "expected": "open"})
    assert "changed this follow-up meanwhile" in client.get(stale.location).get_data(as_text=True)
    assert refreshed(world.a, follow_up).status == FollowUpStatus.IN_PROGRESS


def test_owners_first_note_is_the_first_response(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a), owner=world.a.manager)
    login(world.a.admin).post(f"/followups/{follow_up.id}/notes", data={"body": "Not the owner"})
    assert refreshed(world.a, follow_up).first_response_at is None
    login(world.a.manager).post(f"/followups/{follow_up.id}/notes", data={"body": "Called them"})
    assert refreshed(world.a, follow_up).first_response_at is not None


def test_partner_user_sees_only_follow_ups_delegated_to_their_partner(world, login):
    a1_user, a2_user = world.a.partner_admins
    delegated = make_follow_up(world.a, record_item(world.a, 0), owner=a1_user, title="Delegated to A1")
    other_partner = make_follow_up(world.a, record_item(world.a, 1), owner=a2_user, title="Delegated to A2")
    vendor_only = make_follow_up(world.a, record_item(world.a, 0), title="Vendor keeps this")
    other_tenant = make_follow_up(world.b, record_item(world.b, 0), owner=world.b.partner_admins[0])
    client = login(a1_user)
    assert client.get(f"/followups/{delegated.id}").status_code == 200
    for hidden in (other_partner, vendor_only, other_tenant):
        assert client.get(f"/followups/{hidden.id}").status_code == 404
    inbox = client.get("/followups/mine").get_data(as_text=True)
    assert "Delegated to A1" in inbox and "Delegated to A2" not in inbox and "Vendor keeps this" not in inbox


def test_partner_member_cannot_see_another_users_inbox_entries_or_the_team_view(world, login):
    make_follow_up(world.a, record_item(world.a, 0), owner=world.a.partner_admins[0], title="For the partner admin")
    client = login(world.a.partner_members[0])
    assert "For the partner admin" not in client.get("/followups/mine").get_data(as_text=True)
    assert client.get("/followups/").status_code == 404
    assert client.get("/followups/rules").status_code == 404


def test_partner_user_who_is_not_the_owner_cannot_change_it(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0), owner=world.a.partner_admins[0])
    response = login(world.a.partner_members[0]).post(f"/followups/{follow_up.id}/status",
                                                      data={"status": "resolved", "expected": "open"})
    assert response.status_code == 403
    assert refreshed(world.a, follow_up).status == FollowUpStatus.OPEN


def test_internal_notes_and_the_rule_stay_with_the_vendor(world, login):
    rule = make_rule(world.a, name="Secret routing rule", nps_detractor=True, assign_to="user",
                     owner_id=world.a.manager.id)
    record_item(world.a, 0, nps=2)
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.rule_id == rule.id
    staff = login(world.a.manager)
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Margin is thin here"})
    staff.post(f"/followups/{follow_up.id}/edit", data={
        "title": follow_up.title, "owner_id": world.a.partner_admins[0].id,
        "due_on": follow_up.due_on.isoformat(), "priority": "normal", "delegation_confirmed": "yes"})
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Please call the customer",
                                                         "share_with_partner": "y"})
    page = login(world.a.partner_admins[0]).get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert "Please call the customer" in page
    assert "Margin is thin here" not in page and "Secret routing rule" not in page


def test_delegating_shares_the_earlier_public_log_with_the_partner(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0), title="Shared later")
    staff = login(world.a.manager)
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Public context for the partner",
                                                         "share_with_partner": "y"})
    staff.post(f"/followups/{follow_up.id}/edit", data={
        "title": "Shared later", "owner_id": world.a.partner_admins[0].id,
        "due_on": follow_up.due_on.isoformat(), "priority": "normal", "delegation_confirmed": "yes"})
    assert refreshed(world.a, follow_up).partner_id == world.a.partners[0].id
    page = login(world.a.partner_admins[0]).get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert "Public context for the partner" in page


HIDDEN_INPUT = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)">')


def _delegate_form(follow_up, owner):
    return {"title": follow_up.title, "owner_id": owner.id, "due_on": follow_up.due_on.isoformat(),
            "priority": "normal"}


def _confirmation_posts(page):
    """What the delegation page's "Delegate" button posts: its hidden inputs."""
    return dict(HIDDEN_INPUT.findall(page.split('id="shared-notes"')[1]))


def _section(page, element_id):
    return page.split(f'id="{element_id}"')[1].split("</section>")[0]


def test_note_is_internal_unless_staff_share_it(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0))
    staff = login(world.a.manager)
    form = staff.get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert re.search(r'<input[^>]*name="share_with_partner"[^>]*>', form).group(0).count("checked") == 0
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Their margin is thin"})
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Please call Casey", "share_with_partner": "y"})
    with scoped_to(world.a.tenant.id):
        from app.followups.services.followups import add_note

        add_note(refreshed(world.a, follow_up), world.a.manager, "Service default")
        db.session.commit()
    notes = {a.body: a.internal for a in activities_of(world.a, follow_up) if a.kind == ActivityKind.NOTE}
    assert notes == {"Their margin is thin": True, "Please call Casey": False, "Service default": True}


def test_note_added_before_delegation_is_not_shown_to_the_partner(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0))
    staff = login(world.a.manager)
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Their margin is thin"})
    staff.post(f"/followups/{follow_up.id}/edit", data={**_delegate_form(follow_up, world.a.partner_admins[0]),
                                                       "delegation_confirmed": "yes"})
    assert refreshed(world.a, follow_up).partner_id == world.a.partners[0].id
    page = login(world.a.partner_admins[0]).get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert "Their margin is thin" not in page


def test_delegating_lists_what_the_partner_will_see_and_waits_for_confirmation(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0, text="Deal registration is slow."),
                               title="Speed up registrations")
    staff = login(world.a.manager)
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Their margin is thin"})
    staff.post(f"/followups/{follow_up.id}/notes", data={"body": "Please call Casey", "share_with_partner": "y"})
    owner = world.a.partner_admins[0]
    response = staff.post(f"/followups/{follow_up.id}/edit", data=_delegate_form(follow_up, owner))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f"Delegate to {owner.name} of Partner A1?" in page
    fields = _section(page, "shared-fields")
    assert all(text in fields for text in ("Speed up registrations", "Deal registration is slow.", "Normal",
                                           f"{follow_up.due_on:%d %b %Y}", owner.name, "Created"))
    entries = _section(page, "shared-notes")
    assert "Please call Casey" in entries and "Their margin is thin" not in entries
    assert "Their margin is thin" not in page
    assert "they will see (2)" in entries  # the shared note and the "Assigned to ..." entry
    assert "Stay with your team: 1 internal entry." in entries
    assert refreshed(world.a, follow_up).partner_id is None and follow_up.owner_id == world.a.manager.id
    assert staff.post(f"/followups/{follow_up.id}/edit", data=_confirmation_posts(page)).status_code == 302
    assert (refreshed(world.a, follow_up).partner_id, follow_up.owner_id) == (world.a.partners[0].id, owner.id)
    partner_page = login(owner).get(f"/followups/{follow_up.id}").get_data(as_text=True)
    assert "Please call Casey" in partner_page and "Their margin is thin" not in partner_page


def test_creating_a_follow_up_for_a_partner_user_asks_first(world, login):
    item = record_item(world.a, 0)
    staff = login(world.a.admin)
    response = staff.post(f"/followups/feedback/{item.id}/new", data=_form(world.a.partner_admins[0]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Delegate to Partner admin a1 of Partner A1?" in page
    assert follow_ups_of(world.a) == []
    assert staff.post(f"/followups/feedback/{item.id}/new", data=_confirmation_posts(page)).status_code == 302
    [follow_up] = follow_ups_of(world.a)
    assert (follow_up.partner_id, follow_up.title) == (world.a.partners[0].id, "Call the partner")


def test_delegated_owner_resolves_it(world, login):
    follow_up = make_follow_up(world.a, record_item(world.a, 0), owner=world.a.partner_admins[0])
    response = login(world.a.partner_admins[0]).post(f"/followups/{follow_up.id}/resolve",
                                                     data={"reply": "", "expected": "open"})
    assert response.status_code == 302
    assert refreshed(world.a, follow_up).status == FollowUpStatus.RESOLVED


def test_team_view_filters_by_partner_and_marks_overdue(world, login):
    late = make_follow_up(world.a, record_item(world.a, 0), title="Late one")
    make_follow_up(world.a, record_item(world.a, 1), title="Other partner")
    with scoped_to(world.a.tenant.id):
        late.due_on = today() - timedelta(days=2)
        db.session.commit()
    client = login(world.a.admin)
    page = client.get(f"/followups/?partner_id={world.a.partners[0].id}").get_data(as_text=True)
    assert "Late one" in page and "Other partner" not in page
    assert "Overdue" in page
    overdue_only = client.get("/followups/?due=overdue").get_data(as_text=True)
    assert "Late one" in overdue_only and "Other partner" not in overdue_only


def test_feedback_page_shows_the_follow_up_panel_to_staff(world, login):
    item = record_item(world.a)
    make_follow_up(world.a, item, title="Panel follow-up")
    page = login(world.a.admin).get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Panel follow-up" in page and f"/followups/feedback/{item.id}/new" in page


def test_new_follow_up_form_suggests_the_partners_manager_and_the_first_response_target(world, login):
    item = record_item(world.a)
    page = login(world.a.admin).get(f"/followups/feedback/{item.id}/new").get_data(as_text=True)
    assert f'<option selected value="{world.a.manager.id}">' in page
    assert (today() + timedelta(days=2)).isoformat() in page
