"""Accepting an emailed invitation: new and existing accounts, one-click joins, dead links."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm.attributes import set_committed_value

from app.auth.models import User
from app.core.errors import TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.partners.models import PartnerStatus
from app.tenancy import scoped_to
from app.tenants.models import Role
from app.tenants.services.invitations import accept_invitation
from tests.factories import PASSWORD, add_member, make_user
from tests.invitation_helpers import (
    count_memberships,
    emailed_invitation_path,
    invitations_to,
    memberships_of,
)

NEW_PASSWORD = "a fine long passphrase 42"


def _new_account(client, path, name="Nina New", password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"name": name, "password": password, "confirm": confirm or password})


def _invite_into_partner(login, org, partner, email, role="partner_member"):
    admin = login(org.admin)
    response = admin.post(f"/partners/{partner.id}/invitations", data={"email": email, "role": role})
    assert response.status_code == 302
    return admin


@pytest.fixture
def dana(world):
    """A person with an account (staff of tenant B) whom tenant A invites."""
    user = make_user("dana@b.example", "Dana B")
    add_member(world.b.tenant, user, Role.MANAGER)
    return user


def _user(email):
    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).first()


# --- a new person ---------------------------------------------------------------------------


def test_invitation_link_shows_the_new_account_form(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    page = client.get(path)
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Join Vendor A" in body and "Partner manager" in body and "Create account and join" in body


def test_new_person_accepts_and_becomes_staff_of_the_tenant(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    response = _new_account(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    user = _user("newstaff@a.test")
    assert user.name == "Nina New"
    [membership] = memberships_of(user)
    assert (membership.tenant_id, membership.partner_id, membership.role) == (
        world.a.tenant.id,
        None,
        Role.MANAGER,
    )


def test_new_person_is_logged_in_and_acting_in_the_new_organisation(world, client, smtp):
    path = emailed_invitation_path(smtp, "newp1@a.test")
    _new_account(client, path)
    team = client.get("/team/")
    assert team.status_code == 200
    assert "People of Partner A1" in team.get_data(as_text=True)


def test_new_account_needs_a_strong_password(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    response = _new_account(client, path, password="short")
    assert response.status_code == 422
    assert "at least 10 characters" in response.get_data(as_text=True)
    assert _user("newstaff@a.test") is None
    assert invitations_to("newstaff@a.test")[0].accepted_at is None


def test_new_account_needs_matching_passwords(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    response = _new_account(client, path, confirm="another long passphrase")
    assert response.status_code == 422
    assert "The passwords differ." in response.get_data(as_text=True)
    assert _user("newstaff@a.test") is None


def test_new_account_refuses_control_characters_in_the_name(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    response = _new_account(client, path, name="Nina\x00New")
    assert response.status_code == 422
    assert _user("newstaff@a.test") is None


# --- an existing account ---------------------------------------------------------------------


def test_existing_account_is_asked_for_its_password(world, dana, client, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[1], "dana@b.example")
    page = client.get(emailed_invitation_path(smtp, "dana@b.example"))
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "already has a Partnerloop account" in body and "Your current password" in body


def test_existing_account_joins_with_its_correct_password(world, dana, client, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[1], "dana@b.example")
    path = emailed_invitation_path(smtp, "dana@b.example")
    response = client.post(path, data={"password": PASSWORD})
    assert response.status_code == 302
    tenants = {(m.tenant_id, m.partner_id, m.role) for m in memberships_of(dana)}
    assert tenants == {
        (world.b.tenant.id, None, Role.MANAGER),
        (world.a.tenant.id, world.a.partners[1].id, Role.PARTNER_MEMBER),
    }
    assert "People of Partner A2" in client.get("/team/").get_data(as_text=True)


def test_existing_account_with_wrong_password_does_not_join(world, dana, client, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[1], "dana@b.example")
    path = emailed_invitation_path(smtp, "dana@b.example")
    response = client.post(path, data={"password": "not the password at all"})
    assert response.status_code == 422
    assert "That is not the password of this account." in response.get_data(as_text=True)
    assert len(memberships_of(dana)) == 1
    assert invitations_to("dana@b.example")[0].accepted_at is None


def test_wrong_password_leaves_the_link_usable(world, dana, client, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[1], "dana@b.example")
    path = emailed_invitation_path(smtp, "dana@b.example")
    client.post(path, data={"password": "not the password at all"})
    assert client.post(path, data={"password": PASSWORD}).status_code == 302
    assert len(memberships_of(dana)) == 2


# --- already logged in -----------------------------------------------------------------------


def test_logged_in_invitee_joins_with_one_click(world, dana, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[0], "dana@b.example", "partner_admin")
    path = emailed_invitation_path(smtp, "dana@b.example")
    invitee = login(dana)
    page = invitee.get(path).get_data(as_text=True)
    assert "one click" in page and "Your current password" not in page
    assert invitee.post(path, data={}).status_code == 302
    roles = {m.role for m in memberships_of(dana)}
    assert roles == {Role.MANAGER, Role.PARTNER_ADMIN}
    assert "People of Partner A1" in invitee.get("/team/").get_data(as_text=True)


def test_logged_in_as_someone_else_is_warned_and_asked_for_the_password(world, dana, smtp, login):
    _invite_into_partner(login, world.a, world.a.partners[0], "dana@b.example")
    path = emailed_invitation_path(smtp, "dana@b.example")
    other = login(world.b.admin)
    body = other.get(path).get_data(as_text=True)
    assert "You are logged in as admin@b.test" in body and "Your current password" in body
    assert other.post(path, data={}).status_code == 422
    assert len(memberships_of(dana)) == 1


# --- links that cannot be used ---------------------------------------------------------------


def test_unknown_token_gives_a_clear_404(world, client):
    response = client.get("/invitations/not-a-real-token")
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def test_posting_to_an_unknown_token_gives_404_and_creates_nobody(world, client):
    response = _new_account(client, "/invitations/not-a-real-token")
    assert response.status_code == 404
    assert db.session.scalar(select(func.count()).select_from(User)) == 12


def test_odd_characters_in_a_token_give_404(world, client):
    for token in ("%00", "%F0%9F%98%80", "x" * 3000, "..%2F..%2Fetc"):
        assert client.get(f"/invitations/{token}").status_code == 404, token


def test_expired_link_gives_a_clear_404(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    invitation = invitations_to("newstaff@a.test")[0]
    with scoped_to(invitation.tenant_id):
        invitation.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = client.get(path)
    assert response.status_code == 404
    assert "This invitation has expired" in response.get_data(as_text=True)
    assert _new_account(client, path).status_code == 404
    assert _user("newstaff@a.test") is None


def test_revoked_link_gives_a_clear_404(world, client, smtp, login):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    login(world.a.admin).post(f"/team/invitations/{world.a.staff_invitation.id}/revoke")
    response = client.get(path)
    assert response.status_code == 404
    assert "This invitation link is not valid" in response.get_data(as_text=True)


def test_used_link_gives_a_clear_404(world, client, app, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    _new_account(client, path)
    response = app.test_client().get(path)
    assert response.status_code == 404
    assert "already been accepted" in response.get_data(as_text=True)


def test_accepting_the_same_link_twice_yields_one_membership(world, app, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    first, second = app.test_client(), app.test_client()
    assert first.get(path).status_code == second.get(path).status_code == 200
    assert _new_account(first, path).status_code == 302
    assert _new_account(second, path).status_code == 404
    user = _user("newstaff@a.test")
    assert count_memberships(user_id=user.id) == 1


def test_a_concurrent_second_acceptance_is_refused_by_the_claim(world):
    # Both requests loaded the invitation before either claimed it.
    invitation = world.a.partner_invitations[0]
    first, second = make_user("first@x.test"), make_user("second@x.test")
    accept_invitation(invitation, user=first)
    db.session.commit()
    set_committed_value(invitation, "accepted_at", None)  # the stale copy the second request holds
    try:
        accept_invitation(invitation, user=second)
    except TokenError:
        db.session.rollback()
    else:
        raise AssertionError("the second acceptance went through")
    assert count_memberships(user_id=first.id) == 1
    assert count_memberships(user_id=second.id) == 0


def test_invitee_who_already_has_access_gets_404_not_an_error(world, client, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    user = make_user("newstaff@a.test")
    add_member(world.a.tenant, user, Role.MANAGER)
    response = client.post(path, data={"password": PASSWORD})
    assert response.status_code == 404
    assert "already have access" in response.get_data(as_text=True)
    assert count_memberships(user_id=user.id) == 1


def test_link_into_a_suspended_partner_gives_404(world, client, smtp, login):
    path = emailed_invitation_path(smtp, "newp1@a.test")
    login(world.a.admin).post(f"/partners/{world.a.partners[0].id}/status", data={"status": "suspended"})
    response = client.get(path)
    assert response.status_code == 404
    assert "suspended" in response.get_data(as_text=True)


# --- what acceptance changes -----------------------------------------------------------------


def test_first_acceptance_activates_an_invited_partner(world, client, smtp, login):
    login(world.a.manager).post(
        "/partners/new", data={"name": "Fresh Co", "admin_email": "boss@fresh.example"}
    )
    path = emailed_invitation_path(smtp, "boss@fresh.example")
    invitation = invitations_to("boss@fresh.example")[0]
    assert invitation.partner.status == PartnerStatus.INVITED
    _new_account(client, path)
    assert invitations_to("boss@fresh.example")[0].partner.status == PartnerStatus.ACTIVE


def test_acceptance_keeps_a_suspended_status_untouched_for_other_partners(world, client, smtp):
    path = emailed_invitation_path(smtp, "newp2@a.test")
    _new_account(client, path)
    invitation = invitations_to("newp2@a.test")[0]
    assert invitation.partner.status == PartnerStatus.ACTIVE
    assert invitation.accepted_at is not None


def test_invitation_expires_after_the_configured_number_of_days(world, app, smtp, login, monkeypatch):
    monkeypatch.setitem(app.config, "INVITATION_TTL_DAYS", 2)
    login(world.a.admin).post("/team/invite", data={"email": "ttl@a.example", "role": "manager"})
    invitation = invitations_to("ttl@a.example")[0]
    assert timedelta(days=2) - timedelta(minutes=1) < invitation.expires_at - utcnow() <= timedelta(days=2)
    emailed_invitation_path(smtp, "ttl@a.example")
    assert "expires in 2 days" in smtp.to("ttl@a.example")[0].get_body(("plain",)).get_content()


def test_only_the_hash_of_the_token_is_stored(world, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    token = path.rsplit("/", 1)[1]
    invitation = invitations_to("newstaff@a.test")[0]
    assert invitation.token_hash == hash_token(token)
    assert token not in invitation.token_hash
