"""Staff-recorded feedback has a source and says who said it; partner users never see
their vendor's internal observations (issue #15, item 3)."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, Source
from app.insights.models import FeedbackDailyRollup
from app.tenancy import scoped_to
from tests.followups.helpers import follow_ups_of, make_rule

CALL = {"channel": "call_center", "given_at": "2026-11-20", "nps": "", "csat": ""}


def _record(client, partner, **fields):
    return client.post("/feedback/new", data={"partner_id": partner.id, **CALL, **fields})


def _items(tenant, partner_id=None):
    with scoped_to(tenant.id, partner_id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def test_a_customers_call_is_stored_as_customer_feedback_with_who_said_it(world, login):
    response = _record(login(world.a.manager), world.a.partners[0], source="customer",
                       submitter_name="Dana Lee, IT lead at Contoso", submitter_email="dana@contoso.example",
                       text="The reseller's onboarding took three weeks.")
    assert response.status_code == 302
    [item] = _items(world.a.tenant)
    assert (item.source, item.channel) == (Source.CUSTOMER, Channel.CALL_CENTER)
    assert (item.submitter_name, item.submitter_email) == ("Dana Lee, IT lead at Contoso", "dana@contoso.example")
    assert item.author_id == world.a.manager.id


def test_customer_rules_fire_for_a_customer_call_recorded_by_staff(world, login):
    make_rule(world.a, name="Unhappy customers", source="customer", nps_detractor=True)
    _record(login(world.a.manager), world.a.partners[0], source="customer", submitter_name="Dana Lee",
            nps="2", text="Nobody called us back.")
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.feedback_item.source == Source.CUSTOMER


@pytest.mark.parametrize("source", ["partner", "customer"])
def test_a_partners_or_customers_words_need_a_name(world, login, source):
    response = _record(login(world.a.manager), world.a.partners[0], source=source, text="x")
    assert response.status_code == 422
    assert "needs a name" in response.get_data(as_text=True)
    assert _items(world.a.tenant) == []


def test_the_source_must_be_chosen(world, login):
    response = _record(login(world.a.manager), world.a.partners[0], submitter_name="Dana", text="x")
    assert response.status_code == 422
    assert "Choose who gave it" in response.get_data(as_text=True)


def test_who_said_it_is_shown_on_the_item_page_and_in_lists(world, login):
    staff = login(world.a.manager)
    _record(staff, world.a.partners[0], source="partner", submitter_name="Nora Quist, sales lead",
            text="MDF approvals are slow.")
    [item] = _items(world.a.tenant)
    page = staff.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Nora Quist, sales lead" in page and "Recorded by" in page and world.a.manager.name in page
    assert "said by Nora Quist, sales lead" in staff.get("/feedback/").get_data(as_text=True)
    assert "said by Nora Quist, sales lead" in staff.get("/").get_data(as_text=True)
    partner = login(world.a.partner_members[0])
    assert "said by Nora Quist, sales lead" in partner.get("/feedback/").get_data(as_text=True)
    assert "Nora Quist, sales lead" in partner.get(f"/feedback/{item.id}").get_data(as_text=True)


def test_partners_never_see_their_vendors_internal_observations(world, login):
    staff = login(world.a.manager)
    partner_a1 = world.a.partners[0]
    _record(staff, partner_a1, source="internal", text="Between us: they miss every QBR, consider a downgrade.")
    _record(staff, partner_a1, source="partner", submitter_name="Nora", text="Deal desk answers late.")
    internal, said = _items(world.a.tenant)
    partner = login(world.a.partner_members[0])
    for page in ("/", "/feedback/", f"/partners/{partner_a1.id}"):
        assert "consider a downgrade" not in partner.get(page).get_data(as_text=True), page
    assert partner.get(f"/feedback/{internal.id}").status_code == 404
    assert partner.get(f"/feedback/{said.id}").status_code == 200
    assert [i.id for i in _items(world.a.tenant, partner_a1.id)] == [said.id]
    with scoped_to(world.a.tenant.id, partner_a1.id):
        sources = set(db.session.scalars(select(FeedbackDailyRollup.source)))
    assert sources == {Source.PARTNER}
    assert "consider a downgrade" in staff.get(f"/feedback/{internal.id}").get_data(as_text=True)


def test_partner_pages_say_internal_observations_are_not_shown(world, login):
    partner = login(world.a.partner_members[0])
    assert "internal observations are not shown to partners" in partner.get("/feedback/new").get_data(as_text=True)
    assert "internal observations are not shown to partners" in partner.get("/").get_data(as_text=True)
