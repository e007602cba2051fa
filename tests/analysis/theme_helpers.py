"""Helpers shared by the theme tests (tests/test_themes_*.py)."""

from datetime import datetime

from sqlalchemy import select

from app.analysis.models import FeedbackTheme, Theme
from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.tenancy import scoped_to


def make_theme(tenant, name, keywords):
    """A committed theme of `tenant` (plain row: no re-tagging of existing items)."""
    with scoped_to(tenant.id):
        theme = Theme(name=name, keywords=list(keywords))
        db.session.add(theme)
        db.session.commit()
        return theme.id


def record(tenant, text, partner=None, given_at=None, **fields):
    """A committed item recorded through the one store (so themes apply); returns its id."""
    fields.setdefault("source", Source.CUSTOMER)
    fields.setdefault("channel", Channel.EMAIL)
    with scoped_to(tenant.id):
        item, _ = record_feedback(FeedbackInput(text=text, partner_id=partner.id if partner else None,
                                                given_at=given_at or datetime(2026, 2, 1, 12), **fields))
        db.session.commit()
        return item.id


def tags(tenant, item_id, include_suppressed=False):
    """{theme name: source} of an item's tags ("suppressed" for removed automatic ones)."""
    with scoped_to(tenant.id):
        rows = db.session.execute(
            select(Theme.name, FeedbackTheme.source, FeedbackTheme.suppressed)
            .join(FeedbackTheme, FeedbackTheme.theme_id == Theme.id)
            .where(FeedbackTheme.feedback_item_id == item_id)
        ).all()
    return {name: ("suppressed" if suppressed else source.value) for name, source, suppressed in rows
            if include_suppressed or not suppressed}


def stale_copies(tenant):
    """Tags whose copies of their item's values (given_at, negative, anonymous) are out of date."""
    from app.feedback.models import FeedbackItem, SentimentLabel

    with scoped_to(tenant.id):
        rows = db.session.execute(
            select(FeedbackTheme.id, FeedbackTheme.given_at, FeedbackTheme.negative, FeedbackTheme.anonymous,
                   FeedbackItem.given_at, FeedbackItem.sentiment_label, FeedbackItem.anonymous)
            .join(FeedbackItem, FeedbackItem.id == FeedbackTheme.feedback_item_id)
        ).all()
    return [row[0] for row in rows
            if (row[1], row[2], row[3]) != (row[4], row[5] == SentimentLabel.NEGATIVE, row[6])]
