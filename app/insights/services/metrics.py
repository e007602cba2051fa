"""Program performance figures, read from the feedback rollups (never row by row).

The program view sums the per-day rollups of app/insights/models.py, which database
triggers keep exact, so a year of a million items is a few thousand rows.
SUMMARY_COLUMNS and item_conditions keep the same figures as direct aggregates of
feedback_items, for code that needs them per item (and for tests).

Every query runs in the active tenant scope, so partner users get their own
organisation's figures from the same functions."""

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from operator import add

from sqlalchemy import DateTime, and_, case, cast, func, literal, select

from app.extensions import db
from app.feedback.models import FeedbackItem, LoopResponse, ProgramElement, SentimentLabel
from app.insights.models import MEASURES, FeedbackDailyRollup, FeedbackProgramRollup
from app.partners.lists import names as partner_list_names
from app.partners.models import Partner
from app.tenancy import active_scope

DEFAULT_ANONYMITY_THRESHOLD = 5


@dataclass(frozen=True)
class MetricFilters:
    """A period (inclusive dates) and the dimensions the program view filters on."""

    start: date
    end: date
    tier_id: int | None = None
    region: str | None = None
    vertical: str | None = None
    partner_id: int | None = None
    program_element_id: int | None = None
    source: str | None = None
    channel: str | None = None
    partner_ids: tuple[int, ...] = ()  # several partners at once (an action's scope)

    @property
    def days(self):
        return (self.end - self.start).days + 1

    def previous_period(self):
        """The period of the same length just before this one."""
        return replace(self, start=self.start - timedelta(days=self.days), end=self.start - timedelta(days=1))


def partner_regions():
    """The tenant's regions (its managed list), for the filters."""
    return partner_list_names("region")


def partner_verticals():
    return partner_list_names("vertical")


def _effective_loop():
    return func.coalesce(FeedbackItem.loop_response_override, FeedbackItem.loop_response)


def _count_where(condition):
    return func.sum(case((condition, 1), else_=0))


def period_bounds(filters):
    """[start, end) datetimes of the filters' inclusive dates."""
    return datetime.combine(filters.start, time.min), datetime.combine(filters.end + timedelta(days=1), time.min)


def partner_attribute_condition(filters, partner_column):
    """`partner_column` IN the partners of the filters' tier/region/vertical; None without those filters."""
    wanted = {Partner.tier_id: filters.tier_id, Partner.region: filters.region, Partner.vertical: filters.vertical}
    wanted = [column == value for column, value in wanted.items() if value not in (None, "")]
    return partner_column.in_(select(Partner.id).where(and_(*wanted))) if wanted else None


def item_conditions(filters, include_anonymous=True):
    """WHERE clauses on FeedbackItem for `filters` (period by given_at, partner attributes
    through the partner); the per-item meaning of the rollup filters."""
    start, end = period_bounds(filters)
    conditions = [FeedbackItem.given_at >= start, FeedbackItem.given_at < end]
    direct = {
        FeedbackItem.partner_id: filters.partner_id,
        FeedbackItem.program_element_id: filters.program_element_id,
        FeedbackItem.source: filters.source,
        FeedbackItem.channel: filters.channel,
    }
    conditions += [column == value for column, value in direct.items() if value not in (None, "")]
    if filters.partner_ids:
        conditions.append(FeedbackItem.partner_id.in_(filters.partner_ids))
    by_partner = partner_attribute_condition(filters, FeedbackItem.partner_id)
    if by_partner is not None:
        conditions.append(by_partner)
    if not include_anonymous:
        conditions.append(FeedbackItem.anonymous.is_(False))
    return conditions


