"""People and their account: the user, their signed-in sessions, password reset and
email verification links. Not tenant-owned: an account spans organisations, which it
joins through memberships (app/tenants/models.py)."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.core.models import created_at_column, utcnow
from app.extensions import db

if TYPE_CHECKING:  # only for the annotation: memberships belong to tenants
    from app.tenants.models import Membership


class User(UserMixin, db.Model):
    """A person. One email, one password; organisations come through memberships."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime)
    # NULL until the address is proven; an unverified account cannot sign in.
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The IANA zone this person chose (app/core/timezones.py); NULL: the organisation's.
    time_zone: Mapped[str | None] = mapped_column(String(64))

    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self):
        """The person proved they read this address (emailed link, invitation or reset)."""
        return self.email_verified_at is not None

    # Set when this browser's server-side session is started or loaded (app/auth/login.py).
    session_token = None

    def get_id(self):
        """Flask-Login's "alternative id": the browser's session token, not the user id, so
        the session cookie and the remember cookie name one server-side session, which
        log-out deletes (a copied cookie stops working with it)."""
        if self.session_token is None:
            raise RuntimeError("Sign people in with app.auth.login.sign_in, which starts their session.")
        return self.session_token

    def __eq__(self, other):
        # UserMixin compares get_id(), now a browser's session: one person is one row.
        if isinstance(other, User):
            return self is other or (self.id is not None and self.id == other.id)
        return NotImplemented

    __hash__ = object.__hash__

    def __repr__(self):
        return f"<User {self.email}>"


class PasswordResetToken(db.Model):
    """A single-use password reset link. Not tenant-owned: a person resets across tenants."""

    __tablename__ = "password_reset_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    used_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()


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
