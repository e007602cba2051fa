"""Everything about one partner for its page: scores over time, one feedback timeline
(partner, customer and internal), its ideas and its follow-ups."""

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.timezones import local_today
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import FollowUp
from app.ideas.models import Idea
from app.insights.services.health import partner_health
from app.insights.services.metrics import MetricFilters, program_performance

TIMELINE_LENGTH = 12


def partner_overview(partner, today=None):
    """The figures and lists of the partner page, each one set-based query."""
    today = today or local_today()
    period = MetricFilters(start=today - timedelta(days=364), end=today, partner_id=partner.id)
    figures = program_performance(period, granularity="month")
    timeline = db.session.scalars(
        select(FeedbackItem).where(FeedbackItem.partner_id == partner.id, FeedbackItem.shown_individually())
        .options(selectinload(FeedbackItem.author), selectinload(FeedbackItem.contact),
                 selectinload(FeedbackItem.program_element))
        .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()).limit(TIMELINE_LENGTH)
    ).all()
    ideas = db.session.scalars(
        select(Idea).where(Idea.partner_id == partner.id, Idea.merged_into_id.is_(None))
        .options(selectinload(Idea.status)).order_by(Idea.created_at.desc()).limit(10)
    ).all()
    follow_ups = db.session.scalars(
        select(FollowUp).where(FollowUp.about_partner_id == partner.id)
        .options(selectinload(FollowUp.owner)).order_by(FollowUp.due_on).limit(20)
    ).all()
    [health] = partner_health([partner])
    return {"figures": figures, "timeline": timeline, "ideas": ideas, "follow_ups": follow_ups, "health": health,
            "today": today}
