"""The demo tenant: realistic partners, people and pending invitations.

`seed_demo()` replaces the tenant with slug `demo` by a fresh copy, so it can run
any number of times. Demo people are kept between runs (they may belong to other
tenants too); their name and password are reset to the demo ones."""

from collections import defaultdict

from flask import current_app
from sqlalchemy import inspect, select

from app.auth.models import User
from app.auth.services.accounts import create_user, find_user_by_email, hash_password, mark_verified
from app.demo import content as demo_content
from app.demo.services.actions import seed_actions_demo
from app.demo.services.followups import seed_followups_demo
from app.demo.services.themes import seed_demo_themes
from app.extensions import db
from app.partners.lists import ensure_entries
from app.partners.models import Partner, PartnerStatus, PartnerTier
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Membership, Role, Tenant
from app.tenants.services.invitations import invite_partner_user, invite_staff
from app.tenants.services.tenants import create_tenant

DEMO_SLUG = "demo"
DEMO_NAME = "Acme Cloud"
DEMO_PASSWORD = "demo-password-2026"
STAFF = [
    ("admin@demo.example", "Alex Admin", Role.ADMIN),
    ("manager@demo.example", "Morgan Manager", Role.MANAGER),
]
PARTNERS = [
    # name, tier, region, vertical, status, partner users
    (
        "Northwind Solutions",
        "Gold",
        "EMEA",
        "Manufacturing",
        PartnerStatus.ACTIVE,
        [
            ("nora@northwind.example", "Nora North", Role.PARTNER_ADMIN),
            ("nils@northwind.example", "Nils Berg", Role.PARTNER_MEMBER),
        ],
    ),
    (
        "Bluebird Consulting",
        "Silver",
        "North America",
        "Healthcare",
        PartnerStatus.ACTIVE,
        [("bea@bluebird.example", "Bea Byrd", Role.PARTNER_ADMIN)],
    ),
    (
        "Cobalt Systems",
        "Gold",
        "APAC",
        "Financial services",
        PartnerStatus.ACTIVE,
        [("chen@cobalt.example", "Chen Wei", Role.PARTNER_ADMIN)],
    ),
    ("Dunmore Digital", "Registered", "EMEA", "Retail", PartnerStatus.SUSPENDED, []),
]
PENDING_STAFF_INVITATION = ("new.manager@demo.example", Role.MANAGER)
PENDING_PARTNER_INVITATION = ("new.colleague@northwind.example", Role.PARTNER_MEMBER)
DEMO_LOGINS = {
    "password": DEMO_PASSWORD,
    "users": [(email, role.label) for email, _, role in STAFF]
    + [(email, f"{role.label}, {p[0]}") for p in PARTNERS for email, _, role in p[5]],
}


def find_demo_tenant():
    return db.session.scalars(select(Tenant).where(Tenant.slug == DEMO_SLUG)).first()


def _remove_existing_demo():
    tenant = find_demo_tenant()
    if tenant is None:
        return
    with scoped_to(tenant.id):
        db.session.delete(tenant)  # the database cascades to every row of the tenant
        db.session.flush()
    _forget_rows_deleted_by_the_database()


def _forget_rows_deleted_by_the_database():
    """The cascade removed rows behind the session's back. Objects still held for them
    must go: SQLite reuses ids, and a new row must not collide with a stale object."""
    objects_by_class = defaultdict(dict)
    for (cls, primary_key, *_), obj in list(db.session.identity_map.items()):
        if hasattr(cls, "tenant_id") and len(primary_key) == 1:
            objects_by_class[cls][primary_key[0]] = obj
    for cls, objects in objects_by_class.items():
        id_column = inspect(cls).primary_key[0]
        present = set(db.session.scalars(unscoped(select(id_column).where(id_column.in_(list(objects))))))
        for object_id, obj in objects.items():
            if object_id not in present:
                db.session.expunge(obj)
    for obj in list(db.session.identity_map.values()):
        if isinstance(obj, User):
            db.session.expire(obj, ["memberships"])


def _demo_user(email, name):
    user = find_user_by_email(email)
    if user is None:
        return create_user(email, name, DEMO_PASSWORD)
    user.name = name
    user.password_hash = hash_password(DEMO_PASSWORD)
    mark_verified(user)  # the demo logins work at once
    return user


def _add_partners(manager):
    tiers = {t.name: t for t in db.session.scalars(select(PartnerTier))}
    regions = ensure_entries("region", [p[2] for p in PARTNERS])  # the tenant's lists' spelling
    verticals = ensure_entries("vertical", [p[3] for p in PARTNERS])
    partners = []
    for name, tier, region, vertical, status, people in PARTNERS:
        partner = Partner(name=name, tier=tiers[tier], region=regions[region], vertical=verticals[vertical],
                          status=status, manager=manager)
        db.session.add(partner)
        for email, person_name, role in people:
            db.session.add(Membership(user=_demo_user(email, person_name), role=role, partner=partner))
        partners.append(partner)
    db.session.flush()
    return partners


def _add_pending_invitations(tenant, partners):
    admin_membership = db.session.scalars(select(Membership).where(Membership.role == Role.ADMIN)).one()
    invite_staff(tenant, admin_membership, *PENDING_STAFF_INVITATION)
    invite_partner_user(tenant, admin_membership, partners[0], *PENDING_PARTNER_INVITATION)


def seed_demo():
    """Replace the demo tenant with a fresh copy and return it. The caller commits."""
    _remove_existing_demo()
    admin = _demo_user(*STAFF[0][:2])
    db.session.flush()
    tenant = create_tenant(DEMO_NAME, DEMO_SLUG, admin)
    with scoped_to(tenant.id):
        manager = _demo_user(*STAFF[1][:2])
        db.session.add(Membership(user=manager, role=Role.MANAGER))
        partners = _add_partners(manager)
        _add_pending_invitations(tenant, partners)
        db.session.flush()
        _add_sample_content(tenant, admin, partners)
    return tenant


def _add_sample_content(tenant, admin, partners):
    """Feedback from every source and channel, a survey campaign with answers, an import,
    ideas, follow-ups (open, overdue, resolved) and an action with a visible effect."""
    seed_demo_themes()  # first: recording the feedback below tags it
    demo_content.seed_feedback(items_per_partner=current_app.config["DEMO_ITEMS_PER_PARTNER"])
    demo_content.seed_survey_campaign(admin, partners[0])
    demo_content.seed_import(admin)
    demo_content.seed_ideas()
    seed_followups_demo(tenant)
    seed_actions_demo(tenant, created_by=admin)
    db.session.flush()
