"""Follow-ups on feedback and ideas, their activity log, the replies that close the
loop with whoever gave the feedback, automation rules and each tenant's policy.

Visibility rides on the central scoping: a follow-up's `partner_id` is set only when
the vendor delegates it to a user of the partner it is about, so partner users see
exactly the follow-ups delegated to their organisation. Internal activity entries
keep `partner_id` NULL and so stay with the vendor. Loop replies carry the partner
of the feedback they answer: partners see the replies to their own organisation's
feedback, delegated or not."""

import enum
from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.auth.models import User
from app.core.models import created_at_column, enum_column, utcnow
from app.extensions import db
from app.feedback.models import Channel, FeedbackCategory, FeedbackItem, Source
from app.ideas.models import Idea
from app.partners.models import Partner, PartnerTier
from app.tenancy import PartnerScoped, StaffOnly

DEFAULT_FIRST_RESPONSE_DAYS = 2
DEFAULT_RESOLUTION_DAYS = 14
DEFAULT_CONFIRMATION_DAYS = 14


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    WAITING = "waiting"
    RESOLVED = "resolved"
    CLOSED_NO_ACTION = "closed_no_action"

    @property
    def label(self):
        return {"closed_no_action": "Closed, no action"}.get(self.value, self.value.replace("_", " ").capitalize())

    @property
    def is_active(self):
        """Still someone's work (and so can be overdue)."""
        return self in ACTIVE_STATUSES


ACTIVE_STATUSES = (FollowUpStatus.OPEN, FollowUpStatus.IN_PROGRESS, FollowUpStatus.WAITING)


class Priority(enum.StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"

    @property
    def label(self):
        return self.value.capitalize()


class ActivityKind(enum.StrEnum):
    CREATED = "created"
    NOTE = "note"
    STATUS = "status"
    ASSIGNED = "assigned"
    ESCALATED = "escalated"
    REPLY_SENT = "reply_sent"
    CUSTOMER_CONFIRMED = "customer_confirmed"
    CUSTOMER_UNHAPPY = "customer_unhappy"


class ReplyState(enum.StrEnum):
    AWAITING = "awaiting"  # sent; the link asks whether the issue is resolved
    CONFIRMED = "confirmed"  # the recipient said it is resolved: the loop is closed
    UNHAPPY = "unhappy"  # the recipient said it is not: the follow-up was reopened
    EXPIRED = "expired"  # no answer within the confirmation window: the loop is closed
    SUPERSEDED = "superseded"  # staff reopened the follow-up before an answer came

    @property
    def label(self):
        return {
            "awaiting": "Awaiting confirmation",
            "confirmed": "Confirmed resolved",
            "unhappy": "Not resolved: reopened",
            "expired": "Closed (no answer in time)",
            "superseded": "Withdrawn (reopened)",
        }[self.value]


class AssignTo(enum.StrEnum):
    PARTNER_MANAGER = "partner_manager"
    USER = "user"


class FollowUpPolicy(Audited, StaffOnly, db.Model):
    """A tenant's service-level targets, escalation and confirmation window (one row;
    tenants without one get the defaults)."""

    __tablename__ = "follow_up_policies"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Escalations go to this person (e.g. the partner managers' lead), else to every admin.
    escalation_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    first_response_days: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_FIRST_RESPONSE_DAYS)
    resolution_days: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_RESOLUTION_DAYS)
    confirmation_days: Mapped[int] = mapped_column(Integer, nullable=False, default=DEFAULT_CONFIRMATION_DAYS)

    escalation_user: Mapped[User | None] = relationship()


