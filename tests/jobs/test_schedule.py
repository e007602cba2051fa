"""The schedule runs without cron, once per slot however many workers fire it."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import ScheduledRun
from app.jobs.schedule import SCHEDULE, run_scheduled, slot_of


@pytest.mark.pure
def test_slots_are_aligned_whatever_the_moment():
    moment = datetime(2026, 12, 2, 14, 37, 12, 5000)
    assert slot_of(moment, timedelta(hours=1)) == datetime(2026, 12, 2, 14)
    assert slot_of(moment, timedelta(minutes=1)) == datetime(2026, 12, 2, 14, 37)
    assert slot_of(moment, timedelta(days=1)) == datetime(2026, 12, 2)


@pytest.mark.pure
def test_the_schedule_names_what_cron_used_to_run():
    assert {task.name for task in SCHEDULE} >= {
        "surveys.remind", "followups.escalate", "followups.digest", "api.purge_keys", "jobs.reap"}


def test_a_slot_runs_once_however_many_workers_fire_it(app):
    now = datetime(2026, 12, 2, 14, 5)
    assert run_scheduled("surveys.remind", now) == "0 reminder(s) queued"
    assert run_scheduled("surveys.remind", now + timedelta(minutes=20)) is None  # same hour: another worker had it
    assert run_scheduled("surveys.remind", now + timedelta(hours=1)) == "0 reminder(s) queued"
    runs = db.session.scalars(select(ScheduledRun).order_by(ScheduledRun.slot)).all()
    assert [(run.slot, run.outcome) for run in runs] == [
        (datetime(2026, 12, 2, 14), "0 reminder(s) queued"), (datetime(2026, 12, 2, 15), "0 reminder(s) queued")]
    assert all(run.finished_at is not None for run in runs)


def test_a_failing_task_is_recorded_and_the_next_slot_tries_again(app, monkeypatch):
    from app.surveys.services import sending

    def broken(now=None):
        raise RuntimeError("SMTP settings missing")

    monkeypatch.setattr(sending, "send_all_reminders", broken)
    now = datetime(2026, 12, 2, 9)
    assert run_scheduled("surveys.remind", now) == "failed: RuntimeError: SMTP settings missing"
    monkeypatch.undo()
    assert run_scheduled("surveys.remind", now + timedelta(hours=1)) == "0 reminder(s) queued"


def test_the_escalation_runs_from_the_schedule(world, app):
    from app.followups.services.followups import today
    from app.tenancy import scoped_to
    from tests.followups.helpers import make_follow_up, record_item

    item = record_item(world.a, 0, nps=2)
    follow_up = make_follow_up(world.a, item, title="Call the partner back")
    with scoped_to(world.a.tenant.id):
        follow_up.due_on = today() - timedelta(days=2)
        db.session.commit()
    assert run_scheduled("followups.escalate").startswith("1 escalated")
