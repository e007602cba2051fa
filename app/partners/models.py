"""Partner companies of a tenant and the tenant-defined partner tiers."""

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.auth.models import User
from app.core.models import created_at_column, enum_column
from app.extensions import db
from app.tenancy import TenantScoped


class PartnerStatus(enum.StrEnum):
    INVITED = "invited"
    ACTIVE = "active"
    SUSPENDED = "suspended"


class PartnerTier(TenantScoped, db.Model):
    """A tenant-defined partner tier (e.g. gold, silver, registered)."""

    __tablename__ = "partner_tiers"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    weight: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class Partner(Audited, TenantScoped, db.Model):
    """A partner company of one tenant."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    tier_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_tiers.id", ondelete="SET NULL"), index=True
    )
    region: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    vertical: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    status: Mapped[PartnerStatus] = enum_column(
        PartnerStatus, nullable=False, default=PartnerStatus.INVITED
    )
    manager_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    tier: Mapped[PartnerTier | None] = relationship()
    manager: Mapped[User | None] = relationship()

    def __repr__(self):
        return f"<Partner {self.name}>"
