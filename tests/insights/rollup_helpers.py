"""Rollups computed in Python from the feedback items (the tests' oracle), and the
rows the triggers stored, in comparable form."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse, SentimentLabel
from app.insights.models import (
    MEASURES,
    FeedbackDailyRollup,
    FeedbackProgramRollup,
    FeedbackWeeklyPartnerRollup,
)


def _measures(item):
    loop = item.loop_response_override or item.loop_response
    return {
        "items": 1, "nps_count": item.nps is not None, "promoters": (item.nps or 0) >= 9,
        "detractors": item.nps is not None and item.nps <= 6, "csat_count": item.csat is not None,
        "csat_sum": item.csat or 0, "rating_count": item.rating is not None, "rating_sum": item.rating or 0,
        "sentiment_count": item.sentiment_score is not None, "sentiment_sum": item.sentiment_score or 0.0,
        "positive": item.sentiment_label == SentimentLabel.POSITIVE,
        "neutral": item.sentiment_label == SentimentLabel.NEUTRAL,
        "negative": item.sentiment_label == SentimentLabel.NEGATIVE,
        "loop_count": loop is not None, "action_needed": loop == LoopResponse.ACTION_NEEDED,
    }


def _keys(item):
    day = item.given_at.date()
    partner, element = item.partner_id or 0, item.program_element_id or 0
    keys = {
        "daily": (day, partner, item.source.value, item.channel.value, element, item.anonymous),
        "program": (day, item.source.value, item.channel.value, element, item.anonymous),
    }
    if item.partner_id is not None and not item.anonymous:
        keys["weekly"] = (day - timedelta(days=day.weekday()), partner, item.source.value)
    return keys


def _rounded(totals):
    # Rounded first: adding and subtracting sentiment scores in another order can leave
    # a float residue (1e-17) in a row whose items are all gone.
    rounded = {key: tuple(round(float(v), 6) if name == "sentiment_sum" else int(v)
                          for name, v in zip(MEASURES, values, strict=True)) for key, values in totals.items()}
    return {key: values for key, values in rounded.items() if any(values)}


def expected_rollups():
    """{grain: {key: measures}} of the active tenant, from its feedback items."""
    totals = {"daily": defaultdict(lambda: [0] * len(MEASURES)), "program": defaultdict(lambda: [0] * len(MEASURES)),
              "weekly": defaultdict(lambda: [0] * len(MEASURES))}
    for item in db.session.scalars(select(FeedbackItem).execution_options(populate_existing=True)):
        measures = _measures(item)
        for grain, key in _keys(item).items():
            row = totals[grain][key]
            for index, name in enumerate(MEASURES):
                row[index] += measures[name]
    return {grain: _rounded(rows) for grain, rows in totals.items()}


def _stored(model, key):
    rows = db.session.scalars(select(model).execution_options(populate_existing=True))
    return _rounded({key(row): [getattr(row, name) for name in MEASURES] for row in rows})


def stored_rollups():
    """{grain: {key: measures}} the triggers keep for the active tenant (zero rows left out)."""
    return {
        "daily": _stored(FeedbackDailyRollup, lambda r: (r.day, r.partner_id, r.source.value, r.channel.value,
                                                          r.program_element_id, r.anonymous)),
        "program": _stored(FeedbackProgramRollup, lambda r: (r.day, r.source.value, r.channel.value,
                                                              r.program_element_id, r.anonymous)),
        "weekly": _stored(FeedbackWeeklyPartnerRollup, lambda r: (r.week, r.partner_id, r.source.value)),
    }
