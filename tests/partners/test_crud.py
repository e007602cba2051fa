"""Inviting partner organisations, editing them, changing their status, inviting their people."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Role
from tests.invitation_helpers import emailed_invitation_path, invitations_to

NEW_PASSWORD = "a fine long passphrase 42"


def _partner_named(name):
    db.session.expire_all()
    return db.session.scalars(unscoped(select(Partner).where(Partner.name == name))).first()


def _partner_count(tenant):
    return db.session.scalar(
        unscoped(select(func.count()).select_from(Partner).where(Partner.tenant_id == tenant.id))
    )


def _new_partner(client, **fields):
    data = {"name": "Fresh Co", "admin_email": "boss@fresh.example", **fields}
    return client.post("/partners/new", data=data)


def _tier_of(org, name="Silver"):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(PartnerTier).where(PartnerTier.name == name)).one()


def _edit(client, partner, **fields):
    data = {
        "name": partner.name,
        "tier_id": partner.tier_id or "",
        "region": partner.region,
        "vertical": partner.vertical,
        "manager_id": partner.manager_id or "",
        **fields,
    }
    return client.post(f"/partners/{partner.id}/edit", data=data)


# --- inviting a partner organisation ----------------------------------------------------------


def test_new_partner_form_offers_the_tenants_tiers_and_staff(world, login):
    page = login(world.a.manager).get("/partners/new")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Silver" in body and "Manager A" in body and "Admin A" in body
    assert "Manager B" not in body and "Partner admin a1" not in body


def test_manager_invites_a_partner_with_its_details(world, login):
    silver = _tier_of(world.a)
    response = _new_partner(
        login(world.a.manager),
        tier_id=silver.id,
        region="APAC",
        vertical="Healthcare",
        manager_id=world.a.manager.id,
    )
    partner = _partner_named("Fresh Co")
    assert response.status_code == 302 and response.headers["Location"] == f"/partners/{partner.id}"
    assert (
        partner.tenant_id,
        partner.status,
        partner.tier_id,
        partner.region,
        partner.vertical,
        partner.manager_id,
    ) == (world.a.tenant.id, PartnerStatus.INVITED, silver.id, "APAC", "Healthcare", world.a.manager.id)


def test_new_partner_gets_a_partner_admin_invitation(world, login):
    _new_partner(login(world.a.admin))
    [invitation] = invitations_to("boss@fresh.example")
    assert invitation.partner_id == _partner_named("Fresh Co").id
    assert invitation.role == Role.PARTNER_ADMIN


def test_new_partners_first_admin_follows_the_email_and_runs_the_partner(world, app, smtp, login):
    _new_partner(login(world.a.manager))
    path = emailed_invitation_path(smtp, "boss@fresh.example")
    invitee = app.test_client()
    invitee.post(path, data={"name": "Bo Boss", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "People of Fresh Co" in invitee.get("/team/").get_data(as_text=True)
    assert _partner_named("Fresh Co").status == PartnerStatus.ACTIVE
    assert (
        invitee.post(
            "/team/invite", data={"email": "col@fresh.example", "role": "partner_member"}
        ).status_code
        == 302
    )


def test_new_partner_with_only_the_required_fields(world, login):
    _new_partner(login(world.a.admin))
    partner = _partner_named("Fresh Co")
    assert (partner.tier_id, partner.manager_id, partner.region, partner.vertical) == (None, None, "", "")


def test_new_partner_ignores_posted_status_and_tenant(world, login):
    _new_partner(
        login(world.a.admin), status="active", tenant_id=world.b.tenant.id, id=world.b.partners[0].id
    )
    partner = _partner_named("Fresh Co")
    assert partner.tenant_id == world.a.tenant.id and partner.status == PartnerStatus.INVITED
    assert partner.id != world.b.partners[0].id


def test_partner_users_cannot_invite_partner_organisations(world, login):
    for user in (world.a.partner_admins[0], world.a.partner_members[0]):
        client = login(user)
        assert client.get("/partners/new").status_code == 404
        assert _new_partner(client).status_code == 404
    assert _partner_named("Fresh Co") is None


def test_duplicate_partner_name_is_a_field_error(world, login):
    response = _new_partner(login(world.a.admin), name="  partner a1 ")
    assert response.status_code == 422
    assert "A partner with this name already exists." in response.get_data(as_text=True)
    assert _partner_count(world.a.tenant) == 2
    assert invitations_to("boss@fresh.example") == []


def test_duplicate_non_ascii_partner_name_is_a_field_error_not_a_crash(world, login):
    admin = login(world.a.admin)
    _new_partner(admin, name="Ärger GmbH")
    response = _new_partner(admin, name="Ärger GmbH", admin_email="other@fresh.example")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)


def test_same_name_as_a_partner_of_another_tenant_is_fine(world, login):
    assert _new_partner(login(world.a.admin), name="Partner B1").status_code == 302
    assert _partner_count(world.a.tenant) == 3


def test_tier_of_another_tenant_is_a_field_error(world, login):
    response = _new_partner(login(world.a.admin), tier_id=world.b.tier.id)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _partner_named("Fresh Co") is None


def test_manager_of_another_tenant_is_a_field_error(world, login):
    response = _new_partner(login(world.a.admin), manager_id=world.b.manager.id)
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _partner_named("Fresh Co") is None


def test_partner_user_cannot_be_partner_manager(world, login):
    response = _new_partner(login(world.a.admin), manager_id=world.a.partner_admins[0].id)
    assert response.status_code == 422
    assert _partner_named("Fresh Co") is None


def test_nonsense_tier_id_is_a_field_error(world, login):
    client = login(world.a.admin)
    for tier_id in ("abc", "1.5", "-1", "99999999999999999999"):
        assert _new_partner(client, tier_id=tier_id).status_code == 422, tier_id
    assert _partner_named("Fresh Co") is None


def test_control_characters_are_refused(world, login):
    client = login(world.a.admin)
    response = _new_partner(client, name="Fresh\x00Co")
    assert response.status_code == 422
    assert "Keep this on one line" in response.get_data(as_text=True)
    for field, value in (("region", "EM\x1bEA"), ("vertical", "Re\ntail")):  # lists: only their entries
        response = _new_partner(client, **{field: value})
        assert response.status_code == 422, field
        assert "Not a valid choice" in response.get_data(as_text=True)
    assert _partner_count(world.a.tenant) == 2


def test_too_long_values_are_refused(world, login):
    client = login(world.a.admin)
    response = _new_partner(client, name="x" * 121)
    assert response.status_code == 422
    assert "longer than 120 characters" in response.get_data(as_text=True)
    assert _partner_count(world.a.tenant) == 2


def test_longest_allowed_name_is_accepted(world, login):
    assert _new_partner(login(world.a.admin), name="n" * 120).status_code == 302
    assert _partner_named("n" * 120) is not None


def test_blank_name_is_refused(world, login):
    response = _new_partner(login(world.a.admin), name="   ")
    assert response.status_code == 422
    assert _partner_count(world.a.tenant) == 2


def test_invalid_admin_email_is_refused(world, login):
    response = _new_partner(login(world.a.admin), admin_email="boss at fresh")
    assert response.status_code == 422
    assert _partner_named("Fresh Co") is None


def test_admin_email_of_an_existing_member_is_an_error_on_that_field(world, login):
    world.a.manager.email = "manager@a.example"
    db.session.commit()
    response = _new_partner(login(world.a.admin), admin_email="manager@a.example")
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert "already has access" in body
    # On the admin_email field, not in the alert above the form.
    assert body.index('name="admin_email"') < body.index("already has access")
    assert _partner_named("Fresh Co") is None


# --- editing ---------------------------------------------------------------------------------


def test_edit_form_shows_the_current_values(world, login):
    body = login(world.a.manager).get(f"/partners/{world.a.partners[0].id}/edit").get_data(as_text=True)
    assert 'value="Partner A1"' in body and 'value="EMEA"' in body


def test_staff_edit_a_partner(world, login):
    partner, silver = world.a.partners[0], _tier_of(world.a)
    response = _edit(
        login(world.a.manager),
        partner,
        name="Partner A1 Renamed",
        tier_id=silver.id,
        region="LATAM",
        vertical="Healthcare",
        manager_id=world.a.admin.id,
    )
    assert response.status_code == 302
    edited = _partner_named("Partner A1 Renamed")
    assert (edited.tier_id, edited.region, edited.vertical, edited.manager_id) == (
        silver.id,
        "LATAM",
        "Healthcare",
        world.a.admin.id,
    )


def test_edit_keeping_the_same_name_is_fine(world, login):
    assert _edit(login(world.a.admin), world.a.partners[0], region="APAC").status_code == 302
    assert _partner_named("Partner A1").region == "APAC"


def test_edit_to_another_partners_name_is_a_field_error(world, login):
    response = _edit(login(world.a.admin), world.a.partners[0], name="PARTNER A2")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert _partner_named("Partner A1") is not None


def test_edit_to_a_foreign_tier_or_manager_is_a_field_error(world, login):
    admin = login(world.a.admin)
    assert _edit(admin, world.a.partners[0], tier_id=world.b.tier.id).status_code == 422
    assert _edit(admin, world.a.partners[0], manager_id=world.b.admin.id).status_code == 422
    partner = _partner_named("Partner A1")
    assert (partner.tier_id, partner.manager_id) == (world.a.tier.id, world.a.manager.id)


def test_edit_can_clear_tier_and_manager(world, login):
    _edit(login(world.a.admin), world.a.partners[0], tier_id="None", manager_id="")
    partner = _partner_named("Partner A1")
    assert (partner.tier_id, partner.manager_id) == (None, None)


def test_edit_ignores_posted_status_and_tenant(world, login):
    _edit(login(world.a.admin), world.a.partners[0], status="suspended", tenant_id=world.b.tenant.id)
    partner = _partner_named("Partner A1")
    assert partner.status == PartnerStatus.ACTIVE and partner.tenant_id == world.a.tenant.id


def test_partner_of_another_tenant_is_404_everywhere(world, login):
    admin, foreign = login(world.a.admin), world.b.partners[0]
    assert admin.get(f"/partners/{foreign.id}").status_code == 404
    assert admin.get(f"/partners/{foreign.id}/edit").status_code == 404
    assert _edit(admin, foreign, name="Hijacked").status_code == 404
    assert admin.post(f"/partners/{foreign.id}/status", data={"status": "suspended"}).status_code == 404
    assert (
        admin.post(
            f"/partners/{foreign.id}/invitations", data={"email": "x@x.example", "role": "partner_member"}
        ).status_code
        == 404
    )
    assert _partner_named("Partner B1").status == PartnerStatus.ACTIVE
    assert invitations_to("x@x.example") == []


def test_partner_users_cannot_see_partner_pages(world, login):
    client = login(world.a.partner_admins[0])
    assert client.get("/partners/").status_code == 404
    assert client.get(f"/partners/{world.a.partners[0].id}").status_code == 404
    assert _edit(client, world.a.partners[0], name="Mine now").status_code == 404


def test_show_page_lists_people_and_pending_invitations(world, login):
    body = login(world.a.manager).get(f"/partners/{world.a.partners[0].id}").get_data(as_text=True)
    assert "padmin1@a.test" in body and "pmember1@a.test" in body and "newp1@a.test" in body
    assert "padmin2@a.test" not in body and "newp2@a.test" not in body


# --- status ----------------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["suspended", "invited", "active"])
def test_staff_change_a_partners_status(world, login, status):
    response = login(world.a.manager).post(
        f"/partners/{world.a.partners[0].id}/status", data={"status": status}
    )
    assert response.status_code == 302
    assert _partner_named("Partner A1").status == PartnerStatus(status)


def test_unknown_status_is_a_bad_request(world, login):
    response = login(world.a.admin).post(
        f"/partners/{world.a.partners[0].id}/status", data={"status": "deleted"}
    )
    assert response.status_code == 400
    assert _partner_named("Partner A1").status == PartnerStatus.ACTIVE


def test_people_of_a_suspended_partner_lose_access(world, login):
    partner_admin = login(world.a.partner_admins[0])
    login(world.a.admin).post(f"/partners/{world.a.partners[0].id}/status", data={"status": "suspended"})
    response = partner_admin.get("/team/")
    assert response.status_code == 302 and "/orgs" in response.headers["Location"]


def test_reactivated_partner_gets_access_back(world, login):
    admin = login(world.a.admin)
    admin.post(f"/partners/{world.a.partners[0].id}/status", data={"status": "suspended"})
    admin.post(f"/partners/{world.a.partners[0].id}/status", data={"status": "active"})
    assert login(world.a.partner_admins[0]).get("/team/").status_code == 200


# --- inviting people into a partner -----------------------------------------------------------


def test_manager_invites_someone_into_a_partner(world, login):
    partner = world.a.partners[1]
    response = login(world.a.manager).post(
        f"/partners/{partner.id}/invitations", data={"email": "kim@p.example", "role": "partner_admin"}
    )
    assert response.status_code == 302 and response.headers["Location"] == f"/partners/{partner.id}"
    [invitation] = invitations_to("kim@p.example")
    assert (invitation.partner_id, invitation.role) == (partner.id, Role.PARTNER_ADMIN)


def test_partner_invitation_email_leads_into_that_partner(world, app, smtp, login):
    login(world.a.manager).post(
        f"/partners/{world.a.partners[1].id}/invitations",
        data={"email": "kim@p.example", "role": "partner_member"},
    )
    invitee = app.test_client()
    invitee.post(
        emailed_invitation_path(smtp, "kim@p.example"),
        data={"name": "Kim", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
    )
    assert "People of Partner A2" in invitee.get("/team/").get_data(as_text=True)


def test_partner_invitation_with_a_staff_or_unknown_role_is_refused(world, login):
    client = login(world.a.manager)
    for role in ("admin", "manager", "owner"):
        client.post(
            f"/partners/{world.a.partners[0].id}/invitations", data={"email": "kim@p.example", "role": role}
        )
        assert "Not a valid choice" in client.get(f"/partners/{world.a.partners[0].id}").get_data(
            as_text=True
        )
    assert invitations_to("kim@p.example") == []


def test_partner_invitation_ignores_a_posted_partner_and_tenant(world, login):
    login(world.a.admin).post(
        f"/partners/{world.a.partners[0].id}/invitations",
        data={
            "email": "kim@p.example",
            "role": "partner_member",
            "partner_id": world.b.partners[0].id,
            "tenant_id": world.b.tenant.id,
        },
    )
    [invitation] = invitations_to("kim@p.example")
    assert (invitation.tenant_id, invitation.partner_id) == (world.a.tenant.id, world.a.partners[0].id)


def test_nobody_is_invited_into_a_suspended_partner(world, login):
    admin = login(world.a.admin)
    admin.post(f"/partners/{world.a.partners[0].id}/status", data={"status": "suspended"})
    admin.post(
        f"/partners/{world.a.partners[0].id}/invitations",
        data={"email": "kim@p.example", "role": "partner_member"},
    )
    assert invitations_to("kim@p.example") == []
    assert "This partner is suspended" in admin.get(f"/partners/{world.a.partners[0].id}").get_data(
        as_text=True
    )


def test_invitations_of_a_suspended_partner_cannot_be_resent(world, login):
    admin = login(world.a.admin)
    admin.post(f"/partners/{world.a.partners[0].id}/status", data={"status": "suspended"})
    admin.post(f"/team/invitations/{world.a.partner_invitations[0].id}/resend")
    assert invitations_to("newp1@a.test")[0].sent_count == 1


def test_partner_admin_cannot_use_the_staff_invitation_route(world, login):
    response = login(world.a.partner_admins[0]).post(
        f"/partners/{world.a.partners[0].id}/invitations",
        data={"email": "kim@p.example", "role": "partner_admin"},
    )
    assert response.status_code == 404
    assert invitations_to("kim@p.example") == []
