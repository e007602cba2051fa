"""The innovation ideas board: posting, votes, comments, statuses, merging, demand, roadmap."""

import re

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.ideas.models import Idea, IdeaComment, IdeaNote, IdeaStatus, IdeaVote
from app.ideas.services import board
from app.mail.sender import deliver_all_due
from app.partners.models import PartnerTier
from app.tenancy import scoped_to
from tests.smtp import text_part


def _ideas(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(Idea).order_by(Idea.id)).all()


def _votes(tenant, idea_id):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count()).select_from(IdeaVote).where(IdeaVote.idea_id == idea_id))


def _status(tenant, name):
    with scoped_to(tenant.id):
        return db.session.scalars(select(IdeaStatus).where(IdeaStatus.name == name)).one()


@pytest.fixture
def idea(world, login):
    client = login(world.a.partner_admins[0])
    response = client.post("/ideas/new", data={"title": "Self-service MDF claims", "description": "Less email",
                                               "program_element_id": ""})
    assert response.status_code == 302
    return _ideas(world.a.tenant)[0]


def test_posting_an_idea_puts_it_in_the_first_status_with_the_authors_vote(world, idea):
    assert idea.status.name == "New"
    assert idea.partner_id == world.a.partners[0].id
    assert _votes(world.a.tenant, idea.id) == 1


def test_idea_form_errors_rerender(world, login):
    response = login(world.a.partner_members[0]).post("/ideas/new", data={"title": "", "program_element_id": "x"})
    assert response.status_code == 422
    assert _ideas(world.a.tenant) == []


def test_one_vote_per_user_and_votes_can_be_retracted(world, idea, login):
    client = login(world.a.partner_members[1])
    client.post(f"/ideas/{idea.id}/vote")
    assert _votes(world.a.tenant, idea.id) == 2
    client.post(f"/ideas/{idea.id}/vote")  # toggles off
    assert _votes(world.a.tenant, idea.id) == 1


def test_duplicate_vote_is_refused_by_the_database(world, idea):
    from app.ideas.services import add_vote
    from tests.factories import membership_of

    with scoped_to(world.a.tenant.id):
        membership = membership_of(world.a.partner_admins[0], world.a.tenant)
        assert add_vote(db.session.get(Idea, idea.id), membership) is False  # already voted when posting
        db.session.commit()
    assert _votes(world.a.tenant, idea.id) == 1


def test_partners_of_the_tenant_see_the_board_but_never_other_tenants(world, idea, login):
    assert "Self-service MDF claims" in login(world.a.partner_members[1]).get("/ideas/").get_data(as_text=True)
    other_tenant = login(world.b.partner_admins[0])
    assert "Self-service MDF claims" not in other_tenant.get("/ideas/").get_data(as_text=True)
    assert other_tenant.get(f"/ideas/{idea.id}").status_code == 404
    other_tenant.post(f"/ideas/{idea.id}/vote")
    other_tenant.post(f"/ideas/{idea.id}/comments", data={"body": "sneaky"})
    assert _votes(world.a.tenant, idea.id) == 1
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(IdeaComment)) == 0


def test_comments_and_internal_notes(world, idea, login):
    partner = login(world.a.partner_members[1])
    assert partner.post(f"/ideas/{idea.id}/comments", data={"body": "<b>Yes please</b>"}).status_code == 302
    staff = login(world.a.manager)
    staff.post(f"/ideas/{idea.id}/notes", data={"body": "Discussed with finance"})
    staff_page = staff.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "&lt;b&gt;Yes please&lt;/b&gt;" in staff_page and "Discussed with finance" in staff_page
    partner_page = partner.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Discussed with finance" not in partner_page and "Yes please" in partner_page
    assert partner.post(f"/ideas/{idea.id}/notes", data={"body": "x"}).status_code == 404
    with scoped_to(world.a.tenant.id):
        assert db.session.scalar(select(func.count()).select_from(IdeaNote)) == 1


def _comment_as(login, user, idea, body):
    assert login(user).post(f"/ideas/{idea.id}/comments", data={"body": body}).status_code == 302


def test_partner_user_cannot_see_other_partners_comment_authors(world, idea, login):
    a1_member, a2_admin = world.a.partner_members[0], world.a.partner_admins[1]
    _comment_as(login, a1_member, idea, "We need this for Q3")
    _comment_as(login, a2_admin, idea, "Same here")
    _comment_as(login, world.a.manager, idea, "We are looking into it")
    other_partner = login(world.a.partner_members[1]).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "We need this for Q3" in other_partner and "Same here" in other_partner
    assert a1_member.name not in other_partner and world.a.partner_admins[0].name not in other_partner
    assert other_partner.count("A partner ·") == 1 and "by a partner" in other_partner
    assert a2_admin.name in other_partner and world.a.manager.name in other_partner  # own partner, vendor staff
    same_partner = login(world.a.partner_admins[0]).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert a1_member.name in same_partner and world.a.manager.name in same_partner
    assert a2_admin.name not in same_partner
    staff = login(world.a.admin).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert all(user.name in staff for user in (a1_member, a2_admin, world.a.manager, world.a.partner_admins[0]))
    assert "A partner ·" not in staff


