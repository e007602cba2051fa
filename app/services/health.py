"""Partner relationship health: a 0-100 score per partner from a documented formula.

Over the last 90 days (the window), for each partner:

- partner satisfaction (weight 30): the partner's own feedback; NPS mapped from
  [-100, 100] to [0, 100] and CSAT from [1, 5] to [0, 100], averaged;
- customer satisfaction (weight 30): the same, over their customers' feedback;
- sentiment (weight 15): average text sentiment mapped from [-1, 1] to [0, 100];
- engagement (weight 15): how recently the partner gave feedback (100 today, 0 after
  90 days) averaged with how much (100 at 10 or more items in the window);
- follow-ups (weight 10): 100 minus 25 per overdue follow-up about the partner.

Components without data are left out and the weights of the others rescaled; a
partner with no data at all has no score. The trend compares the sentiment of the
window with the 90 days before it. The main reason is the weakest component.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import case, func, select

from app.extensions import db
from app.models import FeedbackItem, Partner, Source
from app.models.base import utcnow
from app.services.service_levels import overdue_by_partner

WINDOW = timedelta(days=90)
WEIGHTS = {"partner_satisfaction": 30, "customer_satisfaction": 30, "sentiment": 15, "engagement": 15,
           "follow_ups": 10}
LABELS = {
    "partner_satisfaction": "the partner's own satisfaction",
    "customer_satisfaction": "their customers' satisfaction",
    "sentiment": "the tone of their feedback",
    "engagement": "how much and how recently they give feedback",
    "follow_ups": "overdue follow-ups",
}
TREND_THRESHOLD = 0.1


@dataclass
class PartnerHealth:
    partner: Partner
    score: int | None
    components: dict = field(default_factory=dict)
    trend: str = "flat"  # up, down, flat
    reason: str = "Not enough feedback in the last 90 days."


def _satisfaction(nps_count, nps_net, csat_count, csat_sum):
    parts = []
    if nps_count:
        parts.append((100 * nps_net / nps_count + 100) / 2)
    if csat_count:
        parts.append((csat_sum / csat_count - 1) / 4 * 100)
    return sum(parts) / len(parts) if parts else None


def _aggregates(since, until):
    """Per (partner, source): counts and sums over [since, until), in one query."""
    nps_net = func.sum(case((FeedbackItem.nps >= 9, 1), (FeedbackItem.nps <= 6, -1), else_=0))
    statement = (
        select(FeedbackItem.partner_id, FeedbackItem.source, func.count(FeedbackItem.id), func.count(FeedbackItem.nps),
               nps_net, func.count(FeedbackItem.csat), func.sum(FeedbackItem.csat),
               func.count(FeedbackItem.sentiment_score), func.sum(FeedbackItem.sentiment_score),
               func.max(FeedbackItem.given_at))
        .where(FeedbackItem.partner_id.is_not(None), FeedbackItem.given_at >= since, FeedbackItem.given_at < until,
               FeedbackItem.anonymous.is_(False))
        .group_by(FeedbackItem.partner_id, FeedbackItem.source)
    )
    return db.session.execute(statement).all()


def _collect(rows):
    per_partner = {}
    for partner_id, source, items, nps_count, nps_net, csat_count, csat_sum, s_count, s_sum, last in rows:
        entry = per_partner.setdefault(partner_id, {"items": 0, "s_count": 0, "s_sum": 0.0, "last": None})
        entry["items"] += items
        entry["s_count"] += s_count
        entry["s_sum"] += float(s_sum or 0)
        entry["last"] = max(filter(None, [entry["last"], last]), default=None)
        entry[source] = _satisfaction(nps_count, float(nps_net or 0), csat_count, float(csat_sum or 0))
        if source == Source.INTERNAL:
            # Staff notes about a partner reflect the partner's own view.
            entry.setdefault(Source.PARTNER, entry[source])
    return per_partner


def _engagement(entry, now):
    if not entry.get("items"):
        return None
    days = (now - entry["last"]).days if entry["last"] else WINDOW.days
    recency = max(0.0, 100 * (1 - days / WINDOW.days))
    volume = min(100.0, 10 * entry["items"])
    return (recency + volume) / 2


def _components(entry, overdue, now):
    sentiment = (entry["s_sum"] / entry["s_count"] + 1) * 50 if entry.get("s_count") else None
    components = {
        "partner_satisfaction": entry.get(Source.PARTNER),
        "customer_satisfaction": entry.get(Source.CUSTOMER),
        "sentiment": sentiment,
        "engagement": _engagement(entry, now),
        "follow_ups": max(0, 100 - 25 * overdue) if entry.get("items") or overdue else None,
    }
    return {name: round(value) for name, value in components.items() if value is not None}


def _score(components):
    if not components:
        return None
    total_weight = sum(WEIGHTS[name] for name in components)
    return round(sum(WEIGHTS[name] * value for name, value in components.items()) / total_weight)


def _trend(current, previous):
    if not current.get("s_count") or not previous.get("s_count"):
        return "flat"
    change = current["s_sum"] / current["s_count"] - previous["s_sum"] / previous["s_count"]
    if abs(change) < TREND_THRESHOLD:
        return "flat"
    return "up" if change > 0 else "down"


def _reason(components):
    if not components:
        return PartnerHealth.__dataclass_fields__["reason"].default
    weakest = min(components, key=lambda name: components[name])
    if components[weakest] >= 70:
        return "Healthy on every measure."
    return f"Weakest: {LABELS[weakest]} ({components[weakest]}/100)."


def partner_health(partners, now=None):
    """Health of each partner in `partners`, with trend and main reason, set-based."""
    now = now or utcnow()
    current = _collect(_aggregates(now - WINDOW, now + timedelta(seconds=1)))
    previous = _collect(_aggregates(now - 2 * WINDOW, now - WINDOW))
    overdue = overdue_by_partner()
    results = []
    for partner in partners:
        entry = current.get(partner.id, {})
        components = _components(entry, overdue.get(partner.id, 0), now)
        results.append(PartnerHealth(partner=partner, score=_score(components), components=components,
                                     trend=_trend(entry, previous.get(partner.id, {})), reason=_reason(components)))
    return results
