"""Scheduled follow-up work, run from cron through `flask --app wsgi followups ...`:
escalating overdue follow-ups (once each), each owner's daily digest, and closing
loops whose confirmation window passed. Each tenant runs in its own scope and
transaction, so one tenant's failure leaves the others' work committed."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db
from app.followups.models import ACTIVE_STATUSES, ActivityKind, FollowUp
from app.followups.services.followups import describe_subject, log_activity
from app.followups.services.loop import close_expired_loops
from app.followups.services.service_levels import current_policy
from app.mail import enqueue_email
from app.tenancy import scoped_to
from app.tenants.models import Membership, Role, Tenant

NEW_WINDOW = timedelta(days=1)  # "new" in a daily digest


def for_each_tenant(job, now=None):
    """Run `job(now)` in every tenant's scope, committing each; returns the summed results."""
    total = 0
    for tenant_id in db.session.scalars(select(Tenant.id).order_by(Tenant.id)).all():
        with scoped_to(tenant_id):
            try:
                total += job(now)
                db.session.commit()
            except Exception:
                db.session.rollback()
                raise
    return total


# --- escalation -----------------------------------------------------------------------


def escalation_recipients():
    """The tenant's escalation person while they are staff, else every admin."""
    policy = current_policy()
    staff = select(User).join(Membership, Membership.user_id == User.id)
    if policy.escalation_user_id:
        person = db.session.scalars(staff.where(User.id == policy.escalation_user_id,
                                                Membership.role.in_([Role.ADMIN, Role.MANAGER]))).first()
        if person is not None:
            return [person]
    return db.session.scalars(staff.where(Membership.role == Role.ADMIN).order_by(User.id)).all()


def _claim_overdue(now):
    """Mark every overdue, not yet escalated follow-up as escalated; returns their ids.
    One UPDATE ... RETURNING: of two concurrent runs, each row goes to exactly one."""
    result = db.session.execute(
        update(FollowUp).where(FollowUp.status.in_(ACTIVE_STATUSES), FollowUp.due_on < now.date(),
                               FollowUp.escalated_at.is_(None))
        .values(escalated_at=now).returning(FollowUp.id),
        execution_options={"synchronize_session": False},
    )
    return [row[0] for row in result]


def escalate_overdue(now=None):
    """Escalate the active tenant's follow-ups past their due date, each once, by email."""
    now = now or utcnow()
    ids = _claim_overdue(now)
    if not ids:
        return 0
    recipients = escalation_recipients()
    follow_ups = db.session.scalars(
        select(FollowUp).where(FollowUp.id.in_(ids)).order_by(FollowUp.id)
        .options(selectinload(FollowUp.owner), selectinload(FollowUp.about_partner))
        .execution_options(populate_existing=True)  # objects already in the session predate the UPDATE
    ).all()
    names = ", ".join(person.name for person in recipients) or "nobody (the tenant has no admin)"
    for follow_up in follow_ups:
        log_activity(follow_up, None, ActivityKind.ESCALATED, internal=True, now=now,
                     body=f"Escalated to {names}: due {follow_up.due_on:%d %b %Y} and still {follow_up.status.label}.")
        for person in recipients:
            enqueue_email("followup_escalated", person.email, f"Overdue follow-up: {follow_up.title}"[:255],
                          "followup_escalated", follow_up=follow_up, person=person,
                          subject_label=describe_subject(follow_up.subject))
    return len(follow_ups)


# --- the daily digest -----------------------------------------------------------------


def _digest_rows(now):
    return db.session.scalars(
        select(FollowUp).where(FollowUp.status.in_(ACTIVE_STATUSES), FollowUp.owner_id.is_not(None),
                               or_(FollowUp.created_at >= now - NEW_WINDOW, FollowUp.due_on < now.date()))
        .options(selectinload(FollowUp.owner), selectinload(FollowUp.about_partner))
        .order_by(FollowUp.owner_id, FollowUp.due_on, FollowUp.id)
    ).all()


def send_digests(now=None):
    """One email per owner listing their new (last day) and overdue follow-ups; returns
    the number of emails."""
    now = now or utcnow()
    by_owner = defaultdict(list)
    for follow_up in _digest_rows(now):
        by_owner[follow_up.owner].append(follow_up)
    for owner, follow_ups in by_owner.items():
        new = [f for f in follow_ups if f.created_at >= now - NEW_WINDOW]
        overdue = [f for f in follow_ups if f.due_on < now.date()]
        enqueue_email("followup_digest", owner.email, f"Your follow-ups: {len(new)} new, {len(overdue)} overdue",
                      "followup_digest", owner=owner, new=new, overdue=overdue, today=now.date())
    return len(by_owner)


def escalate_all(now=None):
    return for_each_tenant(escalate_overdue, now)


def digest_all(now=None):
    return for_each_tenant(send_digests, now)


def close_all_expired_loops(now=None):
    return for_each_tenant(close_expired_loops, now)
