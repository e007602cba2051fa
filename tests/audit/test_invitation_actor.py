"""The audit log credits an accepted invitation to the person who accepted it, not to
"visitor (not logged in)" (#15, 15): they are not signed in yet when they click the link."""

from sqlalchemy import select

from app.audit.models import AuditAction, AuditEntry
from app.auth.models import User
from app.extensions import db
from app.partners.models import Partner, PartnerStatus
from app.tenancy import scoped_to
from app.tenants.models import Role
from tests.factories import PASSWORD as EXISTING_PASSWORD
from tests.factories import add_member, make_partner, make_user
from tests.invitation_helpers import emailed_invitation_path

PASSWORD = "a fine long passphrase 42"


def _entries(tenant, kind):
    db.session.expire_all()
    with scoped_to(tenant.id):
        return db.session.scalars(select(AuditEntry).where(AuditEntry.object_type == kind)
                                  .order_by(AuditEntry.id)).all()


def test_a_new_persons_acceptance_is_credited_to_them(world, client, smtp, login):
    partner = make_partner(world.a.tenant, "Fresh Partner", status=PartnerStatus.INVITED)
    admin = login(world.a.admin)
    admin.post(f"/partners/{partner.id}/invitations", data={"email": "nina@fresh.example", "role": "partner_admin"})
    path = emailed_invitation_path(smtp, "nina@fresh.example")
    response = client.post(path, data={"name": "Nina New", "password": PASSWORD, "confirm": PASSWORD})
    assert response.status_code == 302
    nina = db.session.scalars(select(User).where(User.email == "nina@fresh.example")).one()
    [joined] = [e for e in _entries(world.a.tenant, "membership")
                if e.action == AuditAction.CREATED and e.changes["user_id"]["new"] == nina.id]
    assert (joined.actor_id, joined.actor_label) == (nina.id, "nina@fresh.example")
    activated = [e for e in _entries(world.a.tenant, "partner") if e.object_id == partner.id
                 and e.action == AuditAction.UPDATED and "status" in e.changes]
    assert [(e.actor_id, e.changes["status"]["new"]) for e in activated] == [(nina.id, "active")]
    with scoped_to(world.a.tenant.id):
        assert db.session.get(Partner, partner.id).status == PartnerStatus.ACTIVE


def test_an_existing_account_accepting_with_its_password_is_credited_too(world, client, smtp, login):
    dana = make_user("dana@b.example", "Dana B")  # has an account, as staff of tenant B
    add_member(world.b.tenant, dana, Role.MANAGER)
    response = login(world.a.admin).post(f"/partners/{world.a.partners[1].id}/invitations",
                                         data={"email": dana.email, "role": "partner_member"})
    assert response.status_code == 302
    path = emailed_invitation_path(smtp, dana.email)
    assert client.post(path, data={"password": EXISTING_PASSWORD}).status_code == 302
    [joined] = [e for e in _entries(world.a.tenant, "membership")
                if e.action == AuditAction.CREATED and e.changes["user_id"]["new"] == dana.id]
    assert (joined.actor_id, joined.actor_label) == (dana.id, dana.email)
