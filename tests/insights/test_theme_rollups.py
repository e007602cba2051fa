"""The per-day theme rollup equals a direct count of the unsuppressed tags after every kind
of tag write, a rebuild equals it, and theme_counts reads it with the same results."""

from collections import Counter
from datetime import date, datetime

import flask_migrate
import pytest
from sqlalchemy import delete, select, text, update

from app.analysis.models import FeedbackTheme, Theme
from app.analysis.services import themes as theme_service
from app.analysis.services.reanalysis import rerun_analysis
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.insights.models import ThemeDailyRollup
from app.insights.services.metrics import MetricFilters
from app.insights.services.rollups import rebuild_rollups
from app.insights.services.themes import _counts_from_rollup, counts_joined, theme_counts
from app.tenancy import all_tenants, scoped_to
from tests.analysis.theme_helpers import make_theme, record
from tests.migrations.test_migrations import _logging_kept, app_at_revision, insert_old_tenant
from tests.migrations.test_migrations import fresh_database_url as _fresh_database_url

PERIOD = MetricFilters(start=date(2026, 1, 1), end=date(2026, 3, 31))
fresh_database_url = _fresh_database_url  # the migration tests' fixture: a new database per test


def expected_theme_rollup():
    """{(day, theme, anonymous): (items, negative)} of the active tenant, from its tags."""
    totals = Counter()
    for tag in db.session.scalars(select(FeedbackTheme).execution_options(populate_existing=True)):
        if not tag.suppressed:
            key = (tag.given_at.date(), tag.theme_id, tag.anonymous)
            totals[key + ("items",)] += 1
            totals[key + ("negative",)] += int(tag.negative)
    keys = {key[:3] for key in totals}
    return {key: (totals[key + ("items",)], totals[key + ("negative",)]) for key in keys}


def stored_theme_rollup():
    """The stored rows of the active tenant, without the ones whose counts fell to zero."""
    rows = db.session.execute(select(ThemeDailyRollup.day, ThemeDailyRollup.theme_id, ThemeDailyRollup.anonymous,
                                     ThemeDailyRollup.items, ThemeDailyRollup.negative)).all()
    return {(day, theme, anonymous): (items, negative) for day, theme, anonymous, items, negative in rows
            if items or negative}


def assert_exact(tenant):
    with scoped_to(tenant.id):
        expected = expected_theme_rollup()
        assert stored_theme_rollup() == expected
    return expected


@pytest.fixture
def tagged(world):
    """Tenant A: themes Speed and Portal; four items (one anonymous, three negative); B: one tag."""
    a, (a1, a2) = world.a.tenant, world.a.partners
    world.speed = make_theme(a, "Speed", ["slow"])
    world.portal = make_theme(a, "Portal", ["portal"])
    world.items = [
        record(a, "Terrible, awful and slow approvals", a1, datetime(2026, 1, 10, 9)),
        record(a, "The portal is terrible and slow", a1, datetime(2026, 1, 10, 17)),
        record(a, "Great portal, love it", a2, datetime(2026, 3, 10)),
        record(a, "Awful portal search, horrible", a2, datetime(2026, 3, 31, 23), anonymous=True),
    ]
    make_theme(world.b.tenant, "Speed", ["slow"])
    record(world.b.tenant, "slow portal, terrible", world.b.partners[0], datetime(2026, 2, 1))
    return world


def _item(item_id):
    return db.session.get(FeedbackItem, item_id)


def test_automatic_tags_enter_the_rollup_counted_by_hand(tagged):
    expected = assert_exact(tagged.a.tenant)
    assert expected == {
        (date(2026, 1, 10), tagged.speed, False): (2, 2),  # two items, same day, both negative
        (date(2026, 1, 10), tagged.portal, False): (1, 1),
        (date(2026, 3, 10), tagged.portal, False): (1, 0),
        (date(2026, 3, 31), tagged.portal, True): (1, 1),
    }
    with scoped_to(tagged.b.tenant.id):
        assert sum(items for items, _ in stored_theme_rollup().values()) == 1  # B's own tag only


def test_manual_add_suppress_and_unsuppress_keep_the_rollup_exact(tagged):
    tenant = tagged.a.tenant
    with scoped_to(tenant.id):
        speed, portal = db.session.get(Theme, tagged.speed), db.session.get(Theme, tagged.portal)
        theme_service.add_manual_theme(_item(tagged.items[2]), speed)  # manual add
        theme_service.remove_theme(_item(tagged.items[0]), speed)  # auto -> suppressed
        db.session.commit()
    assert assert_exact(tenant)[(date(2026, 1, 10), tagged.speed, False)] == (1, 1)
    with scoped_to(tenant.id):
        theme_service.add_manual_theme(_item(tagged.items[0]), db.session.get(Theme, tagged.speed))  # un-suppress
        theme_service.remove_theme(_item(tagged.items[2]), portal)  # suppress, then its day is empty
        db.session.commit()
    expected = assert_exact(tenant)
    assert expected[(date(2026, 1, 10), tagged.speed, False)] == (2, 2)
    assert expected[(date(2026, 3, 10), tagged.speed, False)] == (1, 0)
    assert (date(2026, 3, 10), tagged.portal, False) not in expected


