"""Actions ("did it work?"): changes made to the program, what led to them, and the
feedback figures of their scope before and after they took effect."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.actions.models import ActionFeedbackLink, ActionPartner, ProgramAction
from app.core.errors import ServiceError
from app.core.timezones import local_today
from app.core.validation import clean_text
from app.extensions import db
from app.feedback.constants import score_label
from app.feedback.models import FeedbackItem, ProgramElement
from app.feedback.services import FeedbackFilters, filtered_feedback
from app.insights.services.metrics import MetricFilters, program_performance
from app.partners.models import Partner

MAX_TITLE = 200
MAX_DESCRIPTION = 20_000
WINDOWS = (30, 60, 90)
DEFAULT_WINDOW = 30
# Fewer answers than this on either side and a difference says little: the page says so.
MIN_ANSWERS = 5
# Actions may be recorded ahead of the day they take effect, but not absurdly far ahead.
MAX_DAYS_AHEAD = 366


@dataclass
class ActionInput:
    title: str
    effective_on: date | None
    description: str = ""
    program_element_id: int | None = None
    partner_ids: list[int] = field(default_factory=list)


def _clean_text(value, field_name, limit, required=False):
    return clean_text(value, field_name, limit, required, missing_message="Give the action a title.")


def _check_date(effective_on, today=None):
    if effective_on is None:
        raise ServiceError("Give the date the change took effect.", field="effective_on")
    if effective_on > (today or local_today()) + timedelta(days=MAX_DAYS_AHEAD):
        raise ServiceError("That date is more than a year ahead; check the year.", field="effective_on")
    return effective_on


def _element(element_id):
    if element_id is None:
        return None
    element = db.session.scalars(select(ProgramElement).where(ProgramElement.id == element_id)).first()
    if element is None:
        raise ServiceError("Unknown program element.", field="program_element_id")
    return element


def _partners(partner_ids):
    """The active tenant's partners with these ids; unknown and foreign ids are an error."""
    wanted = set(partner_ids or ())
    partners = db.session.scalars(select(Partner).where(Partner.id.in_(wanted))).all() if wanted else []
    if len(partners) != len(wanted):
        raise ServiceError("Unknown partner.", field="partner_ids")
    return partners


def _apply(action, data):
    action.title = _clean_text(data.title, "title", MAX_TITLE, required=True)
    action.description = _clean_text(data.description, "description", MAX_DESCRIPTION)
    action.effective_on = _check_date(data.effective_on)
    action.program_element = _element(data.program_element_id)
    partners = {partner.id: partner for partner in _partners(data.partner_ids)}
    for link in list(action.partner_links):
        if link.partner_id not in partners:
            action.partner_links.remove(link)
    linked = {link.partner_id for link in action.partner_links}
    action.partner_links.extend(ActionPartner(partner=p) for pid, p in partners.items() if pid not in linked)


def create_action(data: ActionInput, created_by=None):
    """Record an action (raises ServiceError on bad input). The caller commits."""
    action = ProgramAction(created_by=created_by)
    _apply(action, data)
    db.session.add(action)
    db.session.flush()
    return action


def update_action(action, data: ActionInput):
    _apply(action, data)
    db.session.flush()
    return action


def list_actions():
    """Every action, latest effective date first, with its scope and number of linked items."""
    counts = (select(ActionFeedbackLink.action_id, func.count().label("n"))
              .group_by(ActionFeedbackLink.action_id).subquery())
    statement = (
        select(ProgramAction, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.action_id == ProgramAction.id)
        .options(selectinload(ProgramAction.program_element),
                 selectinload(ProgramAction.partner_links).selectinload(ActionPartner.partner))
        .order_by(ProgramAction.effective_on.desc(), ProgramAction.id.desc())
    )
    return db.session.execute(statement).all()


def link_feedback(action, item):
    """Link a feedback item that led to the action (linking twice changes nothing)."""
    existing = db.session.scalars(select(ActionFeedbackLink).where(
        ActionFeedbackLink.action_id == action.id, ActionFeedbackLink.feedback_item_id == item.id)).first()
    if existing is not None:
        return existing
    link = ActionFeedbackLink(action=action, feedback_item=item)
    db.session.add(link)
    db.session.flush()
    return link


