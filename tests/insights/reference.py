"""Reference queries the fast paths must agree with: aggregates straight from the
feedback items and from the theme tags, never used by the app (tests and bench/themes.py
compare the rollup readers of app/insights/services against them)."""

from sqlalchemy import case, func, select

from app.analysis.models import FeedbackTheme
from app.extensions import db
from app.insights.services.metrics import SUMMARY_COLUMNS, derive, item_conditions, period_bounds


def direct_summary(filters, include_anonymous=True):
    """The period's summary aggregated straight from feedback_items: what the rollups must equal."""
    columns = [column.label(name) for name, column in SUMMARY_COLUMNS.items()]
    row = db.session.execute(select(*columns).where(*item_conditions(filters, include_anonymous))).one()
    return derive(row._asdict())


def counts_from_tags(filters, include_anonymous):
    """Period-only filters counted from the tags' own copies of the item values (index-only
    scan; linear in tags). theme_counts reads the per-day rollup instead."""
    start, end = period_bounds(filters)
    conditions = [FeedbackTheme.given_at >= start, FeedbackTheme.given_at < end, FeedbackTheme.suppressed.is_(False)]
    if not include_anonymous:
        conditions.append(FeedbackTheme.anonymous.is_(False))
    negative = func.sum(case((FeedbackTheme.negative.is_(True), 1), else_=0))
    return select(FeedbackTheme.theme_id, func.count(), negative).where(*conditions).group_by(FeedbackTheme.theme_id)