SUMMARY_COLUMNS = {
    "items": func.count(FeedbackItem.id),
    "nps_count": func.count(FeedbackItem.nps),
    "promoters": _count_where(FeedbackItem.nps >= 9),
    "detractors": _count_where(FeedbackItem.nps <= 6),
    "csat_count": func.count(FeedbackItem.csat),
    "csat_sum": func.sum(FeedbackItem.csat),
    "rating_count": func.count(FeedbackItem.rating),
    "rating_sum": func.sum(FeedbackItem.rating),
    "sentiment_count": func.count(FeedbackItem.sentiment_score),
    "sentiment_sum": func.sum(FeedbackItem.sentiment_score),
    "positive": _count_where(FeedbackItem.sentiment_label == SentimentLabel.POSITIVE),
    "neutral": _count_where(FeedbackItem.sentiment_label == SentimentLabel.NEUTRAL),
    "negative": _count_where(FeedbackItem.sentiment_label == SentimentLabel.NEGATIVE),
    "loop_count": func.count(_effective_loop()),
    "action_needed": _count_where(_effective_loop() == LoopResponse.ACTION_NEEDED.value),
}


def derive(raw):
    """Turn raw sums and counts into the figures people read; None where undefined."""
    raw = {key: (value or 0) for key, value in raw.items()}

    def ratio(numerator, denominator, scale=1.0, digits=1):
        if not denominator:
            return None
        value = round(scale * float(numerator) / float(denominator), digits)
        return int(value) if digits == 0 else value

    return {
        **raw,
        "nps": ratio(raw["promoters"] - raw["detractors"], raw["nps_count"], 100, 0),
        "csat": ratio(raw["csat_sum"], raw["csat_count"], digits=2),
        "rating": ratio(raw["rating_sum"], raw["rating_count"], digits=2),
        "sentiment": ratio(raw["sentiment_sum"], raw["sentiment_count"], digits=2),
        "action_share": ratio(raw["action_needed"], raw["loop_count"], 100, 0),
    }


def period_bucket(granularity, column=None):
    """A SQL expression naming the week (its Monday) or month of `column` (default:
    FeedbackItem.given_at; also a rollup's day), as text."""
    column = FeedbackItem.given_at if column is None else column
    if db.engine.dialect.name == "postgresql":
        unit = "week" if granularity == "week" else "month"
        return func.to_char(func.date_trunc(unit, cast(column, DateTime)), "YYYY-MM-DD")
    if granularity == "week":
        return func.date(column, "-6 days", "weekday 1")
    return func.strftime("%Y-%m-01", column)


# --- read from the rollups (app/insights/models.py), kept exact by triggers -------------


def _rollup_model(filters):
    """The smallest rollup that answers `filters`: without partner filters (and for
    staff) the one without partners, ~20x fewer rows; else the per-partner one."""
    scope = active_scope()
    by_partner = (filters.partner_id or filters.partner_ids or filters.tier_id not in (None, "")
                  or filters.region or filters.vertical)
    if by_partner or (scope is not None and scope.partner_id is not None):
        return FeedbackDailyRollup
    return FeedbackProgramRollup


def _rollup_conditions(model, filters):
    conditions = [model.day >= filters.start, model.day <= filters.end]
    direct = {model.program_element_id: filters.program_element_id, model.source: filters.source,
              model.channel: filters.channel}
    if model is FeedbackDailyRollup:
        direct[model.partner_id] = filters.partner_id
        if filters.partner_ids:
            conditions.append(model.partner_id.in_(filters.partner_ids))
        by_partner = partner_attribute_condition(filters, model.partner_id)
        if by_partner is not None:
            conditions.append(by_partner)
    return conditions + [column == value for column, value in direct.items() if value not in (None, "")]


@dataclass(frozen=True)
class _RollupRow:
    source: str
    channel: str
    program_element_id: int
    anonymous: bool
    bucket: str | None
    measures: tuple  # in MEASURES order


