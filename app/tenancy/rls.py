"""PostgreSQL row-level security: a second tenant wall under the ORM scoping, and a guard
on every SQL statement for the first.

Every table with a `tenant_id` (each mapped TenantScoped class, plus the outbox) gets
ENABLE + FORCE ROW LEVEL SECURITY and one policy, `tenant_isolation`, keyed on two
transaction-local settings, `partnerloop.tenant_id` and `partnerloop.all_tenants`. The
policy fails closed:

* tenant_id = a tenant id: only that tenant's rows are visible, and INSERT/UPDATE may
  only produce that tenant's rows (WITH CHECK);
* all_tenants = 'on': every row. Only the explicit cross-tenant mechanism declares it:
  `unscoped(statement)` for one statement and `all_tenants()` for a block (app/tenancy/
  scope.py) — token look-ups before the token resolves, the outbox and webhook senders,
  scheduled jobs finding their tenants' work, migrations (migrations/env.py), the tests'
  harness;
* neither set (or empty): no rows, and no row may be written. That is every statement run
  with no scope and no declaration: anonymous pages, account pages, CLI code that forgot
  its scope. The outbox's tenant-less rows (account mail) are visible cross-tenant only.

`install_database_scope()` keeps the setting equal to what the statement should run as:
before each statement on a PostgreSQL connection, if the transaction carries another
value, one `SELECT set_config(...), set_config(...)` is sent first. So a transaction pays one extra
statement when it enters a scope, none otherwise.

The same hook is a guard on both databases: a statement with no scope and no declaration
whose SQL names a tenant table is refused (TenantScopeError) before it reaches the
database. The ORM listeners (reads.py) never see `text()`, `exec_driver_sql()` or Core
statements on a bare connection; this sees them all.

FORCE makes the table owner subject to the policy too, so the wall also holds where the
app connects as the owner; superusers and BYPASSRLS roles always bypass it. The setting
is a guard against application mistakes (raw SQL without a tenant filter), not against
SQL injection: any role may change its own settings. On SQLite only the guard applies.
"""

import re
from contextlib import closing, contextmanager
from functools import cache

import click
from flask import current_app
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.util import LRUCache

from app.tenancy.scope import (
    ALL_TENANTS,
    TenantScoped,
    TenantScopeError,
    active_scope,
    all_tenants,
    is_across_tenants,
    is_unscoped,
    tenant_classes_by_table,
)

SETTING = "partnerloop.tenant_id"
ACROSS_SETTING = "partnerloop.all_tenants"  # 'on' for a declared cross-tenant statement
POLICY = "tenant_isolation"
EVERY_TENANT = "all"  # what a declared cross-tenant statement runs as (in _wanted_tenant)
# Scalar subqueries, so PostgreSQL evaluates each setting once per statement (an InitPlan),
# not once per row. Two settings rather than a sentinel tenant value: the policy of older
# revisions casts partnerloop.tenant_id to an integer and reads '' as "every row", so a
# migration declared cross-tenant also runs under those old policies.
_ACROSS_TENANTS = f"(SELECT current_setting('{ACROSS_SETTING}', true) = 'on')"
_CURRENT_TENANT = f"(SELECT NULLIF(current_setting('{SETTING}', true), '')::integer)"
_SET_TENANT = f"SELECT set_config('{SETTING}', %s, true), set_config('{ACROSS_SETTING}', %s, true)"
_CARRIED = "partnerloop_rls_tenant"  # key in the DBAPI connection's info: the tenant set in this transaction
_UNKNOWN = object()
_PARENT_TENANT = "rls_parent_tenant"  # execution option: run this load as that tenant
_TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


# --- which tables, which policy ------------------------------------------------------


def tenant_tables(metadata=None):
    """{table name: Table} for every table the policy covers: the mapped TenantScoped
    classes' tables and any other table with a tenant_id column."""
    from app.extensions import db

    metadata = metadata or db.metadata
    mapped = tenant_classes_by_table()
    return {
        name: table
        for name, table in metadata.tables.items()
        if name in mapped or "tenant_id" in table.c
    }


def policy_condition(table):
    """The SQL condition a row of `table` must meet in the current transaction: that of
    the declared tenant, or any row when cross-tenant work is declared; nothing otherwise
    (a NULL tenant_id, e.g. account mail in the outbox, is visible cross-tenant only)."""
    return f"{_ACROSS_TENANTS} OR tenant_id = {_CURRENT_TENANT}"


