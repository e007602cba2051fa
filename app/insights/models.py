"""Rollups of feedback, kept by database triggers (see app/insights/rollup_ddl.py).

Three grains, each a table of counts and sums (the columns of MEASURES):

- FeedbackDailyRollup: per (tenant, day, partner, source, channel, program element,
  anonymous): every filter of the program view, for one partner or a set of them.
- FeedbackProgramRollup: the same without the partner, about 20x fewer rows: the
  program view without partner filters (a year is ~25,000 rows at 1M items).
- FeedbackWeeklyPartnerRollup: per (tenant, week, partner, source), named partners'
  non-anonymous items only: partner health (500 partners x 26 weeks x 3 sources).

ThemeDailyRollup counts tags (feedback_themes, unsuppressed) per (tenant, day, theme,
anonymous) for the program view's Themes table; its triggers are on feedback_themes.

The application never writes these rows: triggers on feedback_items keep them exact
on every write path (ORM, bulk inserts, COPY, cascades), and `flask rollups rebuild`
recomputes them from scratch.

partner_id and program_element_id use 0 for "none": NULLs are distinct in a unique
key, so a NULL key would give a new row per item. Neither has a foreign key (0 is no
row; deleting a partner deletes its items, whose triggers then empty its rows).
Rows whose counts fall to zero stay until a rebuild; readers ignore them.
"""

from datetime import date

from sqlalchemy import Boolean, Date, Float, Index, Integer, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from app.core.models import enum_column
from app.extensions import db
from app.feedback.models import Channel, FeedbackItem, Source
from app.tenancy import PartlyStaffOnly, StaffOnly

# Measure columns, in the order of app.insights.services.metrics.SUMMARY_COLUMNS.
MEASURES = ("items", "nps_count", "promoters", "detractors", "csat_count", "csat_sum", "rating_count",
            "rating_sum", "sentiment_count", "sentiment_sum", "positive", "neutral", "negative", "loop_count",
            "action_needed")
DAILY_KEY = ("tenant_id", "day", "partner_id", "source", "channel", "program_element_id", "anonymous")
PROGRAM_KEY = ("tenant_id", "day", "source", "channel", "program_element_id", "anonymous")
WEEKLY_PARTNER_KEY = ("tenant_id", "week", "partner_id", "source")
THEME_DAILY_KEY = ("tenant_id", "day", "theme_id", "anonymous")


def _count():
    return mapped_column(Integer, nullable=False, default=0, server_default=text("0"))


def _zero_id():
    return mapped_column(Integer, nullable=False, default=0, server_default=text("0"))


class RollupMeasures:
    """The counts and sums of app.insights.services.metrics.SUMMARY_COLUMNS, as columns."""

    items: Mapped[int] = _count()
    nps_count: Mapped[int] = _count()
    promoters: Mapped[int] = _count()
    detractors: Mapped[int] = _count()
    csat_count: Mapped[int] = _count()
    csat_sum: Mapped[int] = _count()
    rating_count: Mapped[int] = _count()
    rating_sum: Mapped[int] = _count()
    sentiment_count: Mapped[int] = _count()
    sentiment_sum: Mapped[float] = mapped_column(Float, nullable=False, default=0.0, server_default=text("0"))
    positive: Mapped[int] = _count()
    neutral: Mapped[int] = _count()
    negative: Mapped[int] = _count()
    loop_count: Mapped[int] = _count()
    action_needed: Mapped[int] = _count()


class FeedbackDailyRollup(RollupMeasures, PartlyStaffOnly, db.Model):
    """One day's feedback for one full key. Partner users see their own partner's rows
    only, and not their vendor's internal observations, exactly as with feedback_items."""

    __tablename__ = "feedback_daily_rollups"
    __table_args__ = (
        UniqueConstraint(*DAILY_KEY, name="uq_feedback_daily_rollups_key"),
        # One partner's (or a few partners') days: partner pages, actions, tier filters.
        Index("ix_feedback_daily_rollups_partner_day", "tenant_id", "partner_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    # 0 = the vendor's own feedback; overrides PartnerScoped's nullable foreign key.
    partner_id: Mapped[int] = _zero_id()
    source: Mapped[Source] = enum_column(Source, nullable=False)
    channel: Mapped[Channel] = enum_column(Channel, nullable=False)
    program_element_id: Mapped[int] = _zero_id()
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    @classmethod
    def partner_visible(cls, columns):
        return FeedbackItem.partner_visible(columns)  # partner users' figures leave staff notes out


class FeedbackProgramRollup(RollupMeasures, StaffOnly, db.Model):
    """One day's feedback of all partners together. StaffOnly: it mixes every partner's
    items, so partner users read FeedbackDailyRollup (their own rows) instead."""

    __tablename__ = "feedback_program_rollups"
    __table_args__ = (UniqueConstraint(*PROGRAM_KEY, name="uq_feedback_program_rollups_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    source: Mapped[Source] = enum_column(Source, nullable=False)
    channel: Mapped[Channel] = enum_column(Channel, nullable=False)
    program_element_id: Mapped[int] = _zero_id()
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class FeedbackWeeklyPartnerRollup(RollupMeasures, PartlyStaffOnly, db.Model):
    """One week's (from its Monday) non-anonymous feedback about one named partner."""

    __tablename__ = "feedback_weekly_partner_rollups"
    __table_args__ = (UniqueConstraint(*WEEKLY_PARTNER_KEY, name="uq_feedback_weekly_partner_rollups_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    week: Mapped[date] = mapped_column(Date, nullable=False)
    partner_id: Mapped[int] = _zero_id()
    source: Mapped[Source] = enum_column(Source, nullable=False)

    @classmethod
    def partner_visible(cls, columns):
        return FeedbackItem.partner_visible(columns)


class ThemeDailyRollup(StaffOnly, db.Model):
    """One day's unsuppressed tags of one theme, and how many of them are on negative items.
    StaffOnly like the tags. theme_id has no foreign key: deleting a theme deletes its tags
    (cascade), whose trigger then empties its rows."""

    __tablename__ = "theme_daily_rollups"
    __table_args__ = (UniqueConstraint(*THEME_DAILY_KEY, name="uq_theme_daily_rollups_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, nullable=False)
    theme_id: Mapped[int] = mapped_column(Integer, nullable=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    items: Mapped[int] = _count()
    negative: Mapped[int] = _count()
