"""The audit log: who changed what, when, with the values before and after.

Models opt in with the `Audited` marker; a flush listener (app/audit/services.py)
writes one AuditEntry per created, updated or deleted row of such a model, so no
service has to remember to log its changes."""

import enum
import re
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import created_at_column, enum_column
from app.extensions import db
from app.tenancy import StaffOnly

# Column names that never reach the log (the log is readable by every admin).
SECRET_COLUMN_PARTS = ("hash", "token", "secret", "password")


class Audited:
    """Marker mixin: every change to rows of this model is written to the audit log.

    `__audit_exclude__` names further columns to leave out of the recorded values."""

    __audit_exclude__: frozenset[str] = frozenset()

    @classmethod
    def audit_kind(cls):
        """The object type shown in the log: the class name in snake case (FollowUp -> follow_up)."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    @classmethod
    def audited_column(cls, key):
        return key not in cls.__audit_exclude__ and not any(part in key for part in SECRET_COLUMN_PARTS)


def _load_old_value(target, value, oldvalue, initiator):
    """Nothing to do: registering with active_history is what counts."""


@event.listens_for(Audited, "mapper_configured", propagate=True)
def _keep_old_values(mapper, cls):
    # active_history: setting an attribute that was expired (e.g. after a commit) loads its
    # old value first, so an update records "before" even when nobody read it.
    for prop in mapper.column_attrs:
        if cls.audited_column(prop.key):
            event.listen(getattr(cls, prop.key), "set", _load_old_value, active_history=True)


def audited_classes():
    """{kind: class} of every mapped Audited model."""
    found, pending = {}, list(Audited.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if "__table__" in cls.__dict__:
            found[cls.audit_kind()] = cls
    return found


class AuditAction(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"


class AuditEntry(StaffOnly, db.Model):
    """One change to one audited row. Append-only: nothing updates or deletes entries
    (the database removes them only with their tenant)."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_tenant_created", "tenant_id", "created_at"),
        Index("ix_audit_entries_object", "tenant_id", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    # Who it was at the time ("system" for jobs and commands), kept if the user is deleted.
    actor_label: Mapped[str] = mapped_column(String(254), nullable=False)
    object_type: Mapped[str] = mapped_column(String(40), nullable=False)
    object_id: Mapped[int] = mapped_column(Integer, nullable=False)
    object_label: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    action: Mapped[AuditAction] = enum_column(AuditAction, nullable=False)
    # {column: {"old": value, "new": value}}, JSON-safe values; only columns that changed.
    changes: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)

    actor: Mapped["User | None"] = relationship()  # noqa: F821  (app.partners.models imports this module)
