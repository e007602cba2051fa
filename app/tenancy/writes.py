"""Writes stay inside the active scope.

`stamp_and_check_rows` (before_flush) stamps new rows with the active tenant (and
partner), and refuses rows of another tenant or partner, rows moved between them,
and references (foreign keys, many-to-one relationships) to other tenants' rows.
`scope_insert` does the same for INSERT statements run through the Session."""

from collections import defaultdict
from functools import cache
from itertools import chain

from sqlalchemy import BindParameter, inspect, select
from sqlalchemy.orm import MANYTOONE
from sqlalchemy.sql import ClauseElement

from app.tenancy.scope import (
    PartnerScoped,
    StaffOnly,
    TenantScoped,
    TenantScopeError,
    active_scope,
    scoped_to,
    tenant_classes_by_table,
)


def _partner_model():
    from app.partners.models import Partner  # local: models import this package

    return Partner


def _refuse(cls, reason):
    raise TenantScopeError(f"{cls.__name__} {reason}.")


# --- rows flushed by the unit of work ------------------------------------------------


def _refuse_moves(obj, state, scope):
    if state.attrs.tenant_id.history.deleted:
        _refuse(type(obj), "cannot move to another tenant")
    if scope.partner_id is not None and isinstance(obj, PartnerScoped):
        old = state.attrs.partner_id.history.deleted
        if old and old[0] != scope.partner_id:
            _refuse(type(obj), "belongs to another partner")


def _check_tenant(obj, scope):
    if obj.tenant_id is None:
        obj.tenant_id = scope.tenant_id
    elif obj.tenant_id != scope.tenant_id:
        _refuse(type(obj), "belongs to another tenant")


def _check_partner(obj, state, scope):
    """Partner users write only their own partner's rows, never staff-only ones."""
    if isinstance(obj, StaffOnly):
        _refuse(type(obj), "cannot be written by partner users")
    if isinstance(obj, PartnerScoped):
        if obj.partner_id is None and state.pending:
            obj.partner_id = scope.partner_id
        elif obj.partner_id != scope.partner_id:
            _refuse(type(obj), "belongs to another partner")
    if isinstance(obj, _partner_model()) and (state.pending or obj.id != scope.partner_id):
        _refuse(type(obj), "is not the partner of this partner user")


def _check_row(obj, scope):
    state = inspect(obj)
    if not state.pending:
        _refuse_moves(obj, state, scope)
    _check_tenant(obj, scope)
    if scope.partner_id is not None:
        _check_partner(obj, state, scope)


# --- references to other tenant rows -------------------------------------------------


@cache
def _tenant_foreign_keys(cls):
    """(attribute key, referenced attribute) for each foreign key to a tenant table."""
    tenant_tables = tenant_classes_by_table()
    found = []
    for prop in inspect(cls).column_attrs:
        for column in prop.columns:
            for foreign_key in getattr(column, "foreign_keys", ()):
                target = tenant_tables.get(foreign_key.column.table.name)
                if target is not None:
                    target_key = inspect(target).get_property_by_column(foreign_key.column).key
                    found.append((prop.key, getattr(target, target_key)))
    return tuple(found)


@cache
def _tenant_relationships(cls):
    return tuple(
        rel.key
        for rel in inspect(cls).relationships
        if rel.direction is MANYTOONE and issubclass(rel.mapper.class_, TenantScoped)
    )


def _check_related(obj, related, scope):
    if related.tenant_id is not None and related.tenant_id != scope.tenant_id:
        _refuse(type(obj), f"cannot refer to {type(related).__name__} of another tenant")
    partner = _partner_model()
    if (
        scope.partner_id is not None
        and isinstance(related, partner)
        and related.id not in (None, scope.partner_id)
    ):
        _refuse(type(obj), "cannot refer to another partner")


def _collect_references(obj, wanted, scope):
    state = inspect(obj)
    for key in _tenant_relationships(type(obj)):
        for related in state.attrs[key].history.added:
            if related is not None:
                _check_related(obj, related, scope)
    for key, target in _tenant_foreign_keys(type(obj)):
        for value in state.attrs[key].history.added:
            if value is not None:
                wanted[target].add(value)


def _loaded_tenant_id(session, target, row_id):
    """The tenant of the row `row_id` of `target` (its primary key) as the session loaded it,
    or None when it is not in the identity map (or expired)."""
    mapper = inspect(target.class_)
    if len(mapper.primary_key) != 1 or mapper.primary_key[0] is not target.property.columns[0]:
        return None
    obj = session.identity_map.get(mapper.identity_key_from_primary_key((row_id,)))
    if obj is None:
        return None
    state = inspect(obj)
    # The value read from the database, even if changed since (a move is refused anyway).
    return state.committed_state.get("tenant_id", state.dict.get("tenant_id"))


def check_referenced_ids(session, wanted, scope):
    """Refuse ids in `wanted` ({referenced attribute: ids}) that are not the scope's rows.
    Rows the session already loaded answer from memory: their tenant_id was read from
    the database, so a SELECT per flush would only repeat it (the hot write paths)."""
    for target, ids in wanted.items():
        if scope.partner_id is not None and target.class_ is _partner_model():
            foreign = ids - {scope.partner_id}
        else:
            unknown = {i for i in ids if _loaded_tenant_id(session, target, i) != scope.tenant_id}
            foreign = set()
            if unknown:
                with scoped_to(scope.tenant_id):
                    foreign = unknown - set(session.scalars(select(target).where(target.in_(unknown))))
        if foreign:
            _refuse(target.class_, f"{sorted(foreign)} is not a row of the active tenant")


