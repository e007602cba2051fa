"""Feedback in languages the engine does not analyse: counted apart, never guessed."""

from sqlalchemy import func, select

from app.analysis.engines.language import OTHER
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.insights.services.metrics import item_conditions


def not_analysed_count(filters, include_anonymous=True):
    """How many of the period's items (the program view's filters) are in a language the
    engine does not analyse: they are in no slice of the sentiment mix. A partial index
    (ix_feedback_items_not_analysed) keeps this a short range scan."""
    return db.session.scalar(
        select(func.count(FeedbackItem.id)).where(FeedbackItem.detected_language == OTHER,
                                                  *item_conditions(filters, include_anonymous))
    ) or 0
