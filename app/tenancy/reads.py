"""The do_orm_execute listener: every statement a Session runs sees the active scope.

ORM statements get `with_loader_criteria` options (tenant, and for partner users
partner), which reach joins, aliases, subqueries and relationship loads. Core
statements on tenant tables cannot carry those options: UPDATE and DELETE get the
same criteria as WHERE clauses, SELECT is refused. INSERT statements are stamped
and checked in app/tenancy/writes.py. Without an active scope, any statement on a
tenant table raises TenantScopeError, unless `unscoped()` marks it deliberate."""

from functools import lru_cache

from sqlalchemy import false
from sqlalchemy.orm import with_loader_criteria
from sqlalchemy.sql import visitors
from sqlalchemy.sql.expression import TableClause
from sqlalchemy.util import LRUCache

from app.tenancy.scope import (
    PartlyStaffOnly,
    PartnerScoped,
    StaffOnly,
    TenantScoped,
    TenantScopeError,
    active_scope,
    is_across_tenants,
    is_unscoped,
    tenant_classes_by_table,
)
from app.tenancy.writes import scope_insert, scope_update


def _criteria(entity, condition):
    # track_closure_variables=False: the statement cache key ignores `scope`, while
    # its values still become bound parameters on every execution.
    return with_loader_criteria(entity, condition, include_aliases=True, track_closure_variables=False)


@lru_cache(maxsize=1024)
def criteria_options(scope):
    """Loader criteria that limit an ORM statement to `scope` (a frozen TenantScope, so the
    options of a scope are built once: every statement of a request reuses them)."""
    from app.partners.models import Partner  # local: models import this package

    options = [_criteria(TenantScoped, lambda cls: cls.tenant_id == scope.tenant_id)]
    if scope.partner_id is not None:
        options += [
            _criteria(PartnerScoped, lambda cls: cls.partner_id == scope.partner_id),
            _criteria(Partner, lambda cls: cls.id == scope.partner_id),
            _criteria(StaffOnly, lambda cls: false()),
            _criteria(PartlyStaffOnly, lambda cls: cls.partner_visible(cls)),
        ]
    return tuple(options)


# {statement cache key: tenant tables}. Statements with the same cache key compile to the
# same SQL, so they name the same tables; the key is memoized on the statement and
# reused by its compilation, while walking a statement costs more than running it.
_tables_by_cache_key = LRUCache(2000)


def _walk_tenant_tables(statement):
    tenant_tables = tenant_classes_by_table()
    return frozenset(
        element.name
        for element in visitors.iterate(statement)
        if isinstance(element, TableClause) and element.name in tenant_tables
    )


def tenant_tables_in(statement):
    """Names of the tenant-owned tables a statement reads or writes, at any depth."""
    cache_key = statement._generate_cache_key() if hasattr(statement, "_generate_cache_key") else None
    if cache_key is None:  # a statement that is not cacheable
        return _walk_tenant_tables(statement)
    tables = _tables_by_cache_key.get(cache_key.key)
    if tables is None:
        tables = _tables_by_cache_key[cache_key.key] = _walk_tenant_tables(statement)
    return tables


def _refuse_without_scope(statement):
    tables = tenant_tables_in(statement)
    if tables:
        raise TenantScopeError(
            f"Tenant-owned tables ({', '.join(sorted(tables))}) were queried with no active tenant. "
            "Use `with scoped_to(tenant_id):`, or unscoped(statement) for a deliberate cross-tenant look-up."
        )


def _scope_relationship_load(orm_execute_state, scope):
    if scope is None:
        return  # the parent was loaded in a scope (its criteria propagate) or unscoped()
    parent = orm_execute_state.lazy_loaded_from
    if parent is not None and isinstance(parent.obj(), TenantScoped):
        return  # same-tenant by the flush checks; its load criteria propagate
    # A parent that belongs to no tenant (a User) must not reach other tenants' rows.
    orm_execute_state.statement = orm_execute_state.statement.options(*criteria_options(scope))


def core_criteria(table, scope):
    """WHERE clauses that limit a Core statement on one tenant table to `scope`."""
    from app.partners.models import Partner

    cls = tenant_classes_by_table()[table.name]
    clauses = [table.c.tenant_id == scope.tenant_id]
    if scope.partner_id is None:
        return clauses
    if issubclass(cls, StaffOnly):
        clauses.append(false())
    elif issubclass(cls, PartnerScoped):
        clauses.append(table.c.partner_id == scope.partner_id)
        if issubclass(cls, PartlyStaffOnly):
            clauses.append(cls.partner_visible(table.c))
    elif issubclass(cls, Partner):
        clauses.append(table.c.id == scope.partner_id)
    return clauses


def _scope_core_statement(orm_execute_state, scope):
    statement = orm_execute_state.statement
    tables = tenant_tables_in(statement)
    if not tables:
        return
    if scope is None:
        _refuse_without_scope(statement)
    target = getattr(statement, "table", None)
    if orm_execute_state.is_select or tables != {getattr(target, "name", None)}:
        raise TenantScopeError(
            f"Core statements on tenant tables ({', '.join(sorted(tables))}) cannot be scoped: "
            "use the mapped classes (select(Model), update(Model)), or unscoped() for a deliberate "
            "cross-tenant statement."
        )
    orm_execute_state.statement = statement.where(*core_criteria(target, scope))
    if orm_execute_state.is_update:
        scope_update(orm_execute_state, scope)


def scope_statement(orm_execute_state):
    """do_orm_execute listener: add the active scope to the statement, or refuse it."""
    if is_unscoped(orm_execute_state) or orm_execute_state.is_column_load:
        return  # a deliberate cross-tenant statement, or a refresh of an object in the session
    scope = active_scope()
    if orm_execute_state.is_insert:
        scope_insert(orm_execute_state, scope)
    elif not (orm_execute_state.is_select or orm_execute_state.is_update or orm_execute_state.is_delete):
        return
    elif orm_execute_state.is_select and is_across_tenants():
        return  # an all_tenants() block reads across tenants; its writes still need a scope
    elif orm_execute_state.is_relationship_load:
        _scope_relationship_load(orm_execute_state, scope)
    elif not orm_execute_state.is_orm_statement:
        _scope_core_statement(orm_execute_state, scope)
    elif scope is None:
        _refuse_without_scope(orm_execute_state.statement)
    else:
        orm_execute_state.statement = orm_execute_state.statement.options(*criteria_options(scope))
        if orm_execute_state.is_update:
            scope_update(orm_execute_state, scope)
