"""A person's signed-in sessions and email verification links. Not tenant-owned: both
belong to the account, which spans organisations."""

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import created_at_column, utcnow
from app.extensions import db
from app.models.tenancy import User


class UserSession(db.Model):
    """One signed-in browser. Its cookies carry a random token; only the token's SHA-256
    is stored, and deleting the row signs that browser out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    user_agent: Mapped[str] = mapped_column(String(255), nullable=False, default="")
    created_at: Mapped[datetime] = created_at_column()
    last_seen_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    user: Mapped[User] = relationship()


class EmailVerification(db.Model):
    """A single-use, expiring link that proves a new account's address. It carries the
    organisation the sign-up asked for, created when the link is used."""

    __tablename__ = "email_verifications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    organisation_name: Mapped[str | None] = mapped_column(String(120))
    organisation_slug: Mapped[str | None] = mapped_column(String(63))
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()
