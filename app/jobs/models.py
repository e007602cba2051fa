"""The jobs table, the source of truth for background work, and the schedule's slots.

The task queue (Huey, app/jobs/queue.py) only delivers a job's id to a worker; what is
to be done, by whom, how far it got and how it ended lives here, written in the
transaction that asked for the work. See docs/jobs.md."""

import enum
from datetime import datetime, time

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.tenancy import TenantScoped


class JobState(enum.StrEnum):
    QUEUED = "queued"  # waiting for a worker (also after a retry is scheduled)
    RUNNING = "running"  # a worker holds the lease
    DONE = "done"
    FAILED = "failed"  # gave up: the error says why; staff may retry
    CANCELLED = "cancelled"


FINISHED_STATES = (JobState.DONE, JobState.FAILED, JobState.CANCELLED)
# The moments a job row records; a passing job's failed row keeps only their day.
MOMENT_COLUMNS = ("created_at", "started_at", "finished_at", "run_after", "enqueued_at")


def day_of(moment):
    """Midnight (UTC) of `moment`'s day; None stays None."""
    return None if moment is None else datetime.combine(moment.date(), time())


class Job(TenantScoped, db.Model):
    """One piece of a tenant's background work (an import, an export, a re-analysis...)."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state_run_after", "state", "run_after"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    payload: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    state: Mapped[JobState] = enum_column(JobState, nullable=False, default=JobState.QUEUED)
    progress_done: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    result: Mapped[str | None] = mapped_column(String(500))
    error: Mapped[str | None] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=3)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    run_after: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    # When the id was last handed to the queue; the reaper hands it again if no worker took it.
    enqueued_at: Mapped[datetime | None] = mapped_column(DateTime)
    lease_owner: Mapped[str | None] = mapped_column(String(120))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)

    started_by = relationship("User", lazy="joined")

    @property
    def is_finished(self):
        return self.state in FINISHED_STATES

    @property
    def percent(self):
        """0-100, or None while the total is unknown."""
        if not self.progress_total:
            return 100 if self.state == JobState.DONE else None
        return min(100, round(100 * self.progress_done / self.progress_total))

    def keep_only_the_day(self):
        """Forget when exactly this job was asked for and ran, and who asked: a passing job
        (one per survey answer) that failed for good keeps its row for staff to look into,
        and an anonymous answer's row must not keep the moment the answer was given."""
        for name in MOMENT_COLUMNS:
            setattr(self, name, day_of(getattr(self, name)))
        self.started_by_id = None


class ScheduledRun(db.Model):
    """One run of a scheduled task for one time slot ("surveys.remind" at 14:00).

    Every worker's scheduler fires each periodic task; the first to insert the slot's row
    runs it, the others find the row and skip, on SQLite and PostgreSQL alike. Not tenant
    scoped: a scheduled task walks every tenant itself."""

    __tablename__ = "scheduled_runs"
    __table_args__ = (UniqueConstraint("name", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), nullable=False)
    slot: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    worker: Mapped[str] = mapped_column(String(120), nullable=False)
    started_at: Mapped[datetime] = created_at_column()
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str | None] = mapped_column(String(500))
