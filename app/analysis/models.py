"""Themes: tenant-defined tags on feedback items, set by keyword rules or by staff.

Both tables are staff-only: themes are the vendor's analysis tool, so partner users
never see them (the tenancy criteria hide the rows from partner scopes)."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.core.models import created_at_column, enum_column
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.tenancy import StaffOnly


class TagSource(enum.StrEnum):
    AUTO = "auto"  # a keyword of the theme occurs in the item's text
    MANUAL = "manual"  # staff added the theme by hand


class Theme(Audited, StaffOnly, db.Model):
    """A tag with keyword rules: an item whose text contains one of `keywords` (whole
    words or phrases, any case) is tagged automatically when it is recorded or re-analysed."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    # Normalised keywords and phrases (NFC, single spaces); matching ignores case.
    keywords: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = created_at_column()


class FeedbackTheme(StaffOnly, db.Model):
    """One theme on one item. A `suppressed` row is an automatic tag staff removed: it is
    not shown or counted, and re-analysis leaves it alone so the tag does not come back.
    Manual rows are never touched by analysis either; staff remove them (row deleted)."""

    __tablename__ = "feedback_themes"
    __table_args__ = (
        UniqueConstraint("feedback_item_id", "theme_id"),
        # The feedback list's theme filter starts from one theme's links.
        Index("ix_feedback_themes_tenant_theme_item", "tenant_id", "theme_id", "feedback_item_id"),
        # theme_counts for a period: an index-only range scan, without touching the (wide) items.
        Index("ix_feedback_themes_tenant_given", "tenant_id", "given_at", "theme_id", "negative", "anonymous",
              "suppressed"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), nullable=False
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"), nullable=False)
    source: Mapped[TagSource] = enum_column(TagSource, nullable=False)
    suppressed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = created_at_column()
    # Copies of the item's values, so the program view counts a period's tags from this table
    # alone. given_at and anonymous never change; negative follows re-analysis (reanalysis.py).
    given_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    negative: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    theme: Mapped[Theme] = relationship()
    feedback_item: Mapped[FeedbackItem] = relationship()

    @classmethod
    def shown_individually(cls):
        """Tags of anonymous survey answers count in totals only (FeedbackItem.shown_individually)."""
        return cls.anonymous.is_(False)


class ThemeSuggestionDismissal(StaffOnly, db.Model):
    """A suggested theme's phrase staff dismissed: never suggested to the tenant again.
    `phrase` is stored as the suggestions compare it (NFC, single spaces, case-folded)."""

    __tablename__ = "theme_suggestion_dismissals"
    __table_args__ = (UniqueConstraint("tenant_id", "phrase"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    phrase: Mapped[str] = mapped_column(String(100), nullable=False)
    dismissed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
