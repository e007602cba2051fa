"""The Alembic migrations build exactly the models' schema, from an empty database and back.

Each test migrates its own fresh database: a new SQLite file, or on PostgreSQL
(TEST_DATABASE_URL) a newly created database, never the one the other tests use."""

import glob
import logging
import os
import shutil
import subprocess
import uuid
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from app import create_app
from app.extensions import db
from app.tenancy import all_tenants
from tests.conftest import _config_class, _create_postgres_database, _drop_postgres_database

pytestmark = pytest.mark.slow  # each test migrates a fresh database


@pytest.fixture
def fresh_database_url(tmp_path):
    base = os.environ.get("TEST_DATABASE_URL")
    if base and base.startswith("postgresql"):
        name = f"plt_migrations_{uuid.uuid4().hex[:12]}"
        yield _create_postgres_database(base, name)
        _drop_postgres_database(base, name)
    else:
        yield "sqlite:///" + str(tmp_path / "migrations.db")


@contextmanager
def _logging_kept():
    """env.py runs logging.config.fileConfig, which disables every logger it does not
    name; put them back so later tests' log assertions still work."""
    manager = logging.root.manager
    enabled = [
        logger
        for logger in manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.disabled
    ]
    root_handlers, root_level = list(logging.root.handlers), logging.root.level
    try:
        yield
    finally:
        for logger in enabled:
            logger.disabled = False
        logging.root.handlers[:] = root_handlers
        logging.root.setLevel(root_level)


@contextmanager
def app_at_revision(database_url, revision="head"):
    """An app on `database_url` after `flask db upgrade` to `revision`."""
    app = create_app(_config_class(database_url))
    with app.app_context(), _logging_kept():
        flask_migrate.upgrade(revision=revision)
        yield app
        db.session.remove()
        db.engine.dispose()


def insert_old_tenant(connection, created_at):
    """A tenant row written with Core, as it stood before a migration; returns its id."""
    from app.tenants.models import Tenant

    return connection.execute(Tenant.__table__.insert().values(
        name="Old", slug="old", created_at=created_at)).inserted_primary_key[0]


@pytest.fixture
def migrated_app(fresh_database_url):
    with app_at_revision(fresh_database_url) as app:
        yield app


def _describe(difference):
    """One autogenerate difference as short text: ('add_table', 'surveys'), ..."""
    if isinstance(difference, list):  # column modifications come as a list of tuples
        return "; ".join(_describe(item) for item in difference)
    action, *details = difference
    names = [
        getattr(detail, "name", None) or getattr(detail, "key", None) or repr(detail)
        for detail in details
        if detail is not None and not isinstance(detail, dict)
    ]
    return f"{action} {' '.join(str(name) for name in names[:3])}"


