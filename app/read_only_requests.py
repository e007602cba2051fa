"""A request that only read ends its transaction with COMMIT, not ROLLBACK (PostgreSQL).

psycopg prepares a statement on its fifth use on a connection, which spares PostgreSQL
parsing and planning it again (the survey link look-up: 6 ms unprepared, 0.6 ms
prepared). But psycopg forgets every prepared statement of a connection on ROLLBACK
(it cannot tell which survived), and Flask-SQLAlchemy ends each request with one: a page
that only read never reused a plan, and paid a DEALLOCATE ALL on top. For a transaction
that wrote nothing, COMMIT and ROLLBACK are the same thing to the database.

Read-only means all of: a GET or HEAD request that raised nothing, no pending ORM
changes, and only SELECT statements sent on the connection since its transaction began
(tracked by the cursor hook below). Anything else still rolls back as before.
"""

from flask import request
from sqlalchemy import event
from sqlalchemy.engine import Engine

from app.extensions import db

READ_METHODS = frozenset({"GET", "HEAD"})
_WROTE = "partnerloop_wrote"  # Connection.info key: a non-SELECT ran in this transaction


def _note_writes(conn, _cursor, statement, _parameters, _context, _executemany):
    if statement.lstrip()[:6].upper() != "SELECT":
        conn.info[_WROTE] = True


def _transaction_started(conn):
    conn.info[_WROTE] = False


def _read_only_transaction(session):
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    connection = session.connection()
    return connection.dialect.name == "postgresql" and connection.info.get(_WROTE) is False


def commit_if_read_only(exc=None):
    """teardown_request: runs before Flask-SQLAlchemy's session removal (its rollback)."""
    if exc is not None or request.method not in READ_METHODS or not db.session.registry.has():
        return
    session = db.session()
    if _read_only_transaction(session):
        session.commit()


def install_read_only_commit(app):
    if not event.contains(Engine, "before_cursor_execute", _note_writes):
        event.listen(Engine, "before_cursor_execute", _note_writes)
        event.listen(Engine, "begin", _transaction_started)
    app.teardown_request(commit_if_read_only)
