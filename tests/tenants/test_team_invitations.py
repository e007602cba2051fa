"""Inviting colleagues from /team, and who may resend or revoke which invitation."""

from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.tenancy import scoped_to
from app.tenants.models import Invitation, Role
from tests.invitation_helpers import emailed_invitation_path, invitations_to

NEW_PASSWORD = "a fine long passphrase 42"


def _invite(client, email, role, **extra):
    return client.post("/team/invite", data={"email": email, "role": role, **extra})


def _accept_as_new(client, path):
    return client.post(path, data={"name": "New Person", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})


def _reload(invitation):
    db.session.expire_all()
    with scoped_to(invitation.tenant_id):
        return db.session.scalars(select(Invitation).where(Invitation.id == invitation.id)).one()


# --- tenant admins invite staff --------------------------------------------------------------


def test_admin_invites_a_manager(world, login):
    response = _invite(login(world.a.admin), "mia@a.example", "manager")
    assert response.status_code == 302
    [invitation] = invitations_to("mia@a.example")
    assert (invitation.tenant_id, invitation.partner_id, invitation.role) == (
        world.a.tenant.id,
        None,
        Role.MANAGER,
    )
    assert invitation.invited_by_id == world.a.admin.id


def test_admin_invites_another_admin(world, login):
    _invite(login(world.a.admin), "ada@a.example", "admin")
    assert invitations_to("ada@a.example")[0].role == Role.ADMIN


def test_staff_invitation_email_leads_to_a_staff_membership(world, app, smtp, login):
    _invite(login(world.a.admin), "mia@a.example", "manager")
    invitee = app.test_client()
    assert _accept_as_new(invitee, emailed_invitation_path(smtp, "mia@a.example")).status_code == 302
    assert "Staff of Vendor A" in invitee.get("/team/").get_data(as_text=True)


def test_invitation_email_names_the_inviter_and_the_organisation(world, smtp, login):
    _invite(login(world.a.admin), "mia@a.example", "manager")
    emailed_invitation_path(smtp, "mia@a.example")
    [message] = smtp.to("mia@a.example")
    assert message["Subject"] == "You are invited to join Vendor A on Partnerloop"
    assert "Admin A invited you to join Vendor A" in message.get_body(("plain",)).get_content()


def test_pending_staff_invitations_are_listed_for_the_admin(world, login):
    page = login(world.a.admin).get("/team/").get_data(as_text=True)
    assert "newstaff@a.test" in page
    assert "newp1@a.test" not in page and "newstaff@b.test" not in page


def test_admin_posting_a_partner_id_still_invites_staff(world, login):
    partner = world.a.partners[0]
    _invite(
        login(world.a.admin), "mia@a.example", "manager", partner_id=partner.id, tenant_id=world.b.tenant.id
    )
    [invitation] = invitations_to("mia@a.example")
    assert (invitation.tenant_id, invitation.partner_id) == (world.a.tenant.id, None)


def test_admin_cannot_invite_a_partner_role_from_the_team_page(world, login):
    response = _invite(login(world.a.admin), "mia@a.example", "partner_admin")
    assert response.status_code == 422
    assert invitations_to("mia@a.example") == []


def test_invalid_email_is_refused(world, login):
    response = _invite(login(world.a.admin), "not-an-email", "manager")
    assert response.status_code == 422
    assert "Invalid email address." in response.get_data(as_text=True)


def test_duplicate_invitation_shows_why(world, login):
    admin = login(world.a.admin)
    _invite(admin, "mia@a.example", "manager")
    response = _invite(admin, "MIA@a.example", "admin")
    assert response.status_code == 422
    assert "already pending" in response.get_data(as_text=True)
    assert len(invitations_to("mia@a.example")) == 1


def test_inviting_an_existing_member_is_refused(world, login):
    world.a.manager.email = "manager@a.example"  # an address the form's validator accepts
    db.session.commit()
    response = _invite(login(world.a.admin), "manager@a.example", "admin")
    assert response.status_code == 422
    assert "already has access" in response.get_data(as_text=True)
    assert invitations_to("manager@a.example") == []


# --- who may not invite ----------------------------------------------------------------------


def test_manager_cannot_invite_staff(world, login):
    response = _invite(login(world.a.manager), "mia@a.example", "manager")
    assert response.status_code == 403
    assert invitations_to("mia@a.example") == []


def test_manager_posting_admin_role_gets_no_admin_invitation(world, login):
    response = _invite(login(world.a.manager), "mia@a.example", "admin")
    assert response.status_code == 403
    assert invitations_to("mia@a.example") == []


def test_manager_sees_no_invite_form(world, login):
    page = login(world.a.manager).get("/team/").get_data(as_text=True)
    assert "Ask an admin of your organisation" in page and 'action="/team/invite"' not in page


