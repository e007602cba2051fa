"""Per-tenant settings a vendor admin can change (survey limits for now)."""

from sqlalchemy import CheckConstraint, Integer, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.tenancy import TenantScoped

DEFAULT_SETTINGS = {
    "survey_frequency_cap_days": 30,
    "anonymity_threshold": 5,
    "reminder_after_days": 3,
    "link_expiry_days": 14,
}


class TenantSettings(TenantScoped, db.Model):
    """At most one row per tenant; a tenant without a row uses DEFAULT_SETTINGS."""

    __tablename__ = "tenant_settings"
    __table_args__ = (
        UniqueConstraint("tenant_id"),
        CheckConstraint("survey_frequency_cap_days >= 0", name="frequency_cap_not_negative"),
        CheckConstraint("anonymity_threshold >= 1", name="anonymity_threshold_positive"),
        CheckConstraint("reminder_after_days >= 0", name="reminder_days_not_negative"),
        CheckConstraint("link_expiry_days >= 1", name="link_expiry_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A customer address is surveyed at most once in this many days, whichever partner sends (0 = no cap).
    survey_frequency_cap_days: Mapped[int] = mapped_column(
        Integer, nullable=False, default=DEFAULT_SETTINGS["survey_frequency_cap_days"]
    )
    # Anonymous answers are shown only in aggregates of at least this many responses.
    anonymity_threshold: Mapped[int] = mapped_column(
        Integer, nullable=False, default=DEFAULT_SETTINGS["anonymity_threshold"]
    )
    # One reminder goes to recipients who have not answered after this many days (0 = none).
    reminder_after_days: Mapped[int] = mapped_column(
        Integer, nullable=False, default=DEFAULT_SETTINGS["reminder_after_days"]
    )
    link_expiry_days: Mapped[int] = mapped_column(
        Integer, nullable=False, default=DEFAULT_SETTINGS["link_expiry_days"]
    )