def _quoted(connection, name):
    return connection.dialect.identifier_preparer.quote(name)


def _existing(connection, tables):
    present = set(inspect(connection).get_table_names())
    return [table for name, table in sorted(tables.items()) if name in present]


def install_row_level_security(connection, metadata=None):
    """Enable, force and (re)create the tenant policy on every tenant table that exists.

    Idempotent; run it as the tables' owner (from a migration after new tenant tables)."""
    if connection.dialect.name != "postgresql":
        return []
    installed = []
    for table in _existing(connection, tenant_tables(metadata)):
        name = _quoted(connection, table.name)
        condition = policy_condition(table)
        connection.execute(text(f"ALTER TABLE {name} ENABLE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {name} FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {name}"))
        connection.execute(
            text(f"CREATE POLICY {POLICY} ON {name} USING ({condition}) WITH CHECK ({condition})")
        )
        installed.append(table.name)
    return installed


def drop_row_level_security(connection, metadata=None):
    """Undo install_row_level_security (a migration's downgrade)."""
    if connection.dialect.name != "postgresql":
        return
    for table in _existing(connection, tenant_tables(metadata)):
        name = _quoted(connection, table.name)
        connection.execute(text(f"DROP POLICY IF EXISTS {POLICY} ON {name}"))
        connection.execute(text(f"ALTER TABLE {name} NO FORCE ROW LEVEL SECURITY"))
        connection.execute(text(f"ALTER TABLE {name} DISABLE ROW LEVEL SECURITY"))


def grant_app_role(connection, role, schema="public"):
    """Give `role` (the web app's login, not the owner) what the app needs: data access
    to the tables and sequences that exist, and to those the connected role creates later."""
    if connection.dialect.name != "postgresql":
        return
    role, schema = _quoted(connection, role), _quoted(connection, schema)
    for statement in (
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES TO {role}",
    ):
        connection.execute(text(statement))


# --- carrying the active scope into each transaction --------------------------------


def _wanted_tenant(context):
    """What a statement runs as: a tenant id, EVERY_TENANT, or None (nothing declared)."""
    options = {} if context is None else context.execution_options
    if options.get(ALL_TENANTS):
        return EVERY_TENANT
    if _PARENT_TENANT in options:
        return options[_PARENT_TENANT]
    scope = active_scope()
    if scope is not None:
        return scope.tenant_id
    return EVERY_TENANT if is_across_tenants() else None


def carry_scope(conn, cursor, statement, parameters, context, executemany):
    """before_cursor_execute: refuse SQL on tenant tables that runs as no tenant, and
    declare the statement's tenant to PostgreSQL if the transaction carries another one
    (one set_config, on a cursor of its own)."""
    if statement.startswith(_TRANSACTION_CONTROL):
        return  # after a failed statement only ROLLBACK TO SAVEPOINT may run
    wanted = _wanted_tenant(context)
    if wanted is None:
        refuse_tenant_tables(statement)
    if conn.dialect.name == "postgresql" and conn.info.get(_CARRIED) != wanted:
        declare_tenant(conn, wanted)


def declare_tenant(conn, tenant_id):
    """Set the transaction's tenant (a tenant id, EVERY_TENANT, or None: no tenant, no
    rows) on a cursor of its own, which leaves the statement's cursor alone (it may be a
    server-side one)."""
    across = tenant_id == EVERY_TENANT
    tenant = "" if tenant_id is None or across else str(tenant_id)
    with closing(conn.connection.dbapi_connection.cursor()) as cursor:
        cursor.execute(_SET_TENANT, (tenant, "on" if across else ""))
    conn.info[_CARRIED] = tenant_id


# {SQL text: tenant tables it names}; statements repeat (the compiled cache hands out the
# same strings), so each distinct text is searched once.
_named_tables = LRUCache(2000)


