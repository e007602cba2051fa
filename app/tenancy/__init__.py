"""The one place tenant scoping lives.

Every tenant-owned model inherits `TenantScoped`; rows a partner owns also inherit
`PartnerScoped`; rows partners must never see inherit `StaffOnly`. A `do_orm_execute`
listener (reads.py) adds the matching criteria to every ORM statement, scopes Core
UPDATE/DELETE, refuses Core SELECTs of tenant tables, and refuses any statement
touching tenant-owned tables when no tenant is active. A `before_flush` listener
(writes.py) stamps new rows with the active tenant (and partner) and refuses rows that
belong elsewhere, rows moved between tenants and references to other tenants' rows;
INSERT and UPDATE statements get the same checks. Views therefore cannot forget the
filter. `unscoped(statement)` is the only way around it, for one statement.

The active scope lives in a ContextVar, set per request from the user's verified
membership (see app/tenancy/request.py), per survey or invitation token, or per job.
"""

from app.tenancy.scope import (  # noqa: F401
    ALL_TENANTS,
    PartnerScoped,
    StaffOnly,
    TenantScope,
    TenantScoped,
    TenantScopeError,
    active_scope,
    scoped_to,
    unscoped,
)