def test_reanalysis_changing_negative_moves_the_count(tagged):
    tenant = tagged.a.tenant
    with scoped_to(tenant.id):
        _item(tagged.items[0]).text = "Slow but wonderful, great and lovely"
        db.session.commit()
    rerun_analysis([tenant.id])
    assert assert_exact(tenant)[(date(2026, 1, 10), tagged.speed, False)] == (2, 1)


def test_deleting_items_and_themes_subtracts_their_tags(tagged):
    tenant = tagged.a.tenant
    with scoped_to(tenant.id):
        db.session.execute(delete(FeedbackItem).where(FeedbackItem.id == tagged.items[1]))  # tags by cascade
        db.session.commit()
    assert assert_exact(tenant)[(date(2026, 1, 10), tagged.speed, False)] == (1, 1)
    with scoped_to(tenant.id):
        theme_service.delete_theme(db.session.get(Theme, tagged.speed))  # deletes its tags first
        db.session.commit()
        # A raw delete relies on the foreign key's cascade to the tags.
        db.session.execute(text("DELETE FROM themes WHERE id = :id"), {"id": tagged.portal})
        db.session.commit()
    assert assert_exact(tenant) == {}
    with scoped_to(tagged.b.tenant.id):
        assert sum(items for items, _ in stored_theme_rollup().values()) == 1


def test_rebuild_equals_the_incremental_rollup_and_prunes_empty_rows(tagged):
    tenant = tagged.a.tenant
    with scoped_to(tenant.id):
        theme_service.remove_theme(_item(tagged.items[2]), db.session.get(Theme, tagged.portal))
        db.session.execute(update(FeedbackTheme).where(FeedbackTheme.feedback_item_id == tagged.items[3])
                           .values(negative=False))  # a raw update: the trigger follows it too
        db.session.commit()
        incremental = stored_theme_rollup()
        assert db.session.scalar(select(ThemeDailyRollup.items).where(ThemeDailyRollup.day == date(2026, 3, 10))) == 0
        rebuild_rollups(tenant.id)
        db.session.commit()
        assert stored_theme_rollup() == incremental == expected_theme_rollup()
        assert db.session.scalar(select(ThemeDailyRollup.id).where(ThemeDailyRollup.items == 0)) is None


@pytest.mark.parametrize("include_anonymous", [True, False])
def test_period_only_counts_from_the_rollup_equal_the_join(tagged, include_anonymous):
    tenant = tagged.a.tenant
    with scoped_to(tenant.id):
        theme_service.remove_theme(_item(tagged.items[0]), db.session.get(Theme, tagged.speed))
        db.session.commit()
        for filters in (PERIOD, MetricFilters(date(2026, 1, 10), date(2026, 1, 10)),
                        MetricFilters(date(2026, 3, 11), date(2026, 3, 31))):
            rollup = db.session.execute(_counts_from_rollup(filters, include_anonymous)).all()
            joined = db.session.execute(counts_joined(filters, include_anonymous)).all()
            assert {t: (i, n) for t, i, n in rollup if i} == {t: (i, n) for t, i, n in joined}
        figures = {f.theme.name: (f.items, f.negative) for f in theme_counts(PERIOD, include_anonymous)}
    assert figures == {"Portal": (3, 2) if include_anonymous else (2, 1), "Speed": (1, 1)}


@pytest.fixture
def app_before_theme_rollups(fresh_database_url):
    with app_at_revision(fresh_database_url, "9e05f789b923") as app:
        yield app


def test_the_migration_counts_existing_unsuppressed_tags_into_the_rollup(app_before_theme_rollups):

    now = datetime(2026, 11, 2, 10, 0)
    with all_tenants(), db.engine.begin() as connection:
        tenant_id = insert_old_tenant(connection, now)
        item_ids = connection.execute(FeedbackItem.__table__.insert().returning(FeedbackItem.__table__.c.id), [
            dict(tenant_id=tenant_id, source="customer", channel="survey", status="new", text="slow", language="en",
                 anonymous=False, given_at=now, recorded_at=now, link_url="", submitter_name="", submitter_email="")
            for _ in range(3)]).scalars().all()
        theme_id = connection.execute(Theme.__table__.insert().values(
            tenant_id=tenant_id, name="Speed", keywords=["slow"], position=0, created_at=now)).inserted_primary_key[0]
        connection.execute(FeedbackTheme.__table__.insert(), [
            dict(tenant_id=tenant_id, feedback_item_id=item_id, theme_id=theme_id, source="auto", created_at=now,
                 suppressed=suppressed, given_at=now, negative=negative, anonymous=False)
            for item_id, suppressed, negative in zip(item_ids, (False, False, True), (True, False, True),
                                                     strict=True)])
    with _logging_kept():
        flask_migrate.upgrade()
    with all_tenants(), db.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT theme_id, items, negative FROM theme_daily_rollups").all()
    assert [tuple(row) for row in rows] == [(theme_id, 2, 1)]  # the suppressed tag is left out