@cache
def _tenant_table_pattern():
    names = sorted(tenant_tables(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


def tenant_tables_named(statement):
    """The tenant tables whose names appear in a SQL text (as a word: `partners`, not
    `partner_id`). Errs on the side of refusing: a name inside a string literal counts."""
    tables = _named_tables.get(statement)
    if tables is None:
        tables = _named_tables[statement] = frozenset(
            match.lower() for match in _tenant_table_pattern().findall(statement))
    return tables


def refuse_tenant_tables(statement):
    """Raise TenantScopeError if SQL run with no tenant declared names a tenant table."""
    tables = tenant_tables_named(statement)
    if tables:
        raise TenantScopeError(
            f"SQL on tenant tables ({', '.join(sorted(tables))}) ran with no active tenant. "
            "Use `with scoped_to(tenant_id):`, unscoped(statement) for one deliberate cross-tenant "
            "statement, or `with all_tenants():` for cross-tenant work such as a sender or a job.")


def declare_on_begin(session, transaction, connection):
    """after_begin: a Session transaction begun inside a scope (or an all_tenants() block)
    declares it at once, so driver-level cursors used first (COPY, executemany) are
    walled in too. No extra cost: its first statement would have declared the same."""
    if connection.dialect.name == "postgresql":
        wanted = _wanted_tenant(None)
        if connection.info.get(_CARRIED) != wanted:
            declare_tenant(connection, wanted)


def _transaction_started(conn):
    conn.info[_CARRIED] = None  # transaction-local settings start empty


def _savepoint_rolled_back(conn, name, context):
    conn.info[_CARRIED] = _UNKNOWN  # the setting reverted to whatever the savepoint saw


def mark_unscoped_loads(orm_execute_state):
    """do_orm_execute: statements the ORM scoping lets through run as every tenant.

    That is unscoped() statements and the loads of their objects' relationships (which
    carry the option object, not the execution option the cursor hook reads), and
    refreshes of objects the session already holds (by primary key; reads.py passes them
    too), which may be another tenant's, e.g. a row loaded before the scope changed."""
    if orm_execute_state.execution_options.get(ALL_TENANTS):
        return
    if orm_execute_state.is_column_load or is_unscoped(orm_execute_state):
        orm_execute_state.update_execution_options(**{ALL_TENANTS: True})
    elif orm_execute_state.is_relationship_load:
        _run_as_parents_tenant(orm_execute_state)


def _run_as_parents_tenant(orm_execute_state):
    """A lazy load from a tenant row reads that row's tenant (reads.py adds no criteria
    there), e.g. the partner of a membership just created in another tenant's scope."""
    parent = orm_execute_state.lazy_loaded_from
    if parent is None or not issubclass(parent.class_, TenantScoped):
        return
    tenant_id = parent.dict.get("tenant_id")  # None if expired: no tenant declared
    scope = active_scope()
    if scope is None or tenant_id != scope.tenant_id:
        orm_execute_state.update_execution_options(**{_PARENT_TENANT: tenant_id})


def install_database_scope():
    """Attach the hooks that carry the scope to PostgreSQL (idempotent; no-op on SQLite)."""
    if event.contains(Engine, "before_cursor_execute", carry_scope):
        return
    event.listen(Engine, "before_cursor_execute", carry_scope)
    event.listen(Engine, "begin", _transaction_started)
    event.listen(Engine, "rollback_savepoint", _savepoint_rolled_back)
    event.listen(Session, "do_orm_execute", mark_unscoped_loads)
    event.listen(Session, "after_begin", declare_on_begin)


# --- command line ------------------------------------------------------------------

rls_cli = click.Group("db-roles", help="PostgreSQL row-level security and the app's database role.")


@contextmanager
def _owner_connection():
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Row-level security needs PostgreSQL (this database is not).")
    with all_tenants(), db.engine.begin() as connection:  # DDL on every tenant table
        yield connection


@rls_cli.command("install-rls")
def install_rls_command():
    """Enable the tenant policy on every tenant table (run as the tables' owner)."""
    with _owner_connection() as connection:
        tables = install_row_level_security(connection)
    click.echo(f"Row-level security enabled and forced on {len(tables)} tables.")


@rls_cli.command("grant-app-role")
@click.argument("role")
def grant_app_role_command(role):
    """Grant ROLE (the web app's non-owner login) data access to every table."""
    with _owner_connection() as connection:
        grant_app_role(connection, role)
    url = current_app.config["SQLALCHEMY_DATABASE_URI"]
    click.echo(f"Granted {role} data access in {url.rsplit('/', 1)[-1]}; connect the web app as {role}.")


def register(app):
    app.cli.add_command(rls_cli)
