"""Choosing the organisation to act in, and checking that choice on every request."""

import pytest

from app.extensions import db
from app.partners.models import Partner, PartnerStatus
from app.tenancy import scoped_to
from app.tenants.models import Role
from tests.factories import add_member, membership_of


@pytest.fixture
def two_org_admin(world):
    """Vendor A's admin, who is also a partner manager at vendor B."""
    add_member(world.b.tenant, world.a.admin, Role.MANAGER)
    return world.a.admin


def activate(client, membership):
    return client.post(f"/orgs/{membership.id}/activate")


def partners_page(client):
    return client.get("/partners/").get_data(as_text=True)


def suspend(partner):
    with scoped_to(partner.tenant_id):
        db.session.get(Partner, partner.id).status = PartnerStatus.SUSPENDED
        db.session.commit()


def test_person_with_one_membership_needs_no_choice(world, login):
    client = login(world.a.manager)
    assert client.get("/").status_code == 200
    assert "Partner A1" in partners_page(client)


def test_person_with_several_memberships_is_asked_to_choose(two_org_admin, login):
    response = login(two_org_admin).get("/partners/")
    assert response.status_code == 302 and response.headers["Location"] == "/orgs"


def test_org_picker_lists_every_membership(two_org_admin, login):
    page = login(two_org_admin).get("/orgs").get_data(as_text=True)
    assert "Vendor A" in page and "Vendor B" in page
    assert page.count("/activate") == 2


def test_org_picker_names_the_vendor_of_a_partner_membership(world, login):
    partner_member = world.a.partner_members[0]
    add_member(world.b.tenant, partner_member, Role.MANAGER)
    page = login(partner_member).get("/orgs").get_data(as_text=True)
    assert "Partner A1" in page and "partner of Vendor A" in page and "Vendor B" in page


def test_org_picker_marks_the_current_organisation(world, two_org_admin, login):
    client = login(two_org_admin)
    activate(client, membership_of(two_org_admin, world.b.tenant))
    page = client.get("/orgs").get_data(as_text=True)
    assert page.count("Current") == 1 and page.count("Work here") == 1


def test_org_picker_needs_a_login(client):
    response = client.get("/orgs")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=%2Forgs"


def test_activating_a_membership_acts_in_that_tenant(world, two_org_admin, login):
    client = login(two_org_admin)
    response = activate(client, membership_of(two_org_admin, world.b.tenant))
    assert response.status_code == 302 and response.headers["Location"] == "/"
    page = partners_page(client)
    assert "Partner B1" in page and "Partner A1" not in page


def test_switching_organisation_changes_the_partner_list(world, two_org_admin, login):
    client = login(two_org_admin)
    activate(client, membership_of(two_org_admin, world.a.tenant))
    first = partners_page(client)
    activate(client, membership_of(two_org_admin, world.b.tenant))
    second = partners_page(client)
    assert "Partner A1" in first and "Partner B1" not in first
    assert "Partner B1" in second and "Partner A1" not in second


def test_activating_says_which_organisation_is_active(world, two_org_admin, login):
    client = login(two_org_admin)
    response = client.post(
        f"/orgs/{membership_of(two_org_admin, world.b.tenant).id}/activate", follow_redirects=True
    )
    assert "You are now working in Vendor B." in response.get_data(as_text=True)


def test_activating_someone_elses_membership_is_404(world, two_org_admin, login):
    client = login(two_org_admin)
    activate(client, membership_of(two_org_admin, world.a.tenant))
    response = activate(client, membership_of(world.b.admin, world.b.tenant))
    assert response.status_code == 404
    assert "Partner A1" in partners_page(client)  # still acting in vendor A


def test_activating_an_unknown_membership_is_404(two_org_admin, login):
    assert login(two_org_admin).post("/orgs/999999/activate").status_code == 404


def test_activating_by_get_is_not_allowed(world, two_org_admin, login):
    client = login(two_org_admin)
    assert client.get(f"/orgs/{membership_of(two_org_admin, world.b.tenant).id}/activate").status_code == 405


def test_forged_membership_in_the_session_gives_no_access(world, login):
    # Only a session that names someone else's membership could try this.
    client = login(world.a.manager, membership=membership_of(world.b.admin, world.b.tenant))
    page = partners_page(client)
    assert "Partner A1" in page and "Partner B1" not in page


def test_forged_membership_with_several_memberships_asks_to_choose(world, two_org_admin, login):
    client = login(two_org_admin, membership=membership_of(world.b.admin, world.b.tenant))
    assert client.get("/partners/").headers["Location"] == "/orgs"


def test_suspended_partners_users_cannot_act_in_it(world, login):
    suspend(world.a.partners[0])
    client = login(world.a.partner_admins[0])
    response = client.get("/team/")
    assert response.status_code == 302 and response.headers["Location"] == "/orgs"
    assert "No organisation yet" in client.get("/orgs").get_data(as_text=True)


def test_suspension_takes_effect_in_a_running_session(world, login):
    client = login(world.a.partner_members[0])
    assert client.get("/team/").status_code == 200
    suspend(world.a.partners[0])
    assert client.get("/team/").headers["Location"] == "/orgs"


def test_suspending_one_partner_leaves_the_other_partners_users_alone(world, login):
    suspend(world.a.partners[0])
    assert login(world.a.partner_admins[1]).get("/team/").status_code == 200


def test_suspended_membership_is_left_out_of_the_picker(world, login):
    partner_admin = world.a.partner_admins[0]
    add_member(world.b.tenant, partner_admin, Role.MANAGER)
    suspend(world.a.partners[0])
    page = login(partner_admin).get("/orgs").get_data(as_text=True)
    assert "Vendor B" in page and "Partner A1" not in page


def test_suspended_membership_cannot_be_activated(world, login):
    partner_admin = world.a.partner_admins[0]
    add_member(world.b.tenant, partner_admin, Role.MANAGER)
    suspend(world.a.partners[0])
    client = login(partner_admin)
    assert activate(client, membership_of(partner_admin, world.a.tenant)).status_code == 404


def test_logging_in_again_asks_to_choose_the_organisation_again(world, two_org_admin, login):
    client = login(two_org_admin)
    activate(client, membership_of(two_org_admin, world.b.tenant))
    client.post("/logout")
    login(two_org_admin, client)
    assert client.get("/partners/").headers["Location"] == "/orgs"
