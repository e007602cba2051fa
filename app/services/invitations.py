"""Invitations: staff to a tenant, a partner organisation's first admin, and colleagues.

Who may invite whom is decided here, not in the views:
- a tenant admin invites staff (admin or manager);
- an admin or manager invites a partner organisation and its first partner admin;
- a partner admin invites colleagues of their own partner.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.mail import enqueue_email
from app.models import Invitation, Membership, Partner, PartnerStatus, Role
from app.models.base import utcnow
from app.services.accounts import create_user, find_user_by_email, normalise_email
from app.services.errors import ServiceError, TokenError
from app.services.tokens import hash_token, new_token
from app.tenancy import scoped_to, unscoped

STAFF_INVITE_ROLES = (Role.ADMIN, Role.MANAGER)
PARTNER_INVITE_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_MEMBER)


def _expiry():
    return utcnow() + timedelta(days=current_app.config["INVITATION_TTL_DAYS"])


def _ensure_not_member_or_invited(tenant, email):
    user = find_user_by_email(email)
    if user is not None:
        member = db.session.scalars(
            unscoped(select(Membership).where(
                Membership.tenant_id == tenant.id, Membership.user_id == user.id
            ))
        ).first()
        if member is not None:
            raise ServiceError("This person already has access to this portal.", field="email")
    pending = db.session.scalars(
        unscoped(select(Invitation).where(
            Invitation.tenant_id == tenant.id,
            Invitation.email == normalise_email(email),
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        ))
    ).first()
    if pending is not None:
        raise ServiceError(
            "An invitation to this address is already pending: resend it from the list.",
            field="email",
        )


def _send_invitation_email(invitation, raw_token):
    organisation = invitation.partner.name if invitation.partner else invitation.tenant.name
    enqueue_email(
        "invitation",
        invitation.email,
        f"You are invited to join {organisation} on Partnerloop",
        "invitation",
        tenant_id=invitation.tenant_id,
        invitation=invitation,
        organisation=organisation,
        token=raw_token,
        ttl_days=current_app.config["INVITATION_TTL_DAYS"],
    )


def _create_invitation(tenant, inviter, email, role, partner=None):
    _ensure_not_member_or_invited(tenant, email)
    raw, token_hash = new_token()
    invitation = Invitation(
        tenant_id=tenant.id,
        tenant=tenant,
        partner=partner,
        email=normalise_email(email),
        role=role,
        token_hash=token_hash,
        expires_at=_expiry(),
        invited_by=inviter,
    )
    db.session.add(invitation)
    db.session.flush()
    _send_invitation_email(invitation, raw)
    return invitation


def invite_staff(tenant, inviter_membership, email, role):
    if inviter_membership.role != Role.ADMIN:
        raise ServiceError("Only admins can invite staff.")
    if role not in STAFF_INVITE_ROLES:
        raise ServiceError("Choose a staff role.", field="role")
    return _create_invitation(tenant, inviter_membership.user, email, role)


def invite_partner_user(tenant, inviter_membership, partner, email, role):
    """Invite someone into `partner`: staff may invite any role, partner admins too."""
    if role not in PARTNER_INVITE_ROLES:
        raise ServiceError("Choose a partner role.", field="role")
    allowed = inviter_membership.role.is_staff or (
        inviter_membership.role == Role.PARTNER_ADMIN and inviter_membership.partner_id == partner.id
    )
    if not allowed:
        raise ServiceError("You cannot invite people to this partner.")
    if partner.status == PartnerStatus.SUSPENDED:
        raise ServiceError("This partner is suspended; reactivate it before inviting people.")
    return _create_invitation(tenant, inviter_membership.user, email, role, partner=partner)


def resend_invitation(invitation):
    """A fresh link and expiry; the old link stops working."""
    if not invitation.is_pending:
        raise ServiceError("Only pending invitations can be resent.")
    raw, invitation.token_hash = new_token()
    invitation.expires_at = _expiry()
    invitation.sent_count += 1
    _send_invitation_email(invitation, raw)
    return invitation


def revoke_invitation(invitation):
    if not invitation.is_pending:
        raise ServiceError("This invitation is no longer pending.")
    invitation.revoked_at = utcnow()


def pending_invitations():
    """Pending invitations visible in the active scope, newest first."""
    return db.session.scalars(
        select(Invitation)
        .where(Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None))
        .order_by(Invitation.created_at.desc(), Invitation.id.desc())
    ).all()


def find_invitation(raw):
    """The usable invitation behind a link, or TokenError saying why not."""
    invitation = db.session.scalars(
        unscoped(select(Invitation).where(Invitation.token_hash == hash_token(raw or "")))
    ).first()
    if invitation is None or invitation.revoked_at is not None:
        raise TokenError("This invitation link is not valid. Ask for a new invitation.")
    if invitation.accepted_at is not None:
        raise TokenError("This invitation has already been accepted. Log in to continue.")
    if invitation.is_expired:
        raise TokenError("This invitation has expired. Ask the person who invited you to resend it.")
    return invitation


def accept_invitation(invitation, user=None, name=None, password=None):
    """Join the invitation's organisation, as `user` or as a new account.

    Returns the new membership. The invitation is claimed with a conditional UPDATE,
    so the same link accepted twice at once creates one membership."""
    with scoped_to(invitation.tenant_id):
        if user is None:
            user = create_user(invitation.email, name or "", password or "")
            db.session.flush()
        claimed = db.session.execute(
            Invitation.__table__.update()
            .where(Invitation.id == invitation.id, Invitation.accepted_at.is_(None),
                   Invitation.revoked_at.is_(None))
            .values(accepted_at=utcnow())
        ).rowcount
        if claimed != 1:
            raise TokenError("This invitation has already been accepted. Log in to continue.")
        membership = Membership(
            tenant_id=invitation.tenant_id,
            partner_id=invitation.partner_id,
            user=user,
            role=invitation.role,
        )
        db.session.add(membership)
        if invitation.partner is not None and invitation.partner.status == PartnerStatus.INVITED:
            invitation.partner.status = PartnerStatus.ACTIVE
        db.session.flush()
    return membership


def invite_new_partner(tenant, inviter_membership, partner_fields, admin_email):
    """Create a partner organisation (status invited) and invite its first admin."""
    from app.services.partners import create_partner

    partner = create_partner(tenant, **partner_fields)
    db.session.flush()
    invitation = invite_partner_user(tenant, inviter_membership, partner, admin_email, Role.PARTNER_ADMIN)
    return partner, invitation