def _rollup_rows(filters, granularity=None):
    """The period's rollup rows summed per (source, channel, element, anonymous[, bucket]):
    a few hundred rows, from which every section of the view is folded."""
    model = _rollup_model(filters)
    keys = [model.source, model.channel, model.program_element_id, model.anonymous]
    bucket = _rollup_bucket(granularity, model.day) if granularity else None
    sums = [func.sum(getattr(model, name)) for name in MEASURES]
    statement = (select(*keys, bucket if bucket is not None else literal(None), *sums)
                 .where(*_rollup_conditions(model, filters))
                 .group_by(*keys, *([bucket] if bucket is not None else []))
                 .having(func.sum(model.items) > 0))
    return [_RollupRow(*row[:4], _bucket_text(row[4]), tuple(value or 0 for value in row[5:]))
            for row in db.session.execute(statement)]


def _rollup_bucket(granularity, day):
    # PostgreSQL: group by the truncated date and format the few groups in Python;
    # to_char on every rollup row doubles the query's time.
    if db.engine.dialect.name == "postgresql":
        return func.date_trunc("week" if granularity == "week" else "month", cast(day, DateTime))
    return period_bucket(granularity, day)


def _bucket_text(bucket):
    return bucket.strftime("%Y-%m-%d") if isinstance(bucket, date) else bucket


def _fold(rows, key=lambda row: None):
    """{key(row): derived figures} of the rows' summed measures (one pass in Python over
    the already aggregated rows, instead of one more query per section)."""
    totals = {}
    for row in rows:
        group = key(row)
        total = totals.get(group)
        totals[group] = row.measures if total is None else tuple(map(add, total, row.measures))
    return {group: derive(dict(zip(MEASURES, values, strict=True))) for group, values in totals.items()}


def _summary_of(rows):
    return _fold(rows).get(None) or derive(dict.fromkeys(MEASURES, 0))


def _element_names():
    return dict(db.session.execute(select(ProgramElement.id, ProgramElement.name)).all())


def survey_response_rates(filters):
    """Customer survey emails sent in the period, and how many were answered or opted out."""
    from app.surveys.models import SurveyRecipient

    start, end = period_bounds(filters)
    conditions = [SurveyRecipient.sent_at >= start, SurveyRecipient.sent_at < end]
    if filters.partner_id:
        conditions.append(SurveyRecipient.partner_id == filters.partner_id)
    row = db.session.execute(select(
        func.count(SurveyRecipient.id),
        _count_where(SurveyRecipient.answered_at.is_not(None)),
        _count_where(SurveyRecipient.opted_out_at.is_not(None)),
    ).where(*conditions)).one()
    sent, answered, opted_out = (int(value or 0) for value in row)
    return {"sent": sent, "answered": answered, "opted_out": opted_out,
            "response_rate": round(100 * answered / sent) if sent else None}


def program_performance(filters, granularity="month", anonymity_threshold=DEFAULT_ANONYMITY_THRESHOLD):
    """All figures of the program view for `filters`, with the previous period for comparison."""
    rows = _rollup_rows(filters, granularity)
    anonymous = sum(row.measures[0] for row in rows if row.anonymous)  # MEASURES[0] is items
    include_anonymous = anonymous >= anonymity_threshold
    if not include_anonymous:
        rows = [row for row in rows if not row.anonymous]
    previous = [row for row in _rollup_rows(filters.previous_period()) if include_anonymous or not row.anonymous]
    names = _element_names()
    by_element = [(names.get(key, "General"), figures)
                  for key, figures in _fold(rows, lambda row: row.program_element_id).items()]
    return {
        "summary": _summary_of(rows),
        "previous": _summary_of(previous),
        "by_source": _fold(rows, lambda row: row.source),
        "by_channel": _fold(rows, lambda row: row.channel),
        "by_element": sorted(by_element, key=lambda pair: (pair[1]["nps"] is None, pair[1]["nps"] or 0)),
        "trend": sorted(_fold(rows, lambda row: row.bucket).items()),
        "surveys": survey_response_rates(filters),
        "anonymous_hidden": 0 if include_anonymous else anonymous,
        "anonymity_threshold": anonymity_threshold,
    }
