"""The one place tenant scoping lives.

Every tenant-owned model inherits `TenantScoped`; rows a partner owns also inherit
`PartnerScoped`; rows partners must never see inherit `StaffOnly`. A `do_orm_execute`
listener adds the matching criteria to every ORM statement, and refuses to run a
statement touching tenant-owned tables when no tenant is active. A `before_flush`
listener stamps new rows with the active tenant (and partner) and refuses rows that
belong elsewhere. Views therefore cannot forget the filter.

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
