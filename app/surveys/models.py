"""Surveys: the builder's surveys and questions, campaigns that send them by email,
their recipients (one single-use link each), responses with answers, the tenant-wide
list of addresses that must not be surveyed again, and the tenant's survey settings."""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.auth.models import User
from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.feedback.constants import SCORE_RANGES, score_label
from app.feedback.models import CustomerContact, FeedbackItem
from app.mail.models import OutboxMessage
from app.partners.models import Partner
from app.tenancy import PartnerScoped, StaffOnly, TenantScoped
from app.tenants.models import Tenant


class SurveyAudience(enum.StrEnum):
    CUSTOMER = "customer"  # partners send it to their customers
    PARTNER = "partner"  # the vendor sends it to partner users (pulse)

    @property
    def label(self):
        return {SurveyAudience.CUSTOMER: "Customers of partners", SurveyAudience.PARTNER: "Partner users"}[
            self
        ]


class QuestionKind(enum.StrEnum):
    NPS = "nps"
    CSAT = "csat"
    RATING = "rating"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    TEXT = "text"

    @property
    def label(self):
        return {
            QuestionKind.NPS: score_label("nps"),
            QuestionKind.CSAT: score_label("csat"),
            QuestionKind.RATING: score_label("rating"),
            QuestionKind.SINGLE_CHOICE: "Single choice",
            QuestionKind.MULTIPLE_CHOICE: "Multiple choice",
            QuestionKind.TEXT: "Free text",
        }[self]

    @property
    def scale(self):
        """(lowest, highest) for numeric kinds, None for the others."""
        return SCORE_RANGES.get(self.value)  # the score kinds are named like the item's score columns

    @property
    def has_choices(self):
        return self in (QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE)


class CampaignKind(enum.StrEnum):
    CUSTOMER = "customer"
    PULSE = "pulse"


class SkipReason(enum.StrEnum):
    SURVEYED_RECENTLY = "surveyed_recently"
    SUPPRESSED = "suppressed"  # opted out or bounced


class SuppressionReason(enum.StrEnum):
    OPTED_OUT = "opted_out"
    BOUNCED = "bounced"


