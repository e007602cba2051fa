"""Partner organisations: create, edit, change status, list with filters."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Invitation, Membership, Partner, PartnerStatus, PartnerTier, Role, User
from app.services.errors import ServiceError


def staff_members():
    """The tenant's staff users (candidates for partner manager), by name."""
    return db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.role.in_([Role.ADMIN, Role.MANAGER]))
        .order_by(User.name)
    ).all()


def partner_tiers():
    return db.session.scalars(select(PartnerTier).order_by(PartnerTier.position, PartnerTier.name)).all()


def _check_name_free(name, partner=None):
    statement = select(Partner.id).where(func.lower(Partner.name) == name.strip().lower())
    if partner is not None and partner.id is not None:
        statement = statement.where(Partner.id != partner.id)
    if db.session.scalars(statement).first() is not None:
        raise ServiceError("A partner with this name already exists.", field="name")


def _check_references(tier_id, manager_id):
    """Tier and manager must be the tenant's own (scoped queries return nothing foreign)."""
    if tier_id and db.session.scalars(select(PartnerTier.id).where(PartnerTier.id == tier_id)).first() is None:
        raise ServiceError("Choose one of your tiers.", field="tier_id")
    if manager_id and manager_id not in {u.id for u in staff_members()}:
        raise ServiceError("Choose one of your staff members.", field="manager_id")


def create_partner(tenant, name, tier_id=None, region="", vertical="", manager_id=None):
    _check_name_free(name)
    _check_references(tier_id, manager_id)
    partner = Partner(
        tenant_id=tenant.id,
        name=name.strip(),
        tier_id=tier_id or None,
        region=(region or "").strip(),
        vertical=(vertical or "").strip(),
        manager_id=manager_id or None,
        status=PartnerStatus.INVITED,
    )
    db.session.add(partner)
    return partner


def update_partner(partner, name, tier_id=None, region="", vertical="", manager_id=None):
    _check_name_free(name, partner)
    _check_references(tier_id, manager_id)
    partner.name = name.strip()
    partner.tier_id = tier_id or None
    partner.region = (region or "").strip()
    partner.vertical = (vertical or "").strip()
    partner.manager_id = manager_id or None
    return partner


def set_partner_status(partner, status):
    partner.status = PartnerStatus(status)
    return partner


def list_partners(status=None, tier_id=None, region=None, manager_id=None, search=None):
    """Partners in the active scope matching the filters, by name."""
    statement = select(Partner).order_by(func.lower(Partner.name))
    if status:
        statement = statement.where(Partner.status == PartnerStatus(status))
    if tier_id:
        statement = statement.where(Partner.tier_id == tier_id)
    if region:
        statement = statement.where(Partner.region == region)
    if manager_id:
        statement = statement.where(Partner.manager_id == manager_id)
    if search:
        statement = statement.where(Partner.name.ilike(f"%{search.strip()}%"))
    return db.session.scalars(statement).all()


def partner_members(partner):
    return db.session.scalars(
        select(Membership).where(Membership.partner_id == partner.id).order_by(Membership.id)
    ).all()


def add_tier(name, weight):
    name = name.strip()
    if db.session.scalars(select(PartnerTier.id).where(func.lower(PartnerTier.name) == name.lower())).first():
        raise ServiceError("This tier exists already.", field="name")
    tier = PartnerTier(name=name, weight=weight, position=len(partner_tiers()))
    db.session.add(tier)
    return tier


def pending_partner_invitations(partner):
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.partner_id == partner.id, Invitation.accepted_at.is_(None),
               Invitation.revoked_at.is_(None))
        .order_by(Invitation.id.desc())
    ).all()