def _schema_differences():
    with all_tenants(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return [_describe(difference) for difference in compare_metadata(context, db.metadata)]


def _tables():
    return set(inspect(db.engine).get_table_names())


def test_upgrade_from_empty_creates_exactly_the_models_schema(migrated_app):
    differences = _schema_differences()
    assert not differences, "the models differ from the migrations (flask db migrate):\n" + "\n".join(
        differences
    )


def test_downgrade_to_base_removes_every_table(migrated_app):
    with _logging_kept():
        flask_migrate.downgrade(revision="base")
    assert _tables() <= {"alembic_version"}


def _trigger_names():
    if db.engine.dialect.name == "postgresql":
        query = "SELECT tgname FROM pg_trigger WHERE tgrelid = 'feedback_items'::regclass AND NOT tgisinternal"
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'feedback_items'"
    with all_tenants(), db.engine.connect() as connection:
        return {row[0] for row in connection.exec_driver_sql(query)}


def test_upgrade_installs_what_the_schema_compare_cannot_see(migrated_app):
    """Triggers and row-level security are not in compare_metadata: check them directly."""
    from app.tenancy.rls import tenant_tables

    assert len(_trigger_names()) == 3  # the rollup triggers on insert, update and delete
    if db.engine.dialect.name != "postgresql":
        return
    with all_tenants(), db.engine.connect() as connection:
        forced = {row[0] for row in connection.exec_driver_sql(
            "SELECT relname FROM pg_class WHERE relrowsecurity AND relforcerowsecurity")}
        with_policy = {row[0] for row in connection.exec_driver_sql(
            "SELECT tablename FROM pg_policies WHERE policyname = 'tenant_isolation'")}
    assert set(tenant_tables()) <= forced & with_policy


@pytest.fixture
def app_before_rollups(fresh_database_url):
    with app_at_revision(fresh_database_url, "6ea32209479c") as app:
        yield app


def test_upgrade_counts_existing_feedback_into_the_rollups(app_before_rollups):
    from app.feedback.models import FeedbackItem

    now = datetime(2026, 11, 2, 10, 0)
    with all_tenants(), db.engine.begin() as connection:
        tenant_id = insert_old_tenant(connection, now)
        rows = [dict(tenant_id=tenant_id, source="customer", channel="survey", status="new", nps=nps, text="",
                     language="en", anonymous=False, given_at=now, recorded_at=now, link_url="",
                     submitter_name="", submitter_email="") for nps in (10, 9, 3, None)]
        connection.execute(FeedbackItem.__table__.insert(), rows)
    with _logging_kept():
        flask_migrate.upgrade()
    with all_tenants(), db.engine.connect() as connection:
        totals = connection.exec_driver_sql(
            "SELECT sum(items), sum(nps_count), sum(promoters), sum(detractors) FROM feedback_daily_rollups"
        ).one()
    assert tuple(totals) == (4, 3, 2, 1)


# --- frozen migrations ------------------------------------------------------------------
# Each migration carries the DDL of its own time (issue #12): editing the code that
# generates triggers or policies must not change what an old revision builds. The schema
# each frozen revision builds is kept in tests/migrations/schemas/ (regenerate only for a
# new revision, never for an old one: python -m tests.migrations.schemas.dump).

SCHEMAS = Path(__file__).parent / "schemas"
FROZEN_REVISIONS = ("32e442bf3112",)


def _pg_dump_binary():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_dump"), key=_version_key)
    return candidates[-1] if candidates else shutil.which("pg_dump")


def _version_key(path):
    return int(path.split("/")[4]) if path.split("/")[4].isdigit() else 0


def normalised_schema(connection):
    """The database's schema as text that depends only on what the migrations built."""
    if connection.dialect.name == "postgresql":
        url = connection.engine.url
        dump = subprocess.run(
            [_pg_dump_binary(), "--schema-only", "--no-owner", "--no-privileges", "-h", url.host,
             "-p", str(url.port), "-U", url.username, url.database],
            check=True, capture_output=True, text=True, env={**os.environ, "PGPASSWORD": url.password or ""},
        ).stdout
        kept = [line for line in dump.splitlines()
                if line.strip() and not line.startswith(("--", "SET ", "SELECT pg_catalog.set_config", "\\"))]
        return "\n".join(kept) + "\n"
    rows = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name").all()
    return "\n".join(row[0] for row in rows) + "\n"


@pytest.mark.parametrize("revision", FROZEN_REVISIONS)
def test_a_frozen_revision_builds_the_schema_it_always_built(fresh_database_url, revision):
    with app_at_revision(fresh_database_url, revision), db.engine.connect() as connection:
        built = normalised_schema(connection)
        expected = (SCHEMAS / f"{revision}.{connection.dialect.name}.sql").read_text()
    assert built == expected, f"migration {revision} no longer builds the schema it built when it was written"


def _programmable_objects(connection):
    """Triggers, their functions and the tenant policies, as the database states them."""
    if connection.dialect.name == "postgresql":
        queries = (
            "SELECT tablename, policyname, cmd, qual, with_check FROM pg_policies ORDER BY 1, 2",
            "SELECT relname, relrowsecurity, relforcerowsecurity FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> 'alembic_version' ORDER BY 1",
            "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1",
            "SELECT proname, pg_get_functiondef(oid) FROM pg_proc "
            "WHERE pronamespace = 'public'::regnamespace ORDER BY 1",
        )
    else:
        queries = ("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY 1",)
    return [connection.exec_driver_sql(query).all() for query in queries]


def test_head_installs_the_triggers_and_policies_the_code_installs(migrated_app, database_url):
    """When app/insights/rollup_ddl.py or app/tenancy/rls.py changes, a new migration must
    carry the change: the test database (built from the code) and `upgrade head` agree."""
    with all_tenants(), db.engine.connect() as connection:
        migrated = _programmable_objects(connection)
    from_code = create_engine(database_url)
    try:
        with from_code.connect() as connection:
            built = _programmable_objects(connection)
    finally:
        from_code.dispose()
    assert migrated == built


# --- 8a7be13dfb54: anonymous survey answers scrubbed ---------------------------------------


@pytest.fixture
def app_before_anonymity(fresh_database_url):
    with app_at_revision(fresh_database_url, "32e442bf3112") as app:
        yield app


def _insert(connection, model, **values):
    return connection.execute(model.__table__.insert().values(**values)).inserted_primary_key[0]


def _old_pulse_answer(connection, tenant_id, survey_id, question_id, anonymous, answered_at):
    """A pulse, one recipient and its answer as stored before the revision: the response
    names the recipient and its item, every time to the second. Returns (campaign, item) ids."""
    from app.feedback.models import FeedbackItem
    from app.surveys.models import SurveyAnswer, SurveyCampaign, SurveyRecipient, SurveyResponse

    campaign_id = _insert(connection, SurveyCampaign, tenant_id=tenant_id, survey_id=survey_id, kind="pulse",
                          name="Pulse", anonymous=anonymous, first_sent_at=datetime(2026, 11, 2, 9, 30))
    recipient_id = _insert(connection, SurveyRecipient, tenant_id=tenant_id, campaign_id=campaign_id,
                           email=f"p{campaign_id}@partner.example", sent_at=datetime(2026, 11, 2, 9, 30),
                           opened_at=answered_at.replace(minute=1), answered_at=answered_at)
    item_id = _insert(connection, FeedbackItem, tenant_id=tenant_id, source="partner", channel="survey",
                      status="new", nps=3, text="Deal desk is slow", language="en", anonymous=anonymous,
                      given_at=answered_at, recorded_at=answered_at, link_url="", submitter_name="",
                      submitter_email="", external_id="survey-response-x",
                      dedupe_key=f"ext:survey:survey-response-{campaign_id}")
    response_id = _insert(connection, SurveyResponse, tenant_id=tenant_id, recipient_id=recipient_id,
                          campaign_id=campaign_id, feedback_item_id=item_id, submitted_at=answered_at)
    _insert(connection, SurveyAnswer, tenant_id=tenant_id, response_id=response_id, question_id=question_id,
            number_value=3, text_value="", choice_values=[])
    return campaign_id, item_id


def _stored_pulse_answers(tenant_id, survey_id, question_id):
    from app.analysis.models import FeedbackTheme, Theme

    answered_at = datetime(2026, 11, 4, 16, 42, 7)
    with all_tenants(), db.engine.begin() as connection:
        anonymous = _old_pulse_answer(connection, tenant_id, survey_id, question_id, True, answered_at)
        named = _old_pulse_answer(connection, tenant_id, survey_id, question_id, False, answered_at)
        theme_id = _insert(connection, Theme, tenant_id=tenant_id, name="Deal desk", keywords=["deal desk"])
        _insert(connection, FeedbackTheme, tenant_id=tenant_id, feedback_item_id=anonymous[1], theme_id=theme_id,
                source="auto", created_at=answered_at, given_at=answered_at, anonymous=True)
    return anonymous, named


def _read(*columns, where):
    """Rows of a Core select, typed by the models' columns (SQLite returns text otherwise)."""
    from sqlalchemy import select

    with all_tenants(), db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*columns).where(where))]


