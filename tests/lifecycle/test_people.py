"""Removing a member from a tenant and deleting one's own account: contributions stay,
anonymised ("Former member"); votes stay as anonymous counts; the last admin stays."""

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.auth.models import PasswordResetToken, User, UserSession
from app.auth.services.accounts import request_password_reset
from app.extensions import db
from app.feedback.models import FeedbackItem, InternalNote
from app.feedback.services import add_internal_note
from app.followups.models import FollowUp
from app.ideas.models import Idea, IdeaComment, IdeaVote
from app.ideas.services import add_comment, idea_demand, post_idea
from app.mail.models import OutboxMessage, OutboxStatus
from app.surveys.models import SurveyRecipient
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Membership, Role, Tenant
from tests.factories import PASSWORD, add_member, make_tenant, make_user, membership_of
from tests.followups.helpers import make_follow_up, record_item
from tests.surveys.helpers import sent_campaign


@pytest.fixture
def contributions(world):
    """Partner member A1 gave feedback, posted an idea (and so voted), commented and owns a
    follow-up; the manager wrote an internal note."""
    a, person = world.a, world.a.partner_members[0]
    item = record_item(a, 0, author=person, nps=4, text="Deal registration takes a week.")
    with scoped_to(a.tenant.id):
        membership = membership_of(person, a.tenant)
        idea = post_idea(membership, "One-click deal registration")
        add_comment(idea, membership, "Please!")
        add_internal_note(db.session.get(FeedbackItem, item.id), a.manager, "Known issue.")
        db.session.commit()
        idea_id = idea.id
    make_follow_up(a, item, owner=person)
    return {"item": item.id, "idea": idea_id, "membership": membership.id}


def one(model, *conditions):
    return db.session.scalars(select(model).where(*conditions)).one()


def count(model, *conditions):
    return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def assert_anonymised(world, ids, user_id):
    with scoped_to(world.a.tenant.id):
        item = one(FeedbackItem, FeedbackItem.id == ids["item"])
        assert (item.author_id, item.submitter_name, item.submitter_email) == (None, "Former member", "")
        assert item.partner_id == world.a.partners[0].id  # still about the partner
        idea = one(Idea, Idea.id == ids["idea"])
        assert idea.author_id is None
        vote = one(IdeaVote, IdeaVote.idea_id == ids["idea"])
        assert (vote.user_id, vote.voter_key) == (None, f"former:{vote.id}")
        assert vote.partner_id == world.a.partners[0].id  # still weighted by the partner's tier
        assert idea_demand(idea)[0] == 1
        assert one(IdeaComment, IdeaComment.idea_id == ids["idea"]).author_id is None
        assert one(FollowUp, FollowUp.feedback_item_id == ids["item"]).owner_id is None
        assert count(InternalNote) == 1
        assert count(Membership, Membership.user_id == user_id) == 0


def test_admin_removes_a_partner_member_from_the_partner_page(world, login, contributions):
    person = world.a.partner_members[0]
    back = f"/partners/{world.a.partners[0].id}"
    client = login(world.a.admin)
    assert "Remove Partner member a1" in client.get(back).get_data(as_text=True)
    response = client.post(f"/team/members/{contributions['membership']}/remove", data={"next": back})
    assert response.status_code == 302 and response.headers["Location"].endswith(back)
    assert_anonymised(world, contributions, person.id)
    assert one(User, User.id == person.id).email == "pmember1@a.test"  # the account stays
    with scoped_to(world.a.tenant.id):
        entry = one(AuditEntry, AuditEntry.object_type == "membership", AuditEntry.action == "deleted")
        assert entry.actor_id == world.a.admin.id


def test_removal_in_one_tenant_leaves_the_persons_rows_in_another_alone(world, login, contributions):
    from tests.lifecycle.test_tenant import all_rows

    person = world.a.partner_members[0]
    add_member(world.b.tenant, person, Role.MANAGER)
    record_item(world.b, 0, author=person, text="Feedback in tenant B.")
    before = all_rows(world.b.tenant.id)
    login(world.a.admin).post(f"/team/members/{contributions['membership']}/remove")
    assert all_rows(world.b.tenant.id) == before


def test_partner_admin_removes_people_of_their_own_partner_only(world, login, contributions):
    client = login(world.a.partner_admins[0])
    assert "Remove Partner member a1" in client.get("/team/").get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        other = membership_of(world.a.partner_members[1], world.a.tenant).id
    assert client.post(f"/team/members/{other}/remove").status_code == 404
    assert client.post(f"/team/members/{contributions['membership']}/remove").status_code == 302
    assert_anonymised(world, contributions, world.a.partner_members[0].id)


@pytest.mark.parametrize("who", ["manager", "partner_member"])
def test_others_cannot_remove_members(world, login, contributions, who):
    user = world.a.manager if who == "manager" else world.a.partner_members[1]
    client = login(user)
    assert "Remove " not in client.get("/team/").get_data(as_text=True)
    assert client.post(f"/team/members/{contributions['membership']}/remove").status_code == 404
    with scoped_to(world.a.tenant.id):
        assert count(Membership, Membership.id == contributions["membership"]) == 1


def test_admin_removes_a_manager_whose_note_stays(world, login, contributions):
    with scoped_to(world.a.tenant.id):
        manager = membership_of(world.a.manager, world.a.tenant).id
    assert login(world.a.admin).post(f"/team/members/{manager}/remove").status_code == 302
    with scoped_to(world.a.tenant.id):
        assert one(InternalNote).author_id is None
        assert count(Membership, Membership.id == manager) == 0


