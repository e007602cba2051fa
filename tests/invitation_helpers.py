"""Helpers for the invitation tests: read the real emailed link, count rows across scopes."""

import re

from sqlalchemy import func, select

from app.extensions import db
from app.mail.sender import deliver_all_due
from app.tenancy import unscoped
from app.tenants.models import Invitation, Membership
from tests.smtp import html_part, text_part

INVITATION_LINK = re.compile(r"http://localhost(/invitations/[A-Za-z0-9_\-]+)")


def emailed_invitation_path(smtp, address):
    """Deliver the outbox over SMTP and return the path of the newest link sent to `address`."""
    deliver_all_due()
    messages = smtp.to(address)
    assert messages, f"no email reached {address}"
    match = INVITATION_LINK.search(text_part(messages[-1]))
    assert match, text_part(messages[-1])
    assert match.group(0) in html_part(messages[-1])
    return match.group(1)


def invitations_to(email):
    """Every invitation ever sent to `email`, in any tenant, oldest first (fresh from the database)."""
    db.session.expire_all()
    return db.session.scalars(
        unscoped(select(Invitation).where(Invitation.email == email).order_by(Invitation.id))
    ).all()


def memberships_of(user):
    db.session.expire_all()
    return db.session.scalars(
        unscoped(select(Membership).where(Membership.user_id == user.id).order_by(Membership.id))
    ).all()


def count_memberships(**criteria):
    statement = select(func.count()).select_from(Membership).filter_by(**criteria)
    return db.session.scalar(unscoped(statement))
