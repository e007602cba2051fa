"""Scope state and the SQLAlchemy listeners that enforce it."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import event, false
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column, with_loader_criteria
from sqlalchemy import ForeignKey, Integer

# Execution option that lets one statement see every tenant (token look-ups, jobs).
ALL_TENANTS = "all_tenants"


class TenantScopeError(RuntimeError):
    """A tenant-owned table was touched without an active tenant, or across tenants."""


@dataclass(frozen=True)
class TenantScope:
    tenant_id: int
    partner_id: int | None = None  # set for partner users: they see only their partner's rows


_current_scope: ContextVar[TenantScope | None] = ContextVar("tenant_scope", default=None)


def active_scope():
    return _current_scope.get()


@contextmanager
def scoped_to(tenant_id, partner_id=None):
    """Run the block as one tenant (and, for partner users, one partner)."""
    token = _current_scope.set(TenantScope(tenant_id, partner_id))
    try:
        yield
    finally:
        _current_scope.reset(token)


def set_scope(scope):
    """Set the scope for the rest of this context (a request); returns a reset token."""
    return _current_scope.set(scope)


def reset_scope(token):
    _current_scope.reset(token)


def unscoped(statement):
    """Mark one statement as deliberately cross-tenant (e.g. a look-up by secret token)."""
    return statement.execution_options(**{ALL_TENANTS: True})


class TenantScoped:
    """Mixin for every table that belongs to one tenant."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        return mapped_column(
            Integer, ForeignKey("tenants.id", ondelete="CASCADE"), nullable=False, index=True
        )


class PartnerScoped(TenantScoped):
    """Tenant rows that may belong to one partner (partner_id NULL = the vendor's own).

    Partner users only ever see the rows of their own partner."""

    @declared_attr
    def partner_id(cls) -> Mapped[int | None]:
        return mapped_column(
            Integer, ForeignKey("partners.id", ondelete="CASCADE"), nullable=True, index=True
        )


class StaffOnly(TenantScoped):
    """Tenant rows that partner users never see (internal notes, staff settings)."""


def _tenant_criteria(scope):
    return with_loader_criteria(
        TenantScoped,
        lambda cls: cls.tenant_id == scope.tenant_id,
        include_aliases=True,
        track_closure_variables=False,
    )


def _partner_criteria(scope):
    from app.models.tenancy import Partner  # local: models import this module

    return [
        with_loader_criteria(
            PartnerScoped,
            lambda cls: cls.partner_id == scope.partner_id,
            include_aliases=True,
            track_closure_variables=False,
        ),
        with_loader_criteria(
            Partner, lambda cls: cls.id == scope.partner_id, include_aliases=True,
            track_closure_variables=False,
        ),
        with_loader_criteria(
            StaffOnly, lambda cls: false(), include_aliases=True, track_closure_variables=False
        ),
    ]


def _touches_tenant_tables(orm_execute_state):
    return any(
        isinstance(mapper.class_, type) and issubclass(mapper.class_, TenantScoped)
        for mapper in orm_execute_state.all_mappers
    )


def _add_scope_criteria(orm_execute_state):
    if not (
        orm_execute_state.is_select or orm_execute_state.is_update or orm_execute_state.is_delete
    ):
        return
    if orm_execute_state.is_column_load or orm_execute_state.is_relationship_load:
        # Lazy loads inherit the criteria of the statement that loaded the parent.
        return
    if orm_execute_state.execution_options.get(ALL_TENANTS):
        return
    scope = _current_scope.get()
    if scope is None:
        if _touches_tenant_tables(orm_execute_state):
            raise TenantScopeError("A tenant-owned table was queried with no active tenant.")
        return
    options = [_tenant_criteria(scope)]
    if scope.partner_id is not None:
        options.extend(_partner_criteria(scope))
    orm_execute_state.statement = orm_execute_state.statement.options(*options)


def _check_row(obj, scope):
    if obj.tenant_id is None:
        obj.tenant_id = scope.tenant_id
    elif obj.tenant_id != scope.tenant_id:
        raise TenantScopeError(f"{type(obj).__name__} belongs to another tenant.")
    if scope.partner_id is None:
        return
    if isinstance(obj, StaffOnly):
        raise TenantScopeError(f"Partner users cannot write {type(obj).__name__}.")
    if isinstance(obj, PartnerScoped):
        if obj.partner_id is None:
            obj.partner_id = scope.partner_id
        elif obj.partner_id != scope.partner_id:
            raise TenantScopeError(f"{type(obj).__name__} belongs to another partner.")


def _stamp_and_check_rows(session, flush_context, instances):
    scope = _current_scope.get()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, TenantScoped):
            continue
        if scope is None:
            if session.info.get(ALL_TENANTS):
                continue
            raise TenantScopeError(
                f"{type(obj).__name__} was written with no active tenant."
            )
        _check_row(obj, scope)


def install_listeners():
    """Attach the scoping listeners to every ORM Session (idempotent)."""
    if not event.contains(Session, "do_orm_execute", _add_scope_criteria):
        event.listen(Session, "do_orm_execute", _add_scope_criteria)
        event.listen(Session, "before_flush", _stamp_and_check_rows)
