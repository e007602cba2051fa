"""The outbox table: one row per email, delivered by app.mail.sender."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"  # accepted by the SMTP server
    CAPTURED = "captured"  # no SMTP configured: kept for the development mailbox page
    FAILED = "failed"  # gave up after the maximum number of attempts


class OutboxMessage(db.Model):
    """An email waiting for, or past, delivery.

    Deliberately not TenantScoped: password-reset and sign-up mail belongs to no
    tenant, and the sender works across tenants. `tenant_id` records the tenant the
    message was sent for; the mailbox page filters on it explicitly."""

    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tenant_id: Mapped[int | None] = mapped_column(
        ForeignKey("tenants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(60), nullable=False)
    to_address: Mapped[str] = mapped_column(String(254), nullable=False)
    subject: Mapped[str] = mapped_column(String(255), nullable=False)
    text_body: Mapped[str] = mapped_column(Text, nullable=False)
    html_body: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[OutboxStatus] = enum_column(
        OutboxStatus, nullable=False, default=OutboxStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at_column()