def test_status_change_notifies_author_and_voters_by_email(world, idea, login, smtp):
    login(world.a.partner_members[1]).post(f"/ideas/{idea.id}/vote")
    planned = _status(world.a.tenant, "Planned")
    response = login(world.a.manager).post(f"/ideas/{idea.id}/status", data={"status_id": planned.id})
    assert response.status_code == 302
    deliver_all_due()
    smtp.wait_for(2)
    messages = [m for m in smtp.messages if m["Subject"].startswith("Idea update")]
    assert sorted(m["To"] for m in messages) == sorted([world.a.partner_admins[0].email,
                                                       world.a.partner_members[1].email])
    assert "is now: Planned" in text_part(messages[0])


def test_partners_cannot_move_ideas(world, idea, login):
    planned = _status(world.a.tenant, "Planned")
    assert login(world.a.partner_admins[0]).post(f"/ideas/{idea.id}/status",
                                                 data={"status_id": planned.id}).status_code == 404
    assert _ideas(world.a.tenant)[0].status.name == "New"


def test_status_of_another_tenant_is_refused(world, idea, login):
    foreign = _status(world.b.tenant, "Planned")
    response = login(world.a.admin).post(f"/ideas/{idea.id}/status", data={"status_id": foreign.id})
    assert response.status_code == 400
    assert _ideas(world.a.tenant)[0].status.name == "New"


def test_merging_carries_votes_over_without_double_counting(world, idea, login):
    second = login(world.a.partner_members[1])
    second.post("/ideas/new", data={"title": "MDF claims online", "program_element_id": ""})
    duplicate = _ideas(world.a.tenant)[1]
    second.post(f"/ideas/{idea.id}/vote")  # member 1 voted for both
    login(world.a.partner_admins[1]).post(f"/ideas/{duplicate.id}/vote")
    response = login(world.a.manager).post(f"/ideas/{duplicate.id}/merge",
                                           data={"target_id": idea.id, "confirmed": "yes"})
    assert response.status_code == 302
    assert _votes(world.a.tenant, idea.id) == 3  # padmin0 + member1 + padmin1
    assert _votes(world.a.tenant, duplicate.id) == 0
    assert _ideas(world.a.tenant)[1].merged_into_id == idea.id
    assert "MDF claims online" not in login(world.a.manager).get("/ideas/").get_data(as_text=True)


def test_demand_weighs_votes_by_partner_tier_and_counts_customer_feedback(world, idea, login):
    with scoped_to(world.a.tenant.id):
        gold = db.session.scalars(select(PartnerTier).where(PartnerTier.name == "Gold")).one()
        registered = db.session.scalars(select(PartnerTier).where(PartnerTier.name == "Registered")).one()
        world.a.partners[0].tier_id, world.a.partners[1].tier_id = gold.id, registered.id
        db.session.commit()
    login(world.a.partner_members[1]).post("/ideas/new", data={"title": "Popular with small partners"})
    for user in (world.a.partner_admins[1],):
        login(user).post(f"/ideas/{_ideas(world.a.tenant)[1].id}/vote")
    with scoped_to(world.a.tenant.id):
        item, _ = record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.SURVEY, text="want MDF portal",
                                                partner_id=world.a.partners[0].id))
        db.session.commit()
        item_id = item.id
    staff = login(world.a.manager)
    assert staff.post(f"/ideas/from-feedback/{item_id}", data={"title": "MDF portal"}).status_code == 302
    promoted = _ideas(world.a.tenant)[2]
    staff.post(f"/ideas/{promoted.id}/proxy-votes", data={"partner_id": world.a.partners[0].id})
    with scoped_to(world.a.tenant.id):
        rows = {row.Idea.title: (row.votes, row.demand) for row in board(sort="demand", include_demand=True)}
        ordered = [row.Idea.title for row in board(sort="demand", include_demand=True)]
    assert rows["Self-service MDF claims"] == (1, 3)  # one gold vote
    assert rows["Popular with small partners"] == (2, 2)  # two registered votes
    assert rows["MDF portal"] == (1, 4)  # gold proxy vote 3 + 1 customer item
    assert ordered[0] == "MDF portal"
    assert promoted.source_feedback_id == item_id


