"""Revision e5b9c2d4f6a1 turns the partners' free-text regions and verticals into the
tenant's lists, merging values that differ only in case (issue #15, item 9)."""

from datetime import datetime

import flask_migrate
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.tenancy import all_tenants
from tests.migrations.test_migrations import _logging_kept, app_at_revision, insert_old_tenant
from tests.migrations.test_migrations import fresh_database_url as _fresh_database_url

pytestmark = pytest.mark.slow
fresh_database_url = _fresh_database_url  # the migration tests' fixture: a new database per test

NOW = datetime(2026, 11, 2, 10, 0)
PARTNERS = [("emea", "retail"), ("EMEA", "Retail"), (" EMEA ", "Retail"), ("Emea", "health care"),
            ("apac", ""), ("", "Health Care"), ("Ärger-Land", "Health care"), ("ärger-land", "")]


@pytest.fixture
def app_before_lists(fresh_database_url):
    with app_at_revision(fresh_database_url, "d7e3a1c9b204") as app:
        yield app


def _insert_old_rows(connection):
    tenant_id = insert_old_tenant(connection, NOW)
    other_id = connection.execute(sa.text(
        "INSERT INTO tenants (name, slug, roadmap_public, created_at) VALUES ('Other', 'other', false, :now) "
        "RETURNING id"), {"now": NOW}).scalar_one()
    partners = sa.table("partners", *(sa.column(c) for c in ("tenant_id", "name", "region", "vertical", "status",
                                                                "created_at")))
    connection.execute(partners.insert(), [
        {"tenant_id": tenant_id, "name": f"P{i}", "region": region, "vertical": vertical, "status": "active",
         "created_at": NOW} for i, (region, vertical) in enumerate(PARTNERS)])
    connection.execute(partners.insert().values(tenant_id=other_id, name="Q", region="emea", vertical="",
                                                status="active", created_at=NOW))
    rules = sa.table("automation_rules", *(sa.column(c) for c in (
        "tenant_id", "name", "active", "nps_detractor", "nps_promoter", "negative_sentiment", "action_needed",
        "region", "assign_to", "due_in_days", "priority", "created_at")))
    connection.execute(rules.insert(), [
        {"tenant_id": tenant_id, "name": name, "active": True, "nps_detractor": True, "nps_promoter": False,
         "negative_sentiment": False, "action_needed": False, "region": region, "assign_to": "partner_manager",
         "due_in_days": 2, "priority": "normal", "created_at": NOW}
        for name, region in (("EMEA rule", "Emea"), ("Nordics rule", "Nordics"), ("Any", ""))])
    return tenant_id, other_id


def _rows(connection, sql, **params):
    return [tuple(row) for row in connection.execute(sa.text(sql), params)]


def test_the_migration_merges_free_text_values_into_the_tenants_lists(app_before_lists):
    with all_tenants(), db.engine.begin() as connection:
        tenant_id, other_id = _insert_old_rows(connection)
    with _logging_kept():
        flask_migrate.upgrade()
    with all_tenants(), db.engine.connect() as connection:
        regions = _rows(connection, "SELECT name FROM partner_regions WHERE tenant_id = :t ORDER BY position",
                        t=tenant_id)
        verticals = _rows(connection, "SELECT name FROM partner_verticals WHERE tenant_id = :t ORDER BY position",
                          t=tenant_id)
        partners = _rows(connection, "SELECT region, vertical FROM partners WHERE tenant_id = :t ORDER BY name",
                         t=tenant_id)
        rules = _rows(connection, "SELECT name, region FROM automation_rules ORDER BY name")
        other = _rows(connection, "SELECT name FROM partner_regions WHERE tenant_id = :t", t=other_id)
    # Most partners wrote EMEA; "Ärger-Land" ties with "ärger-land" and has more capitals.
    assert regions == [("apac",), ("EMEA",), ("Ärger-Land",), ("Nordics",)]  # Nordics: only a rule had it
    assert verticals == [("Health Care",), ("Retail",)]  # three spellings once each: the most capitals
    health = "Health Care"
    assert partners == [("EMEA", "Retail"), ("EMEA", "Retail"), ("EMEA", "Retail"), ("EMEA", health),
                        ("apac", ""), ("", health), ("Ärger-Land", health), ("Ärger-Land", "")]
    assert rules == [("Any", ""), ("EMEA rule", "EMEA"), ("Nordics rule", "Nordics")]
    assert other == [("emea",)]  # each tenant keeps its own spelling
