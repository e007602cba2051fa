"""Recording, finding and annotating feedback items: the one store for every channel."""

import hashlib
import operator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import selectinload

from app.analysis.services.labels import analyse, analysed_values, loop_response_of
from app.analysis.services.themes import active_matcher, apply_themes, tagged_item_ids
from app.core.errors import ServiceError
from app.core.models import start_of_day, utcnow
from app.extensions import db
from app.feedback.constants import (
    DEFAULT_LANGUAGE,
    MAX_LANGUAGE_LENGTH,
    MAX_TEXT_LENGTH,
    SCORE_NAMES,
    SCORE_RANGES,
)
from app.feedback.models import (
    Channel,
    CustomerContact,
    FeedbackCategory,
    FeedbackItem,
    FeedbackStatus,
    InternalNote,
    LoopResponse,
    ProgramElement,
    SentimentLabel,
    Source,
)
from app.followups.services.rules import active_rules, apply_rules
from app.integrations.services.webhooks import FEEDBACK_CREATED, emit_feedback_created, subscribers
from app.jobs.services.submit import submit
from app.partners.models import Partner

DEFAULT_PROGRAM_ELEMENTS = ("Deal registration", "MDF", "Enablement & training", "Support", "Partner portal")
DEFAULT_CATEGORIES = ("Problem", "Request", "Question", "Praise")


def seed_feedback_defaults():
    """Default program elements and categories of a new tenant (in its scope)."""
    for position, name in enumerate(DEFAULT_PROGRAM_ELEMENTS):
        db.session.add(ProgramElement(name=name, position=position))
    for position, name in enumerate(DEFAULT_CATEGORIES):
        db.session.add(FeedbackCategory(name=name, position=position))


def add_list_entry(model, name):
    """Add a program element or category; names are unique per tenant, ignoring case."""
    name = name.strip()
    if db.session.scalars(select(model.id).where(func.lower(model.name) == name.lower())).first():
        raise ServiceError("This name is in the list already.", field="name")
    position = (db.session.scalar(select(func.max(model.position))) or 0) + 1
    entry = model(name=name, position=position)
    db.session.add(entry)
    return entry


def program_elements():
    return db.session.scalars(select(ProgramElement).order_by(ProgramElement.position, ProgramElement.name)).all()


def categories():
    return db.session.scalars(select(FeedbackCategory).order_by(FeedbackCategory.position, FeedbackCategory.name)).all()


def _scoped_object(model, object_id, field, known=None):
    """A referenced object of the active tenant, or a field error (foreign ids look unknown).
    `known` maps (model, id) to objects the caller already loaded in this scope (bulk paths)."""
    if object_id is None:
        return None
    if known and (model, object_id) in known:
        return known[(model, object_id)]
    obj = db.session.scalars(select(model).where(model.id == object_id)).first()
    if obj is None:
        raise ServiceError(f"Unknown {field.replace('_id', '').replace('_', ' ')}.", field=field)
    return obj


