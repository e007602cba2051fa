"""Finished tenant exports, kept in the database for a week for their download.

A worker may run on another machine than the web app, so the ZIP cannot stay in a
worker's temporary file: it is stored here, in parts of at most a megabyte, so that
neither the worker storing it nor the web app sending it holds the whole file in memory.
Both tables are staff-only tenant tables (row-level security like every other one) and
are left out of the export itself."""

from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from app.core.models import created_at_column, utcnow
from app.extensions import db
from app.tenancy import StaffOnly


class TenantExport(StaffOnly, db.Model):
    """One finished export: its file's name and size, who asked, until when it is kept."""

    __tablename__ = "tenant_exports"
    __export__ = False  # an export of the exports would only repeat their bytes

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("job_id"),)  # one export per job: a job run again finds it

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(200), nullable=False)
    size: Mapped[int] = mapped_column(BigInteger, nullable=False)  # bytes of the ZIP
    tables: Mapped[int] = mapped_column(Integer, nullable=False)
    rows: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, index=True)

    created_by = relationship("User")

    @property
    def is_expired(self):
        return self.expires_at <= utcnow()


class TenantExportPart(StaffOnly, db.Model):
    """A slice of an export's ZIP, in order of `position` (0, 1, 2 ...)."""

    __tablename__ = "tenant_export_parts"
    __export__ = False

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("export_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("tenant_exports.id", ondelete="CASCADE"), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False)
    data: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
