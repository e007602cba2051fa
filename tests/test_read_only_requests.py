"""A request that only read commits instead of rolling back (app/read_only_requests.py),
so psycopg keeps its prepared statements; anything that wrote still rolls back."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Partner
from app.read_only_requests import commit_if_read_only
from app.tenancy import scoped_to


@pytest.fixture
def on_postgresql(app):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are psycopg's (PostgreSQL)")


def _request_session(app, method, change):
    """Run `change(tenant_id)` in a fresh request context's session, then the teardown hook;
    returns whether the session's transaction was still open afterwards (not committed)."""
    with app.test_request_context("/", method=method):
        db.session.remove()  # the request's own session, as in production
        try:
            change()
            commit_if_read_only(None)
            return db.session().in_transaction()
        finally:
            db.session.remove()  # Flask-SQLAlchemy's teardown: rollback of whatever is left


def _partner_count(tenant_id):
    with scoped_to(tenant_id):
        return db.session.scalar(select(func.count(Partner.id)))


def test_a_get_that_only_read_is_committed(app, world, on_postgresql):
    tenant_id = world.a.tenant.id
    still_open = _request_session(app, "GET", lambda: _partner_count(tenant_id))
    assert still_open is False


def test_a_get_that_wrote_without_committing_still_rolls_back(app, world, on_postgresql):
    tenant_id = world.a.tenant.id
    before = _partner_count(tenant_id)

    def write_and_flush():
        with scoped_to(tenant_id):
            db.session.add(Partner(name="Never committed"))
            db.session.flush()  # sent to the database: no pending ORM change left

    still_open = _request_session(app, "GET", write_and_flush)
    assert still_open is True
    db.session.remove()
    assert _partner_count(tenant_id) == before


def test_pending_changes_and_posts_are_left_to_roll_back(app, world, on_postgresql):
    tenant_id = world.a.tenant.id

    def read_then_add():
        _partner_count(tenant_id)
        with scoped_to(tenant_id):
            db.session.add(Partner(name="Pending only"))

    assert _request_session(app, "GET", read_then_add) is True
    assert _request_session(app, "POST", lambda: _partner_count(tenant_id)) is True
    db.session.remove()
    with scoped_to(tenant_id):
        assert db.session.scalar(select(func.count(Partner.id)).where(Partner.name == "Pending only")) == 0


def _prepared_statements_on_idle_connections(app):
    """Check out every pooled connection and count its prepared statements (psycopg)."""
    db.session.remove()
    with app.app_context():
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
