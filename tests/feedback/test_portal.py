"""Feedback through the portal: partner users give it, staff record it and add notes."""

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import (
    Channel,
    FeedbackItem,
    InternalNote,
    LoopResponse,
    ProgramElement,
    SentimentLabel,
    Source,
)
from app.tenancy import scoped_to


def _element(tenant, name="Deal registration"):
    with scoped_to(tenant.id):
        return db.session.scalars(select(ProgramElement).where(ProgramElement.name == name)).one()


def _items(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def test_partner_user_gives_feedback_attributed_to_their_partner(world, login):
    client = login(world.a.partner_members[0])
    element = _element(world.a.tenant)
    response = client.post("/feedback/new", data={
        "program_element_id": element.id, "category_id": "", "nps": "3", "csat": "",
        "text": "Deal registration approvals take two weeks, which is terrible and frustrating.", "link_url": "",
    })
    assert response.status_code == 302
    [item] = _items(world.a.tenant)
    assert (item.source, item.channel) == (Source.PARTNER, Channel.PORTAL)
    assert item.partner_id == world.a.partners[0].id
    assert item.author_id == world.a.partner_members[0].id
    assert item.nps == 3 and item.csat is None
    assert item.sentiment_label == SentimentLabel.NEGATIVE
    assert item.loop_response == LoopResponse.ACTION_NEEDED


def test_partner_feedback_form_rerenders_with_messages_and_keeps_input(world, login):
    client = login(world.a.partner_members[0])
    response = client.post("/feedback/new", data={"nps": "11", "text": "", "link_url": "javascript:alert(1)"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "This field is required." in page
    assert "Not a valid choice" in page
    assert "javascript:alert(1)" in page  # kept, escaped, for the user to correct
    assert _items(world.a.tenant) == []


def test_partner_posting_another_partner_id_is_ignored(world, login):
    client = login(world.a.partner_admins[0])
    client.post("/feedback/new", data={"text": "Good program", "partner_id": world.a.partners[1].id,
                                       "tenant_id": world.b.tenant.id, "nps": "9"})
    [item] = _items(world.a.tenant)
    assert item.partner_id == world.a.partners[0].id
    assert _items(world.b.tenant) == []


def test_partner_sees_only_their_own_organisations_feedback(world, login):
    first, second = login(world.a.partner_members[0]), login(world.a.partner_admins[1])
    first.post("/feedback/new", data={"text": "Alpha partner says MDF claims are confusing"})
    second.post("/feedback/new", data={"text": "Bravo partner loves the enablement"})
    page = first.get("/feedback/").get_data(as_text=True)
    assert "MDF claims are confusing" in page
    assert "Bravo partner loves" not in page
    other_item = next(i for i in _items(world.a.tenant) if i.partner_id == world.a.partners[1].id)
    assert first.get(f"/feedback/{other_item.id}").status_code == 404


def test_staff_record_internal_feedback_about_a_partner(world, login):
    client = login(world.a.manager)
    partner = world.a.partners[1]
    response = client.post("/feedback/new", data={
        "partner_id": partner.id, "source": "internal", "channel": "call_center", "given_at": "2026-01-15",
        "submitter_name": "CEO of partner", "program_element_id": "", "category_id": "", "nps": "", "csat": "4",
        "text": "Quarterly review: happy with support response times.", "link_url": "",
    })
    assert response.status_code == 302
    [item] = _items(world.a.tenant)
    assert (item.source, item.channel, item.partner_id) == (Source.INTERNAL, Channel.CALL_CENTER, partner.id)
    assert item.given_at.date().isoformat() == "2026-01-15"
    assert item.recorded_at > item.given_at
    assert item.loop_response == LoopResponse.STATUS_QUO


def test_staff_cannot_attribute_feedback_to_another_tenants_partner(world, login):
    client = login(world.a.admin)
    response = client.post("/feedback/new", data={
        "partner_id": world.b.partners[0].id, "source": "internal", "channel": "email", "given_at": "2026-01-15", "text": "x",
    })
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert _items(world.a.tenant) == [] and _items(world.b.tenant) == []


def test_future_date_is_refused(world, login):
    client = login(world.a.admin)
    response = client.post("/feedback/new", data={
        "partner_id": world.a.partners[0].id, "source": "internal", "channel": "email", "given_at": "2999-01-01", "text": "x",
    })
    assert response.status_code == 422
    assert "cannot be in the future" in response.get_data(as_text=True)


def test_internal_notes_are_for_staff_only(world, login):
    partner_client = login(world.a.partner_members[0])
    partner_client.post("/feedback/new", data={"text": "Portal search is broken"})
    [item] = _items(world.a.tenant)
    staff = login(world.a.manager)
    assert staff.post(f"/feedback/{item.id}/notes", data={"body": "Known issue, fix in March"}).status_code == 302
    assert "Known issue, fix in March" in staff.get(f"/feedback/{item.id}").get_data(as_text=True)
    page = partner_client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "Portal search is broken" in page
    assert "Known issue" not in page
    # Partner users do not learn that staff actions exist (app/core/permissions.py).
    assert partner_client.post(f"/feedback/{item.id}/notes", data={"body": "sneaky"}).status_code == 404
    with scoped_to(world.a.tenant.id):
        assert [n.body for n in db.session.scalars(select(InternalNote))] == ["Known issue, fix in March"]


def test_hostile_text_is_stored_as_given_and_rendered_escaped(world, login):
    client = login(world.a.partner_members[0])
    payload = '<script>alert("x")</script> \'"><img src=x onerror=alert(1)> ; DROP TABLE users; -- 😀 שלום'
    client.post("/feedback/new", data={"text": payload})
    [item] = _items(world.a.tenant)
    assert item.text == payload
    page = client.get(f"/feedback/{item.id}").get_data(as_text=True)
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_feedback_list_filters_and_nonsense_values(world, login):
    client = login(world.a.admin)
    client.post("/feedback/new", data={"partner_id": world.a.partners[0].id, "channel": "chat", "source": "internal",
                                       "given_at": "2026-02-01", "text": "chat about MDF"})
    client.post("/feedback/new", data={"partner_id": world.a.partners[1].id, "channel": "email", "source": "internal",
                                       "given_at": "2026-02-02", "text": "email about training"})
    page = client.get("/feedback/?channel=chat").get_data(as_text=True)
    assert "chat about MDF" in page and "email about training" not in page
    page = client.get(f"/feedback/?partner_id={world.a.partners[1].id}").get_data(as_text=True)
    assert "email about training" in page and "chat about MDF" not in page
    for query in ("?channel=nonsense", "?partner_id=abc", "?page=-3", "?q=%27%20OR%201%3D1--",
                  f"?partner_id={world.b.partners[0].id}"):
        assert client.get("/feedback/" + query).status_code == 200, query


def test_empty_feedback_list_shows_a_helpful_empty_state(world, login):
    page = login(world.a.partner_members[0]).get("/feedback/").get_data(as_text=True)
    assert "No feedback yet" in page and "Give feedback" in page


def test_staff_override_of_the_loop_response_is_kept_on_reanalysis(world, login):
    from app.analysis.services.labels import analyse

    partner_client = login(world.a.partner_members[0])
    partner_client.post("/feedback/new", data={"text": "Everything is wonderful, great support", "nps": "10"})
    [item] = _items(world.a.tenant)
    assert item.loop_response == LoopResponse.STATUS_QUO
    staff = login(world.a.manager)
    assert staff.post(f"/feedback/{item.id}/loop", data={"loop_response": "action_needed"}).status_code == 302
    with scoped_to(world.a.tenant.id):
        stored = db.session.get(FeedbackItem, item.id)
        analyse(stored)
        db.session.commit()
        assert stored.effective_loop_response == LoopResponse.ACTION_NEEDED
        assert stored.loop_response == LoopResponse.STATUS_QUO
    assert partner_client.post(f"/feedback/{item.id}/loop", data={"loop_response": ""}).status_code == 404
    staff.post(f"/feedback/{item.id}/loop", data={"loop_response": ""})
    assert _items(world.a.tenant)[0].effective_loop_response == LoopResponse.STATUS_QUO
    assert staff.post(f"/feedback/{item.id}/loop", data={"loop_response": "maybe"}).status_code == 400
