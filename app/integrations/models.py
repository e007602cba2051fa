"""Integrations' tables: tenant API tokens, webhook endpoints and the webhook delivery outbox."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.tenancy import StaffOnly


class ApiScope(enum.StrEnum):
    READ = "read"  # GET endpoints
    WRITE = "write"  # POST endpoints (write does not imply read: ingest-only tokens)


class ApiToken(StaffOnly, db.Model):
    """A tenant's secret for the JSON API. Only the SHA-256 of the token is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    # The last characters of the token, so admins can tell tokens apart.
    hint: Mapped[str] = mapped_column(String(8), nullable=False)
    scopes: Mapped[str] = mapped_column(String(60), nullable=False)  # comma-separated ApiScope values
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    last_used_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def scope_set(self):
        return frozenset(ApiScope(value) for value in self.scopes.split(",") if value)

    @property
    def is_active(self):
        return self.revoked_at is None


class WebhookEndpoint(StaffOnly, db.Model):
    """A URL of the tenant's that receives signed event notifications.

    The secret is stored as is: it signs every delivery, so a hash would not do."""

    __tablename__ = "webhook_endpoints"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), nullable=False)
    description: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    secret: Mapped[str] = mapped_column(String(100), nullable=False)
    events: Mapped[str] = mapped_column(String(200), nullable=False)  # comma-separated event types
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    created_by: Mapped[User | None] = relationship()
    deliveries: Mapped[list["WebhookDelivery"]] = relationship(
        back_populates="endpoint", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def event_list(self):
        return [event for event in self.events.split(",") if event]


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"  # the receiver answered 2xx
    FAILED = "failed"  # gave up after the maximum number of attempts


class WebhookDelivery(StaffOnly, db.Model):
    """One event for one endpoint, waiting for or past delivery (the webhook outbox).

    `payload` is the exact body that is signed and sent on every attempt."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), nullable=False, index=True
    )
    event_id: Mapped[str] = mapped_column(String(64), nullable=False)
    event_type: Mapped[str] = mapped_column(String(60), nullable=False)
    payload: Mapped[str] = mapped_column(Text, nullable=False)
    status: Mapped[DeliveryStatus] = enum_column(
        DeliveryStatus, nullable=False, default=DeliveryStatus.PENDING
    )
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at_column()

    endpoint: Mapped[WebhookEndpoint] = relationship(back_populates="deliveries")
