"""Fields a form or API body must not set (role, tenant, partner, author, id) are
ignored or refused: extra keys in a post change nothing they name."""

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.ideas.models import Idea
from app.partners.models import Partner
from app.surveys.models import Survey
from app.tenancy import all_tenants, scoped_to, unscoped
from app.tenants.models import Invitation, Role
from tests.api_support import bearer, make_token


def _forged(world, **overrides):
    """Ownership fields pointing at tenant B's rows, as an attacker would add them."""
    b = world.b
    forged = {
        "tenant_id": b.tenant.id,
        "partner_id": b.partners[0].id,
        "organization_id": b.tenant.id,
        "author_id": b.admin.id,
        "user_id": b.admin.id,
        "id": 4242,
        "role": Role.ADMIN.value,
    }
    return {**forged, **overrides}


def _rows(table):
    """Every row of `table`, read beneath the ORM (no tenant scoping), sorted."""
    with all_tenants(), db.engine.connect() as connection:
        return sorted(tuple(row) for row in connection.execute(text(f"SELECT * FROM {table}")))


def _all(model, **criteria):
    db.session.expire_all()
    return db.session.scalars(unscoped(select(model).filter_by(**criteria))).all()


def test_manager_cannot_invite_an_admin(world, login):
    before = _rows("invitations")
    response = login(world.a.manager).post(
        "/team/invite", data={"email": "boss@example.com", **_forged(world)}
    )
    assert response.status_code in (403, 422)
    assert _rows("invitations") == before


def test_manager_cannot_make_a_partner_user_an_admin(world, login):
    partner = world.a.partners[0]
    before = _rows("invitations")
    response = login(world.a.manager).post(
        f"/partners/{partner.id}/invitations", data={"email": "boss@example.com", **_forged(world)}
    )
    assert response.status_code < 500
    assert _rows("invitations") == before


@pytest.mark.parametrize("role", [Role.ADMIN, Role.MANAGER])
def test_partner_admin_cannot_invite_staff(world, login, role):
    before = _rows("invitations")
    response = login(world.a.partner_admins[0]).post(
        "/team/invite", data={"email": "staff@example.com", **_forged(world, role=role.value)}
    )
    assert response.status_code in (403, 422)
    assert _rows("invitations") == before


def test_partner_admin_invites_only_into_their_own_partner(world, login):
    org = world.a
    login(org.partner_admins[0]).post(
        "/team/invite",
        data={
            "email": "colleague@example.com",
            **_forged(world, role=Role.PARTNER_MEMBER.value, partner_id=org.partners[1].id),
        },
    )
    [invitation] = _all(Invitation, email="colleague@example.com")
    assert (invitation.tenant_id, invitation.partner_id, invitation.role) == (
        org.tenant.id,
        org.partners[0].id,
        Role.PARTNER_MEMBER,
    )


def test_partner_admin_cannot_invite_into_another_partner(world, login):
    before = _rows("invitations")
    response = login(world.a.partner_admins[0]).post(
        f"/partners/{world.a.partners[1].id}/invitations",
        data={"email": "intruder@example.com", "role": Role.PARTNER_ADMIN.value},
    )
    assert response.status_code in (403, 404)
    assert _rows("invitations") == before


def test_partner_edit_ignores_ownership_fields(world, login):
    partner = world.a.partners[0]
    before_b = _rows("partners")
    login(world.a.admin).post(
        f"/partners/{partner.id}/edit",
        data={"name": "Renamed partner", "region": "EMEA", "vertical": "Retail", **_forged(world)},
    )
    [renamed] = _all(Partner, name="Renamed partner")
    assert (renamed.id, renamed.tenant_id) == (partner.id, world.a.tenant.id)
    assert [row for row in _rows("partners") if row[0] != partner.id] == [
        row for row in before_b if row[0] != partner.id
    ]


def test_partner_feedback_is_stored_for_the_author_and_their_partner(world, login):
    org = world.a
    login(org.partner_admins[0]).post(
        "/feedback/new",
        data={"text": "Mass assignment probe", **_forged(world, partner_id=org.partners[1].id)},
    )
    [item] = _all(FeedbackItem, text="Mass assignment probe")
    assert (item.tenant_id, item.partner_id, item.author_id) == (
        org.tenant.id,
        org.partners[0].id,
        org.partner_admins[0].id,
    )
    assert item.id != 4242


def test_idea_is_stored_for_the_poster_in_their_tenant(world, login):
    org = world.a
    login(org.partner_admins[0]).post(
        "/ideas/new", data={"title": "Mass assignment idea", **_forged(world, partner_id=org.partners[1].id)}
    )
    [idea] = _all(Idea, title="Mass assignment idea")
    assert (idea.tenant_id, idea.author_id, idea.partner_id) == (
        org.tenant.id,
        org.partner_admins[0].id,
        org.partners[0].id,
    )


def test_survey_is_created_in_the_staff_members_tenant(world, login):
    org = world.a
    login(org.manager).post(
        "/surveys/new",
        data={"title": "Mass assignment survey", "intro": "", "audience": "customer", **_forged(world)},
    )
    surveys = _all(Survey, title="Mass assignment survey")
    assert [(s.tenant_id, s.id != 4242) for s in surveys] == [(org.tenant.id, True)]


def test_follow_up_edit_cannot_move_it_to_another_tenant(world, login):
    from tests.followups.helpers import make_follow_up, record_item

    org = world.a
    follow_up = make_follow_up(org, record_item(org), title="Probe follow-up")
    before = _rows("follow_ups")
    login(org.admin).post(
        f"/followups/{follow_up.id}/edit", data={"title": "Probe follow-up", **_forged(world)}
    )
    after = {row[0]: row for row in _rows("follow_ups")}
    assert set(after) == {row[0] for row in before}
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        assert db.session.get(type(follow_up), follow_up.id).tenant_id == org.tenant.id


def test_api_write_ignores_or_refuses_ownership_fields(client, world):
    token = make_token(world.a.tenant)
    body = {"source": "customer", "text": "API mass assignment probe", **_forged(world)}
    body["partner_id"] = world.b.partners[0].id
    response = client.post("/api/v1/feedback", json=body, headers=bearer(token))
    assert 400 <= response.status_code < 500 or response.status_code == 201
    items = _all(FeedbackItem, text="API mass assignment probe")
    assert [(i.tenant_id, i.partner_id) for i in items] in ([], [(world.a.tenant.id, None)])
    assert _all(FeedbackItem, tenant_id=world.b.tenant.id) == []
