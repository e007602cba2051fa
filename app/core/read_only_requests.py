"""A request whose transaction wrote nothing ends it with COMMIT, not ROLLBACK (PostgreSQL).

psycopg prepares a statement on its fifth use on a connection, which spares PostgreSQL
parsing and planning it again (the survey link look-up: 6 ms unprepared, 0.6 ms
prepared). But psycopg forgets every prepared statement of a connection on ROLLBACK
(it cannot tell which survived), and Flask-SQLAlchemy ends each request with one: a page
that only read never reused a plan, and paid a DEALLOCATE ALL on top. For a transaction
that wrote nothing, COMMIT and ROLLBACK are the same thing to the database.

"Wrote nothing" is PostgreSQL's own answer, whatever the path (ORM, Core, COPY on a
driver cursor, row locks): a transaction gets an id at its first write, and
pg_current_xact_id_if_assigned() is NULL until then. Pending ORM changes, an error, or
any doubt leave the transaction to Flask-SQLAlchemy's rollback as before.
"""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from app.extensions import db

NO_WRITE_YET = text("SELECT pg_current_xact_id_if_assigned() IS NULL")


def _wrote_nothing(session):
    if session.get_bind().dialect.name != "postgresql" or not session.in_transaction():
        return False
    if session.new or session.dirty or session.deleted:
        return False
    try:
        return bool(session.connection().execute(NO_WRITE_YET).scalar())
    except SQLAlchemyError:  # e.g. an aborted transaction: only a rollback ends it
        return False


def commit_if_nothing_written(exc=None):
    """teardown_request: runs before Flask-SQLAlchemy's session removal (its rollback)."""
    if exc is not None or not db.session.registry.has():
        return
    session = db.session()
    if _wrote_nothing(session):
        session.commit()


def install_read_only_commit(app):
    app.teardown_request(commit_if_nothing_written)
