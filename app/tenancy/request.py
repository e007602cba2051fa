"""Resolving the acting user's membership, and so the active tenant, for each request.

The session names the membership a person acts in (`membership_id`); on every
request it is checked against the logged-in user before any tenant data is read.
A person with one membership needs no choice; with several they pick one at /orgs.
"""

from flask import g, session
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.local import LocalProxy

from app.extensions import db
from app.partners.models import PartnerStatus
from app.tenancy.scope import TenantScope, reset_scope, set_scope, unscoped
from app.tenants.models import Membership

ACTIVE_MEMBERSHIP_KEY = "membership_id"


def _current_membership():
    return g.get("membership")


current_membership = LocalProxy(_current_membership)
current_tenant = LocalProxy(lambda: g.membership.tenant if g.get("membership") else None)


def usable_memberships(user):
    """The memberships a person can act in (suspended partners excluded)."""
    # The tenant and partner come in the same query: every page reads the tenant (its
    # name in the header), which was one more round trip per request.
    statement = unscoped(
        select(Membership).where(Membership.user_id == user.id).order_by(Membership.id)
        .options(joinedload(Membership.tenant), joinedload(Membership.partner))
    )
    memberships = db.session.scalars(statement).all()
    return [m for m in memberships if m.partner is None or m.partner.status != PartnerStatus.SUSPENDED]


def _resolve_membership(user):
    memberships = usable_memberships(user)
    chosen_id = session.get(ACTIVE_MEMBERSHIP_KEY)
    for membership in memberships:
        if membership.id == chosen_id:
            return membership
    if len(memberships) == 1:
        session[ACTIVE_MEMBERSHIP_KEY] = memberships[0].id
        return memberships[0]
    return None


def activate_membership(membership):
    """Make `membership` the one this browser session acts in."""
    session[ACTIVE_MEMBERSHIP_KEY] = membership.id


def scope_for(membership):
    partner_id = None if membership.role.is_staff else membership.partner_id
    return TenantScope(membership.tenant_id, partner_id)


def _enter_request_scope():
    g.membership = None
    if not current_user.is_authenticated:
        return
    membership = _resolve_membership(current_user)
    if membership is not None:
        g.membership = membership
        g.scope_token = set_scope(scope_for(membership))


def _leave_request_scope(_exc=None):
    token = g.pop("scope_token", None)
    if token is not None:
        reset_scope(token)


def install_request_scope(app):
    app.before_request(_enter_request_scope)
    app.teardown_request(_leave_request_scope)

    @app.context_processor
    def inject_tenancy():
        return {"current_membership": g.get("membership"), "current_tenant": current_tenant}
