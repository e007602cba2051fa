"""The audit log records every change to audited rows centrally, at flush time."""

import pytest
from sqlalchemy import select

from app.audit.models import AuditAction, Audited, AuditEntry
from app.audit.services import Actor, AuditLogError, acting_as
from app.extensions import db
from app.ideas.models import Idea, IdeaStatus
from app.partners.models import Partner, PartnerStatus
from app.partners.services import update_partner
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role
from tests.factories import add_member, make_user, membership_of


def _entries(tenant, kind=None, object_id=None):
    db.session.expire_all()
    with scoped_to(tenant.id):
        statement = select(AuditEntry).order_by(AuditEntry.id)
        if kind:
            statement = statement.where(AuditEntry.object_type == kind)
        if object_id:
            statement = statement.where(AuditEntry.object_id == object_id)
        return db.session.scalars(statement).all()


def _updates(tenant, kind, object_id):
    return [e for e in _entries(tenant, kind, object_id) if e.action == AuditAction.UPDATED]


def _edit_partner(client, partner, **fields):
    data = {"name": partner.name, "tier_id": partner.tier_id or "", "region": partner.region,
            "vertical": partner.vertical, "manager_id": partner.manager_id or "", **fields}
    return client.post(f"/partners/{partner.id}/edit", data=data)


def test_partner_edit_records_changed_columns_with_old_and_new_values_and_the_actor(world, login):
    partner = world.a.partners[0]
    assert _edit_partner(login(world.a.admin), partner, name="Renamed Co", region="APAC").status_code == 302
    [entry] = _updates(world.a.tenant, "partner", partner.id)
    assert entry.changes == {"name": {"old": "Partner A1", "new": "Renamed Co"},
                             "region": {"old": "EMEA", "new": "APAC"}}
    assert (entry.actor_id, entry.actor_label) == (world.a.admin.id, world.a.admin.email)
    assert entry.object_label == "Renamed Co"
    assert entry.tenant_id == world.a.tenant.id


def test_partner_status_change_is_recorded(world, login):
    partner = world.a.partners[0]
    response = login(world.a.manager).post(f"/partners/{partner.id}/status", data={"status": "suspended"})
    assert response.status_code == 302
    [entry] = _updates(world.a.tenant, "partner", partner.id)
    assert entry.changes == {"status": {"old": "active", "new": "suspended"}}
    assert entry.actor_id == world.a.manager.id


def test_saving_unchanged_values_records_nothing(world):
    partner = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        partner = db.session.get(Partner, partner.id)
        update_partner(partner, partner.name, partner.tier_id, partner.region, partner.vertical, partner.manager_id)
        db.session.commit()
    assert _updates(world.a.tenant, "partner", partner.id) == []


def test_change_to_an_expired_row_still_records_the_old_value(world):
    partner = world.a.partners[0]
    with scoped_to(world.a.tenant.id):
        partner = db.session.get(Partner, partner.id)
        db.session.expire(partner)  # as after a commit: nothing loaded when the new value is set
        partner.status = PartnerStatus.SUSPENDED
        db.session.commit()
    [entry] = _updates(world.a.tenant, "partner", partner.id)
    assert entry.changes == {"status": {"old": "active", "new": "suspended"}}


def test_membership_creation_is_recorded_with_its_values_as_system(world):
    person = make_user()
    membership = add_member(world.a.tenant, person, Role.PARTNER_MEMBER, world.a.partners[1])
    [entry] = _entries(world.a.tenant, "membership", membership.id)
    assert entry.action == AuditAction.CREATED
    assert entry.changes["user_id"] == {"old": None, "new": person.id}
    assert entry.changes["role"] == {"old": None, "new": "partner_member"}
    assert entry.changes["partner_id"] == {"old": None, "new": world.a.partners[1].id}
    assert (entry.actor_id, entry.actor_label) == (None, "system")


def test_acting_as_names_the_actor_of_changes_outside_requests(world):
    with scoped_to(world.a.tenant.id), acting_as(Actor(world.a.admin.id, "nightly import")):
        db.session.get(Partner, world.a.partners[0].id).vertical = "Energy"
        db.session.commit()
    [entry] = _updates(world.a.tenant, "partner", world.a.partners[0].id)
    assert (entry.actor_id, entry.actor_label) == (world.a.admin.id, "nightly import")


def test_deleted_row_keeps_its_last_values(world):
    membership_id = membership_of(world.a.partner_members[0], world.a.tenant).id
    with scoped_to(world.a.tenant.id):
        membership = db.session.get(Membership, membership_id)
        db.session.expire(membership)
        db.session.delete(membership)
        db.session.commit()
    [entry] = [e for e in _entries(world.a.tenant, "membership", membership_id) if e.action == AuditAction.DELETED]
    assert entry.changes["role"] == {"old": "partner_member", "new": None}
    assert entry.changes["user_id"]["old"] == world.a.partner_members[0].id


def test_idea_status_change_records_status_before_and_after_and_actor(world, login):
    partner_client = login(world.a.partner_admins[0])
    assert partner_client.post("/ideas/new", data={"title": "Faster MDF", "program_element_id": ""}).status_code == 302
    with scoped_to(world.a.tenant.id):
        idea = db.session.scalars(select(Idea)).one()
        new, planned = (db.session.scalars(select(IdeaStatus).where(IdeaStatus.name == name)).one()
                        for name in ("New", "Planned"))
    response = login(world.a.manager).post(f"/ideas/{idea.id}/status", data={"status_id": planned.id})
    assert response.status_code == 302
    [entry] = _updates(world.a.tenant, "idea", idea.id)
    assert entry.changes["status_id"] == {"old": new.id, "new": planned.id}
    assert "status_changed_at" in entry.changes
    assert entry.actor_id == world.a.manager.id


def test_idea_posted_by_a_partner_user_is_recorded_in_the_tenants_log(world, login):
    client = login(world.a.partner_admins[0])
    assert client.post("/ideas/new", data={"title": "Co-selling kit", "program_element_id": ""}).status_code == 302
    [entry] = _entries(world.a.tenant, "idea")
    assert entry.action == AuditAction.CREATED and entry.actor_id == world.a.partner_admins[0].id
    assert entry.changes["title"]["new"] == "Co-selling kit"
    assert _entries(world.b.tenant, "idea") == []


def test_entries_roll_back_with_the_change(world):
    with scoped_to(world.a.tenant.id):
        db.session.get(Partner, world.a.partners[0].id).name = "Never saved"
        db.session.flush()
        db.session.rollback()
    assert _updates(world.a.tenant, "partner", world.a.partners[0].id) == []


def test_audit_entries_cannot_be_changed_or_deleted(world):
    with scoped_to(world.a.tenant.id):
        entry = db.session.scalars(select(AuditEntry)).first()
        entry.actor_label = "someone else"
        with pytest.raises(AuditLogError):
            db.session.flush()
        db.session.rollback()
        db.session.delete(db.session.scalars(select(AuditEntry)).first())
        with pytest.raises(AuditLogError):
            db.session.flush()
        db.session.rollback()


@pytest.mark.parametrize("column, audited", [("token_hash", False), ("password_hash", False),
                                             ("webhook_secret", False), ("name", True)])
def test_secret_columns_are_never_recorded(column, audited):
    assert Audited.audited_column(column) is audited
