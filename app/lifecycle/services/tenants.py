"""Deleting a whole tenant, and the helpers the partner and people deletions share.

Every deletion runs in the caller's transaction and commits nothing: the view commits
once at the end, and any exception before that rolls every statement back, so a
failure half-way leaves no half-deleted tenant, partner or person.

Tenant deletion removes every row that carries the tenant's id (every TenantScoped
table, plus the outbox messages sent for it): the tenant row goes, and the database's
ON DELETE CASCADE foreign keys take the rest in the same statement. People keep their global account (name, email, password): an account
is the person's own login, used for other organisations and for signing up their own
portal; without memberships it shows no tenant data, and its owner can delete it
from the account page."""

import logging

from sqlalchemy import String, cast, delete, func, literal, select
from werkzeug.security import check_password_hash

from app.audit.models import AuditEntry
from app.audit.services import current_actor
from app.core.errors import ServiceError
from app.extensions import db
from app.tenancy import ALL_TENANTS, scoped_to
from app.tenancy.scope import tenant_classes_by_table
from app.tenants.models import Membership, Role, Tenant

log = logging.getLogger(__name__)


# --- shared helpers ---------------------------------------------------------------------


def check_password(user, password):
    """Re-authentication for irreversible actions: the person at the keyboard must know
    the password, not only hold a logged-in browser."""
    if not check_password_hash(user.password_hash, password or ""):
        raise ServiceError("This is not your password.", field="password")


def numbered(prefix, column, suffix=""):
    """SQL text `prefix<id>suffix`: unique placeholders where a unique key needs a value."""
    expression = literal(prefix) + cast(column, String)
    return expression + literal(suffix) if suffix else expression


def app_tenant_classes():
    """{table name: class} of the app's tenant tables: the mapped TenantScoped classes
    whose table is in the app's metadata (a class on another metadata, such as a
    test's probe table, is not part of the tenant's data)."""
    return {name: cls for name, cls in tenant_classes_by_table().items()
            if db.metadata.tables.get(name) is cls.__table__}


def references_to(target_table):
    """(class, column attribute) of every tenant-table column with a foreign key to
    `target_table` (e.g. "users"), so tables added later are covered too."""
    found = []
    for _, cls in sorted(app_tenant_classes().items()):
        for column in cls.__table__.columns:
            if any(fk.column.table.name == target_table for fk in column.foreign_keys):
                found.append((cls, getattr(cls, cls.__mapper__.get_property_by_column(column).key)))
    return found


def bulk(statement):
    """Run a set-based UPDATE or DELETE without loading the rows; returns the row count."""
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


def record_event(tenant_id, object_type, object_id, label, action, changes):
    """An audit-log entry for a change made by set-based statements (which the
    flush listener does not see), e.g. "partner deleted, 12 items anonymised"."""
    actor = current_actor()
    with scoped_to(tenant_id):
        db.session.add(AuditEntry(
            tenant_id=tenant_id, actor_id=actor.user_id, actor_label=actor.label[:254], object_type=object_type,
            object_id=object_id, object_label=label[:200], action=action,
            changes={key: {"old": value, "new": None} for key, value in changes.items()},
        ))
        db.session.flush()


def admin_count(tenant_id):
    """Admins of the tenant, their rows locked (PostgreSQL) so that two admins removing
    each other at the same moment cannot leave the tenant without one."""
    with scoped_to(tenant_id):
        return len(db.session.scalars(
            select(Membership.id).where(Membership.role == Role.ADMIN).with_for_update()
        ).all())


def check_not_last_admin(membership):
    if membership.role == Role.ADMIN and admin_count(membership.tenant_id) <= 1:
        raise ServiceError(
            f"{membership.user.name} is the only admin of {membership.tenant.name}. "
            "Make someone else an admin first, or delete the organisation."
        )


# --- the tenant ---------------------------------------------------------------------------


def tenant_tables_in_delete_order():
    """Every table with rows of one tenant (a `tenant_id` referencing tenants), children first."""
    return [
        table
        for table in reversed(db.metadata.sorted_tables)
        if "tenant_id" in table.c and any(fk.column.table.name == "tenants" for fk in table.c.tenant_id.foreign_keys)
    ]


def _cascades(table):
    return all(fk.ondelete == "CASCADE" for fk in table.c.tenant_id.foreign_keys)


def tenant_row_counts(tenant_id):
    """{table: rows of the tenant} for every tenant table."""
    return {table.name: db.session.execute(
        select(func.count()).select_from(table).where(table.c.tenant_id == tenant_id)
        .execution_options(**{ALL_TENANTS: True})).scalar()
        for table in tenant_tables_in_delete_order()}


def delete_table_rows(table, tenant_id):
    return bulk(delete(table).where(table.c.tenant_id == tenant_id))


def delete_tenant_row(tenant_id):
    """Delete the tenant; ON DELETE CASCADE removes the rest in the same statement. (It is
    also the fastest way: the rollup triggers skip a tenant that is gone, and PostgreSQL
    deletes each child table with one set-based statement.)"""
    bulk(delete(Tenant).where(Tenant.id == tenant_id))


def check_tenant_deletion(tenant, user, confirm_slug, password):
    if (confirm_slug or "").strip().lower() != tenant.slug:
        raise ServiceError(f"Type {tenant.slug} to confirm.", field="confirm_slug")
    check_password(user, password)


def delete_tenant(tenant, user, confirm_slug, password):
    """Delete the tenant and every row it owns; returns {table: rows deleted}.

    Confirmed by the tenant's slug (which organisation) and the admin's password (who).
    Tables whose tenant foreign key does not cascade (none today) are emptied first,
    children before parents; then the tenant row goes and the database cascades to the
    rest. Afterwards no table may hold a row of the tenant, else the whole deletion is
    undone. The caller commits; an exception on the way leaves everything as it was."""
    check_tenant_deletion(tenant, user, confirm_slug, password)
    tenant_id, slug = tenant.id, tenant.slug
    deleted = tenant_row_counts(tenant_id)
    with scoped_to(tenant_id):
        for table in tenant_tables_in_delete_order():
            if not _cascades(table):
                delete_table_rows(table, tenant_id)
    delete_tenant_row(tenant_id)
    left = {name: count for name, count in tenant_row_counts(tenant_id).items() if count}
    if left:
        raise RuntimeError(f"Deleting tenant {slug} left rows behind: {left}")
    # The tenant's own audit log is gone with it: the application log keeps the record.
    log.warning("Tenant %s (id %s) deleted by %s: %s", slug, tenant_id, user.email,
                {name: count for name, count in deleted.items() if count})
    return deleted


def forget_deleted_objects():
    """After set-based deletes the session may still hold objects of deleted rows."""
    db.session.expunge_all()

