"""Concurrent writers on PostgreSQL: every count lands, none twice (no lost updates)."""

import threading
from datetime import datetime

import pytest
from sqlalchemy import delete

from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, Source
from app.insights.services.rollups import rebuild_rollups
from app.tenancy import scoped_to
from tests.insights.rollup_helpers import expected_rollups, stored_rollups

WRITERS, ROUNDS, ROWS = 4, 12, 5
DAY = datetime(2026, 7, 1, 10)


def _rows(tenant_id, partner_id, writer, round_number):
    # Every writer uses the same rollup keys: the worst case for lost updates.
    return [dict(tenant_id=tenant_id, partner_id=partner_id, source=Source.PARTNER, channel=Channel.PORTAL,
                 given_at=DAY, nps=(writer + round_number + n) % 11, csat=1 + n % 5, text=f"w{writer}")
            for n in range(ROWS)]


def _writer(engine, barrier, errors, tenant_id, partner_id, writer):
    table = FeedbackItem.__table__
    try:
        barrier.wait()
        for round_number in range(ROUNDS):
            with scoped_to(tenant_id), engine.begin() as connection:  # its own connection and transaction
                connection.execute(table.insert(), _rows(tenant_id, partner_id, writer, round_number))
            if round_number % 3 == 2:
                with scoped_to(tenant_id), engine.begin() as connection:
                    connection.execute(delete(table).where(table.c.tenant_id == tenant_id,
                                                           table.c.text == f"w{writer}", table.c.nps == 0))
    except Exception as error:  # noqa: BLE001  (reported by the test)
        errors.append(error)


def _rebuilder(app, barrier, errors, tenant_id):
    try:
        barrier.wait()
        for _ in range(3):
            with app.app_context():
                rebuild_rollups(tenant_id)
                db.session.commit()
    except Exception as error:  # noqa: BLE001
        errors.append(error)


@pytest.mark.postgres(reason="SQLite serialises writers; the race exists on PostgreSQL only")
@pytest.mark.slow
def test_concurrent_writers_and_a_rebuild_leave_exact_counts(app, world):
    tenant_id, partner_id = world.a.tenant.id, world.a.partners[0].id
    barrier, errors = threading.Barrier(WRITERS + 1), []
    threads = [threading.Thread(target=_writer, args=(db.engine, barrier, errors, tenant_id, partner_id, n))
               for n in range(WRITERS)]
    threads.append(threading.Thread(target=_rebuilder, args=(app, barrier, errors, tenant_id)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with scoped_to(tenant_id):
        stored = stored_rollups()
        assert stored == expected_rollups()
        assert len(stored["daily"]) == 1
        [(items, *_rest)] = stored["daily"].values()
        assert 0 < items <= WRITERS * ROUNDS * ROWS
