"""The one feedback store: every item from partners, customers and staff, every channel."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.feedback.constants import (
    DEFAULT_LANGUAGE,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_LANGUAGE_LENGTH,
    MAX_SUBMITTER_EMAIL_LENGTH,
    MAX_SUBMITTER_NAME_LENGTH,
    SCORE_RANGES,
)
from app.partners.models import Partner
from app.tenancy import PartlyStaffOnly, PartnerScoped, StaffOnly, TenantScoped


class Source(enum.StrEnum):
    PARTNER = "partner"
    CUSTOMER = "customer"
    INTERNAL = "internal"


class Channel(enum.StrEnum):
    PORTAL = "portal"
    SURVEY = "survey"
    EMAIL = "email"
    CALL_CENTER = "call_center"
    CHAT = "chat"
    SOCIAL = "social"
    API = "api"
    IMPORT = "import"

    @property
    def label(self):
        return self.value.replace("_", " ").capitalize()


class FeedbackStatus(enum.StrEnum):
    NEW = "new"
    IN_REVIEW = "in_review"
    PLANNED = "planned"
    RESOLVED = "resolved"
    CLOSED = "closed"

    @property
    def label(self):
        return self.value.replace("_", " ").capitalize()


class SentimentLabel(enum.StrEnum):
    POSITIVE = "positive"
    NEUTRAL = "neutral"
    NEGATIVE = "negative"


class LoopResponse(enum.StrEnum):
    ACTION_NEEDED = "action_needed"  # the item asks for a change
    STATUS_QUO = "status_quo"  # the item says what exists works


class ProgramElement(TenantScoped, db.Model):
    """A part of the vendor's partner program (deal registration, MDF, enablement ...)."""

    __tablename__ = "program_elements"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class FeedbackCategory(TenantScoped, db.Model):
    """A tenant-defined kind of feedback (bug, request, praise ...)."""

    __tablename__ = "feedback_categories"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class CustomerContact(PartnerScoped, db.Model):
    """A customer of a partner, surveyed by email; has no account."""

    __tablename__ = "customer_contacts"
    __table_args__ = (UniqueConstraint("tenant_id", "partner_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    company: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    created_at: Mapped[datetime] = created_at_column()

    partner: Mapped[Partner | None] = relationship()


def _score_range_check(name):
    low, high = SCORE_RANGES[name]
    return CheckConstraint(f"{name} IS NULL OR ({name} >= {low} AND {name} <= {high})", name=f"{name}_range")


class FeedbackItem(PartlyStaffOnly, db.Model):
    """One piece of feedback. `partner_id` is the partner it concerns (where known):
    partner users see the items about their own organisation, except their vendor's
    internal observations (source internal), which are staff notes about them."""

    __tablename__ = "feedback_items"
    __table_args__ = (
        *(_score_range_check(name) for name in SCORE_RANGES),
        UniqueConstraint("tenant_id", "dedupe_key"),
        Index("ix_feedback_items_tenant_given", "tenant_id", "given_at"),
        # Partial: only items in unsupported languages, so other writes pay nothing for it.
        Index("ix_feedback_items_not_analysed", "tenant_id", "given_at",
              postgresql_where=sql_text("detected_language = 'other'"),
              sqlite_where=sql_text("detected_language = 'other'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[Source] = enum_column(Source, nullable=False)
    channel: Mapped[Channel] = enum_column(Channel, nullable=False)
    status: Mapped[FeedbackStatus] = enum_column(FeedbackStatus, nullable=False, default=FeedbackStatus.NEW)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_contacts.id", ondelete="SET NULL"), index=True
    )
    submitter_name: Mapped[str] = mapped_column(String(MAX_SUBMITTER_NAME_LENGTH), nullable=False, default="")
    submitter_email: Mapped[str] = mapped_column(String(MAX_SUBMITTER_EMAIL_LENGTH), nullable=False, default="")
    program_element_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_elements.id", ondelete="SET NULL"), index=True
    )
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_categories.id", ondelete="SET NULL"), index=True
    )
    nps: Mapped[int | None] = mapped_column(Integer)
    csat: Mapped[int | None] = mapped_column(Integer)
    rating: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, nullable=False, default="")
    link_url: Mapped[str] = mapped_column(String(2000), nullable=False, default="")
    language: Mapped[str] = mapped_column(String(MAX_LANGUAGE_LENGTH), nullable=False, default=DEFAULT_LANGUAGE)
    # An answer to an anonymous pulse: no author, partner or contact, dated by its day only.
    anonymous: Mapped[bool] = mapped_column(default=False, nullable=False)
    given_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    recorded_at: Mapped[datetime] = created_at_column()
    external_id: Mapped[str | None] = mapped_column(String(MAX_EXTERNAL_ID_LENGTH))
    # external id or content hash: re-importing or re-posting the same item is a no-op
    dedupe_key: Mapped[str | None] = mapped_column(String(250))
    # The language the analysis found in the text (en, de, fr, es or "other"; the declared
    # one when the text is too short to tell); None until analysed.
    detected_language: Mapped[str | None] = mapped_column(String(16))
    sentiment_score: Mapped[float | None] = mapped_column(Float)
    # The effective label: staff's correction when there is one, else the engine's. Stored
    # so, every view, rule, rollup trigger and theme count follows corrections unchanged.
    sentiment_label: Mapped[SentimentLabel | None] = enum_column(SentimentLabel)
    sentiment_override: Mapped[SentimentLabel | None] = enum_column(SentimentLabel)
    analysed_by: Mapped[str | None] = mapped_column(String(40))  # engine and version, e.g. "partnerloop-linear 1.0"
    loop_response: Mapped[LoopResponse | None] = enum_column(LoopResponse)
    loop_response_override: Mapped[LoopResponse | None] = enum_column(LoopResponse)

    partner: Mapped[Partner | None] = relationship()
    author: Mapped[User | None] = relationship()
    contact: Mapped[CustomerContact | None] = relationship()
    program_element: Mapped[ProgramElement | None] = relationship()
    category: Mapped[FeedbackCategory | None] = relationship()
    notes: Mapped[list["InternalNote"]] = relationship(
        back_populates="feedback_item", order_by="InternalNote.id", cascade="all, delete-orphan"
    )

    @classmethod
    def partner_visible(cls, columns):
        return columns.source != Source.INTERNAL

    @classmethod
    def shown_individually(cls):
        """The SQL condition for items that may be shown one by one (a list, a page, the API,
        an export, a webhook, a rule). Anonymous survey answers never are: they count only
        in aggregates of at least the anonymity threshold (docs/surveys.md)."""
        return cls.anonymous.is_(False)

    @property
    def analysis_pending(self):
        """Stored, its text's analysis still to come (app/feedback/tasks.py): the analysis
        always names its engine, and items from before that column (analysed_by NULL) carry
        a score for any text, so only a deferred item has text and neither."""
        return self.analysed_by is None and self.sentiment_score is None and bool((self.text or "").strip())

    @property
    def effective_loop_response(self):
        return self.loop_response_override or self.loop_response

    @property
    def submitter_label(self):
        """Who said it: the name staff recorded ("who said it") first, else the customer
        contact, else the author (a partner user in the portal, or staff themselves)."""
        if self.anonymous:
            return "Anonymous"
        if self.submitter_name or self.submitter_email:
            return self.submitter_name or self.submitter_email
        if self.contact is not None:
            return self.contact.name or self.contact.email
        return self.author.name if self.author is not None else "—"

    @property
    def recorded_for_someone(self):
        """Someone (staff) recorded what another person said: the author is not the speaker."""
        return self.author is not None and bool(self.submitter_name or self.submitter_email)


class InternalNote(StaffOnly, db.Model):
    """A vendor-staff note on a feedback item; never shown to partners or customers."""

    __tablename__ = "internal_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    feedback_item: Mapped[FeedbackItem] = relationship(back_populates="notes")
    author: Mapped[User | None] = relationship()
