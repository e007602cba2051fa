"""The innovation ideas board: ideas, votes, comments, statuses and internal notes."""

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.audit.models import Audited
from app.auth.models import User
from app.core.models import created_at_column, utcnow
from app.extensions import db
from app.feedback.models import FeedbackItem, ProgramElement
from app.partners.models import Partner
from app.tenancy import StaffOnly, TenantScoped

# (name, shown on the public roadmap, closes the idea)
DEFAULT_IDEA_STATUSES = (
    ("New", False, False),
    ("Under review", False, False),
    ("Planned", True, False),
    ("In progress", True, False),
    ("Shipped", True, True),
    ("Declined", False, True),
)


class IdeaStatus(TenantScoped, db.Model):
    """A step of the tenant's idea pipeline; tenants rename and add their own."""

    __tablename__ = "idea_statuses"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=False)
    position: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    on_roadmap: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    is_closed: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)


class Idea(Audited, TenantScoped, db.Model):
    """An idea on the tenant's board. Every partner of the tenant sees the board;
    `partner_id` records whose idea it is (shown only to that partner and to staff)."""

    __tablename__ = "ideas"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    program_element_id: Mapped[int | None] = mapped_column(
        ForeignKey("program_elements.id", ondelete="SET NULL"), index=True
    )
    status_id: Mapped[int] = mapped_column(ForeignKey("idea_statuses.id"), nullable=False, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"), index=True)
    source_feedback_id: Mapped[int | None] = mapped_column(ForeignKey("feedback_items.id", ondelete="SET NULL"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    status_changed_at: Mapped[datetime] = mapped_column(nullable=False, default=utcnow)

    status: Mapped[IdeaStatus] = relationship()
    program_element: Mapped[ProgramElement | None] = relationship()
    author: Mapped[User | None] = relationship()
    partner: Mapped[Partner | None] = relationship()
    source_feedback: Mapped[FeedbackItem | None] = relationship()
    merged_into: Mapped["Idea | None"] = relationship(remote_side=[id])


class IdeaVote(TenantScoped, db.Model):
    """One vote: by a user, or recorded by staff on behalf of a partner.

    `voter_key` ("user:<id>" or "partner:<id>") is unique per idea, so the
    database, not a check-then-insert, guarantees one vote per voter."""

    __tablename__ = "idea_votes"
    __table_args__ = (UniqueConstraint("idea_id", "voter_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    voter_key: Mapped[str] = mapped_column(String(40), nullable=False)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"), index=True)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
    partner: Mapped[Partner | None] = relationship()


class IdeaComment(TenantScoped, db.Model):
    __tablename__ = "idea_comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partners.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    author: Mapped[User | None] = relationship()


class IdeaNote(StaffOnly, db.Model):
    """Vendor staff's internal note on an idea; partners never see these."""

    __tablename__ = "idea_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_at_column()

    author: Mapped[User | None] = relationship()


class IdeaFeedbackLink(StaffOnly, db.Model):
    """Feedback items (e.g. customers') that ask for an idea: they add to its demand."""

    __tablename__ = "idea_feedback_links"
    __table_args__ = (UniqueConstraint("idea_id", "feedback_item_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), nullable=False, index=True)
    feedback_item_id: Mapped[int] = mapped_column(
        ForeignKey("feedback_items.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = created_at_column()

    feedback_item: Mapped[FeedbackItem] = relationship()