def test_nobody_removes_themselves_on_the_team_page(world, login):
    with scoped_to(world.a.tenant.id):
        own = membership_of(world.a.admin, world.a.tenant).id
    assert login(world.a.admin).post(f"/team/members/{own}/remove").status_code == 404


# --- deleting one's own account -------------------------------------------------------------


def test_a_person_deletes_their_account(world, login, contributions):
    person = world.a.partner_members[0]
    person_id, email = person.id, person.email
    with scoped_to(world.a.tenant.id):
        request_password_reset(email)
        db.session.commit()
    client = login(person)
    page = client.get("/account/delete").get_data(as_text=True)
    assert "Partner A1" in page and "Former member" in page
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert count(User, User.id == person_id) == 0
    assert count(PasswordResetToken) == 0
    assert_anonymised(world, contributions, person_id)
    assert client.get("/").status_code in (200, 302)
    assert client.post("/login", data={"email": email, "password": PASSWORD}).status_code == 422


def test_account_deletion_needs_the_password(world, login, contributions):
    person = world.a.partner_members[0]
    response = login(person).post("/account/delete", data={"password": "not my password"})
    assert response.status_code == 422
    assert "This is not your password" in response.get_data(as_text=True)
    assert count(User, User.id == person.id) == 1
    with scoped_to(world.a.tenant.id):
        assert one(IdeaVote, IdeaVote.idea_id == contributions["idea"]).user_id == person.id


def test_the_only_admin_cannot_delete_their_account(world, login):
    client, admin_id, second_id = login(world.a.admin), world.a.admin.id, world.b.manager.id
    response = client.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 422
    assert "the only admin of Vendor A" in response.get_data(as_text=True)
    assert count(User, User.id == admin_id) == 1
    add_member(world.a.tenant, world.b.manager, Role.ADMIN)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    assert count(User, User.id == admin_id) == 0
    with scoped_to(world.a.tenant.id):
        admins = db.session.scalars(select(Membership.user_id).where(Membership.role == Role.ADMIN)).all()
    assert admins == [second_id]


def test_account_deletion_covers_every_tenant_of_the_person(world, login):
    person = world.b.manager
    person_id = person.id
    add_member(world.a.tenant, person, Role.MANAGER)
    item_a = record_item(world.a, 0, author=person, text="From A's side.").id
    item_b = record_item(world.b, 0, author=person, text="From B's side.").id
    login(person).post("/account/delete", data={"password": PASSWORD})
    for org, item in ((world.a, item_a), (world.b, item_b)):
        with scoped_to(org.tenant.id):
            assert one(FeedbackItem, FeedbackItem.id == item).submitter_name == "Former member"
    assert db.session.scalars(unscoped(select(Membership).where(Membership.user_id == person_id))).all() == []


# --- issue #13 item 2: an account reaches only its own rows --------------------------------

CUSTOMER = "carol@customer.example"


def pending_mail_to(address):
    db.session.expire_all()
    return db.session.scalars(unscoped(select(OutboxMessage).where(
        OutboxMessage.to_address == address, OutboxMessage.status == OutboxStatus.PENDING))).all()


@pytest.fixture
def customer_invitation(world):
    """Vendor A's survey invitation to a customer's address, not sent yet."""
    sent_campaign(world.a, [CUSTOMER])
    [message] = pending_mail_to(CUSTOMER)
    assert (message.kind, message.tenant_id) == ("survey_invitation", world.a.tenant.id)
    return message.id


def test_deleting_own_organisation_and_account_leaves_other_tenants_mail_to_the_address(
        world, login, customer_invitation):
    # Someone who holds the customer's address has their own portal, then deletes it and the account.
    person = make_user(CUSTOMER, "Carol")
    make_tenant("Carol Co", "carol-co", person)
    client = login(person)
    response = client.post("/settings/data/delete", data={"confirm_slug": "carol-co", "password": PASSWORD})
    assert response.status_code == 302
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    assert count(User, User.email == CUSTOMER) == 0
    assert [message.id for message in pending_mail_to(CUSTOMER)] == [customer_invitation]
    with scoped_to(world.a.tenant.id):
        assert count(SurveyRecipient, SurveyRecipient.email == CUSTOMER) == 1


def test_deleting_an_account_removes_its_own_account_mail_and_sessions(world, login):
    person = world.a.partner_members[0]
    email = person.email
    with scoped_to(world.a.tenant.id):
        request_password_reset(email)  # account mail, sent for no tenant
        db.session.commit()
    client = login(person)
    client.post("/account/delete", data={"password": PASSWORD})
    assert pending_mail_to(email) == []
    assert count(UserSession) == 0


def test_signing_up_with_another_tenants_customer_address_gives_nothing_to_act_with(
        world, client, customer_invitation):
    signup = {"company_name": "Mallory Co", "slug": "mallory", "name": "Mallory", "email": CUSTOMER,
              "password": "volcano lair 42"}
    assert client.post("/signup", data=signup).headers["Location"] == "/signup/check-your-email"
    login_response = client.post("/login", data={"email": CUSTOMER, "password": "volcano lair 42"})
    assert login_response.headers["Location"] == "/verify"  # not signed in: the address is not proven
    client.post("/account/delete", data={"password": "volcano lair 42"})
    assert count(Tenant, Tenant.slug == "mallory") == 0
    assert customer_invitation in [message.id for message in pending_mail_to(CUSTOMER)]
