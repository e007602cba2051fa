"""Removing a person from a tenant, and a person deleting their own account.

What they contributed stays, anonymised, because it is the organisation's record and
counts in its figures:
- feedback they gave: kept; author link removed, submitter name "Former member",
  submitter email cleared (also on items that carry their address without a link);
- ideas, comments, notes, follow-up entries, loop replies: kept; author link removed
  (shown as "Former member");
- votes: kept as anonymous counts (user link removed, still weighted by their partner's
  tier), so an idea's demand does not drop because someone left; the unique voter key
  becomes "former:<vote id>";
- follow-ups they owned become unassigned; partners they managed get no manager;
- survey recipient rows addressed to them lose the address ("former-member-<id>@invalid");
- invitations to their address in the tenant, and the tenant's mail to them not yet sent,
  are deleted;
- the audit log keeps who changed what (the label written at the time): it is the
  record admins rely on, and only admins read it.
The last admin of a tenant cannot be removed or delete their account.

Deleting an account touches only the person's own user row (and what hangs on it: reset
and confirmation links, sessions), the tenants of their own memberships, and the mail
about their account (kinds in ACCOUNT_MAIL_KINDS, sent for no tenant). Rows of other tenants stay as they are, even when they carry
the same address (a survey invitation, an invitation to join)."""

from sqlalchemy import delete, or_, select, update

from app.audit.models import AuditEntry
from app.auth.models import User
from app.auth.services.accounts import ACCOUNT_MAIL_KINDS
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import LoopReply
from app.ideas.models import IdeaVote
from app.lifecycle.services.tenants import bulk, check_not_last_admin, check_password, numbered, references_to
from app.mail.models import OutboxMessage, OutboxStatus
from app.surveys.models import SurveyRecipient
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Invitation, Membership, Role

FORMER_MEMBER = "Former member"
# The log is append-only: its entries keep their actor.
KEPT_REFERENCES = {AuditEntry}


def anonymise_person(tenant_id, user_id, email):
    """Remove one person's identity from the tenant's rows, keeping the rows (see above)."""
    with scoped_to(tenant_id):
        bulk(update(FeedbackItem)
             .where(or_(FeedbackItem.author_id == user_id, FeedbackItem.submitter_email == email))
             .values(author_id=None, submitter_name=FORMER_MEMBER, submitter_email=""))
        bulk(update(IdeaVote).where(IdeaVote.user_id == user_id)
             .values(user_id=None, voter_key=numbered("former:", IdeaVote.id)))
        bulk(update(SurveyRecipient).where(SurveyRecipient.user_id == user_id)
             .values(user_id=None, name="", email=numbered("former-member-", SurveyRecipient.id, "@invalid")))
        bulk(update(LoopReply).where(LoopReply.to_address == email).values(to_address=""))
        bulk(delete(Invitation).where(Invitation.email == email))
        # Mail for them not yet sent (notifications) would reach someone no longer there.
        bulk(delete(OutboxMessage).where(OutboxMessage.tenant_id == tenant_id, OutboxMessage.to_address == email,
                                         OutboxMessage.status == OutboxStatus.PENDING))
        for cls, column in references_to("users"):
            if cls not in KEPT_REFERENCES and column.nullable:
                bulk(update(cls).where(column == user_id).values({column.key: None}))


def can_remove_member(acting, membership):
    """Admins remove anyone of their tenant; partner admins people of their own partner.
    Nobody removes themselves here (that is the account page)."""
    if membership.tenant_id != acting.tenant_id or membership.user_id == acting.user_id:
        return False
    if acting.role == Role.ADMIN:
        return True
    return acting.role == Role.PARTNER_ADMIN and membership.partner_id == acting.partner_id


def remove_member(acting, membership):
    """Take a person out of the tenant: their membership goes, their contributions stay
    anonymised, their account stays (it may belong to other organisations)."""
    if not can_remove_member(acting, membership):
        raise ServiceError("You cannot remove this person.")
    check_not_last_admin(membership)
    user = membership.user
    anonymise_person(membership.tenant_id, user.id, user.email)
    with scoped_to(membership.tenant_id):
        db.session.delete(membership)  # audited: the log shows who removed whom
        db.session.flush()
    return user


def memberships_of(user):
    return db.session.scalars(
        unscoped(select(Membership).where(Membership.user_id == user.id).order_by(Membership.id))
    ).all()


def delete_account(user, password):
    """A person deletes their own account: every membership goes (their contributions
    stay anonymised in each tenant), then the account and its account mail (reset links...).
    Nothing of a tenant they do not belong to is touched."""
    check_password(user, password)
    memberships = memberships_of(user)
    for membership in memberships:
        check_not_last_admin(membership)
    user_id, email = user.id, user.email
    for membership in memberships:
        anonymise_person(membership.tenant_id, user_id, email)
        with scoped_to(membership.tenant_id):
            db.session.delete(membership)
            db.session.flush()
    # Their own account mail only (it belongs to no tenant: a cross-tenant statement); each
    # tenant's pending mail to them went with anonymise_person, inside that tenant's scope.
    bulk(unscoped(delete(OutboxMessage).where(OutboxMessage.tenant_id.is_(None),
                                              OutboxMessage.kind.in_(ACCOUNT_MAIL_KINDS),
                                              OutboxMessage.to_address == email)))
    db.session.expunge(user)
    # Reset and confirmation links and sessions go by the foreign key cascade.
    bulk(delete(User).where(User.id == user_id))
    return len(memberships)
