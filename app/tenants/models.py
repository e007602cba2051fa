"""Tenants (vendor companies), the memberships that give people a role in one, and the
emailed invitations that create memberships."""

import enum
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.auth.models import User
from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.partners.models import Partner
from app.tenancy import PartnerScoped


class Role(enum.StrEnum):
    ADMIN = "admin"  # vendor administrator
    MANAGER = "manager"  # vendor staff, e.g. a partner manager
    PARTNER_ADMIN = "partner_admin"
    PARTNER_MEMBER = "partner_member"

    @property
    def is_staff(self):
        return self in (Role.ADMIN, Role.MANAGER)

    @property
    def label(self):
        return {
            Role.ADMIN: "Admin",
            Role.MANAGER: "Partner manager",
            Role.PARTNER_ADMIN: "Partner admin",
            Role.PARTNER_MEMBER: "Partner member",
        }[self]


STAFF_ROLES = (Role.ADMIN, Role.MANAGER)
PARTNER_ROLES = (Role.PARTNER_ADMIN, Role.PARTNER_MEMBER)


class Tenant(db.Model):
    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    slug: Mapped[str] = mapped_column(String(63), nullable=False, unique=True)
    # Opt-in: planned, in-progress and shipped ideas on a public page at /roadmap/<slug>.
    roadmap_public: Mapped[bool] = mapped_column(nullable=False, default=False)
    # IANA name (app/core/timezones.py): "today" in forms and the dates shown.
    time_zone: Mapped[str] = mapped_column(String(64), nullable=False, server_default="UTC")
    created_at: Mapped[datetime] = created_at_column()

    def __repr__(self):
        return f"<Tenant {self.slug}>"


class Membership(Audited, PartnerScoped, db.Model):
    """A person's role in one tenant; partner roles also name the partner."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    role: Mapped[Role] = enum_column(Role, nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship(back_populates="memberships")
    tenant: Mapped[Tenant] = relationship()
    partner: Mapped[Partner | None] = relationship()

    @property
    def is_staff(self):
        return self.role.is_staff

    @property
    def organisation_name(self):
        return self.partner.name if self.partner_id else self.tenant.name


class Invitation(PartnerScoped, db.Model):
    """An emailed, single-use, expiring invitation to join a tenant or a partner."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    role: Mapped[Role] = enum_column(Role, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_count: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = created_at_column()

    tenant: Mapped[Tenant] = relationship()
    partner: Mapped[Partner | None] = relationship()
    invited_by: Mapped[User | None] = relationship()

    @property
    def is_pending(self):
        return self.accepted_at is None and self.revoked_at is None

    @property
    def is_expired(self):
        return self.expires_at <= utcnow()
