"""Partner relationship health: a 0-100 score per partner from a documented formula.

Over the window (the current week and the 12 before it: 13 weeks, ~90 days), for
each partner:

- partner satisfaction (weight 30): the partner's own feedback; NPS mapped from
  [-100, 100] to [0, 100] and CSAT from [1, 5] to [0, 100], averaged;
- customer satisfaction (weight 30): the same, over their customers' feedback;
- sentiment (weight 15): average text sentiment mapped from [-1, 1] to [0, 100];
- engagement (weight 15): how recently the partner gave feedback (100 today, 0 after
  90 days; counted in calendar days) averaged with how much (100 at 10 or more items
  in the window);
- follow-ups (weight 10): 100 minus 25 per overdue follow-up about the partner.

Components without data are left out and the weights of the others rescaled; a
partner with no data at all has no score. The trend compares the sentiment of the
window with the 13 weeks before it. The main reason is the weakest component.

Figures come from the weekly partner rollups (app/insights/models.py): whole weeks
keep the page to ~40,000 rows at a million items, where days would need ~150,000.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import func, select

from app.core.models import utcnow
from app.extensions import db
from app.feedback.models import Source
from app.followups.services.service_levels import overdue_by_partner
from app.insights.models import FeedbackDailyRollup, FeedbackWeeklyPartnerRollup
from app.partners.models import Partner

WINDOW = timedelta(days=90)  # the scale of recency
WINDOW_WEEKS = 13
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


def _aggregates(first_week, split_week, last_week):
    """Per (partner, source): counts and sums over the weeks [first_week, split_week) and
    [split_week, last_week], in one scan; returns (earlier rows, later rows)."""
    rollup = FeedbackWeeklyPartnerRollup
    later = (rollup.week >= split_week).label("later")
    statement = (
        select(later, rollup.partner_id, rollup.source, func.sum(rollup.items), func.sum(rollup.nps_count),
               func.sum(rollup.promoters) - func.sum(rollup.detractors), func.sum(rollup.csat_count),
               func.sum(rollup.csat_sum), func.sum(rollup.sentiment_count), func.sum(rollup.sentiment_sum))
        .where(rollup.week >= first_week, rollup.week <= last_week)
        .group_by(later, rollup.partner_id, rollup.source)
        .having(func.sum(rollup.items) > 0)
    )
    rows = db.session.execute(statement).all()
    return [row[1:] for row in rows if not row[0]], [row[1:] for row in rows if row[0]]


def _last_days(partner_ids, since, until):
    """{partner id: the last day in [since, until] with non-anonymous feedback about it};
    one index probe per partner, newest day first."""
    rollup = FeedbackDailyRollup
    last = (select(rollup.day)
            .where(rollup.partner_id == Partner.id, rollup.day >= since, rollup.day <= until, rollup.items > 0,
                   rollup.anonymous.is_(False))
            .order_by(rollup.day.desc()).limit(1).correlate(Partner).scalar_subquery())
    rows = db.session.execute(select(Partner.id, last).where(Partner.id.in_(partner_ids))).all()
    return {partner_id: day for partner_id, day in rows if day is not None}


def _collect(rows, last_days=None):
    per_partner = {}
    for partner_id, source, items, nps_count, nps_net, csat_count, csat_sum, s_count, s_sum in rows:
        entry = per_partner.setdefault(partner_id, {"items": 0, "s_count": 0, "s_sum": 0.0, "last": None})
        entry["items"] += items
        entry["s_count"] += s_count
        entry["s_sum"] += float(s_sum or 0)
        entry["last"] = (last_days or {}).get(partner_id)
        entry[source] = _satisfaction(nps_count, float(nps_net or 0), csat_count, float(csat_sum or 0))
        if source == Source.INTERNAL:
            # Staff notes about a partner reflect the partner's own view.
            entry.setdefault(Source.PARTNER, entry[source])
    return per_partner


def _engagement(entry, now):
    if not entry.get("items"):
        return None
    days = (now.date() - entry["last"]).days if entry["last"] else WINDOW.days
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
    this_week = now.date() - timedelta(days=now.weekday())
    first_week = this_week - timedelta(weeks=WINDOW_WEEKS - 1)
    last_days = _last_days([partner.id for partner in partners], first_week, now.date())
    earlier, later = _aggregates(first_week - timedelta(weeks=WINDOW_WEEKS), first_week, this_week)
    current, previous = _collect(later, last_days), _collect(earlier)
    overdue = overdue_by_partner()
    results = []
    for partner in partners:
        entry = current.get(partner.id, {})
        components = _components(entry, overdue.get(partner.id, 0), now)
        results.append(PartnerHealth(partner=partner, score=_score(components), components=components,
                                     trend=_trend(entry, previous.get(partner.id, {})), reason=_reason(components)))
    return results
