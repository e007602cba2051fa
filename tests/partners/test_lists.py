"""Regions and verticals are tenant-managed lists, like tiers: forms choose from them,
filters list them, names match without regard to case (issue #15, item 9)."""

import re

import pytest
from sqlalchemy import select

from app.core.errors import ServiceError
from app.extensions import db
from app.followups.models import AutomationRule
from app.partners import lists
from app.partners.models import Partner, PartnerRegion
from app.partners.services import update_partner
from app.tenancy import scoped_to
from tests.followups.helpers import make_rule


def _names(org, kind):
    with scoped_to(org.tenant.id):
        return lists.names(kind)


def _partner(org, index=0):
    db.session.expire_all()
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Partner).where(Partner.id == org.partners[index].id)).one()


def _entry(org, kind, name):
    with scoped_to(org.tenant.id):
        return lists.find_entry(kind, name)


def test_new_tenants_get_default_regions(world):
    assert _names(world.a, "region") == ["North America", "LATAM", "EMEA", "APAC"]


def test_partner_form_chooses_region_and_vertical_from_the_lists(world, login):
    page = login(world.a.manager).get(f"/partners/{world.a.partners[0].id}/edit").get_data(as_text=True)
    assert re.search(r'<select[^>]*name="region"', page) and re.search(r'<select[^>]*name="vertical"', page)
    assert '<option selected value="EMEA">EMEA</option>' in page
    assert '<option value="Healthcare">Healthcare</option>' in page


def test_a_value_outside_the_list_is_refused(world, login):
    response = login(world.a.manager).post(f"/partners/{world.a.partners[0].id}/edit", data={
        "name": "Partner A1", "region": "Atlantis", "vertical": "Retail"})
    assert response.status_code == 422
    assert _partner(world.a).region == "EMEA"


def test_services_take_names_in_any_case_and_store_the_lists_spelling(world):
    with scoped_to(world.a.tenant.id):
        partner = db.session.get(Partner, world.a.partners[0].id)
        update_partner(partner, partner.name, region="  emea ", vertical="RETAIL")
        assert (partner.region, partner.vertical) == ("EMEA", "Retail")
        with pytest.raises(ServiceError) as error:
            update_partner(partner, partner.name, region="Atlantis")
        assert error.value.field == "region" and "Unknown region “Atlantis”" in error.value.message
        db.session.rollback()


def test_admin_adds_a_region_once_whatever_its_case(world, login):
    admin = login(world.a.admin)
    assert admin.post("/partners/regions", data={"region-name": "Nordics"}).status_code == 302
    response = admin.post("/partners/regions", data={"region-name": "NORDICS"})
    assert response.status_code == 422 and "exists already" in response.get_data(as_text=True)
    assert admin.post("/partners/verticals", data={"vertical-name": "Public sector"}).status_code == 302
    assert "Nordics" in _names(world.a, "region") and "Public sector" in _names(world.a, "vertical")
    assert "Nordics" not in _names(world.b, "region")


def test_managers_cannot_change_the_lists(world, login):
    manager = login(world.a.manager)
    assert manager.get("/partners/lists").status_code == 403
    assert manager.post("/partners/regions", data={"region-name": "Nordics"}).status_code == 403


def test_renaming_a_region_renames_it_on_partners_and_rules(world, login):
    rule = make_rule(world.a, name="EMEA detractors", nps_detractor=True, region="emea")
    assert rule.region == "EMEA"  # the list's spelling
    emea = _entry(world.a, "region", "EMEA")
    response = login(world.a.admin).post(f"/partners/regions/{emea.id}/edit", data={"name": "Europe"})
    assert response.status_code == 302
    assert _partner(world.a).region == "Europe"
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(AutomationRule.region)).all() == ["Europe"]
    assert _partner(world.b).region == "EMEA"  # the other tenant's region of the same name


def test_deleting_a_region_leaves_its_partners_without_one(world, login):
    emea = _entry(world.a, "region", "EMEA")
    assert login(world.a.admin).post(f"/partners/regions/{emea.id}/delete").status_code == 302
    assert _partner(world.a).region == ""
    assert "EMEA" not in _names(world.a, "region")


def test_a_region_a_rule_matches_on_is_not_deleted(world, login):
    make_rule(world.a, name="EMEA detractors", nps_detractor=True, region="EMEA")
    emea = _entry(world.a, "region", "EMEA")
    admin = login(world.a.admin)
    response = admin.post(f"/partners/regions/{emea.id}/delete", follow_redirects=True)
    assert "used by the rule(s) EMEA detractors" in response.get_data(as_text=True)
    assert _entry(world.a, "region", "EMEA") is not None and _partner(world.a).region == "EMEA"


def test_partner_list_filters_by_region_and_vertical(world, login):
    with scoped_to(world.a.tenant.id):
        partner = db.session.get(Partner, world.a.partners[1].id)
        update_partner(partner, partner.name, region="APAC", vertical="Healthcare")
        db.session.commit()
    manager = login(world.a.manager)
    page = manager.get("/partners/?region=APAC").get_data(as_text=True)
    assert "Partner A2" in page and "Partner A1" not in page
    page = manager.get("/partners/?vertical=Retail").get_data(as_text=True)
    assert "Partner A1" in page and "Partner A2" not in page
    assert '<option value="LATAM">LATAM</option>' in page  # the filter lists the whole list


def test_program_view_filters_list_the_tenants_regions_and_verticals(world, login):
    page = login(world.a.manager).get("/insights/").get_data(as_text=True)
    for name in ("North America", "LATAM", "APAC", "Healthcare"):  # no partner has them yet
        assert f'<option value="{name}">{name}</option>' in page


def test_rule_form_offers_the_regions_and_refuses_unknown_ones(world, login):
    manager = login(world.a.manager)
    assert '<option value="APAC">APAC</option>' in manager.get("/followups/rules/new").get_data(as_text=True)
    with scoped_to(world.a.tenant.id), pytest.raises(ServiceError):
        make_rule(world.a, name="Atlantis", nps_detractor=True, region="Atlantis")
    db.session.rollback()
    with scoped_to(world.a.tenant.id):
        assert db.session.scalars(select(PartnerRegion.name).where(PartnerRegion.name == "Atlantis")).all() == []
