"""Scheduled follow-up work, run by the worker's schedule (app/jobs/schedule.py) or by hand
through `flask --app wsgi followups ...`: escalating overdue follow-ups (once each), each
owner's daily digest at 07:00 in the tenant's time zone, and closing loops whose
confirmation window passed. Each tenant runs in its own scope and transaction, so one
tenant's failure leaves the others' work committed."""

import logging
from collections import defaultdict
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from app.auth.models import User
from app.core.models import utcnow
from app.extensions import db
from app.followups.models import ACTIVE_STATUSES, ActivityKind, FollowUp
from app.followups.services.followups import describe_subject, log_activity
from app.followups.services.loop import close_expired_loops
from app.followups.services.service_levels import current_policy
from app.jobs.models import ScheduledRun
from app.jobs.services.leases import worker_name
from app.mail import enqueue_email
from app.tenancy import active_scope, scoped_to
from app.tenants.models import Membership, Role, Tenant

log = logging.getLogger(__name__)
NEW_WINDOW = timedelta(days=1)  # "new" in a daily digest
DIGEST_HOUR = 7  # local time, in each tenant's zone
# A digest not sent at 07:00 (no worker was running) still goes out at the next hourly
# check until 09:59 local; later that day it is skipped (a digest at night is noise).
DIGEST_LATE_HOURS = 3


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


def _digest_rows(now, today):
    return db.session.scalars(
        select(FollowUp).where(FollowUp.status.in_(ACTIVE_STATUSES), FollowUp.owner_id.is_not(None),
                               or_(FollowUp.created_at >= now - NEW_WINDOW, FollowUp.due_on < today))
        .options(selectinload(FollowUp.owner), selectinload(FollowUp.about_partner))
        .order_by(FollowUp.owner_id, FollowUp.due_on, FollowUp.id)
    ).all()


def send_digests(now=None):
    """One email per owner listing their new (last day) and overdue follow-ups; returns
    the number of emails. "Overdue" is by the tenant's local date."""
    now = now or utcnow()
    today = _local(now, db.session.get(Tenant, active_scope().tenant_id).time_zone).date()
    by_owner = defaultdict(list)
    for follow_up in _digest_rows(now, today):
        by_owner[follow_up.owner].append(follow_up)
    for owner, follow_ups in by_owner.items():
        new = [f for f in follow_ups if f.created_at >= now - NEW_WINDOW]
        overdue = [f for f in follow_ups if f.due_on < today]
        enqueue_email("followup_digest", owner.email, f"Your follow-ups: {len(new)} new, {len(overdue)} overdue",
                      "followup_digest", owner=owner, new=new, overdue=overdue, today=today)
    return len(by_owner)


def _local(now, zone_name):
    """The naive-UTC moment `now` in the zone (UTC if the system does not know the name)."""
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    return now.replace(tzinfo=ZoneInfo("UTC")).astimezone(zone)


def digest_due(now=None):
    """The hourly check: each tenant whose local time is 07:00 (or up to DIGEST_LATE_HOURS
    later) gets its digests, once per local date; returns the number of emails."""
    now = now or utcnow()
    sent = 0
    for tenant_id, zone_name in db.session.execute(select(Tenant.id, Tenant.time_zone).order_by(Tenant.id)).all():
        local = _local(now, zone_name)
        if DIGEST_HOUR <= local.hour < DIGEST_HOUR + DIGEST_LATE_HOURS:
            sent += _digest_once(tenant_id, local.date(), now)
    return sent


def _digest_once(tenant_id, local_date, now):
    """The tenant's digests for `local_date` unless some worker (or an earlier hour) sent
    them: the slot's scheduled_runs row and the emails commit together, so they exist
    exactly when the other does. One tenant's failure is logged; the others go on."""
    with scoped_to(tenant_id):
        run = ScheduledRun(name=f"followups.digest:{tenant_id}", slot=datetime.combine(local_date, time()),
                           worker=worker_name())
        db.session.add(run)
        try:
            db.session.flush()  # on PostgreSQL, waits for a concurrent insert of the slot
        except IntegrityError:
            db.session.rollback()
            return 0
        try:
            count = send_digests(now)
            run.finished_at, run.outcome = utcnow(), f"{count} digest(s)"
            db.session.commit()
        except Exception:  # noqa: BLE001 -- the next hourly check tries this tenant again
            db.session.rollback()
            log.exception("digest of tenant %s failed", tenant_id)
            return 0
    return count


def escalate_all(now=None):
    return for_each_tenant(escalate_overdue, now)


def digest_all(now=None):
    return for_each_tenant(send_digests, now)


def close_all_expired_loops(now=None):
    return for_each_tenant(close_expired_loops, now)