class AutomationRule(Audited, StaffOnly, db.Model):
    """When a recorded feedback item meets every set condition, create a follow-up.

    Unset conditions (None, False, "") match anything. A deleted category, tier, theme,
    program element or partner deletes the rules conditioned on it (CASCADE), rather than
    silently widening them."""

    __tablename__ = "automation_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    source: Mapped[Source | None] = enum_column(Source)
    channel: Mapped[Channel | None] = enum_column(Channel)
    nps_detractor: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    nps_promoter: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    csat_at_most: Mapped[int | None] = mapped_column(Integer)
    negative_sentiment: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    action_needed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    category_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_categories.id", ondelete="CASCADE"))
    tier_id: Mapped[int | None] = mapped_column(ForeignKey("partner_tiers.id", ondelete="CASCADE"))
    region: Mapped[str] = mapped_column(String(60), nullable=False, default="")
    # Matched items carry this theme, are about this program element, or come from this partner.
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))
    program_element_id: Mapped[int | None] = mapped_column(ForeignKey("program_elements.id", ondelete="CASCADE"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    assign_to: Mapped[AssignTo] = enum_column(AssignTo, nullable=False, default=AssignTo.PARTNER_MANAGER)
    # The owner when assign_to is "user"; the fallback for items whose partner has no manager.
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    due_in_days: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    priority: Mapped[Priority] = enum_column(Priority, nullable=False, default=Priority.NORMAL)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    category: Mapped[FeedbackCategory | None] = relationship()
    tier: Mapped[PartnerTier | None] = relationship()
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class FollowUp(Audited, PartnerScoped, db.Model):
    """Someone's task to act on one feedback item or idea, by a due date."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        # The same rule never creates two follow-ups for one item, however it is triggered.
        UniqueConstraint("rule_id", "feedback_item_id"),
        # A double-submitted "new follow-up" form creates one follow-up.
        UniqueConstraint("tenant_id", "request_key"),
        CheckConstraint("(feedback_item_id IS NULL) <> (idea_id IS NULL)", name="one_subject"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    feedback_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    # The partner the feedback or idea is about (for filters and partner health),
    # whether or not the follow-up is delegated to it.
    about_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    rule_id: Mapped[int | None] = mapped_column(ForeignKey("automation_rules.id", ondelete="SET NULL"), index=True)
    request_key: Mapped[str | None] = mapped_column(String(64))
    priority: Mapped[Priority] = enum_column(Priority, nullable=False, default=Priority.NORMAL)
    status: Mapped[FollowUpStatus] = enum_column(FollowUpStatus, nullable=False, default=FollowUpStatus.OPEN)
    due_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    created_at: Mapped[datetime] = created_at_column()
    status_changed_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    first_response_at: Mapped[datetime | None] = mapped_column(DateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(DateTime)
    loop_closed_at: Mapped[datetime | None] = mapped_column(DateTime)

    feedback_item: Mapped[FeedbackItem | None] = relationship()
    idea: Mapped[Idea | None] = relationship()
    about_partner: Mapped[Partner | None] = relationship(foreign_keys=[about_partner_id])
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    rule: Mapped[AutomationRule | None] = relationship()
    activities: Mapped[list["FollowUpActivity"]] = relationship(
        back_populates="follow_up", order_by="FollowUpActivity.id", cascade="all, delete-orphan"
    )
    replies: Mapped[list["LoopReply"]] = relationship(
        back_populates="follow_up", order_by="LoopReply.id", cascade="all, delete-orphan"
    )

    @property
    def subject(self):
        return self.feedback_item if self.feedback_item_id else self.idea

    @property
    def is_delegated(self):
        return self.partner_id is not None

    def is_overdue(self, today=None):
        return self.status.is_active and self.due_on < (today or utcnow().date())


class FollowUpActivity(PartnerScoped, db.Model):
    """One entry of a follow-up's log: a note or a change, who made it and when.
    `partner_id` follows the follow-up's delegation, except for internal entries."""

    __tablename__ = "follow_up_activities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    kind: Mapped[ActivityKind] = enum_column(ActivityKind, nullable=False)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False, default="")
    from_status: Mapped[FollowUpStatus | None] = enum_column(FollowUpStatus)
    to_status: Mapped[FollowUpStatus | None] = enum_column(FollowUpStatus)
    internal: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = created_at_column()

    follow_up: Mapped[FollowUp] = relationship(back_populates="activities")
    actor: Mapped[User | None] = relationship()


class LoopReply(PartnerScoped, db.Model):
    """The owner's reply to whoever gave the feedback, with a single-use link that asks
    them whether the issue is resolved. Only the link token's SHA-256 is stored."""

    __tablename__ = "loop_replies"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_ups.id", ondelete="CASCADE"), nullable=False,
                                              index=True)
    feedback_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    to_address: Mapped[str] = mapped_column(String(254), nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    state: Mapped[ReplyState] = enum_column(ReplyState, nullable=False, default=ReplyState.AWAITING)
    sent_at: Mapped[datetime] = created_at_column()
    closes_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    answer_comment: Mapped[str] = mapped_column(Text, nullable=False, default="")

    follow_up: Mapped[FollowUp] = relationship(back_populates="replies")
    author: Mapped[User | None] = relationship()
