"""Fixtures: the app on a per-worker database (SQLite or PostgreSQL), clean tables
between tests, a real SMTP server (aiosmtpd), factories and logged-in clients.

TEST_DATABASE_URL selects PostgreSQL (scripts/test.sh sets it for the second run);
each xdist worker gets its own database so workers never see each other's rows. On
PostgreSQL the owner builds the schema with row-level security and the app connects as
a role that is not the owner, so the policies apply to every test."""

import contextvars
import os
import uuid

import pytest
from flask import current_app, has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db, limiter
from app.tenancy import all_tenants
from app.tenancy.rls import grant_app_role, install_row_level_security
from config import TestConfig
from tests.factories import World, build_world
from tests.smtp import SmtpServer

# The non-owner role the app connects as on PostgreSQL, so row-level security applies.
TEST_APP_ROLE = "partnerloop_test_app"


def _on_postgresql():
    return os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def pytest_collection_modifyitems(config, items):
    """Everything in tests/browser/ is a browser test (so it runs once, in the PostgreSQL
    pass, however it was written); `@pytest.mark.postgres(reason=...)` skips a test on
    SQLite with its reason."""
    for item in items:
        if "browser" in item.path.parts and not item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.browser)
        marker = item.get_closest_marker("postgres")
        if marker is not None and not _on_postgresql():
            item.add_marker(pytest.mark.skip(reason=marker.kwargs.get("reason", "needs PostgreSQL")))


def _worker_id():
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


def _run_id():
    # Unique per pytest run, shared by its xdist workers, so concurrent runs on one
    # PostgreSQL server never share (or truncate) each other's databases.
    return os.environ.get("PYTEST_XDIST_TESTRUNUID", uuid.uuid4().hex)[:10]


def _admin_engine(base_url):
    return create_engine(make_url(base_url).set(database="postgres"), isolation_level="AUTOCOMMIT")


def _create_postgres_database(base_url, name):
    admin = _admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False)


def _drop_postgres_database(base_url, name):
    admin = _admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    base = os.environ.get("TEST_DATABASE_URL")
    if base and base.startswith("postgresql"):
        name = f"plt_{_run_id()}_{_worker_id()}"
        yield _create_postgres_database(base, name)
        _drop_postgres_database(base, name)
        return
    yield "sqlite:///" + str(tmp_path_factory.mktemp("db") / "test.db")


def _config_class(database_url):
    class WorkerConfig(TestConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return WorkerConfig


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in a fresh context, as in production.

    Tests keep an app context pushed (for factories and assertions); Flask would
    reuse it for requests, sharing `g` (Flask-Login's cached user!), the SQLAlchemy
    session and the tenant scope between requests of different users."""

    def open(self, *args, **kwargs):
        response = contextvars.Context().run(super().open, *args, **kwargs)
        # The request may have changed rows the test's own session has cached.
        # (Redirects followed inside a request's context have no app context here.)
        if has_app_context():
            db.session.expire_all()
        return response


def _ensure_app_role(connection):
    # Roles are per server and the xdist workers race to create it: either may win.
    connection.execute(text(f"""DO $$ BEGIN CREATE ROLE {TEST_APP_ROLE} LOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"""))


def _build_postgres_schema(owner_url):
    """Tables and row-level security created by the owner (as a migration would); returns
    the URL of the non-owner role the app connects as, so the policies apply to every test."""
    owner = create_engine(owner_url)
    with all_tenants(), owner.begin() as connection:
        db.metadata.drop_all(connection)
        db.metadata.create_all(connection)
        install_row_level_security(connection)
        _ensure_app_role(connection)
        grant_app_role(connection, TEST_APP_ROLE)
        # Test-only: some tests create a probe table of their own, with foreign keys (test_tenancy).
        connection.execute(text(f"GRANT CREATE ON SCHEMA public TO {TEST_APP_ROLE}"))
        connection.execute(text(f"GRANT REFERENCES ON ALL TABLES IN SCHEMA public TO {TEST_APP_ROLE}"))
    return owner, make_url(owner_url).set(username=TEST_APP_ROLE).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def app(database_url):
    owner = None
    if database_url.startswith("postgresql"):
        from app import models  # noqa: F401  (the tables, before create_all)

        owner, database_url = _build_postgres_schema(database_url)
    app = create_app(_config_class(database_url))
    app.test_client_class = IsolatedClient
    app.extensions["test_owner_engine"] = owner
    with app.app_context(), all_tenants():
        if owner is None:
            db.drop_all()
            db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()
    if owner is not None:
        owner.dispose()


def _clear_tables():
    tables = list(reversed(db.metadata.sorted_tables))
    # TRUNCATE ... RESTART IDENTITY needs the owner on PostgreSQL (the app role is not).
    with all_tenants(), (current_app.extensions["test_owner_engine"] or db.engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


@pytest.fixture(autouse=True)
def app_context(app):
    """Every test runs in an app context and leaves empty tables behind."""
    with app.app_context():
        yield
        db.session.remove()
        _clear_tables()
        limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="session")
def smtp_server():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def smtp(app, smtp_server):
    """Point the app at the real local SMTP server for one test; yields the server."""
    smtp_server.clear()
    previous = app.config.get("SMTP_HOST"), app.config.get("SMTP_PORT")
    app.config.update(SMTP_HOST=smtp_server.host, SMTP_PORT=smtp_server.port)
    yield smtp_server
    app.config.update(SMTP_HOST=previous[0], SMTP_PORT=previous[1])


@pytest.fixture
def world(app) -> World:
    """Two tenants, each with an admin, a manager, two partners and their users."""
    return build_world()


@pytest.fixture
def login(app):
    """login(user) -> a test client logged in as `user` (password from the factories)."""

    def _login(user, client=None, membership=None):
        from tests.factories import PASSWORD

        client = client or app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        if membership is not None:
            with client.session_transaction() as session:
                session["membership_id"] = membership.id
        return client

    return _login


class _ParkedQueue:
    """Takes job ids and runs nothing: jobs wait in the table as if no worker were running."""

    def __call__(self, *args):
        return None

    def schedule(self, *args, **kwargs):  # a retry's delayed push
        return None


@pytest.fixture
def parked_jobs(app):
    """Jobs are not run at commit (the tests' default) but wait for the test to run them
    (app.jobs.services.runner.run_job), as they wait for a worker in production."""
    eager = app.extensions["jobs_run_task"]
    app.extensions["jobs_run_task"] = _ParkedQueue()
    yield
    app.extensions["jobs_run_task"] = eager
