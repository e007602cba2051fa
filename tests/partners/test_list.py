"""The partner list with its filters, and the tiers page."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenancy import scoped_to
from tests.factories import make_partner

ALL_A = ("Partner A1", "Partner A2")


def _listed(client, query=""):
    response = client.get(f"/partners/{query}")
    assert response.status_code == 200, response.status_code
    body = response.get_data(as_text=True)
    names = ("Partner A1", "Partner A2", "Zeta 100% Ltd", "Omega_1", "Partner B1", "Partner B2")
    return tuple(name for name in names if f">{name}</a>" in body)


def _tier(org, name):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(PartnerTier).where(PartnerTier.name == name)).one()


@pytest.fixture
def varied(world):
    """Partner A2 suspended in tier Silver without a manager, plus two oddly named partners."""
    silver = _tier(world.a, "Silver")
    with scoped_to(world.a.tenant.id):
        partner = db.session.get(Partner, world.a.partners[1].id)
        partner.status, partner.tier_id, partner.manager_id = PartnerStatus.SUSPENDED, silver.id, None
        db.session.commit()
    make_partner(world.a.tenant, "Zeta 100% Ltd", status=PartnerStatus.INVITED)
    make_partner(world.a.tenant, "Omega_1", status=PartnerStatus.INVITED)
    return world


def test_list_shows_only_the_tenants_partners(world, login):
    assert _listed(login(world.a.manager)) == ALL_A


def test_list_is_sorted_by_name_ignoring_case(world, login):
    make_partner(world.a.tenant, "alpha")
    body = login(world.a.admin).get("/partners/").get_data(as_text=True)
    assert body.index(">alpha</a>") < body.index(">Partner A1</a>") < body.index(">Partner A2</a>")


def test_filter_by_status(varied, login):
    client = login(varied.a.admin)
    assert _listed(client, "?status=suspended") == ("Partner A2",)
    assert _listed(client, "?status=invited") == ("Zeta 100% Ltd", "Omega_1")
    assert _listed(client, "?status=active") == ("Partner A1",)


def test_filter_by_tier(varied, login):
    client = login(varied.a.admin)
    assert _listed(client, f"?tier_id={_tier(varied.a, 'Silver').id}") == ("Partner A2",)
    assert _listed(client, f"?tier_id={varied.a.tier.id}") == ("Partner A1",)


def test_filter_by_manager(varied, login):
    assert _listed(login(varied.a.admin), f"?manager_id={varied.a.manager.id}") == ("Partner A1",)


def test_search_matches_part_of_the_name_ignoring_case(varied, login):
    assert _listed(login(varied.a.admin), "?q=artner+a") == ALL_A


def test_search_treats_percent_and_underscore_literally(varied, login):
    client = login(varied.a.admin)
    assert _listed(client, "?q=%25") == ("Zeta 100% Ltd",)
    assert _listed(client, "?q=_") == ("Omega_1",)


def test_filters_combine(varied, login):
    silver = _tier(varied.a, "Silver")
    client = login(varied.a.admin)
    assert _listed(client, f"?status=suspended&tier_id={silver.id}&q=a2") == ("Partner A2",)
    assert _listed(client, f"?status=active&tier_id={silver.id}") == ()


def test_no_match_says_so_and_offers_to_clear(varied, login):
    body = login(varied.a.admin).get("/partners/?q=nothing-like-this").get_data(as_text=True)
    assert "No partner matches these filters" in body and "Clear filters" in body


def test_search_never_reaches_another_tenant(varied, login):
    assert _listed(login(varied.a.admin), "?q=B1") == ()


def test_foreign_tier_filter_is_ignored(varied, login):
    assert _listed(login(varied.a.admin), f"?tier_id={varied.b.tier.id}&status=active") == ("Partner A1",)


NONSENSE_QUERIES = [
    "?status=deleted",
    "?status=%00",
    "?tier_id=abc",
    "?tier_id=-1",
    "?tier_id=1e9",
    "?tier_id=99999999999999999999999",
    "?manager_id=x",
    "?q=%00",
    "?q=" + "x" * 500,
    "?status=&tier_id=&q=&manager_id=",
    "?status=active&status=suspended",
    "?page=-1",
]


def test_nonsense_filters_are_ignored_without_failing(varied, login):
    client = login(varied.a.admin)
    for query in NONSENSE_QUERIES:
        assert len(_listed(client, query)) >= 1, query


def test_undecodable_search_finds_nothing_without_failing(varied, login):
    assert _listed(login(varied.a.admin), "?q=%FF%FE") == ()


def test_an_invalid_filter_is_ignored_while_valid_ones_apply(varied, login):
    assert _listed(login(varied.a.admin), "?status=suspended&tier_id=abc") == ("Partner A2",)


def test_empty_list_invites_the_first_partner(app, login):
    from tests.factories import make_tenant, make_user

    admin = make_user("solo@solo.test")
    make_tenant("Solo", "solo", admin)
    body = login(admin).get("/partners/").get_data(as_text=True)
    assert "No partners yet" in body and "Invite your first partner" in body


# --- tiers -----------------------------------------------------------------------------------


def test_admin_sees_the_tiers_page(world, login):
    response = login(world.a.admin).get("/partners/tiers")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Gold" in body and "Silver" in body and "Registered" in body


def test_manager_cannot_open_the_tiers_page(world, login):
    client = login(world.a.manager)
    assert client.get("/partners/tiers").status_code == 403
    assert client.post("/partners/tiers", data={"name": "Platinum", "weight": 5}).status_code == 403
    assert client.post(f"/partners/tiers/{world.a.tier.id}/delete").status_code == 403
    assert (
        client.post(f"/partners/tiers/{world.a.tier.id}/edit", data={"name": "X", "weight": 2}).status_code
        == 403
    )
    assert _tier_names(world.a) == ["Gold", "Silver", "Registered"]


def test_partner_users_do_not_learn_the_tiers_page_exists(world, login):
    assert login(world.a.partner_admins[0]).get("/partners/tiers").status_code == 404


def test_only_admins_see_the_tiers_button(world, login):
    assert 'href="/partners/tiers"' in login(world.a.admin).get("/partners/").get_data(as_text=True)
    assert 'href="/partners/tiers"' not in login(world.a.manager).get("/partners/").get_data(as_text=True)


def _tier_names(org):
    db.session.expire_all()
    with scoped_to(org.tenant.id):
        return [t.name for t in db.session.scalars(select(PartnerTier).order_by(PartnerTier.position))]


def test_admin_adds_a_tier(world, login):
    response = login(world.a.admin).post("/partners/tiers", data={"name": " Platinum ", "weight": 5})
    assert response.status_code == 302
    assert _tier_names(world.a) == ["Gold", "Silver", "Registered", "Platinum"]
    assert _tier_names(world.b) == ["Gold", "Silver", "Registered"]


def test_new_tier_is_offered_on_the_partner_form(world, login):
    client = login(world.a.admin)
    client.post("/partners/tiers", data={"name": "Platinum", "weight": 5})
    assert "Platinum" in client.get("/partners/new").get_data(as_text=True)


def test_duplicate_tier_name_is_a_field_error(world, login):
    response = login(world.a.admin).post("/partners/tiers", data={"name": "gold", "weight": 5})
    assert response.status_code == 422
    assert "This tier exists already." in response.get_data(as_text=True)


BAD_TIERS = [
    {"name": "", "weight": 2},
    {"name": "Plat\x07inum", "weight": 2},
    {"name": "p" * 61, "weight": 2},
    {"name": "Platinum", "weight": 0},
    {"name": "Platinum", "weight": 101},
    {"name": "Platinum", "weight": "x"},
    {"name": "Platinum"},
]


def test_bad_tier_input_is_refused(world, login):
    client = login(world.a.admin)
    for data in BAD_TIERS:
        assert client.post("/partners/tiers", data=data).status_code == 422, data
    assert _tier_names(world.a) == ["Gold", "Silver", "Registered"]


def test_admin_edits_a_tier(world, login):
    gold = world.a.tier
    response = login(world.a.admin).post(
        f"/partners/tiers/{gold.id}/edit", data={"name": "Gold+", "weight": 7}
    )
    assert response.status_code == 302
    with scoped_to(world.a.tenant.id):
        db.session.expire_all()
        tier = db.session.get(PartnerTier, gold.id)
        assert (tier.name, tier.weight) == ("Gold+", 7)


def test_tier_cannot_be_renamed_to_another_tiers_name(world, login):
    response = login(world.a.admin).post(
        f"/partners/tiers/{world.a.tier.id}/edit", data={"name": "SILVER", "weight": 3}
    )
    assert response.status_code == 422
    assert _tier_names(world.a)[0] == "Gold"


def test_admin_deletes_a_tier_and_its_partners_keep_going_without_one(world, login):
    response = login(world.a.admin).post(f"/partners/tiers/{world.a.tier.id}/delete")
    assert response.status_code == 302
    assert _tier_names(world.a) == ["Silver", "Registered"]
    with scoped_to(world.a.tenant.id):
        tiers = [p.tier_id for p in db.session.scalars(select(Partner))]
    assert tiers == [None, None]


def test_tier_of_another_tenant_is_404(world, login):
    client = login(world.a.admin)
    assert client.get(f"/partners/tiers/{world.b.tier.id}/edit").status_code == 404
    assert client.post(f"/partners/tiers/{world.b.tier.id}/delete").status_code == 404
    assert _tier_names(world.b) == ["Gold", "Silver", "Registered"]