def unlink_feedback(action, feedback_id):
    link = db.session.scalars(select(ActionFeedbackLink).where(
        ActionFeedbackLink.action_id == action.id, ActionFeedbackLink.feedback_item_id == feedback_id)).first()
    if link is None:
        raise ServiceError("That feedback is not linked to this action.")
    db.session.delete(link)
    db.session.flush()


def linked_feedback(action):
    statement = (select(FeedbackItem).join(ActionFeedbackLink, ActionFeedbackLink.feedback_item_id == FeedbackItem.id)
                 .where(ActionFeedbackLink.action_id == action.id, FeedbackItem.shown_individually())
                 .options(selectinload(FeedbackItem.partner))
                 .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()))
    return db.session.scalars(statement).all()


def actions_linked_to(item):
    """The actions a feedback item led to, for its page."""
    statement = (select(ProgramAction).join(ActionFeedbackLink, ActionFeedbackLink.action_id == ProgramAction.id)
                 .where(ActionFeedbackLink.feedback_item_id == item.id).order_by(ProgramAction.effective_on.desc()))
    return db.session.scalars(statement).all()


def recent_actions(limit=50):
    statement = select(ProgramAction).order_by(ProgramAction.effective_on.desc(), ProgramAction.id.desc())
    return db.session.scalars(statement.limit(limit)).all()


def feedback_candidates(action, search, limit=10):
    """Items matching `search` that are not linked yet, to pick from on the action's page."""
    if not (search or "").strip():
        return []
    linked = select(ActionFeedbackLink.feedback_item_id).where(ActionFeedbackLink.action_id == action.id)
    statement = filtered_feedback(FeedbackFilters(search=search)).where(FeedbackItem.id.not_in(linked))
    return db.session.scalars(statement.options(selectinload(FeedbackItem.partner)).limit(limit)).all()


# --- before and after -------------------------------------------------------------------

# (label, figure, answers it rests on, higher is better)
METRICS = (
    ("NPS", "nps", "nps_count", True),
    (score_label("csat"), "csat", "csat_count", True),
    ("Average sentiment (-1 to 1)", "sentiment", "sentiment_count", True),
    ("Action-needed share (%)", "action_share", "loop_count", False),
)


@dataclass(frozen=True)
class MetricChange:
    label: str
    before: float | None
    before_count: int
    after: float | None
    after_count: int
    higher_is_better: bool

    @property
    def too_few(self):
        return min(self.before_count, self.after_count) < MIN_ANSWERS

    @property
    def change(self):
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 2)

    @property
    def improved(self):
        """True/False when the figure got better/worse, None when unchanged or unknown."""
        if not self.change:
            return None
        return (self.change > 0) == self.higher_is_better


@dataclass(frozen=True)
class BeforeAfter:
    window_days: int
    before_start: date
    before_end: date
    after_start: date
    after_end: date
    before: dict
    after: dict
    metrics: tuple[MetricChange, ...]
    anonymous_hidden: int
    today: date

    @property
    def not_started(self):
        return self.after_start > self.today

    @property
    def still_open(self):
        return not self.not_started and self.after_end >= self.today

    @property
    def too_few(self):
        return any(metric.too_few for metric in self.metrics)


def scope_filters(action, start, end):
    """The metric filters of the action's scope: its program element and/or partners;
    the whole program when it names neither."""
    return MetricFilters(start=start, end=end, program_element_id=action.program_element_id,
                         partner_ids=tuple(sorted(link.partner_id for link in action.partner_links)))


def before_after(action, window_days=DEFAULT_WINDOW, today=None):
    """The scope's figures for `window_days` before the effective date and from it on.

    The after window starts on the effective date; program_performance's "previous
    period" of that window is exactly the before window, so one call gives both."""
    if window_days not in WINDOWS:
        raise ServiceError(f"Choose a window of {', '.join(map(str, WINDOWS))} days.", field="window")
    after_start = action.effective_on
    after_end = after_start + timedelta(days=window_days - 1)
    figures = program_performance(scope_filters(action, after_start, after_end))
    before, after = figures["previous"], figures["summary"]
    metrics = tuple(MetricChange(label, before[key], before[count], after[key], after[count], better)
                    for label, key, count, better in METRICS)
    return BeforeAfter(window_days, after_start - timedelta(days=window_days), after_start - timedelta(days=1),
                       after_start, after_end, before, after, metrics, figures["anonymous_hidden"],
                       today or local_today())