def test_upgrade_makes_stored_anonymous_answers_anonymous(app_before_anonymity):
    from sqlalchemy import func, select

    from app.analysis.models import FeedbackTheme
    from app.feedback.models import FeedbackItem
    from app.insights.models import FeedbackDailyRollup
    from app.surveys.models import Survey, SurveyAnswer, SurveyQuestion, SurveyRecipient, SurveyResponse

    with all_tenants(), db.engine.begin() as connection:
        tenant_id = insert_old_tenant(connection, datetime(2026, 11, 1))
        survey_id = _insert(connection, Survey, tenant_id=tenant_id, title="Pulse", audience="partner")
        question_id = _insert(connection, SurveyQuestion, tenant_id=tenant_id, survey_id=survey_id, kind="nps",
                              prompt="NPS?")
    (anonymous, anonymous_item), (named, named_item) = _stored_pulse_answers(tenant_id, survey_id, question_id)
    with _logging_kept():
        flask_migrate.upgrade()

    response, recipient, item = SurveyResponse.__table__.c, SurveyRecipient.__table__.c, FeedbackItem.__table__.c
    answered_at, pulse_day, answer_day = datetime(2026, 11, 4, 16, 42, 7), datetime(2026, 11, 2), datetime(2026, 11, 4)
    assert _read(response.recipient_id, response.feedback_item_id, response.submitted_at,
                 where=response.campaign_id == anonymous) == [(None, None, pulse_day)]
    assert _read(recipient.opened_at, recipient.answered_at,
                 where=recipient.campaign_id == anonymous) == [(answer_day, answer_day)]
    assert _read(item.given_at, item.recorded_at, item.external_id, item.dedupe_key,
                 where=item.id == anonymous_item) == [(pulse_day, pulse_day, None, None)]
    tag = FeedbackTheme.__table__.c
    assert _read(tag.given_at, tag.created_at, where=tag.feedback_item_id == anonymous_item) == [(pulse_day, pulse_day)]
    # The rollups moved the item to its new day; named answers keep everything; no answer was lost.
    rollup = FeedbackDailyRollup.__table__.c
    with all_tenants(), db.engine.connect() as connection:
        by_day = connection.execute(select(rollup.day, func.sum(rollup["items"])).where(rollup.anonymous.is_(True))
                                    .group_by(rollup.day).having(func.sum(rollup["items"]) != 0)).all()
        answers = connection.execute(select(func.count()).select_from(SurveyAnswer.__table__)).scalar()
    assert [(day.isoformat(), items) for day, items in by_day] == [("2026-11-02", 1)]
    assert _read(response.submitted_at, response.feedback_item_id,
                 where=response.campaign_id == named) == [(answered_at, named_item)]
    assert _read(item.given_at, item.recorded_at, where=item.id == named_item) == [(answered_at, answered_at)]
    assert answers == 2
