"""CSV imports of feedback (call-center, chat and social-listening exports).

The uploaded file lives in its ImportBatch row (web processes are stateless), with
the column mapping chosen for it; each run records its counts and row errors."""

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from app.auth.models import User
from app.core.models import created_at_column, enum_column
from app.extensions import db
from app.feedback.models import Source
from app.tenancy import StaffOnly


class ImportStatus(enum.StrEnum):
    UPLOADED = "uploaded"  # waiting for its mapping / import
    IMPORTED = "imported"  # the good rows are stored
    REJECTED = "rejected"  # all-or-nothing and some row was bad: nothing stored
    FAILED = "failed"  # the run broke off: nothing stored

    @property
    def label(self):
        return self.value.capitalize()


class DateFormat(enum.StrEnum):
    ISO = "iso"  # 2026-01-31, 2026-01-31T14:05:00Z
    DAY_FIRST = "dmy"  # 31/01/2026 14:05
    MONTH_FIRST = "mdy"  # 01/31/2026 2:05 PM


class ImportBatch(StaffOnly, db.Model):
    """One uploaded CSV file, its column mapping and the outcome of importing it."""

    __tablename__ = "import_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filename: Mapped[str] = mapped_column(String(255), nullable=False)
    # The raw bytes, as uploaded; read again (decoded with `encoding`) for preview and import.
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size_bytes: Mapped[int] = mapped_column(Integer, nullable=False)
    encoding: Mapped[str] = mapped_column(String(32), nullable=False)
    delimiter: Mapped[str] = mapped_column(String(1), nullable=False, default=",")
    columns: Mapped[list] = mapped_column(JSON, nullable=False, default=list)  # header cells
    mapping: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)  # field -> column index
    default_source: Mapped[Source] = enum_column(Source, nullable=False, default=Source.CUSTOMER)
    date_format: Mapped[DateFormat] = enum_column(DateFormat, nullable=False, default=DateFormat.ISO)
    all_or_nothing: Mapped[bool] = mapped_column(default=False, nullable=False)
    status: Mapped[ImportStatus] = enum_column(ImportStatus, nullable=False, default=ImportStatus.UPLOADED)
    imported_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    duplicate_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    failure: Mapped[str] = mapped_column(Text, nullable=False, default="")  # why a run broke off
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The background job that runs (or ran) the import; its progress is shown on the batch's page.
    job_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="SET NULL"))

    created_by: Mapped[User | None] = relationship()
    job = relationship("Job")

    @property
    def is_running(self):
        """Asked to import, and its job has not finished yet."""
        return self.job is not None and not self.job.is_finished

    @property
    def is_finished(self):
        return self.status != ImportStatus.UPLOADED

    @property
    def encoding_label(self):
        labels = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252", "latin-1": "Latin-1"}
        return labels.get(self.encoding, self.encoding)


class ImportRowError(StaffOnly, db.Model):
    """Why one row of a batch was not imported (`line` is the file's line, header = 1)."""

    __tablename__ = "import_row_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("import_batches.id", ondelete="CASCADE"), nullable=False, index=True
    )
    line: Mapped[int] = mapped_column(Integer, nullable=False)
    field: Mapped[str] = mapped_column(String(40), nullable=False, default="")
    value: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    message: Mapped[str] = mapped_column(String(300), nullable=False)
