"""The people of the acting organisation: the vendor's staff, or one partner's users."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.errors import ServiceError
from app.extensions import db
from app.tenants.models import Invitation, Membership, Role
from app.tenants.services.invitations import (
    PARTNER_INVITE_ROLES,
    STAFF_INVITE_ROLES,
    invite_partner_user,
    invite_staff,
)


def _own_organisation(statement, model, membership):
    # Partner users are already limited to their partner by the tenancy criteria;
    # staff see the vendor's own rows (partner_id NULL) here, partners on their pages.
    if membership.role.is_staff:
        return statement.where(model.partner_id.is_(None))
    return statement


def team_members(membership):
    statement = select(Membership).options(selectinload(Membership.user)).order_by(Membership.id)
    return db.session.scalars(_own_organisation(statement, Membership, membership)).all()


def team_invitations(membership):
    """Invitations into the acting organisation not yet accepted or revoked, newest first."""
    statement = (
        select(Invitation)
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.id.desc())
    )
    return db.session.scalars(_own_organisation(statement, Invitation, membership)).all()


def invitable_roles(membership):
    """The roles this person may invite colleagues with on the team page (none: no form)."""
    if membership.role == Role.ADMIN:
        return STAFF_INVITE_ROLES
    if membership.role == Role.PARTNER_ADMIN:
        return PARTNER_INVITE_ROLES
    return ()


def invite_colleague(tenant, membership, email, role):
    """Admins invite staff; partner admins invite into their own partner."""
    if role not in invitable_roles(membership):
        raise ServiceError("You cannot invite people with this role.", field="role")
    if membership.role.is_staff:
        return invite_staff(tenant, membership, email, role)
    return invite_partner_user(tenant, membership, membership.partner, email, role)


def can_manage_invitation(membership, invitation):
    """Admins manage staff invitations; staff manage partner ones; partner admins their own."""
    if invitation.tenant_id != membership.tenant_id:
        return False
    if invitation.partner_id is None:
        return membership.role == Role.ADMIN
    if membership.role.is_staff:
        return True
    return membership.role == Role.PARTNER_ADMIN and membership.partner_id == invitation.partner_id
