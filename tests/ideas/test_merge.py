"""Merging a duplicate idea (#15, 5): no target chosen for the user, a confirmation that
names both ideas, the duplicate's details kept, its author emailed, and a merged idea
that offers no vote, comment or status controls."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.ideas.models import Idea
from app.tenancy import scoped_to
from tests.followups.helpers import outbox


def _ideas(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Idea).order_by(Idea.id)).all()


def _post(client, title, description=""):
    response = client.post("/ideas/new", data={"title": title, "description": description, "program_element_id": ""})
    assert response.status_code == 302


@pytest.fixture
def pair(world, login):
    _post(login(world.a.partner_admins[0]), "Self-service MDF claims", "Claims by email take weeks.")
    _post(login(world.a.partner_members[1]), "MDF claims online", "Upload receipts in the portal, please.")
    _post(login(world.a.partner_members[0]), "Dark mode")
    target, duplicate, _ = _ideas(world.a)
    return duplicate, target


def test_the_merge_form_preselects_no_idea(world, login, pair):
    duplicate, _ = pair
    page = login(world.a.manager).get(f"/ideas/{duplicate.id}").get_data(as_text=True)
    select_html = page[page.index('name="target_id"'):]
    select_html = select_html[:select_html.index("</select>")]
    assert '<option selected value="">Choose the idea it duplicates</option>' in select_html
    assert select_html.count("selected") == 1


def test_merging_without_a_target_merges_nothing(world, login, pair):
    duplicate, _ = pair
    response = login(world.a.manager).post(f"/ideas/{duplicate.id}/merge", data={"target_id": ""})
    assert response.status_code == 302
    assert all(idea.merged_into_id is None for idea in _ideas(world.a))


def test_the_first_post_asks_to_confirm_naming_both_ideas(world, login, pair):
    duplicate, target = pair
    response = login(world.a.manager).post(f"/ideas/{duplicate.id}/merge", data={"target_id": target.id})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "“MDF claims online”" in page and "“Self-service MDF claims”" in page
    assert 'name="confirmed" type="hidden" value="yes"' in page or 'value="yes"' in page
    assert _ideas(world.a)[1].merged_into_id is None


def test_a_confirmed_merge_keeps_the_description_and_emails_the_author(world, login, pair):
    duplicate, target = pair
    response = login(world.a.manager).post(f"/ideas/{duplicate.id}/merge",
                                           data={"target_id": target.id, "confirmed": "yes"})
    assert response.status_code == 302 and response.location.endswith(f"/ideas/{target.id}")
    merged_target = _ideas(world.a)[0]
    assert merged_target.description.startswith("Claims by email take weeks.")
    assert "From the merged idea “MDF claims online”:\nUpload receipts in the portal, please." \
        in merged_target.description
    [message] = outbox("idea_merged")
    assert message.to_address == world.a.partner_members[1].email
    assert "MDF claims online" in message.text_body and "Self-service MDF claims" in message.text_body
    assert f"/ideas/{target.id}" in message.text_body


def test_a_merged_idea_offers_no_vote_comment_or_status_controls(world, login, pair):
    duplicate, target = pair
    staff = login(world.a.manager)
    staff.post(f"/ideas/{duplicate.id}/merge", data={"target_id": target.id, "confirmed": "yes"})
    for client in (staff, login(world.a.partner_admins[0])):
        page = client.get(f"/ideas/{duplicate.id}").get_data(as_text=True)
        assert "This idea was merged into" in page
        for action in ("vote", "comments", "status", "proxy-votes", "merge"):
            assert f'action="/ideas/{duplicate.id}/{action}"' not in page, action
    response = login(world.a.partner_admins[0]).post(f"/ideas/{duplicate.id}/comments", data={"body": "Late"})
    assert response.status_code == 302
    assert "Late" not in staff.get(f"/ideas/{target.id}").get_data(as_text=True)


def test_an_idea_merged_already_cannot_be_merged_again(world, login, pair):
    duplicate, target = pair
    staff = login(world.a.manager)
    staff.post(f"/ideas/{duplicate.id}/merge", data={"target_id": target.id, "confirmed": "yes"})
    third = _ideas(world.a)[2]
    staff.post(f"/ideas/{duplicate.id}/merge", data={"target_id": third.id, "confirmed": "yes"})
    assert _ideas(world.a)[1].merged_into_id == target.id
