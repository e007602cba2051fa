"""The digest goes at 07:00 in each tenant's time zone (issue #18): the hourly check sends
a tenant's digests once per local day, however often it runs and however many workers
run it; frozen clocks, Europe/Berlin against America/Los_Angeles."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.followups.services.jobs import digest_due
from app.jobs.models import ScheduledRun
from app.jobs.schedule import BY_NAME
from app.tenancy import scoped_to
from tests.followups.helpers import make_follow_up, outbox, record_item

BERLIN, LOS_ANGELES = "Europe/Berlin", "America/Los_Angeles"


def at_local(day, hour, zone, minute=0):
    """The naive-UTC moment of `hour`:`minute` on `day` in `zone` (summer time included)."""
    local = datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))
    return local.astimezone(UTC).replace(tzinfo=None)


def overdue_follow_up(org, zone):
    with scoped_to(org.tenant.id):
        org.tenant.time_zone = zone
        db.session.commit()
    follow_up = make_follow_up(org, record_item(org), title=f"Late in {zone}")
    with scoped_to(org.tenant.id):
        follow_up.due_on = utcnow().date() - timedelta(days=5)
        db.session.commit()


def digests_to(org):
    db.session.expire_all()
    return len([mail for mail in outbox("followup_digest") if mail.to_address == org.manager.email])


def test_each_tenant_gets_its_digest_at_seven_in_its_own_zone_once_a_day(world):
    overdue_follow_up(world.a, BERLIN)
    overdue_follow_up(world.b, LOS_ANGELES)
    day = utcnow().date() + timedelta(days=1)

    assert digest_due(at_local(day, 6, BERLIN, 59)) == 0  # not yet anywhere
    assert digest_due(at_local(day, 7, BERLIN)) == 1  # Berlin's morning: LA's night before
    assert (digests_to(world.a), digests_to(world.b)) == (1, 0)
    assert digest_due(at_local(day, 7, BERLIN)) == 0  # the check run twice (two workers)
    assert digest_due(at_local(day, 8, BERLIN)) == 0  # the next hourly check
    assert digest_due(at_local(day, 7, LOS_ANGELES)) == 1
    assert digest_due(at_local(day, 7, LOS_ANGELES, 30)) == 0
    assert (digests_to(world.a), digests_to(world.b)) == (1, 1)

    assert digest_due(at_local(day + timedelta(days=1), 7, BERLIN)) == 1  # a new local day
    assert (digests_to(world.a), digests_to(world.b)) == (2, 1)
    slots = db.session.execute(select(ScheduledRun.name, ScheduledRun.slot).order_by(ScheduledRun.id)).all()
    midnight = datetime.combine(day, time())
    assert slots == [(f"followups.digest:{world.a.tenant.id}", midnight),
                     (f"followups.digest:{world.b.tenant.id}", midnight),
                     (f"followups.digest:{world.a.tenant.id}", midnight + timedelta(days=1))]


def test_a_digest_missed_at_seven_goes_out_later_that_morning_but_not_at_night(world):
    overdue_follow_up(world.a, BERLIN)
    day = utcnow().date() + timedelta(days=1)
    assert digest_due(at_local(day, 10, BERLIN)) == 0  # no worker ran from 07:00 to 09:59
    assert digest_due(at_local(day, 9, BERLIN, 30)) == 1 and digests_to(world.a) == 1


def test_overdue_is_by_the_tenants_local_date(world):
    """07:00 in Auckland (UTC+12/13) is the day before in UTC: a follow-up due yesterday,
    Auckland's yesterday, is overdue in its digest."""
    org = world.a
    with scoped_to(org.tenant.id):
        org.tenant.time_zone = "Pacific/Auckland"
        db.session.commit()
    day = utcnow().date() + timedelta(days=3)
    follow_up = make_follow_up(org, record_item(org), title="Due yesterday in Auckland")
    with scoped_to(org.tenant.id):
        follow_up.due_on, follow_up.created_at = day - timedelta(days=1), utcnow() - timedelta(days=9)
        db.session.commit()
    moment = at_local(day, 7, "Pacific/Auckland")
    assert moment.date() < day  # UTC's date is the day before
    assert digest_due(moment) == 1
    [mail] = outbox("followup_digest")
    assert mail.subject == "Your follow-ups: 0 new, 1 overdue"


@pytest.mark.pure
def test_the_schedule_checks_the_digest_every_hour():
    task = BY_NAME["followups.digest"]
    assert task.when == {"minute": "0"} and task.slot == timedelta(hours=1)


@pytest.mark.postgres(reason="two workers' transactions at the same moment")
def test_two_workers_checking_at_the_same_moment_send_each_digest_once(world, app):
    overdue_follow_up(world.a, BERLIN)
    overdue_follow_up(world.b, BERLIN)
    moment = at_local(utcnow().date() + timedelta(days=1), 7, BERLIN)
    start = threading.Barrier(4)

    def worker(_):
        with app.app_context():
            start.wait()
            return digest_due(moment)

    with ThreadPoolExecutor(4) as pool:
        assert sum(pool.map(worker, range(4))) == 2
    assert (digests_to(world.a), digests_to(world.b)) == (1, 1)
