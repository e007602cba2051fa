"""A request whose transaction wrote nothing commits instead of rolling back
(app/core/read_only_requests.py), so psycopg keeps its prepared statements; anything that
wrote, by any path, still rolls back."""

import pytest
from sqlalchemy import func, select

from app.core.read_only_requests import commit_if_nothing_written
from app.extensions import db
from app.partners.models import Partner
from app.tenancy import scoped_to


@pytest.fixture
def on_postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are psycopg's (PostgreSQL)")


def _request_session(app, change, method="GET"):
    """Run `change()` in a fresh request context's session, then the teardown hook; returns
    whether the session's transaction was still open afterwards (left to roll back)."""
    with app.test_request_context("/", method=method):
        db.session.remove()  # the request's own session, as in production
        try:
            change()
            commit_if_nothing_written(None)
            return db.session().in_transaction()
        finally:
            db.session.remove()  # Flask-SQLAlchemy's teardown: rollback of whatever is left


def _partner_count(tenant_id, name=None):
    with scoped_to(tenant_id):
        statement = select(func.count(Partner.id))
        return db.session.scalar(statement.where(Partner.name == name) if name else statement)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_request_that_only_read_is_committed(app, world, on_postgresql, method):
    tenant_id = world.a.tenant.id
    assert _request_session(app, lambda: _partner_count(tenant_id), method) is False


def test_a_flushed_write_still_rolls_back(app, world, on_postgresql):
    tenant_id = world.a.tenant.id

    def write_and_flush():
        with scoped_to(tenant_id):
            db.session.add(Partner(name="Never committed"))
            db.session.flush()  # in the database: no pending ORM change left

    assert _request_session(app, write_and_flush) is True
    assert _partner_count(tenant_id, "Never committed") == 0


def test_a_write_on_a_driver_cursor_still_rolls_back(app, world, on_postgresql):
    """COPY and other driver-level writes pass no SQLAlchemy hook: PostgreSQL tells."""
    partner_id, tenant_id = world.a.partners[0].id, world.a.tenant.id

    def rename_with_the_driver():
        with scoped_to(tenant_id):  # the transaction declares the tenant: the driver's UPDATE finds the row
            driver_connection = db.session.connection().connection.dbapi_connection
        with driver_connection.cursor() as cursor:
            cursor.execute("UPDATE partners SET name = 'Renamed by the driver' WHERE id = %s", (partner_id,))

    assert _request_session(app, rename_with_the_driver) is True
    assert _partner_count(tenant_id, "Renamed by the driver") == 0


def test_pending_changes_are_left_to_roll_back(app, world, on_postgresql):
    tenant_id = world.a.tenant.id

    def read_then_add():
        _partner_count(tenant_id)
        with scoped_to(tenant_id):
            db.session.add(Partner(name="Pending only"))

    assert _request_session(app, read_then_add) is True
    assert _partner_count(tenant_id, "Pending only") == 0


def _prepared_statements_on_idle_connections(app):
    """Check out every pooled connection and count its prepared statements (psycopg)."""
    db.session.remove()
    connections = [db.engine.raw_connection() for _ in range(db.engine.pool.checkedin())]
    try:
        return sum(connection.driver_connection.execute("SELECT count(*) FROM pg_prepared_statements")
                   .fetchone()[0] for connection in connections)
    finally:
        for connection in connections:
            connection.close()


def test_pages_reuse_prepared_statements_across_requests(app, world, login, on_postgresql):
    client = login(world.a.admin)
    for _ in range(7):  # psycopg prepares a statement on its fifth use on a connection
        assert client.get("/ideas/").status_code == 200
    assert _prepared_statements_on_idle_connections(app) > 0