def test_partner_member_cannot_invite(world, login):
    response = _invite(login(world.a.partner_members[0]), "pat@p.example", "partner_member")
    assert response.status_code == 403
    assert invitations_to("pat@p.example") == []


def test_logged_out_visitor_is_sent_to_log_in(world, client):
    response = _invite(client, "pat@p.example", "partner_member")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert invitations_to("pat@p.example") == []


# --- partner admins invite colleagues into their own partner -----------------------------------


def test_partner_admin_invites_a_colleague_into_their_partner(world, login):
    response = _invite(login(world.a.partner_admins[0]), "pat@p.example", "partner_member")
    assert response.status_code == 302
    [invitation] = invitations_to("pat@p.example")
    assert (invitation.tenant_id, invitation.partner_id, invitation.role) == (
        world.a.tenant.id,
        world.a.partners[0].id,
        Role.PARTNER_MEMBER,
    )


def test_partner_admin_invites_another_partner_admin(world, login):
    _invite(login(world.a.partner_admins[0]), "pat@p.example", "partner_admin")
    assert invitations_to("pat@p.example")[0].role == Role.PARTNER_ADMIN


def test_partner_admin_posting_admin_role_gets_no_admin_invitation(world, login):
    response = _invite(login(world.a.partner_admins[0]), "pat@p.example", "admin")
    assert response.status_code == 422
    assert invitations_to("pat@p.example") == []


def test_partner_admin_posting_manager_role_gets_no_staff_invitation(world, login):
    response = _invite(login(world.a.partner_admins[0]), "pat@p.example", "manager")
    assert response.status_code == 422
    assert invitations_to("pat@p.example") == []


def test_partner_admin_posting_another_partner_and_tenant_still_invites_into_their_own(world, login):
    _invite(
        login(world.a.partner_admins[0]),
        "pat@p.example",
        "partner_member",
        partner_id=world.a.partners[1].id,
        tenant_id=world.b.tenant.id,
    )
    [invitation] = invitations_to("pat@p.example")
    assert (invitation.tenant_id, invitation.partner_id) == (world.a.tenant.id, world.a.partners[0].id)


def test_partner_admin_sees_only_their_partners_people_and_invitations(world, login):
    page = login(world.a.partner_admins[0]).get("/team/").get_data(as_text=True)
    assert "padmin1@a.test" in page and "pmember1@a.test" in page and "newp1@a.test" in page
    for foreign in ("padmin2@a.test", "newp2@a.test", "admin@a.test", "newstaff@a.test", "padmin1@b.test"):
        assert foreign not in page


def test_colleague_invitation_email_leads_into_the_partner(world, app, smtp, login):
    _invite(login(world.a.partner_admins[0]), "pat@p.example", "partner_member")
    invitee = app.test_client()
    _accept_as_new(invitee, emailed_invitation_path(smtp, "pat@p.example"))
    assert "People of Partner A1" in invitee.get("/team/").get_data(as_text=True)


# --- resend ----------------------------------------------------------------------------------


def test_resend_makes_the_old_link_invalid_and_the_new_one_work(world, app, smtp, login):
    old_path = emailed_invitation_path(smtp, "newstaff@a.test")
    response = login(world.a.admin).post(f"/team/invitations/{world.a.staff_invitation.id}/resend")
    assert response.status_code == 302
    new_path = emailed_invitation_path(smtp, "newstaff@a.test")
    assert new_path != old_path
    assert app.test_client().get(old_path).status_code == 404
    assert _accept_as_new(app.test_client(), new_path).status_code == 302


def test_resend_counts_and_extends_the_invitation(world, login):
    invitation = world.a.staff_invitation
    with scoped_to(invitation.tenant_id):
        invitation.expires_at = utcnow()
        db.session.commit()
    login(world.a.admin).post(f"/team/invitations/{invitation.id}/resend")
    invitation = _reload(invitation)
    assert invitation.sent_count == 2
    assert not invitation.is_expired


def test_resend_returns_to_the_page_it_came_from(world, login):
    response = login(world.a.admin).post(
        f"/team/invitations/{world.a.partner_invitations[0].id}/resend",
        headers={"Referer": f"http://localhost/partners/{world.a.partners[0].id}"},
    )
    assert response.headers["Location"] == f"/partners/{world.a.partners[0].id}"


def test_resend_never_redirects_off_site(world, login):
    response = login(world.a.admin).post(
        f"/team/invitations/{world.a.staff_invitation.id}/resend",
        data={"next": "https://evil.example/x"},
        headers={"Referer": "https://evil.example/y"},
    )
    assert response.headers["Location"] == "/team/"


