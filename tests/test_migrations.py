"""The Alembic migrations build exactly the models' schema, from an empty database and back.

Each test migrates its own fresh database: a new SQLite file, or on PostgreSQL
(TEST_DATABASE_URL) a newly created database, never the one the other tests use."""

import logging
import os
import uuid
from contextlib import contextmanager

import flask_migrate
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app import create_app
from app.extensions import db
from tests.conftest import _config_class, _create_postgres_database, _drop_postgres_database


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


@pytest.fixture
def migrated_app(fresh_database_url):
    """An app on the fresh database after `flask db upgrade`."""
    app = create_app(_config_class(fresh_database_url))
    with app.app_context(), _logging_kept():
        flask_migrate.upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()


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
    with db.engine.connect() as connection:
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
