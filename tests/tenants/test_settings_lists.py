"""Admins manage the program elements and feedback categories of their tenant."""

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import FeedbackCategory, ProgramElement
from app.tenancy import scoped_to


def _names(tenant, model):
    with scoped_to(tenant.id):
        return [e.name for e in db.session.scalars(select(model).order_by(model.position))]


def test_admin_adds_a_program_element_and_a_category(world, login):
    client = login(world.a.admin)
    assert client.get("/settings/").status_code == 200
    response = client.post("/settings/elements", data={"element-kind": "element", "element-name": "Co-selling"})
    assert response.status_code == 302
    client.post("/settings/categories", data={"category-kind": "category", "category-name": "Billing"})
    assert _names(world.a.tenant, ProgramElement)[-1] == "Co-selling"
    assert _names(world.a.tenant, FeedbackCategory)[-1] == "Billing"
    assert "Co-selling" not in _names(world.b.tenant, ProgramElement)


def test_duplicate_and_empty_names_rerender_with_messages(world, login):
    client = login(world.a.admin)
    response = client.post("/settings/elements", data={"element-kind": "element", "element-name": "mdf"})
    assert response.status_code == 422 and "in the list already" in response.get_data(as_text=True)
    response = client.post("/settings/categories", data={"category-kind": "category", "category-name": ""})
    assert response.status_code == 422 and "This field is required." in response.get_data(as_text=True)


def test_removing_an_element_keeps_its_feedback_as_general(world, login):
    from app.feedback.models import Channel, Source
    from app.feedback.services import FeedbackInput, record_feedback

    with scoped_to(world.a.tenant.id):
        element = db.session.scalars(select(ProgramElement).where(ProgramElement.name == "MDF")).one()
        item, _ = record_feedback(FeedbackInput(source=Source.INTERNAL, channel=Channel.EMAIL, text="x",
                                                program_element_id=element.id))
        db.session.commit()
        item_id, element_id = item.id, element.id
    client = login(world.a.admin)
    assert client.post(f"/settings/elements/{element_id}/delete").status_code == 302
    db.session.expire_all()
    with scoped_to(world.a.tenant.id):
        from app.feedback.models import FeedbackItem

        assert db.session.get(FeedbackItem, item_id).program_element_id is None


def test_settings_are_for_admins_only(world, login):
    # Managers know the page exists (403); partner users do not learn it does (404).
    for user, status in ((world.a.manager, 403), (world.a.partner_admins[0], 404)):
        client = login(user)
        assert client.get("/settings/").status_code == status
        assert client.post("/settings/elements", data={"element-kind": "element", "element-name": "x"}).status_code == status
    assert "x" not in _names(world.a.tenant, ProgramElement)


def test_another_tenants_entries_cannot_be_removed(world, login):
    with scoped_to(world.b.tenant.id):
        foreign = db.session.scalars(select(ProgramElement)).first()
    assert login(world.a.admin).post(f"/settings/elements/{foreign.id}/delete").status_code == 404
    assert foreign.name in _names(world.b.tenant, ProgramElement)
