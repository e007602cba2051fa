"""Partner companies of a tenant and the tenant-defined partner tiers."""

import enum
from datetime import datetime

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

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
    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("tenant_id", "name"),)  # one constraint object per table

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    weight: Mapped[int] = mapped_column(Integer, nullable=False, default=1)


class _PartnerListEntry(TenantScoped):
    """An entry of a tenant-managed list of partner attributes. Partners hold the entry's
    name (Partner.region / Partner.vertical), which app/partners/lists.py keeps equal to
    an entry: matched case-insensitively on the way in, renamed and cleared with it."""

    @declared_attr.directive
    def __table_args__(cls):
        return (UniqueConstraint("tenant_id", "name"),)  # one constraint object per table

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class PartnerRegion(_PartnerListEntry, db.Model):
    """A tenant-defined region (e.g. EMEA, North America)."""

    __tablename__ = "partner_regions"


class PartnerVertical(_PartnerListEntry, db.Model):
    """A tenant-defined industry vertical (e.g. Healthcare, Retail)."""

    __tablename__ = "partner_verticals"


class Partner(Audited, TenantScoped, db.Model):
    """A partner company of one tenant."""

    __tablename__ = "partners"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    tier_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner_tiers.id", ondelete="SET NULL"), index=True
    )
    # Names of entries of the tenant's lists (PartnerRegion, PartnerVertical); "" = none.
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
