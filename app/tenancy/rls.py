"""PostgreSQL row-level security: a second tenant wall under the ORM scoping.

Every table with a `tenant_id` (each mapped TenantScoped class, plus the outbox) gets
ENABLE + FORCE ROW LEVEL SECURITY and one policy, `tenant_isolation`, keyed on the
transaction-local setting `partnerloop.tenant_id`:

* setting empty (no tenant declared): every row is visible and writable. Migrations,
  CLI jobs, the outbox sender and the look-ups that run before a scope exists (login,
  survey and invitation tokens, API tokens) declare no tenant;
* setting = a tenant id: only that tenant's rows are visible, and INSERT/UPDATE may
  only produce that tenant's rows (WITH CHECK). Nullable `tenant_id` columns (the
  outbox) also admit their shared NULL rows.

`install_database_scope()` keeps the setting equal to the active tenant scope: before
each statement on a PostgreSQL connection, if the transaction carries another tenant
than the statement should run as, one `set_config(..., true)` is sent first. So a
transaction pays one extra statement when it enters a tenant scope, none otherwise.
Statements marked `unscoped()` run with the setting emptied (and the next scoped
statement sets it again), so a deliberate cross-tenant look-up inside a request works.

FORCE makes the table owner subject to the policy too, so the wall also holds where the
app connects as the owner; superusers and BYPASSRLS roles always bypass it. The setting
is a guard against application mistakes (raw SQL without a tenant filter), not against
SQL injection: any role may change its own settings. On SQLite all of this is a no-op.
"""

from contextlib import closing

import click
from flask import current_app
from sqlalchemy import event, inspect, text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from app.tenancy.scope import ALL_TENANTS, TenantScoped, active_scope, is_unscoped, tenant_classes_by_table

SETTING = "partnerloop.tenant_id"
POLICY = "tenant_isolation"
# A scalar subquery, so PostgreSQL evaluates the setting once per statement (an InitPlan),
# not once per row.
_CURRENT_TENANT = f"(SELECT NULLIF(current_setting('{SETTING}', true), '')::integer)"
_SET_TENANT = f"SELECT set_config('{SETTING}', %s, true)"
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
    """The SQL condition a row of `table` must meet in the current transaction."""
    condition = f"{_CURRENT_TENANT} IS NULL OR tenant_id = {_CURRENT_TENANT}"
    if table.c.tenant_id.nullable:
        condition += " OR tenant_id IS NULL"  # rows that belong to no tenant (password-reset mail)
    return condition


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
    options = {} if context is None else context.execution_options
    if options.get(ALL_TENANTS):
        return None
    if _PARENT_TENANT in options:
        return options[_PARENT_TENANT]
    scope = active_scope()
    return None if scope is None else scope.tenant_id


def carry_scope(conn, cursor, statement, parameters, context, executemany):
    """before_cursor_execute: declare the statement's tenant to PostgreSQL if the
    transaction carries another one (one set_config, on a cursor of its own)."""
    if conn.dialect.name != "postgresql" or statement.startswith(_TRANSACTION_CONTROL):
        return  # after a failed statement only ROLLBACK TO SAVEPOINT may run
    wanted = _wanted_tenant(context)
    if conn.info.get(_CARRIED) != wanted:
        declare_tenant(conn, wanted)


def declare_tenant(conn, tenant_id):
    """Set the transaction's tenant (None: no tenant) on a cursor of its own, which
    leaves the statement's cursor alone (it may be a server-side one)."""
    with closing(conn.connection.dbapi_connection.cursor()) as cursor:
        cursor.execute(_SET_TENANT, ("" if tenant_id is None else str(tenant_id),))
    conn.info[_CARRIED] = tenant_id


def declare_on_begin(session, transaction, connection):
    """after_begin: a Session transaction begun inside a scope declares it at once, so
    driver-level cursors used first (COPY, executemany) are walled in too. No extra
    cost: its first statement would have declared the same tenant."""
    if connection.dialect.name == "postgresql":
        wanted = _wanted_tenant(None)
        if connection.info.get(_CARRIED) != wanted:
            declare_tenant(connection, wanted)


def _transaction_started(conn):
    conn.info[_CARRIED] = None  # transaction-local settings start empty


def _savepoint_rolled_back(conn, name, context):
    conn.info[_CARRIED] = _UNKNOWN  # the setting reverted to whatever the savepoint saw


def mark_unscoped_loads(orm_execute_state):
    """do_orm_execute: statements the ORM scoping lets through run with no tenant declared.

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


def _owner_connection():
    from app.extensions import db

    if db.engine.dialect.name != "postgresql":
        raise click.ClickException("Row-level security needs PostgreSQL (this database is not).")
    return db.engine.begin()


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
