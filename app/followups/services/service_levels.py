"""Follow-up service levels against each tenant's targets, overdue counts, and the
tenant's follow-up policy (targets, escalation person, confirmation window).

- Time to first response: from creation to the owner's first log entry (a note or a
  status change) after creation.
- Time to resolution: from creation to the (last) resolution.
- Share within target: of the follow-ups whose outcome is known -- answered (or
  resolved), or past the target without it -- the share that made it in time.
  Follow-ups closed without action are left out of resolution figures.

Everything is aggregated in the database; medians use a window function (row_number
over the durations), which SQLite and PostgreSQL both have."""

from datetime import datetime, time, timedelta

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.followups.models import (
    ACTIVE_STATUSES,
    DEFAULT_CONFIRMATION_DAYS,
    DEFAULT_FIRST_RESPONSE_DAYS,
    DEFAULT_RESOLUTION_DAYS,
    FollowUp,
    FollowUpPolicy,
    FollowUpStatus,
)
from app.tenants.models import Membership

MAX_POLICY_DAYS = 365
DAY = 86400.0


# --- the policy -----------------------------------------------------------------------


def current_policy():
    """The tenant's policy, or an unsaved one with the defaults."""
    policy = db.session.scalars(select(FollowUpPolicy)).first()
    if policy is None:
        policy = FollowUpPolicy(first_response_days=DEFAULT_FIRST_RESPONSE_DAYS,
                                resolution_days=DEFAULT_RESOLUTION_DAYS, confirmation_days=DEFAULT_CONFIRMATION_DAYS)
    return policy


def _check_days(value, field, label):
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_POLICY_DAYS:
        raise ServiceError(f"{label} must be a whole number of days from 1 to {MAX_POLICY_DAYS}.", field=field)


def check_staff_user(user_id, field):
    membership = db.session.scalars(select(Membership).where(Membership.user_id == user_id)).first()
    if membership is None or not membership.role.is_staff:
        raise ServiceError("Choose a member of your staff.", field=field)
    return membership.user


def save_policy(escalation_user_id, first_response_days, resolution_days, confirmation_days):
    _check_days(first_response_days, "first_response_days", "The first-response target")
    _check_days(resolution_days, "resolution_days", "The resolution target")
    _check_days(confirmation_days, "confirmation_days", "The confirmation window")
    if escalation_user_id:
        check_staff_user(escalation_user_id, "escalation_user_id")
    policy = current_policy()
    policy.escalation_user_id = escalation_user_id or None
    policy.first_response_days, policy.resolution_days = first_response_days, resolution_days
    policy.confirmation_days = confirmation_days
    if policy.id is None:
        try:
            with db.session.begin_nested():
                db.session.add(policy)
        except IntegrityError as error:  # another admin saved the first policy at the same moment
            raise ServiceError("Someone saved the policy at the same time; reload and try again.") from error
    return policy


# --- figures --------------------------------------------------------------------------


def seconds_between(start, end):
    """SQL for the seconds from `start` to `end` (NULL when either is NULL)."""
    if db.engine.dialect.name == "postgresql":
        return func.extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * DAY


def _median(value, conditions):
    """The median of `value` over the rows meeting `conditions`, in one query."""
    ranked = select(
        value.label("value"),
        func.row_number().over(order_by=value).label("position"),
        func.count().over().label("total"),
    ).where(value.is_not(None), *conditions).subquery()
    # The middle row (odd totals) or the two middle rows (even totals).
    middle = and_(ranked.c.position * 2 >= ranked.c.total, ranked.c.position * 2 <= ranked.c.total + 2)
    result = db.session.scalar(select(func.avg(ranked.c.value)).where(middle))
    return float(result) if result is not None else None


def _share(within, decided):
    return round(100.0 * within / decided) if decided else None


def _period_conditions(period):
    start = datetime.combine(period.start, time.min)
    end = datetime.combine(period.end + timedelta(days=1), time.min)
    return [FollowUp.created_at >= start, FollowUp.created_at < end]


def partner_conditions_of(filters):
    """The follow-ups about the partners `filters` select (a partner, several, or by
    tier/region/vertical): a partner's program view counts that partner's follow-ups."""
    from app.insights.services.metrics import partner_attribute_condition

    conditions = []
    if getattr(filters, "partner_id", None):
        conditions.append(FollowUp.about_partner_id == filters.partner_id)
    if getattr(filters, "partner_ids", ()):
        conditions.append(FollowUp.about_partner_id.in_(filters.partner_ids))
    if hasattr(filters, "tier_id") and (by_attribute := partner_attribute_condition(
            filters, FollowUp.about_partner_id)) is not None:
        conditions.append(by_attribute)
    return conditions


