"""The one place tenant scoping lives.

Every tenant-owned model inherits `TenantScoped`; rows a partner owns also inherit
`PartnerScoped`; rows partners must never see inherit `StaffOnly`, and partner rows of
which partners see only some `PartlyStaffOnly`. A `do_orm_execute`
listener (reads.py) adds the matching criteria to every ORM statement, scopes Core
UPDATE/DELETE, refuses Core SELECTs of tenant tables, and refuses any statement
touching tenant-owned tables when no tenant is active. A `before_flush` listener
(writes.py) stamps new rows with the active tenant (and partner) and refuses rows that
belong elsewhere, rows moved between tenants and references to other tenants' rows;
INSERT and UPDATE statements get the same checks. Views therefore cannot forget the
filter. `unscoped(statement)` (one statement) and `all_tenants()` (a block) are the only
ways around it; outside both, with no scope, tenant tables are refused at the ORM, at the
cursor (a guard on the SQL text) and by PostgreSQL's row-level security (no rows).

The active scope lives in a ContextVar, set per request from the user's verified
membership (see app/tenancy/request.py), per survey or invitation token, or per job.
"""

from app.tenancy.scope import (  # noqa: F401
    ALL_TENANTS,
    PartlyStaffOnly,
    PartnerScoped,
    StaffOnly,
    TenantScope,
    TenantScoped,
    TenantScopeError,
    active_scope,
    all_tenants,
    is_across_tenants,
    scoped_to,
    unscoped,
)
