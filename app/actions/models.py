"""Actions: changes the vendor made to its program, and the feedback and scope behind them.

An action's page answers "did it work?" by comparing the feedback figures of its
scope before and after the date it took effect."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.auth.models import User
from app.core.models import created_at_column
from app.extensions import db
from app.feedback.models import FeedbackItem, ProgramElement
from app.partners.models import Partner
from app.tenancy import StaffOnly


class ProgramAction(Audited, StaffOnly, db.Model):
    """A change to the program (e.g. "faster deal registration approvals").

    Its scope is the program element and/or partners it affects; no scope means the
    whole program."""

    __tablename__ = "program_actions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    effective_on: Mapped[date] = mapped_column(Date, nullable=False, index=True)
    program_element_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_elements.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    program_element: Mapped[ProgramElement | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    partner_links: Mapped[list["ActionPartner"]] = relationship(
        back_populates="action", cascade="all, delete-orphan", passive_deletes=True
    )
    feedback_links: Mapped[list["ActionFeedbackLink"]] = relationship(
        back_populates="action", cascade="all, delete-orphan", passive_deletes=True
    )

    @classmethod
    def audit_kind(cls):
        return "action"

    @property
    def partners(self):
        return [link.partner for link in self.partner_links]


class ActionPartner(Audited, StaffOnly, db.Model):
    """A partner the action affects."""

    __tablename__ = "program_action_partners"
    __table_args__ = (UniqueConstraint("action_id", "partner_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("program_actions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), nullable=False, index=True)

    action: Mapped[ProgramAction] = relationship(back_populates="partner_links")
    partner: Mapped[Partner] = relationship()


class ActionFeedbackLink(Audited, StaffOnly, db.Model):
    """A feedback item that led to the action."""

    __tablename__ = "program_action_feedback"
    __table_args__ = (UniqueConstraint("action_id", "feedback_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(
        ForeignKey("program_actions.id", ondelete="CASCADE"), nullable=False, index=True
    )
    feedback_item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    action: Mapped[ProgramAction] = relationship(back_populates="feedback_links")
    feedback_item: Mapped[FeedbackItem] = relationship()
