"""Scope state, the tenant mixins and the switch that installs the listeners.

The listeners themselves live in app/tenancy/reads.py (every statement a Session
executes) and app/tenancy/writes.py (every flush)."""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sqlalchemy import ForeignKey, Integer, event, false
from sqlalchemy.orm import Mapped, Session, declared_attr, mapped_column
from sqlalchemy.orm.interfaces import UserDefinedOption

# Execution option that lets one statement see every tenant (token look-ups, jobs).
ALL_TENANTS = "all_tenants"


class TenantScopeError(RuntimeError):
    """A tenant-owned table was touched without an active tenant, or across tenants."""


@dataclass(frozen=True)
class TenantScope:
    tenant_id: int
    partner_id: int | None = None  # set for partner users: they see only their partner's rows


_current_scope: ContextVar[TenantScope | None] = ContextVar("tenant_scope", default=None)
_across_tenants: ContextVar[bool] = ContextVar("across_tenants", default=False)


def active_scope():
    return _current_scope.get()


def is_across_tenants():
    """True inside an `all_tenants()` block with no narrower scope entered since."""
    return _current_scope.get() is None and _across_tenants.get()


@contextmanager
def all_tenants():
    """Run the block across every tenant: the one explicit way, besides unscoped() for a
    single statement, for code that must (the outbox and webhook senders, scheduled jobs
    that find their tenants' work, migrations, the test harness).

    Inside it ORM reads are unscoped and PostgreSQL's tenant setting is 'all'; a
    `scoped_to()` entered inside narrows it again. Writes of tenant rows still need a
    tenant scope (the flush checks have nothing to check them against otherwise).
    Outside any scope and any such block, tenant tables are refused by the ORM listeners,
    by a guard on every SQL statement, and by PostgreSQL's policy (no rows)."""
    scope_token = _current_scope.set(None)
    block_token = _across_tenants.set(True)
    try:
        yield
    finally:
        _across_tenants.reset(block_token)
        _current_scope.reset(scope_token)


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


class AllTenantsOption(UserDefinedOption):
    """Marks the objects an unscoped() statement loads, so that their lazy
    relationship loads stay unscoped too (the option propagates to loaders)."""

    propagate_to_loaders = True


def unscoped(statement):
    """Mark one statement as deliberately cross-tenant (e.g. a look-up by secret token).

    This is the only way past the scoping listeners; it covers that statement and the
    relationship loads of the objects it returns, never a flush."""
    statement = statement.execution_options(**{ALL_TENANTS: True})
    if hasattr(statement, "options"):
        statement = statement.options(AllTenantsOption())
    return statement


def is_unscoped(orm_execute_state):
    if orm_execute_state.execution_options.get(ALL_TENANTS):
        return True
    return any(isinstance(option, AllTenantsOption) for option in orm_execute_state.user_defined_options)


class TenantScoped:
    """Mixin for every table that belongs to one tenant."""

    @declared_attr
    def tenant_id(cls) -> Mapped[int]:
        # active_history: the flush check must see the old value of a changed tenant_id
        # even when it was never loaded, so a row cannot be moved between tenants.
        return mapped_column(
            Integer,
            ForeignKey("tenants.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
            active_history=True,
        )


class PartnerScoped(TenantScoped):
    """Tenant rows that may belong to one partner (partner_id NULL = the vendor's own).

    Partner users only ever see the rows of their own partner."""

    @declared_attr
    def partner_id(cls) -> Mapped[int | None]:
        return mapped_column(
            Integer,
            ForeignKey("partners.id", ondelete="CASCADE"),
            nullable=True,
            index=True,
            active_history=True,
        )


class StaffOnly(TenantScoped):
    """Tenant rows that partner users never see (internal notes, staff settings)."""


class PartlyStaffOnly(PartnerScoped):
    """Partner rows of which partner users see only some: `partner_visible(columns)` is
    the SQL condition (on the class, or on a table's columns for Core statements), e.g.
    feedback their vendor's staff recorded as an internal observation is staff-only."""

    @classmethod
    def partner_visible(cls, columns):
        # Each model overrides this; one that forgets shows partners nothing (fails closed).
        # SQLAlchemy also calls it on the mixin itself when it analyses the loader criteria.
        return false()


def tenant_classes_by_table():
    """{table name: mapped class} for every mapped TenantScoped class."""
    found = {}
    pending = [TenantScoped]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        table = cls.__dict__.get("__table__")
        if table is not None:
            found[table.name] = cls
    return found


def install_listeners():
    """Attach the scoping listeners to every ORM Session, and the hooks that carry the
    scope to PostgreSQL's row-level security (idempotent)."""
    from app.tenancy.reads import scope_statement
    from app.tenancy.rls import install_database_scope
    from app.tenancy.writes import stamp_and_check_rows

    install_database_scope()

    if not event.contains(Session, "do_orm_execute", scope_statement):
        event.listen(Session, "do_orm_execute", scope_statement)
        event.listen(Session, "before_flush", stamp_and_check_rows)