def stamp_and_check_rows(session, flush_context, instances):
    """before_flush listener: every tenant row written belongs to the active scope."""
    rows = [
        obj for obj in chain(session.new, session.dirty, session.deleted) if isinstance(obj, TenantScoped)
    ]
    if not rows:
        return
    scope = active_scope()
    if scope is None:
        _refuse(type(rows[0]), "was written with no active tenant")
    wanted = defaultdict(set)
    for obj in rows:
        _check_row(obj, scope)
        if obj not in session.deleted:
            _collect_references(obj, wanted, scope)
    check_referenced_ids(session, wanted, scope)


# --- INSERT and UPDATE statements ---------------------------------------------------


def _scope_keys(cls):
    return {"tenant_id", "partner_id"} | {key for key, _ in _tenant_foreign_keys(cls)}


def _inline_values(cls, statement):
    """The literal values a statement sets (`.values(...)`), by attribute key."""
    values = {}
    for key, value in (statement._values or {}).items():
        key = getattr(key, "key", key)
        if isinstance(value, BindParameter):
            value = value.value
        elif isinstance(value, ClauseElement):
            if key in _scope_keys(cls):
                _refuse(cls, f"{key} set by a SQL expression cannot be checked")
            continue
        values[key] = value
    return values


def _statement_rows(orm_execute_state, cls):
    """(rows the statement writes, whether parameters came as a list)."""
    inline = _inline_values(cls, orm_execute_state.statement)
    parameters = orm_execute_state.parameters
    many = isinstance(parameters, (list, tuple))
    given = list(parameters) if many else [parameters or {}]
    return [{**inline, **row} for row in given], many


def _referenced_ids(cls, rows):
    wanted = defaultdict(set)
    for key, target in _tenant_foreign_keys(cls):
        wanted[target].update(row[key] for row in rows if row.get(key) is not None)
    return {target: ids for target, ids in wanted.items() if ids}


def stamped_row(cls, row, scope):
    """A copy of `row` with the scope's tenant (and partner) filled in; refuses other scopes."""
    row = dict(row)
    if row.setdefault("tenant_id", scope.tenant_id) != scope.tenant_id:
        _refuse(cls, "belongs to another tenant")
    if scope.partner_id is None:
        return row
    if issubclass(cls, StaffOnly) or issubclass(cls, _partner_model()):
        _refuse(cls, "cannot be written by partner users")
    if issubclass(cls, PartnerScoped) and row.setdefault("partner_id", scope.partner_id) != scope.partner_id:
        _refuse(cls, "belongs to another partner")
    return row


def _statement_class(orm_execute_state):
    table = getattr(orm_execute_state.statement, "table", None)
    return tenant_classes_by_table().get(getattr(table, "name", None))


def scope_insert(orm_execute_state, scope):
    """Stamp and check the rows of an INSERT statement into a tenant table."""
    cls = _statement_class(orm_execute_state)
    if cls is None:
        return
    if scope is None:
        _refuse(cls, "was inserted with no active tenant")
    statement = orm_execute_state.statement
    if statement._select_names or statement._multi_values:
        _refuse(
            cls,
            "rows from INSERT ... SELECT or multi-row VALUES cannot be checked; "
            "pass the rows as parameters: session.execute(insert(Model), rows)",
        )
    given, many = _statement_rows(orm_execute_state, cls)
    rows = [stamped_row(cls, row, scope) for row in given]
    check_referenced_ids(orm_execute_state.session, _referenced_ids(cls, rows), scope)
    scope_values = {key: rows[0][key] for key in ("tenant_id", "partner_id") if key in rows[0]}
    if orm_execute_state.parameters:
        stamped = [
            {**row, **{key: full[key] for key in scope_values}} for row, full in zip(given, rows, strict=True)
        ]
        orm_execute_state.parameters = stamped if many else stamped[0]
    else:
        orm_execute_state.statement = statement.values(**scope_values)


def _check_updated_row(cls, row, scope):
    if row.get("tenant_id", scope.tenant_id) != scope.tenant_id:
        _refuse(cls, "cannot move to another tenant")
    partner_scoped = scope.partner_id is not None and issubclass(cls, PartnerScoped)
    if partner_scoped and row.get("partner_id", scope.partner_id) != scope.partner_id:
        _refuse(cls, "belongs to another partner")


def _check_bulk_keys(session, cls, rows):
    """ORM bulk UPDATE by primary key ignores loader criteria: check the keys here."""
    key = inspect(cls).primary_key[0].key
    attribute = getattr(cls, key)
    ids = {row[key] for row in rows if key in row}
    visible = set(session.scalars(select(attribute).where(attribute.in_(ids))))  # scoped by reads.py
    if ids - visible:
        _refuse(cls, f"{sorted(ids - visible)} is not a row of the active scope")


def scope_update(orm_execute_state, scope):
    """Check what an UPDATE statement on a tenant table writes (its WHERE is scoped in reads.py)."""
    cls = _statement_class(orm_execute_state)
    if cls is None:
        return
    rows, many = _statement_rows(orm_execute_state, cls)
    for row in rows:
        _check_updated_row(cls, row, scope)
    check_referenced_ids(orm_execute_state.session, _referenced_ids(cls, rows), scope)
    if many and orm_execute_state.is_orm_statement:
        _check_bulk_keys(orm_execute_state.session, cls, rows)