class Survey(TenantScoped, db.Model):
    """A questionnaire. Locked once sent: a change makes a new version instead."""

    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    intro: Mapped[str] = mapped_column(Text, nullable=False, default="")
    audience: Mapped[SurveyAudience] = enum_column(SurveyAudience, nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    previous_version_id: Mapped[int | None] = mapped_column(ForeignKey("surveys.id", ondelete="SET NULL"))
    archived_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    questions: Mapped[list["SurveyQuestion"]] = relationship(
        back_populates="survey",
        order_by="(SurveyQuestion.position, SurveyQuestion.id)",
        cascade="all, delete-orphan",
    )
    tenant: Mapped[Tenant] = relationship()

    @property
    def label(self):
        return self.title if self.version == 1 else f"{self.title} (v{self.version})"


class SurveyQuestion(TenantScoped, db.Model):
    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    kind: Mapped[QuestionKind] = enum_column(QuestionKind, nullable=False)
    prompt: Mapped[str] = mapped_column(String(500), nullable=False)
    required: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    # The options of a choice question, in order; [] for the other kinds.
    choices: Mapped[list] = mapped_column(JSON, nullable=False, default=list)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyCampaign(PartnerScoped, db.Model):
    """One sending of a survey: by (or for) a partner to its customers, or a pulse by
    the vendor to partner users (partner_id NULL, so partner users never see it)."""

    __tablename__ = "survey_campaigns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), nullable=False, index=True
    )
    kind: Mapped[CampaignKind] = enum_column(CampaignKind, nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    first_sent_at: Mapped[datetime | None] = mapped_column(DateTime)

    survey: Mapped[Survey] = relationship()
    partner: Mapped[Partner | None] = relationship()
    tenant: Mapped[Tenant] = relationship()
    created_by: Mapped[User | None] = relationship()


class SurveyRecipient(PartnerScoped, db.Model):
    """One address in a campaign. Its link tokens are stored only as SHA-256 hashes:
    the first email's, and the reminder's (a fresh token, as the first is not kept).
    In an anonymous campaign `opened_at` and `answered_at` hold days (midnight), and
    nothing says which response is this recipient's."""

    __tablename__ = "survey_recipients"
    __table_args__ = (
        UniqueConstraint("campaign_id", "email"),
        # The frequency cap looks up an address's recent sends across the tenant.
        Index("ix_survey_recipients_tenant_email_sent", "tenant_id", "email", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaigns.id", ondelete="CASCADE"), nullable=False, index=True
    )
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("customer_contacts.id", ondelete="SET NULL"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    reminder_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    skip_reason: Mapped[SkipReason | None] = enum_column(SkipReason)
    outbox_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("outbox_messages.id", ondelete="SET NULL")
    )
    expires_at: Mapped[datetime | None] = mapped_column(DateTime)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime)
    opted_out_at: Mapped[datetime | None] = mapped_column(DateTime)
    bounced_at: Mapped[datetime | None] = mapped_column(DateTime)
    created_at: Mapped[datetime] = created_at_column()

    campaign: Mapped[SurveyCampaign] = relationship()
    contact: Mapped[CustomerContact | None] = relationship()
    user: Mapped[User | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    outbox_message: Mapped[OutboxMessage | None] = relationship()

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def status(self):
        if self.answered_at:
            return "answered"
        if self.opted_out_at:
            return "opted out"
        if self.skip_reason:
            return "skipped"
        if self.sent_at is None:
            return "not sent"
        return "expired" if self.is_expired else "sent"


class SurveyResponse(PartnerScoped, db.Model):
    """The answers of one recipient. A link is single-use because the answer claims its
    recipient row first (`answered_at` set only where it was NULL); UNIQUE(recipient_id)
    guards named responses too. An anonymous response has no recipient, no feedback item
    link and, as `submitted_at`, the day its campaign was sent (docs/surveys.md)."""

    __tablename__ = "survey_responses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_recipients.id", ondelete="CASCADE"), unique=True
    )
    campaign_id: Mapped[int] = mapped_column(
        ForeignKey("survey_campaigns.id", ondelete="CASCADE"), nullable=False, index=True
    )
    feedback_item_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_items.id", ondelete="SET NULL"), index=True)
    submitted_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    recipient: Mapped[SurveyRecipient | None] = relationship()
    feedback_item: Mapped[FeedbackItem | None] = relationship()
    answers: Mapped[list["SurveyAnswer"]] = relationship(
        back_populates="response", cascade="all, delete-orphan"
    )

    @classmethod
    def shown_individually(cls):
        """Responses that may be listed one by one: not those of anonymous campaigns, which
        appear only as their campaign's results (app/surveys/services/results.py)."""
        return cls.campaign_id.not_in(select(SurveyCampaign.id).where(SurveyCampaign.anonymous.is_(True)))


class SurveyAnswer(PartnerScoped, db.Model):
    __tablename__ = "survey_answers"
    __table_args__ = (UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_responses.id", ondelete="CASCADE"), nullable=False, index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    number_value: Mapped[int | None] = mapped_column(Integer)
    text_value: Mapped[str] = mapped_column(Text, nullable=False, default="")
    choice_values: Mapped[list] = mapped_column(JSON, nullable=False, default=list)

    response: Mapped[SurveyResponse] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()

    @classmethod
    def shown_individually(cls):
        """Answers that may be listed one by one (SurveyResponse.shown_individually)."""
        return cls.response_id.in_(select(SurveyResponse.id).where(SurveyResponse.shown_individually()))


class SuppressedAddress(StaffOnly, db.Model):
    """An address nobody in the tenant may survey again: the vendor and every partner.
    Staff-only, so a partner user's scope can never list other partners' contacts."""

    __tablename__ = "suppressed_addresses"
    __table_args__ = (UniqueConstraint("tenant_id", "email"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), nullable=False)
    reason: Mapped[SuppressionReason] = enum_column(SuppressionReason, nullable=False)
    created_at: Mapped[datetime] = created_at_column()


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
