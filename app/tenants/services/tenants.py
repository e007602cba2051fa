"""Creating tenants: the portal address (slug) rules, the first admin's membership, and
each new tenant's defaults (partner tiers and regions, program elements, categories, idea statuses)."""

import re

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.auth.services.accounts import create_user, find_user_by_email, flush_or_raise
from app.core.errors import ServiceError
from app.core.timezones import checked_zone
from app.extensions import db
from app.feedback.services import seed_feedback_defaults
from app.ideas.services import seed_idea_statuses
from app.partners.models import PartnerRegion, PartnerTier
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role, Tenant

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")
RESERVED_SLUGS = {"admin", "api", "static", "login", "signup", "www", "app"}
DEFAULT_TIERS = (("Gold", 3), ("Silver", 2), ("Registered", 1))
DEFAULT_REGIONS = ("North America", "LATAM", "EMEA", "APAC")  # admins rename or add (Regions and verticals)


def set_time_zone(tenant, name):
    """The organisation's time zone, by its IANA name (validated against the known zones)."""
    tenant.time_zone = checked_zone(name)
    return tenant


def slug_from_name(name):
    slug = re.sub(r"[^a-z0-9]+", "-", (name or "").lower()).strip("-")
    return slug[:63].strip("-")


def normalise_slug(slug):
    return (slug or "").strip().lower()


def slug_is_taken(slug):
    return bool(db.session.scalar(select(func.count()).select_from(Tenant).where(Tenant.slug == slug)))


def _slug_taken_error():
    return ServiceError("This address is already taken.", field="slug")


def validate_slug(slug):
    """Raise ServiceError unless `slug` is well-formed, not reserved and free."""
    if not SLUG_PATTERN.match(slug or ""):
        raise ServiceError(
            "Use 3-63 lowercase letters, digits and hyphens, starting and ending with a letter or digit.",
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise ServiceError("This address is reserved; choose another one.", field="slug")
    if slug_is_taken(slug):
        raise _slug_taken_error()


def create_tenant(name, slug, admin):
    """A new tenant with `admin` (a User) as its first admin and default partner tiers.
    On a ServiceError the caller must roll the session back."""
    slug = normalise_slug(slug)
    validate_slug(slug)
    tenant = Tenant(name=name.strip(), slug=slug)
    db.session.add(tenant)
    flush_or_raise(_slug_taken_error())  # a concurrent sign-up may have taken the slug
    with scoped_to(tenant.id):
        db.session.add(Membership(tenant_id=tenant.id, user=admin, role=Role.ADMIN))
        for position, (tier_name, weight) in enumerate(DEFAULT_TIERS):
            db.session.add(PartnerTier(name=tier_name, weight=weight, position=position))
        for position, region in enumerate(DEFAULT_REGIONS):
            db.session.add(PartnerRegion(name=region, position=position))
        seed_feedback_defaults()
        seed_idea_statuses()
        db.session.flush()
    return tenant


def create_tenant_with_admin(company_name, slug, admin_name, email, password):
    """A new tenant whose admin is a new (verified) account, or an existing person who
    proves it with their current password: the operator's `flask tenant create`.
    On a ServiceError the caller must roll the session back."""
    validate_slug(normalise_slug(slug))  # before any account work, so its error comes first
    user = find_user_by_email(email)
    if user is None:
        user = create_user(email, admin_name, password)
    elif not check_password_hash(user.password_hash, password or ""):
        raise ServiceError(
            "This email already has an account: enter its current password to add a new "
            "organisation to it, or reset the password first.",
            field="email",
        )
    tenant = create_tenant(company_name, slug, user)
    return tenant, user


def admin_membership(tenant, user):
    """`user`'s membership in `tenant` (e.g. to act in a tenant they just created)."""
    with scoped_to(tenant.id):
        return db.session.scalars(select(Membership).where(Membership.user_id == user.id)).one()