def test_demand_sort_is_for_staff_only(world, idea, login):
    assert "demand" not in login(world.a.partner_members[0]).get("/ideas/?sort=demand").get_data(as_text=True).lower()


def test_statuses_can_be_renamed_and_added(world, login):
    admin = login(world.a.admin)
    review = _status(world.a.tenant, "Under review")
    admin.post(f"/ideas/statuses/{review.id}/rename", data={"name": "Evaluating"})
    admin.post("/ideas/statuses", data={"name": "Beta", "on_roadmap": "y"})
    with scoped_to(world.a.tenant.id):
        names = [s.name for s in db.session.scalars(select(IdeaStatus).order_by(IdeaStatus.position))]
    assert "Evaluating" in names and names[-1] == "Beta"
    assert login(world.a.manager).get("/ideas/statuses").status_code == 403


def test_public_roadmap_is_opt_in_and_shows_no_names(world, idea, login, client):
    assert client.get(f"/roadmap/{world.a.tenant.slug}").status_code == 404
    admin = login(world.a.admin)
    admin.post("/ideas/roadmap-setting", data={"roadmap_public": "y"})
    planned = _status(world.a.tenant, "Planned")
    admin.post(f"/ideas/{idea.id}/status", data={"status_id": planned.id})
    page = client.get(f"/roadmap/{world.a.tenant.slug}").get_data(as_text=True)
    assert "Self-service MDF claims" in page and "Planned" in page
    assert world.a.partners[0].name not in page and world.a.partner_admins[0].name not in page
    assert client.get(f"/roadmap/{world.b.tenant.slug}").status_code == 404


PRIVATE_TEXT = "Our margin on the Contoso deal is 4%; please speed up MDF claims."


def _private_feedback(org):
    with scoped_to(org.tenant.id):
        item, _ = record_feedback(FeedbackInput(source=Source.PARTNER, channel=Channel.PORTAL, text=PRIVATE_TEXT,
                                                partner_id=org.partners[0].id))
        db.session.commit()
        return item.id


def test_promoting_feedback_publishes_only_what_staff_wrote(world, login):
    item_id = _private_feedback(world.a)
    staff = login(world.a.manager)
    form_page = staff.get(f"/ideas/from-feedback/{item_id}").get_data(as_text=True)
    assert "Every partner of the program will be able to read this idea" in form_page
    assert f'value="{PRIVATE_TEXT[:20]}' not in form_page  # the title does not start as the feedback's text
    assert re.search(r'<textarea[^>]*name="description"[^>]*>\s*</textarea>', form_page)  # nor the description
    response = staff.post(f"/ideas/from-feedback/{item_id}", data={"title": "Faster MDF claims"})
    assert response.status_code == 302
    [idea] = _ideas(world.a.tenant)
    assert (idea.title, idea.description, idea.source_feedback_id) == ("Faster MDF claims", "", item_id)
    other_partner = login(world.a.partner_admins[1]).get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "Faster MDF claims" in other_partner
    assert "Contoso" not in other_partner and f"/feedback/{item_id}" not in other_partner


def test_promoting_keeps_the_feedbacks_text_only_when_staff_ask_for_it(world, login):
    item_id = _private_feedback(world.a)
    staff = login(world.a.manager)
    both = staff.post(f"/ideas/from-feedback/{item_id}", data={
        "title": "Faster MDF claims", "description": "Claims take weeks", "keep_feedback_text": "y"})
    assert both.status_code == 422
    assert "Write a description or use the feedback&#39;s text, not both." in both.get_data(as_text=True)
    assert _ideas(world.a.tenant) == []
    staff.post(f"/ideas/from-feedback/{item_id}", data={"title": "Faster MDF claims", "keep_feedback_text": "y"})
    assert _ideas(world.a.tenant)[0].description == PRIVATE_TEXT


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85", "\r\n"], ids=repr)
def test_idea_with_a_line_separator_stored_in_its_title_can_still_change_status(
        world, idea, login, smtp, separator):
    # Stored before titles were checked (or past the forms): every status email quotes it.
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(Idea).where(Idea.id == idea.id).values(title=f"Faster{separator}MDF claims"))
        db.session.commit()
    deliver_all_due()  # the world's invitations
    smtp.clear()
    planned = _status(world.a.tenant, "Planned")
    response = login(world.a.manager).post(f"/ideas/{idea.id}/status", data={"status_id": planned.id})
    assert response.status_code == 302
    assert _ideas(world.a.tenant)[0].status_id == planned.id
    assert deliver_all_due() == 1
    [message] = smtp.wait_for(1)
    assert message["Subject"] == "Idea update: Faster MDF claims is now Planned"
    assert message["To"] == world.a.partner_admins[0].email
