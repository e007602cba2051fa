"""The demo tenant: realistic partners, people and pending invitations."""

from sqlalchemy import delete, select

from app.extensions import db
from app.models import Membership, Partner, PartnerStatus, PartnerTier, Role, Tenant, User
from app.services.accounts import create_tenant, create_user, find_user_by_email
from app.services.invitations import invite_partner_user, invite_staff
from app.tenancy import scoped_to

DEMO_SLUG = "demo"
DEMO_PASSWORD = "demo-password-2026"
STAFF = [
    ("admin@demo.example", "Alex Admin", Role.ADMIN),
    ("manager@demo.example", "Morgan Manager", Role.MANAGER),
]
PARTNERS = [
    # name, tier, region, vertical, status, partner users
    ("Northwind Solutions", "Gold", "EMEA", "Manufacturing", PartnerStatus.ACTIVE,
     [("nora@northwind.example", "Nora North", Role.PARTNER_ADMIN),
      ("nils@northwind.example", "Nils Berg", Role.PARTNER_MEMBER)]),
    ("Bluebird Consulting", "Silver", "North America", "Healthcare", PartnerStatus.ACTIVE,
     [("bea@bluebird.example", "Bea Byrd", Role.PARTNER_ADMIN)]),
    ("Cobalt Systems", "Gold", "APAC", "Financial services", PartnerStatus.ACTIVE,
     [("chen@cobalt.example", "Chen Wei", Role.PARTNER_ADMIN)]),
    ("Dunmore Digital", "Registered", "EMEA", "Retail", PartnerStatus.SUSPENDED, []),
]
DEMO_LOGINS = {
    "password": DEMO_PASSWORD,
    "users": [(email, role.label) for email, _, role in STAFF]
    + [(email, f"{role.label}, {p[0]}") for p in PARTNERS for email, _, role in p[5]],
}


def _remove_existing_demo():
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == DEMO_SLUG)).first()
    if tenant is not None:
        with scoped_to(tenant.id):
            db.session.delete(tenant)
            db.session.flush()
    emails = [email for email, _ in DEMO_LOGINS["users"]]
    db.session.execute(delete(User).where(User.email.in_(emails)))


def _user(email, name):
    return find_user_by_email(email) or create_user(email, name, DEMO_PASSWORD)


def seed_demo():
    """Replace the demo tenant with a fresh copy. The caller commits."""
    _remove_existing_demo()
    admin = _user(*STAFF[0][:2])
    db.session.flush()
    tenant = create_tenant("Acme Cloud", DEMO_SLUG, admin)
    with scoped_to(tenant.id):
        manager = _user(*STAFF[1][:2])
        db.session.add(Membership(user=manager, role=Role.MANAGER))
        tiers = {t.name: t for t in db.session.scalars(select(PartnerTier))}
        admin_membership = db.session.scalars(select(Membership).where(Membership.role == Role.ADMIN)).one()
        for name, tier, region, vertical, status, people in PARTNERS:
            partner = Partner(name=name, tier=tiers[tier], region=region, vertical=vertical,
                              status=status, manager=manager)
            db.session.add(partner)
            for email, person_name, role in people:
                db.session.add(Membership(user=_user(email, person_name), role=role, partner=partner))
        db.session.flush()
        northwind = db.session.scalars(select(Partner).where(Partner.name == PARTNERS[0][0])).one()
        invite_partner_user(tenant, admin_membership, northwind, "new.colleague@northwind.example",
                            Role.PARTNER_MEMBER)
        invite_staff(tenant, admin_membership, "new.manager@demo.example", Role.MANAGER)
        db.session.flush()
    return tenant
