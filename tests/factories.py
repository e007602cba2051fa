"""Small factories for tenants, people, partners and invitations."""

import itertools
from dataclasses import dataclass, field

from app.auth.models import User
from app.auth.services.accounts import hash_password
from app.core.models import utcnow
from app.extensions import db
from app.partners.lists import ensure_entries
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenancy import all_tenants, scoped_to
from app.tenants.models import Membership, Role, Tenant
from app.tenants.services.invitations import invite_partner_user, invite_staff
from app.tenants.services.tenants import create_tenant

PASSWORD = "correct horse battery"
_sequence = itertools.count(1)


def make_user(email=None, name=None, verified=True):
    number = next(_sequence)
    user = User(email=email or f"user{number}@example.test", name=name or f"User {number}",
                password_hash=hash_password(PASSWORD), email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    db.session.flush()
    return user


def make_tenant(name=None, slug=None, admin=None):
    number = next(_sequence)
    admin = admin or make_user(name=f"Admin {number}")
    tenant = create_tenant(name or f"Vendor {number}", slug or f"vendor-{number}", admin)
    db.session.commit()
    return tenant


def add_member(tenant, user, role, partner=None):
    with scoped_to(tenant.id):
        membership = Membership(tenant_id=tenant.id, user=user, role=role, partner=partner)
        db.session.add(membership)
        db.session.commit()
    return membership


def make_partner(tenant, name=None, status=PartnerStatus.ACTIVE, **fields):
    with scoped_to(tenant.id):
        partner = Partner(tenant_id=tenant.id, name=name or f"Partner {next(_sequence)}",
                          status=status, **fields)
        db.session.add(partner)
        db.session.commit()
    return partner


def membership_of(user, tenant):
    with all_tenants():  # a person's memberships span tenants
        return next(m for m in user.memberships if m.tenant_id == tenant.id)


@dataclass
class Org:
    """One tenant with its people, partners, tiers and pending invitations."""

    tenant: Tenant
    admin: User
    manager: User
    partners: list = field(default_factory=list)
    partner_admins: list = field(default_factory=list)
    partner_members: list = field(default_factory=list)
    staff_invitation: object = None
    partner_invitations: list = field(default_factory=list)
    tier: PartnerTier = None


@dataclass
class World:
    a: Org
    b: Org


def build_org(label):
    admin = make_user(f"admin@{label}.test", f"Admin {label.upper()}")
    tenant = make_tenant(f"Vendor {label.upper()}", f"vendor-{label}", admin)
    manager = make_user(f"manager@{label}.test", f"Manager {label.upper()}")
    add_member(tenant, manager, Role.MANAGER)
    with scoped_to(tenant.id):
        tier = db.session.scalars(db.select(PartnerTier).order_by(PartnerTier.id)).first()
    org = Org(tenant=tenant, admin=admin, manager=manager, tier=tier)
    with scoped_to(tenant.id):
        ensure_entries("vertical", ("Retail", "Healthcare"))  # regions: the tenant's defaults
        db.session.commit()
    for index in (1, 2):
        partner = make_partner(tenant, f"Partner {label.upper()}{index}", tier_id=tier.id, manager_id=manager.id,
                               region="EMEA", vertical="Retail")
        partner_admin = make_user(f"padmin{index}@{label}.test", f"Partner admin {label}{index}")
        member = make_user(f"pmember{index}@{label}.test", f"Partner member {label}{index}")
        add_member(tenant, partner_admin, Role.PARTNER_ADMIN, partner)
        add_member(tenant, member, Role.PARTNER_MEMBER, partner)
        org.partners.append(partner)
        org.partner_admins.append(partner_admin)
        org.partner_members.append(member)
    with scoped_to(tenant.id):
        admin_membership = membership_of(admin, tenant)
        org.staff_invitation = invite_staff(tenant, admin_membership, f"newstaff@{label}.test", Role.MANAGER)
        for index, partner in enumerate(org.partners, start=1):
            org.partner_invitations.append(
                invite_partner_user(tenant, admin_membership, partner, f"newp{index}@{label}.test",
                                    Role.PARTNER_MEMBER)
            )
        db.session.commit()
    return org


def build_world():
    return World(a=build_org("a"), b=build_org("b"))
