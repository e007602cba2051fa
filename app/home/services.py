"""Figures for the home page of the acting membership."""

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.core.models import utcnow
from app.core.timezones import local_today
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.services.followups import today
from app.followups.services.lists import FollowUpFilters, filtered_follow_ups
from app.followups.services.loop import replies_to_person
from app.ideas.services import board
from app.insights.services.metrics import MetricFilters, program_performance
from app.mail.models import OutboxMessage, OutboxStatus
from app.partners.models import Partner, PartnerStatus
from app.tenants.models import Invitation, Membership


def _count(statement):
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def recent_activity(today=None):
    """The last 90 days' headline figures, the latest feedback and the top ideas."""
    today = today or local_today()
    period = MetricFilters(start=today - timedelta(days=89), end=today)
    recent = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.shown_individually()).options(selectinload(FeedbackItem.partner))
        .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()).limit(5)
    ).all()
    return {"figures": program_performance(period)["summary"], "recent_feedback": recent,
            "top_ideas": board(sort="votes", limit=3)}


def my_follow_ups(user_id, limit=5):
    """The person's active follow-ups: how many, how many overdue, the soonest due."""
    mine = filtered_follow_ups(FollowUpFilters(owner_id=user_id))
    overdue = filtered_follow_ups(FollowUpFilters(owner_id=user_id, due="overdue"))
    return {"open": _count(mine), "overdue": _count(overdue), "today": today(),
            "soonest": db.session.scalars(mine.limit(limit)).all()}


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
        **recent_activity(),
    }
    if not membership.role.is_staff:
        summary["replies"] = replies_to_person(membership.user)
    if membership.role.is_staff:
        summary["follow_ups"] = my_follow_ups(membership.user_id)
        summary["mail_failed"] = _count(
            select(OutboxMessage.id).where(
                OutboxMessage.tenant_id == membership.tenant_id,
                OutboxMessage.status == OutboxStatus.FAILED,
            )
        )
    return summary
