"""Rebuilding the rollups equals keeping them; the bulk write paths keep them exact."""

from datetime import datetime, timedelta

from sqlalchemy import func, select, text, update

from app.demo.services.generate import generate
from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, LoopResponse, Source
from app.insights.models import FeedbackDailyRollup
from app.insights.rollup_ddl import GRAINS, drop_rollup_triggers, install_rollup_triggers
from app.insights.services.rollups import rebuild_rollups
from app.tenancy import all_tenants, scoped_to
from tests.imports.test_rows import import_csv
from tests.insights.rollup_helpers import expected_rollups, stored_rollups

BASE = datetime(2026, 5, 4, 8)


def _add_items(org, count):
    with scoped_to(org.tenant.id):
        db.session.add_all([
            FeedbackItem(source=Source.CUSTOMER, channel=Channel.CHAT, partner_id=org.partners[n % 2].id,
                         given_at=BASE + timedelta(days=n % 9, hours=n), nps=n % 11, csat=1 + n % 5,
                         anonymous=n % 7 == 0, loop_response=LoopResponse.ACTION_NEEDED if n % 3 else None)
            for n in range(count)])
        db.session.commit()


def _row_count():
    return sum(db.session.scalar(text(f"SELECT count(*) FROM {grain.table}")) for grain in GRAINS)


def test_rebuild_equals_the_incremental_rollups_and_prunes_empty_rows(world):
    _add_items(world.a, 40)
    _add_items(world.b, 5)
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(FeedbackItem).where(FeedbackItem.nps == 3).values(given_at=BASE - timedelta(days=60)))
        db.session.commit()
        incremental = stored_rollups()
        emptied = db.session.scalar(select(func.count()).select_from(FeedbackDailyRollup)
                                    .where(FeedbackDailyRollup.items == 0))
        assert emptied > 0  # keys whose items all moved away stay, at zero
        rows = rebuild_rollups(world.a.tenant.id)
        db.session.commit()
        assert stored_rollups() == incremental == expected_rollups()
        assert not db.session.scalar(select(func.count()).select_from(FeedbackDailyRollup)
                                     .where(FeedbackDailyRollup.items == 0))
        assert rows == sum(len(grain) for grain in incremental.values())
    with scoped_to(world.b.tenant.id):
        assert stored_rollups() == expected_rollups() and stored_rollups()["daily"]


def test_rebuild_repairs_rollups_after_writes_without_triggers(world, app):
    _add_items(world.a, 10)
    owner = app.extensions.get("test_owner_engine") or db.engine  # triggers are the table owner's
    with all_tenants(), owner.begin() as connection:
        drop_rollup_triggers(connection)
    try:
        _add_items(world.a, 10)
    finally:
        with all_tenants(), owner.begin() as connection:
            install_rollup_triggers(connection)
    with scoped_to(world.a.tenant.id):
        assert stored_rollups() != expected_rollups()
    result = app.test_cli_runner().invoke(args=["rollups", "rebuild", "--tenant", world.a.tenant.slug])
    assert result.exit_code == 0, result.output
    assert f"{world.a.tenant.slug}: " in result.output and "rollup rows in" in result.output
    with scoped_to(world.a.tenant.id):
        assert stored_rollups() == expected_rollups()


def test_rebuild_command_names_an_unknown_tenant(app):
    result = app.test_cli_runner().invoke(args=["rollups", "rebuild", "--tenant", "nobody"])
    assert result.exit_code != 0 and "No tenant 'nobody'" in result.output


def test_csv_import_keeps_rollups_exact(world):
    partner = world.a.partners[0]
    csv = "date,partner,nps,csat,comment\n" + "".join(
        f"2026-04-{day:02d},{partner.name},{day % 11},{1 + day % 5},Row {day} was great\n" for day in range(1, 25))
    batch = import_csv(world.a.tenant, csv)
    assert batch.imported_count == 24
    with scoped_to(world.a.tenant.id):
        stored = stored_rollups()
        assert stored == expected_rollups()
        assert sum(values[0] for values in stored["daily"].values()) == 24


def test_demo_generate_keeps_rollups_exact(world):
    with scoped_to(world.a.tenant.id):
        tenant = world.a.tenant
    generate(tenant, partners=6, feedback=700, seed=3)
    with scoped_to(world.a.tenant.id):
        stored = stored_rollups()
        assert stored == expected_rollups()
        assert sum(values[0] for values in stored["program"].values()) == 700