def test_revoked_invitation_cannot_be_resent(world, smtp, login):
    admin = login(world.a.admin)
    admin.post(f"/team/invitations/{world.a.staff_invitation.id}/revoke")
    smtp.clear()
    admin.post(f"/team/invitations/{world.a.staff_invitation.id}/resend")
    assert _reload(world.a.staff_invitation).sent_count == 1
    emailed = [m for m in smtp.messages if m["To"] == "newstaff@a.test"]
    assert emailed == []


def test_partner_admin_resends_an_invitation_of_their_partner(world, login):
    invitation = world.a.partner_invitations[0]
    response = login(world.a.partner_admins[0]).post(f"/team/invitations/{invitation.id}/resend")
    assert response.status_code == 302
    assert _reload(invitation).sent_count == 2


def test_partner_admin_cannot_resend_another_partners_invitation(world, login):
    invitation = world.a.partner_invitations[1]
    response = login(world.a.partner_admins[0]).post(f"/team/invitations/{invitation.id}/resend")
    assert response.status_code == 404
    assert _reload(invitation).sent_count == 1


def test_partner_admin_cannot_resend_a_staff_invitation(world, login):
    response = login(world.a.partner_admins[0]).post(
        f"/team/invitations/{world.a.staff_invitation.id}/resend"
    )
    assert response.status_code == 404
    assert _reload(world.a.staff_invitation).sent_count == 1


def test_manager_cannot_resend_a_staff_invitation(world, login):
    response = login(world.a.manager).post(f"/team/invitations/{world.a.staff_invitation.id}/resend")
    assert response.status_code == 404
    assert _reload(world.a.staff_invitation).sent_count == 1


def test_manager_resends_a_partner_invitation(world, login):
    invitation = world.a.partner_invitations[1]
    login(world.a.manager).post(f"/team/invitations/{invitation.id}/resend")
    assert _reload(invitation).sent_count == 2


def test_admin_of_another_tenant_cannot_resend(world, login):
    response = login(world.b.admin).post(f"/team/invitations/{world.a.staff_invitation.id}/resend")
    assert response.status_code == 404
    assert _reload(world.a.staff_invitation).sent_count == 1


def test_unknown_invitation_id_is_404(world, login):
    assert login(world.a.admin).post("/team/invitations/999999/resend").status_code == 404


# --- revoke ----------------------------------------------------------------------------------


def test_admin_revokes_a_staff_invitation(world, app, smtp, login):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    admin = login(world.a.admin)
    assert admin.post(f"/team/invitations/{world.a.staff_invitation.id}/revoke").status_code == 302
    assert _reload(world.a.staff_invitation).revoked_at is not None
    assert "The invitation for newstaff@a.test is revoked." in admin.get("/team/").get_data(as_text=True)
    assert "newstaff@a.test" not in admin.get("/team/").get_data(as_text=True)
    assert app.test_client().get(path).status_code == 404


def test_revoked_address_can_be_invited_again(world, login):
    admin = login(world.a.admin)
    _invite(admin, "mia@a.example", "manager")
    first = invitations_to("mia@a.example")[0]
    admin.post(f"/team/invitations/{first.id}/revoke")
    assert _invite(admin, "mia@a.example", "manager").status_code == 302
    assert [i.revoked_at is None for i in invitations_to("mia@a.example")] == [False, True]


def test_partner_admin_revokes_an_invitation_of_their_partner(world, login):
    invitation = world.a.partner_invitations[0]
    login(world.a.partner_admins[0]).post(f"/team/invitations/{invitation.id}/revoke")
    assert _reload(invitation).revoked_at is not None


def test_partner_admin_cannot_revoke_another_partners_invitation(world, login):
    invitation = world.a.partner_invitations[1]
    response = login(world.a.partner_admins[0]).post(f"/team/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    assert _reload(invitation).revoked_at is None


def test_partner_member_cannot_revoke_their_partners_invitation(world, login):
    invitation = world.a.partner_invitations[0]
    response = login(world.a.partner_members[0]).post(f"/team/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    assert _reload(invitation).revoked_at is None


def test_manager_cannot_revoke_a_staff_invitation(world, login):
    response = login(world.a.manager).post(f"/team/invitations/{world.a.staff_invitation.id}/revoke")
    assert response.status_code == 404
    assert _reload(world.a.staff_invitation).revoked_at is None


def test_admin_of_another_tenant_cannot_revoke(world, login):
    invitation = world.a.partner_invitations[0]
    response = login(world.b.admin).post(f"/team/invitations/{invitation.id}/revoke")
    assert response.status_code == 404
    assert _reload(invitation).revoked_at is None


def test_accepted_invitation_cannot_be_revoked(world, app, smtp, login):
    _accept_as_new(app.test_client(), emailed_invitation_path(smtp, "newstaff@a.test"))
    login(world.a.admin).post(f"/team/invitations/{world.a.staff_invitation.id}/revoke")
    invitation = _reload(world.a.staff_invitation)
    assert invitation.accepted_at is not None and invitation.revoked_at is None
