"""The schedule: what the worker runs without cron, and how each slot runs once.

Every worker's Huey scheduler fires each periodic task (Huey has no cross-machine
election). `run_scheduled` makes that safe: the first worker to insert the slot's
ScheduledRun row runs the task, the others see the unique constraint and skip. A worker
that dies mid-run loses that slot's run; every task here is idempotent and catches up at
its next slot (reminders and escalations look at what is due, not at the last run)."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from huey import crontab
from sqlalchemy.exc import IntegrityError

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import ScheduledRun
from app.jobs.services.leases import reap, worker_name

log = logging.getLogger(__name__)
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class Scheduled:
    name: str
    when: dict  # huey.crontab() arguments, in UTC
    slot: timedelta  # the length of one slot: at most one run per slot
    run: object  # () -> a short description of what it did


def _reap():
    requeued, failed, pushed = reap()
    return f"{requeued} requeued, {failed} failed, {pushed} pushed again"


def _remind():
    from app.surveys.services.sending import send_all_reminders

    return f"{send_all_reminders()} reminder(s) queued"


def _escalate():
    from app.followups.services.jobs import close_all_expired_loops, escalate_all

    return f"{escalate_all()} escalated, {close_all_expired_loops()} loop(s) closed"


def _digest():
    # Hourly: each tenant's digest goes at 07:00 in its own time zone, once per local day.
    from app.followups.services.jobs import close_all_expired_loops, digest_due

    return f"{digest_due()} digest(s) queued, {close_all_expired_loops()} loop(s) closed"


def _purge_keys():
    from app.api.idempotency import purge_expired_keys

    return f"{purge_expired_keys()} idempotency key(s) and {prune_old_runs()} old schedule record(s) deleted"


def _purge_exports():
    from app.lifecycle.services.export_store import purge_expired_exports

    return f"{purge_expired_exports()} expired data export(s) deleted"


SCHEDULE = (
    Scheduled("jobs.reap", {}, timedelta(minutes=1), _reap),  # every minute
    Scheduled("surveys.remind", {"minute": "5"}, timedelta(hours=1), _remind),
    Scheduled("followups.escalate", {"minute": "15"}, timedelta(hours=1), _escalate),
    Scheduled("followups.digest", {"minute": "0"}, timedelta(hours=1), _digest),
    Scheduled("api.purge_keys", {"minute": "30", "hour": "3"}, timedelta(days=1), _purge_keys),
    Scheduled("lifecycle.purge_exports", {"minute": "45", "hour": "3"}, timedelta(days=1), _purge_exports),
)
BY_NAME = {task.name: task for task in SCHEDULE}


def slot_of(moment, length):
    """The start of the slot `moment` (naive UTC) falls in; slots are aligned on the epoch."""
    elapsed = int((moment - EPOCH).total_seconds())
    return EPOCH + timedelta(seconds=elapsed - elapsed % int(length.total_seconds()))


def run_scheduled(name, now=None):
    """Run scheduled task `name` for the slot of `now` unless some worker already has;
    returns its outcome, or None when this slot was taken."""
    task = BY_NAME[name]
    now = now or utcnow()
    run = ScheduledRun(name=name, slot=slot_of(now, task.slot), worker=worker_name())
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    try:
        outcome = task.run()
    except Exception as error:  # recorded; the next slot tries again
        db.session.rollback()
        log.exception("scheduled task %s failed", name)
        outcome = f"failed: {type(error).__name__}: {error}"
    run = db.session.get(ScheduledRun, run.id)
    run.finished_at, run.outcome = utcnow(), outcome[:500]
    db.session.commit()
    return outcome


def register_schedule(app, huey):
    """One Huey periodic task per scheduled task, each running in an app context."""
    for task in SCHEDULE:
        def fire(name=task.name):
            with app.app_context():  # its teardown removes the session
                run_scheduled(name)
        huey.periodic_task(crontab(**task.when), name=task.name)(fire)


def prune_old_runs(keep=timedelta(days=30)):
    """Delete slot records older than `keep` (they only guard their own slot)."""
    cutoff = utcnow() - keep
    deleted = db.session.query(ScheduledRun).filter(ScheduledRun.started_at < cutoff).delete()
    db.session.commit()
    return deleted
