"""Finding follow-ups: the filtered, paginated list and those on one item or idea."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, false, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import ACTIVE_STATUSES, FollowUp, FollowUpStatus, LoopReply
from app.followups.services.followups import today

DUE_WINDOWS = ("overdue", "today", "week")


@dataclass
class FollowUpFilters:
    partner_id: int | None = None
    status: str | None = None  # a FollowUpStatus value, "all", or None for the active ones
    owner_id: int | None = None
    due: str | None = None  # one of DUE_WINDOWS


def _due_condition(window, on):
    active = FollowUp.status.in_(ACTIVE_STATUSES)
    return {
        "overdue": and_(active, FollowUp.due_on < on),
        "today": and_(active, FollowUp.due_on == on),
        "week": and_(active, FollowUp.due_on >= on, FollowUp.due_on <= on + timedelta(days=7)),
    }.get(window, false())


def filtered_follow_ups(filters, on=None):
    """A select of the follow-ups in scope matching `filters`, soonest due first."""
    statement = select(FollowUp)
    if filters.status == "all":
        pass
    elif filters.status:
        statement = statement.where(FollowUp.status == FollowUpStatus(filters.status))
    else:
        statement = statement.where(FollowUp.status.in_(ACTIVE_STATUSES))
    if filters.partner_id:
        statement = statement.where(FollowUp.about_partner_id == filters.partner_id)
    if filters.owner_id:
        statement = statement.where(FollowUp.owner_id == filters.owner_id)
    if filters.due:
        statement = statement.where(_due_condition(filters.due, on or today()))
    return statement.order_by(FollowUp.due_on, FollowUp.id)


def follow_up_page(filters, page=1, per_page=25):
    statement = filtered_follow_ups(filters).options(
        selectinload(FollowUp.owner), selectinload(FollowUp.about_partner), selectinload(FollowUp.idea),
        selectinload(FollowUp.feedback_item),
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def open_follow_ups_about(filters, limit=20):
    """The first `limit` active follow-ups about the partners of `filters` (a program
    view's MetricFilters), soonest due first, for the printable report."""
    from app.followups.services.service_levels import partner_conditions_of

    statement = filtered_follow_ups(FollowUpFilters()).where(*partner_conditions_of(filters))
    return db.session.scalars(statement.options(selectinload(FollowUp.owner), selectinload(FollowUp.about_partner))
                              .limit(limit)).all()


def follow_ups_of(subject):
    """The follow-ups on one feedback item or idea that the acting user may see."""
    column = FollowUp.feedback_item_id if isinstance(subject, FeedbackItem) else FollowUp.idea_id
    return db.session.scalars(select(FollowUp).where(column == subject.id)
                              .options(selectinload(FollowUp.owner)).order_by(FollowUp.id)).all()


def replies_to(subject):
    """Loop replies to one feedback item or idea (partners see those of their organisation)."""
    column = LoopReply.feedback_item_id if isinstance(subject, FeedbackItem) else LoopReply.idea_id
    return db.session.scalars(select(LoopReply).where(column == subject.id).order_by(LoopReply.id)).all()
