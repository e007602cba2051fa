"""Figures for the home page of the acting membership."""

from sqlalchemy import func, select

from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.models import Invitation, Membership, Partner, PartnerStatus
from app.models.base import utcnow


def _count(statement):
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def home_summary(membership):
    """Counts shown on the home page; every query runs in the active scope."""
    partners_by_status = dict(
        db.session.execute(select(Partner.status, func.count()).group_by(Partner.status)).all()
    )
    pending = _count(
        select(Invitation.id).where(
            Invitation.accepted_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > utcnow(),
        )
    )
    summary = {
        "partners_active": partners_by_status.get(PartnerStatus.ACTIVE, 0),
        "partners_invited": partners_by_status.get(PartnerStatus.INVITED, 0),
        "partners_suspended": partners_by_status.get(PartnerStatus.SUSPENDED, 0),
        "people": _count(select(Membership.id)),
        "pending_invitations": pending,
    }
    if membership.role.is_staff:
        summary["mail_failed"] = _count(
            select(OutboxMessage.id).where(
                OutboxMessage.tenant_id == membership.tenant_id,
                OutboxMessage.status == OutboxStatus.FAILED,
            )
        )
    return summary
