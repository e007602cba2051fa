"""Partner organisations and partner tiers: create, edit, change status, list with filters.

Every query runs in the active tenant scope, so a tier or manager id of another
tenant simply is not found."""

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.errors import ServiceError
from app.extensions import db
from app.partners.lists import canonical_name
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenants.models import Invitation, Membership, Role


def staff_members():
    """The tenant's staff users (candidates for partner manager), by name."""
    return db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.role.in_([Role.ADMIN, Role.MANAGER]))
        .order_by(User.name, User.id)
    ).all()


def partner_tiers():
    return db.session.scalars(select(PartnerTier).order_by(PartnerTier.position, PartnerTier.name)).all()


def _same_name(column, name):
    # The exact comparison catches what SQLite's ASCII-only lower() misses
    # ("Ärger" twice), so the unique constraint never surfaces as an error page.
    return or_(column == name, func.lower(column) == name.lower())


def _check_name_free(name, partner=None):
    statement = select(Partner.id).where(_same_name(Partner.name, name))
    if partner is not None and partner.id is not None:
        statement = statement.where(Partner.id != partner.id)
    if db.session.scalars(statement).first() is not None:
        raise ServiceError("A partner with this name already exists.", field="name")


def _get(model, object_id):
    # db.session.get() could answer from the identity map without the scope criteria.
    return db.session.scalars(select(model).where(model.id == object_id)).first()


def _check_references(tier_id, manager_id):
    """Tier and manager must be the tenant's own (scoped queries return nothing foreign)."""
    if tier_id and _get(PartnerTier, tier_id) is None:
        raise ServiceError("Choose one of your tiers.", field="tier_id")
    if manager_id and manager_id not in {u.id for u in staff_members()}:
        raise ServiceError("Choose one of your staff members.", field="manager_id")


def _apply_fields(partner, name, tier_id, region, vertical, manager_id):
    name = (name or "").strip()
    if not name:
        raise ServiceError("Enter the partner's name.", field="name")
    _check_name_free(name, partner)
    _check_references(tier_id, manager_id)
    # Look-ups before any change: a query would flush half an edit (two audit entries).
    region, vertical = canonical_name("region", region), canonical_name("vertical", vertical)
    partner.name = name
    partner.tier_id = tier_id or None
    partner.region = region
    partner.vertical = vertical
    partner.manager_id = manager_id or None


def create_partner(tenant, name, tier_id=None, region="", vertical="", manager_id=None):
    """A new partner of `tenant`, status invited until its first person joins."""
    partner = Partner(tenant_id=tenant.id, status=PartnerStatus.INVITED)
    _apply_fields(partner, name, tier_id, region, vertical, manager_id)
    db.session.add(partner)
    return partner


def update_partner(partner, name, tier_id=None, region="", vertical="", manager_id=None):
    _apply_fields(partner, name, tier_id, region, vertical, manager_id)
    return partner


def set_partner_status(partner, status):
    """Invited, active or suspended; people of a suspended partner cannot act in it."""
    try:
        partner.status = PartnerStatus(status)
    except ValueError as error:
        raise ServiceError("Choose a valid status.", field="status") from error
    return partner


def partner_choices():
    """(id, name) of every partner in the active scope, by name, for select lists: two
    columns instead of Partner objects with their tiers and managers."""
    statement = select(Partner.id, Partner.name).order_by(func.lower(Partner.name), Partner.id)
    return [tuple(row) for row in db.session.execute(statement)]


def list_partners(status=None, tier_id=None, region=None, manager_id=None, search=None, vertical=None):
    """Partners in the active scope matching the filters, by name."""
    statement = (
        select(Partner)
        .options(selectinload(Partner.tier), selectinload(Partner.manager))
        .order_by(func.lower(Partner.name), Partner.id)
    )
    if status:
        statement = statement.where(Partner.status == PartnerStatus(status))
    if tier_id:
        statement = statement.where(Partner.tier_id == tier_id)
    if region:
        statement = statement.where(Partner.region == region)
    if vertical:
        statement = statement.where(Partner.vertical == vertical)
    if manager_id:
        statement = statement.where(Partner.manager_id == manager_id)
    if search and search.strip():
        # autoescape: "%" and "_" in a search are literal characters, not wildcards.
        statement = statement.where(Partner.name.icontains(search.strip(), autoescape=True))
    return db.session.scalars(statement).all()


def partner_members(partner):
    return db.session.scalars(
        select(Membership)
        .options(selectinload(Membership.user))
        .where(Membership.partner_id == partner.id)
        .order_by(Membership.id)
    ).all()


def pending_partner_invitations(partner):
    """The partner's invitations not yet accepted or revoked (expired ones included,
    so they can be resent), newest first."""
    return db.session.scalars(
        select(Invitation)
        .where(
            Invitation.partner_id == partner.id,
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
        )
        .order_by(Invitation.id.desc())
    ).all()


def _check_tier_name_free(name, tier=None):
    statement = select(PartnerTier.id).where(_same_name(PartnerTier.name, name))
    if tier is not None:
        statement = statement.where(PartnerTier.id != tier.id)
    if db.session.scalars(statement).first() is not None:
        raise ServiceError("This tier exists already.", field="name")


def add_tier(name, weight):
    name = (name or "").strip()
    _check_tier_name_free(name)
    tier = PartnerTier(name=name, weight=weight, position=len(partner_tiers()))
    db.session.add(tier)
    return tier


def update_tier(tier, name, weight):
    name = (name or "").strip()
    _check_tier_name_free(name, tier)
    tier.name = name
    tier.weight = weight
    return tier


def delete_tier(tier):
    """Remove a tier; its partners keep going without a tier."""
    db.session.execute(update(Partner).where(Partner.tier_id == tier.id).values(tier_id=None))
    db.session.delete(tier)
