"""Invitations: staff to a tenant, a partner organisation's first admin, and colleagues.

Who may invite whom is decided here, not in the views:
- a tenant admin invites staff (admin or manager);
- an admin or manager invites a partner organisation and its first partner admin,
  and more people into any partner of the tenant;
- a partner admin invites colleagues into their own partner, with partner roles only.

Links are single-use and expire; only the SHA-256 hash of a link's token is stored.
"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from werkzeug.security import check_password_hash

from app.audit.services import acting_as, actor_for
from app.auth.services.accounts import create_user, find_user_by_email, mark_verified, normalise_email
from app.core.errors import ServiceError, TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.mail import enqueue_email
from app.partners.models import PartnerStatus
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Invitation, Membership, Role

# Least privilege first: the first role is what every invitation form offers by default.
STAFF_INVITE_ROLES = (Role.MANAGER, Role.ADMIN)
PARTNER_INVITE_ROLES = (Role.PARTNER_MEMBER, Role.PARTNER_ADMIN)
ALREADY_ACCEPTED = "This invitation has already been accepted. Log in to continue."


def _expiry():
    return utcnow() + timedelta(days=current_app.config["INVITATION_TTL_DAYS"])


def _membership_in(tenant_id, user):
    # Unscoped with an explicit tenant filter: a partner admin's own scope hides
    # staff and other partners, yet one person has one membership per tenant.
    return db.session.scalars(
        unscoped(select(Membership).where(Membership.tenant_id == tenant_id, Membership.user_id == user.id))
    ).first()


def _live_invitation_exists(tenant_id, email, except_invitation=None):
    statement = select(Invitation.id).where(
        Invitation.tenant_id == tenant_id,
        Invitation.email == normalise_email(email),
        Invitation.accepted_at.is_(None),
        Invitation.revoked_at.is_(None),
        Invitation.expires_at > utcnow(),
    )
    if except_invitation is not None:
        statement = statement.where(Invitation.id != except_invitation.id)
    return db.session.scalars(unscoped(statement)).first() is not None


def _ensure_invitable(tenant_id, email, except_invitation=None):
    """One membership per person and tenant, and at most one usable link per address."""
    user = find_user_by_email(email)
    if user is not None and _membership_in(tenant_id, user) is not None:
        raise ServiceError("This person already has access to this portal.", field="email")
    if _live_invitation_exists(tenant_id, email, except_invitation):
        raise ServiceError(
            "An invitation to this address is already pending: resend it from the list.",
            field="email",
        )


def _ensure_own_tenant(tenant, inviter_membership):
    if inviter_membership.tenant_id != tenant.id:
        raise ServiceError("You cannot invite people to this organisation.")


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
    _ensure_invitable(tenant.id, email)
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
    """Invite a vendor admin or manager; only tenant admins may."""
    _ensure_own_tenant(tenant, inviter_membership)
    if inviter_membership.role != Role.ADMIN:
        raise ServiceError("Only admins can invite staff.")
    if role not in STAFF_INVITE_ROLES:
        raise ServiceError("Choose a staff role.", field="role")
    return _create_invitation(tenant, inviter_membership.user, email, Role(role))


def _may_invite_into(membership, partner):
    if membership.role.is_staff:
        return True
    return membership.role == Role.PARTNER_ADMIN and membership.partner_id == partner.id


def invite_partner_user(tenant, inviter_membership, partner, email, role):
    """Invite someone into `partner` with a partner role: staff into any partner of
    their tenant, partner admins into their own partner only."""
    _ensure_own_tenant(tenant, inviter_membership)
    if partner.tenant_id != tenant.id or not _may_invite_into(inviter_membership, partner):
        raise ServiceError("You cannot invite people to this partner.")
    if role not in PARTNER_INVITE_ROLES:
        raise ServiceError("Choose a partner role.", field="role")
    if partner.status == PartnerStatus.SUSPENDED:
        raise ServiceError("This partner is suspended; reactivate it before inviting people.")
    return _create_invitation(tenant, inviter_membership.user, email, Role(role), partner=partner)


def invite_new_partner(tenant, inviter_membership, partner_fields, admin_email):
    """Create a partner organisation (status invited) and invite its first admin."""
    from app.partners.services import create_partner

    if not inviter_membership.role.is_staff:
        raise ServiceError("Only staff can invite partner organisations.")
    partner = create_partner(tenant, **partner_fields)
    db.session.flush()
    try:
        invitation = invite_partner_user(tenant, inviter_membership, partner, admin_email, Role.PARTNER_ADMIN)
    except ServiceError as error:
        # The form calls the address `admin_email`; show the error there.
        raise ServiceError(
            error.message, field="admin_email" if error.field == "email" else error.field
        ) from error
    return partner, invitation


def resend_invitation(invitation):
    """A fresh link and expiry; the old link stops working."""
    if not invitation.is_pending:
        raise ServiceError("Only pending invitations can be resent.")
    if invitation.partner is not None and invitation.partner.status == PartnerStatus.SUSPENDED:
        raise ServiceError("This partner is suspended; reactivate it before resending invitations.")
    _ensure_invitable(invitation.tenant_id, invitation.email, except_invitation=invitation)
    raw, invitation.token_hash = new_token()
    invitation.expires_at = _expiry()
    invitation.sent_count += 1
    _send_invitation_email(invitation, raw)
    return invitation


def revoke_invitation(invitation):
    """The link stops working at once."""
    if not invitation.is_pending:
        raise ServiceError("This invitation is no longer pending.")
    invitation.revoked_at = utcnow()


def find_invitation(raw):
    """The usable invitation behind a link, or TokenError saying why not."""
    invitation = db.session.scalars(
        unscoped(select(Invitation).where(Invitation.token_hash == hash_token(raw or "")))
    ).first()
    if invitation is None or invitation.revoked_at is not None:
        raise TokenError("This invitation link is not valid. Ask for a new invitation.")
    if invitation.accepted_at is not None:
        raise TokenError(ALREADY_ACCEPTED)
    if invitation.is_expired:
        raise TokenError("This invitation has expired. Ask the person who invited you to resend it.")
    if invitation.partner is not None and invitation.partner.status == PartnerStatus.SUSPENDED:
        raise TokenError("This partner's access is suspended. Contact the person who invited you.")
    return invitation


def acceptance_mode(invitation, acting_user):
    """How this person accepts: "current" (one click: logged in with the invited
    address), "existing" (the address has an account: confirm its password) or
    "new" (create an account)."""
    if acting_user.is_authenticated and acting_user.email == invitation.email:
        return "current"
    if find_user_by_email(invitation.email) is not None:
        return "existing"
    return "new"


def _claim(invitation):
    # A conditional UPDATE, so the same link accepted twice at once joins once.
    claimed = db.session.execute(
        Invitation.__table__.update()
        .where(
            Invitation.id == invitation.id, Invitation.accepted_at.is_(None), Invitation.revoked_at.is_(None)
        )
        .values(accepted_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise TokenError(ALREADY_ACCEPTED)


def accept_invitation(invitation, user=None, name=None, password=None):
    """Join the invitation's organisation, as `user` or as a new account.

    Returns the new membership; the caller commits. The first acceptance into an
    invited partner makes the partner active."""
    with scoped_to(invitation.tenant_id):
        if user is None:
            user = create_user(invitation.email, name or "", password or "")
            db.session.flush()
        elif _membership_in(invitation.tenant_id, user) is not None:
            raise TokenError("You already have access to this organisation. Log in to continue.")
        # The person accepting is not signed in yet: the audit log credits them, not "visitor".
        with acting_as(actor_for(user)):
            return _join(invitation, user)


def _join(invitation, user):
    """The claimed invitation's membership for `user`; flushed, so audited now."""
    _claim(invitation)
    mark_verified(user)  # the link reached this address: no second confirmation needed
    membership = Membership(
        tenant_id=invitation.tenant_id, partner_id=invitation.partner_id, user=user, role=invitation.role
    )
    db.session.add(membership)
    if invitation.partner is not None and invitation.partner.status == PartnerStatus.INVITED:
        invitation.partner.status = PartnerStatus.ACTIVE
    db.session.flush()
    return membership


def accept_with_password(invitation, password):
    """Accept as the existing account of the invited address, proven by its password."""
    user = find_user_by_email(invitation.email)
    if user is None or not check_password_hash(user.password_hash, password or ""):
        raise ServiceError("That is not the password of this account.", field="password")
    return accept_invitation(invitation, user=user)
