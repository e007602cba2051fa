"""Rebuilding the per-day feedback rollups from feedback_items.

The triggers in app/insights/rollup_ddl.py keep the rollups exact as feedback is
written; a rebuild is for after a restore, a bulk fix made with the triggers off, or
to prune rows whose counts fell to zero. `flask --app wsgi rollups rebuild`."""

import time
from dataclasses import dataclass

from sqlalchemy import select, text

from app.extensions import db
from app.insights.rollup_ddl import GRAINS, THEME_GRAINS
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Tenant


@dataclass(frozen=True)
class RebuildResult:
    tenant: str
    rows: int
    seconds: float


def direct_rollup_select(grain, dialect):
    """SQL of a tenant's rows of `grain` computed straight from its source table (:tenant_id)."""
    return grain.grouped_select(grain.source, dialect, where="tenant_id = :tenant_id")


def rebuild_rollups(tenant_id):
    """Replace the tenant's rollup rows (feedback and themes) with ones recomputed from its
    feedback and tags, in the current transaction (the caller commits); returns the number
    of rows written (all grains).

    On PostgreSQL, feedback_items and feedback_themes are locked in SHARE mode first: writers wait until
    the rebuild commits, so no write lands between the recount and the commit (its
    trigger would add to rows the rebuild then replaces). Readers are not blocked.
    SQLite serialises writers by itself."""
    connection = db.session.connection()
    dialect, rows, values = connection.dialect.name, 0, {"tenant_id": tenant_id}
    with scoped_to(tenant_id):
        grains = GRAINS + THEME_GRAINS
        if dialect == "postgresql":
            tables = ", ".join(dict.fromkeys(grain.source for grain in grains))
            connection.execute(text(f"LOCK TABLE {tables} IN SHARE MODE"))
        for grain in grains:
            connection.execute(text(f"DELETE FROM {grain.table} WHERE tenant_id = :tenant_id"), values)
            insert = f"INSERT INTO {grain.table} ({grain.columns()}) {direct_rollup_select(grain, dialect)}"
            rows += connection.execute(text(insert), values).rowcount
    return rows


def rebuild_all(slug=None):
    """Rebuild every tenant's rollups (or only `slug`'s), one transaction per tenant."""
    statement = select(Tenant).order_by(Tenant.id)
    if slug:
        statement = statement.where(Tenant.slug == slug)
    tenants = [(tenant.id, tenant.slug) for tenant in db.session.scalars(unscoped(statement))]
    results = []
    for tenant_id, tenant_slug in tenants:
        began = time.perf_counter()
        rows = rebuild_rollups(tenant_id)
        db.session.commit()
        results.append(RebuildResult(tenant_slug, rows, time.perf_counter() - began))
    return results