def _check_scores(scores):
    for name, value in scores.items():
        if value is None:
            continue
        low, high = SCORE_RANGES[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ServiceError(f"{SCORE_NAMES[name]} must be a whole number from {low} to {high}.", field=name)


def _check_text(text):
    if len(text) > MAX_TEXT_LENGTH:
        raise ServiceError(f"Keep the text under {MAX_TEXT_LENGTH:,} characters.", field="text")
    if "\x00" in text:
        raise ServiceError("The text contains a NUL character.", field="text")


def content_hash(source, channel, partner_id, text, given_at, nps, csat, rating):
    """A stable key for items without an external id, for idempotent imports."""
    parts = [str(source), str(channel), str(partner_id), text.strip(), given_at.isoformat(), str(nps),
             str(csat), str(rating)]
    return "sha256:" + hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class FeedbackInput:
    """What a channel knows about one item; ids refer to the active tenant's objects."""

    source: Source
    channel: Channel
    text: str = ""
    partner_id: int | None = None
    program_element_id: int | None = None
    category_id: int | None = None
    nps: int | None = None
    csat: int | None = None
    rating: int | None = None
    language: str = DEFAULT_LANGUAGE
    link_url: str = ""
    given_at: datetime | None = None
    external_id: str | None = None
    submitter_name: str = ""
    submitter_email: str = ""
    anonymous: bool = False


def _dedupe_key(data, given_at):
    if data.external_id:
        return f"ext:{data.channel}:{data.external_id}"[:250]
    if data.channel in (Channel.IMPORT, Channel.API):
        return content_hash(data.source, data.channel, data.partner_id, data.text, given_at,
                            data.nps, data.csat, data.rating)
    return None


def find_duplicate(dedupe_key):
    if dedupe_key is None:
        return None
    return db.session.scalars(select(FeedbackItem).where(FeedbackItem.dedupe_key == dedupe_key)).first()


def _checked(data, known=None):
    """Validate `data`; returns its (partner, program element, category, given_at)."""
    _check_text(data.text or "")
    _check_scores({"nps": data.nps, "csat": data.csat, "rating": data.rating})
    partner = _scoped_object(Partner, data.partner_id, "partner_id", known)
    element = _scoped_object(ProgramElement, data.program_element_id, "program_element_id", known)
    category = _scoped_object(FeedbackCategory, data.category_id, "category_id", known)
    given_at = data.given_at or utcnow()
    if given_at > utcnow():
        raise ServiceError("The date the feedback was given cannot be in the future.", field="given_at")
    if data.anonymous:
        given_at = start_of_day(given_at)  # a time would point at whoever answered then
    return partner, element, category, given_at


def build_feedback(data: FeedbackInput, author=None, contact=None, known=None, analyse_text=True):
    """Validate `data` and return an analysed, unsaved FeedbackItem (raises ServiceError).
    Bulk callers pass `known` ({(model, id): object} loaded in scope) to skip per-item look-ups.
    Without `analyse_text` only the scores are read (the loop response so far); the text's
    analysis is left to a job (analysed_by stays NULL until then)."""
    text = data.text or ""
    partner, element, category, given_at = _checked(data, known)
    item = FeedbackItem(
        source=Source(data.source), channel=Channel(data.channel), partner=partner, program_element=element,
        category=category, nps=data.nps, csat=data.csat, rating=data.rating, text=text,
        language=(data.language or DEFAULT_LANGUAGE)[:MAX_LANGUAGE_LENGTH], link_url=data.link_url or "", given_at=given_at,
        external_id=data.external_id, dedupe_key=_dedupe_key(data, given_at), author=author,
        contact=contact, submitter_name=data.submitter_name or "", submitter_email=data.submitter_email or "",
        anonymous=data.anonymous,
    )
    if data.anonymous:
        item.recorded_at = given_at  # recorded "that day", not at the moment someone answered
    if not analyse_text:
        item.loop_response = loop_response_of(item.nps, item.csat, item.rating)
        return item
    return analyse(item)


def feedback_values(data: FeedbackInput, known=None):
    """Bulk paths: the column values build_feedback would give a new item without author or
    contact (same checks, dedupe key and analysis), as a dict for one executemany INSERT.
    Building an ORM object per row costs more than analysing its text (imports)."""
    text = data.text or ""
    partner, element, category, given_at = _checked(data, known)
    language = (data.language or DEFAULT_LANGUAGE)[:MAX_LANGUAGE_LENGTH]
    return {
        "source": Source(data.source), "channel": Channel(data.channel),
        "partner_id": partner.id if partner else None, "program_element_id": element.id if element else None,
        "category_id": category.id if category else None,
        "nps": data.nps, "csat": data.csat, "rating": data.rating, "text": text,
        "language": language, "link_url": data.link_url or "", "given_at": given_at,
        "external_id": data.external_id, "dedupe_key": _dedupe_key(data, given_at),
        "submitter_name": data.submitter_name or "", "submitter_email": data.submitter_email or "",
        "anonymous": data.anonymous, **analysed_values(text, language, data.nps, data.csat, data.rating),
    }


def record_feedback(data: FeedbackInput, author=None, contact=None, new_external_id=False, known=None,
                    defer_analysis=False):
    """Validate, analyse and add one item; returns (item, created). A repeat of an item
    already stored (same external id or content) returns the stored one, created=False.
    `new_external_id`: the caller knows no item has this external id (it names a row
    created in this transaction), so the look-up for a repeat is skipped. `known`: as for
    build_feedback. `defer_analysis`: store the item now and leave the text's analysis,
    themes, the feedback.created webhook and rules to a job (app/feedback/tasks.py) that
    runs once the caller commits (the survey answer: it answers before any of that)."""
    defer = defer_analysis and bool((data.text or "").strip())
    item = build_feedback(data, author=author, contact=contact, known=known, analyse_text=not defer)
    existing = None if new_external_id and data.external_id else find_duplicate(item.dedupe_key)
    if existing is not None:
        return existing, False
    if defer:
        db.session.add(item)
        db.session.flush()
        submit("feedback.analyse", "Analyse new feedback", {"item_id": item.id})
        return item, True
    # The tenant's themes, webhook endpoints and rules are read before the INSERT: its
    # rollup triggers lock the item's rollup rows until commit, and every concurrent
    # writer of the same day and partner waits for that lock.
    matcher, subscribed, rules = active_matcher(), subscribers(FEEDBACK_CREATED), active_rules()
    db.session.add(item)
    db.session.flush()
    finish_recording(item, matcher, subscribed, rules)
    return item, True


def finish_recording(item, matcher=None, subscribed=None, rules=None):
    """What follows an analysed item's INSERT: its automatic themes, the feedback.created
    webhook and the automation rules."""
    apply_themes(item, matcher or active_matcher())
    emit_feedback_created(item, subscribed)
    apply_rules(item, rules)


def override_loop_response(item, value):
    """Staff's correction of the derived loop response (None: back to automatic).
    Analysis never touches the override, so re-running it keeps the correction."""
    item.loop_response_override = LoopResponse(value) if value else None
    return item


def add_internal_note(item, author, body):
    body = (body or "").strip()
    if not body:
        raise ServiceError("Write a note.", field="body")
    _check_text(body)
    note = InternalNote(feedback_item=item, author=author, body=body)
    db.session.add(note)
    return note


@dataclass
class FeedbackFilters:
    partner_id: int | None = None
    source: str | None = None
    channel: str | None = None
    program_element_id: int | None = None
    category_id: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_score: int | None = None
    max_score: int | None = None
    search: str | None = None
    theme_id: int | None = None
    detected_language: str | None = None  # en, de, fr, es or "other"
    status: str | None = None  # a FeedbackStatus value
    score_kind: str | None = None  # nps, csat or rating: the score min/max_score compare; None: any score
    sentiment: str | None = None  # a SentimentLabel value (the effective label, corrections included)
    loop_response: str | None = None  # a LoopResponse value (staff's correction first)
    follow_up: str | None = None  # one of FOLLOW_UP_STATES
    tier_id: int | None = None
    region: str | None = None  # the partner's region, ignoring case


# The follow-up states the list filters on: none at all, an active one, an active one past
# due, or only finished ones.
FOLLOW_UP_STATES = ("none", "open", "overdue", "done")


def _score_column(kind=None):
    if kind in SCORE_RANGES:
        return getattr(FeedbackItem, kind)
    # One "score" to filter on: NPS where present, else CSAT, else rating.
    return func.coalesce(FeedbackItem.nps, FeedbackItem.csat, FeedbackItem.rating)


def _follow_up_condition(state):
    from app.followups.models import ACTIVE_STATUSES, FollowUp
    from app.followups.services.followups import today

    any_of = select(FollowUp.feedback_item_id).where(FollowUp.feedback_item_id.is_not(None))
    active = any_of.where(FollowUp.status.in_(ACTIVE_STATUSES))
    return {
        "none": FeedbackItem.id.not_in(any_of),
        "open": FeedbackItem.id.in_(active),
        "overdue": FeedbackItem.id.in_(active.where(FollowUp.due_on < today())),
        "done": and_(FeedbackItem.id.in_(any_of), FeedbackItem.id.not_in(active)),
    }[state]


def _partner_condition(filters):
    wanted = []
    if filters.tier_id:
        wanted.append(Partner.tier_id == filters.tier_id)
    if (filters.region or "").strip():
        wanted.append(func.lower(Partner.region) == filters.region.strip().lower())
    return FeedbackItem.partner_id.in_(select(Partner.id).where(*wanted)) if wanted else None


def _equal_conditions(filters):
    values = {
        FeedbackItem.partner_id: filters.partner_id,
        FeedbackItem.source: Source(filters.source) if filters.source else None,
        FeedbackItem.channel: Channel(filters.channel) if filters.channel else None,
        FeedbackItem.program_element_id: filters.program_element_id,
        FeedbackItem.category_id: filters.category_id,
        FeedbackItem.detected_language: filters.detected_language or None,
        FeedbackItem.status: FeedbackStatus(filters.status) if filters.status else None,
        FeedbackItem.sentiment_label: SentimentLabel(filters.sentiment) if filters.sentiment else None,
        func.coalesce(FeedbackItem.loop_response_override, FeedbackItem.loop_response):
            LoopResponse(filters.loop_response).value if filters.loop_response else None,
    }
    return [column == value for column, value in values.items() if value is not None]


def _range_conditions(filters):
    score = _score_column(filters.score_kind)
    bounds = [(FeedbackItem.given_at, operator.ge, filters.since), (FeedbackItem.given_at, operator.lt, filters.until),
              (score, operator.ge, filters.min_score), (score, operator.le, filters.max_score)]
    conditions = [compare(column, value) for column, compare, value in bounds if value is not None]
    if filters.score_kind in SCORE_RANGES:  # "Score: CSAT" alone lists the items with a CSAT answer
        conditions.append(score.is_not(None))
    return conditions


def filtered_feedback(filters: FeedbackFilters):
    """A select of the active scope's items matching `filters`, newest first; never an
    anonymous survey answer (see FeedbackItem.shown_individually)."""
    statement = select(FeedbackItem).where(FeedbackItem.shown_individually(), *_equal_conditions(filters),
                                           *_range_conditions(filters))
    if filters.search:
        pattern = f"%{filters.search.strip()}%"
        statement = statement.where(or_(FeedbackItem.text.ilike(pattern), FeedbackItem.submitter_name.ilike(pattern)))
    if filters.theme_id:
        statement = statement.where(FeedbackItem.id.in_(tagged_item_ids(filters.theme_id)))
    if filters.follow_up:
        statement = statement.where(_follow_up_condition(filters.follow_up))
    if (by_partner := _partner_condition(filters)) is not None:
        statement = statement.where(by_partner)
    return statement.order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc())


def feedback_page(filters: FeedbackFilters, page=1, per_page=25):
    statement = filtered_feedback(filters).options(
        selectinload(FeedbackItem.partner), selectinload(FeedbackItem.program_element),
        selectinload(FeedbackItem.category), selectinload(FeedbackItem.author), selectinload(FeedbackItem.contact),
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False)


def find_or_create_contact(partner, email, name="", company=""):
    email = email.strip().lower()
    contact = db.session.scalars(
        select(CustomerContact).where(CustomerContact.partner_id == (partner.id if partner else None),
                                      CustomerContact.email == email)
    ).first()
    if contact is None:
        contact = CustomerContact(partner=partner, email=email, name=name.strip(), company=company.strip())
        db.session.add(contact)
    return contact