def _counts(conditions, policy, now):
    response = seconds_between(FollowUp.created_at, FollowUp.first_response_at)
    resolution = seconds_between(FollowUp.created_at, FollowUp.resolved_at)
    response_target, resolution_target = policy.first_response_days * DAY, policy.resolution_days * DAY
    responded, resolved = FollowUp.first_response_at.is_not(None), FollowUp.resolved_at.is_not(None)
    response_late = FollowUp.created_at < now - timedelta(days=policy.first_response_days)
    resolution_late = and_(FollowUp.status.in_(ACTIVE_STATUSES),
                           FollowUp.created_at < now - timedelta(days=policy.resolution_days))

    def count(condition):
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = db.session.execute(select(
        func.count(FollowUp.id).label("created"),
        count(or_(responded, response_late)).label("response_decided"),
        count(and_(responded, response <= response_target)).label("response_within"),
        count(or_(resolved, resolution_late)).label("resolution_decided"),
        count(and_(resolved, resolution <= resolution_target)).label("resolution_within"),
    ).where(*conditions)).one()
    return row._asdict()


def open_and_overdue(on=None, conditions=()):
    """Active follow-ups now (of those meeting `conditions`), and how many of them are past their due date."""
    on = on or utcnow().date()
    row = db.session.execute(select(
        func.count(FollowUp.id), func.coalesce(func.sum(case((FollowUp.due_on < on, 1), else_=0)), 0),
    ).where(FollowUp.status.in_(ACTIVE_STATUSES), *conditions)).one()
    return int(row[0]), int(row[1])


def service_level_figures(period, now=None):
    """Service levels of the follow-ups created in `period` (anything with .start and
    .end dates, e.g. MetricFilters; its partner filters apply too), with the tenant's
    targets, plus open and overdue counts as of now. Medians are in hours (first
    response) and days (resolution), and in words with a fitting unit (`*_text`)."""
    now = now or utcnow()
    policy = current_policy()
    partner_conditions = partner_conditions_of(period)
    conditions = _period_conditions(period) + partner_conditions
    counts = _counts(conditions, policy, now)
    response = _median(seconds_between(FollowUp.created_at, FollowUp.first_response_at), conditions)
    resolution = _median(seconds_between(FollowUp.created_at, FollowUp.resolved_at),
                         conditions + [FollowUp.status == FollowUpStatus.RESOLVED])
    open_count, overdue = open_and_overdue(now.date(), partner_conditions)
    return {
        "created": counts["created"],
        "first_response_target_days": policy.first_response_days,
        "resolution_target_days": policy.resolution_days,
        # max(0, ...): a response recorded in the creating transaction can precede created_at by microseconds.
        "median_first_response_hours": max(0.0, round(response / 3600, 1)) if response is not None else None,
        "first_response_within_target": _share(counts["response_within"], counts["response_decided"]),
        "median_resolution_days": max(0.0, round(resolution / DAY, 1)) if resolution is not None else None,
        "resolution_within_target": _share(counts["resolution_within"], counts["resolution_decided"]),
        "open": open_count,
        "overdue": overdue,
        "median_first_response_text": duration_text(response),
        "median_resolution_text": duration_text(resolution),
    }


def duration_text(seconds):
    """A duration in words with a unit that fits it ("—" for none): a response within a
    minute is not "0.0 h", and a five-day wait is not "120.0 h"."""
    if seconds is None:
        return "—"
    seconds = max(0.0, seconds)
    if seconds < 60:
        return "under 1 min"
    if seconds < 3600:
        return f"{round(seconds / 60)} min"
    if seconds < 2 * DAY:
        return f"{seconds / 3600:.1f} h".replace(".0 h", " h")
    return f"{seconds / DAY:.1f} days".replace(".0 days", " days")


def overdue_by_partner(on=None):
    """{partner id: active follow-ups past due about that partner}, for partner health."""
    on = on or utcnow().date()
    rows = db.session.execute(
        select(FollowUp.about_partner_id, func.count(FollowUp.id))
        .where(FollowUp.about_partner_id.is_not(None), FollowUp.status.in_(ACTIVE_STATUSES), FollowUp.due_on < on)
        .group_by(FollowUp.about_partner_id)
    ).all()
    return dict(rows)
