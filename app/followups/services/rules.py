"""Automation rules: when a recorded feedback item meets every condition of a rule, a
follow-up is created for the partner's manager (or a named staff user), due in N days,
and its owner gets an email.

Conditions are SQL (`rule_conditions`), so one definition decides which new items
match and counts the existing items a rule would have matched (one COUNT). Rules run
as the vendor: a partner user's feedback triggers them too, but the rules and the
follow-ups they create belong to the vendor's staff (see `vendor_scope`).

Hooks: `record_feedback` calls `apply_rules(item)`; bulk paths that insert rows
directly call `apply_rules_to_items(ids)` after their insert."""

from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app.analysis.models import Theme
from app.analysis.services.themes import tagged_item_ids
from app.core.errors import ServiceError
from app.extensions import db
from app.feedback.constants import CSAT_RANGE
from app.feedback.models import (
    Channel,
    FeedbackCategory,
    FeedbackItem,
    LoopResponse,
    ProgramElement,
    SentimentLabel,
    Source,
)
from app.followups.models import AssignTo, AutomationRule, FollowUp, Priority
from app.followups.services.followups import DuplicateFollowUp, create_follow_up, today
from app.followups.services.service_levels import check_staff_user
from app.partners.lists import canonical_name
from app.partners.models import Partner, PartnerTier
from app.tenancy import TenantScopeError, active_scope, scoped_to
from app.tenants.models import STAFF_ROLES, Membership, Role

MAX_DUE_DAYS = 365
CHUNK = 500  # ids per IN (...) list: well under SQLite's bound-parameter limit
CONDITIONS = ("source", "channel", "nps_detractor", "nps_promoter", "csat_at_most", "negative_sentiment",
              "action_needed", "category_id", "tier_id", "region", "theme_id", "program_element_id", "partner_id")


@dataclass
class RuleInput:
    """A rule as a form gives it; unset conditions match anything."""

    name: str
    active: bool = True
    source: str | None = None
    channel: str | None = None
    nps_detractor: bool = False
    nps_promoter: bool = False
    csat_at_most: int | None = None
    negative_sentiment: bool = False
    action_needed: bool = False
    category_id: int | None = None
    tier_id: int | None = None
    region: str = ""
    theme_id: int | None = None
    program_element_id: int | None = None
    partner_id: int | None = None
    assign_to: str = AssignTo.PARTNER_MANAGER
    owner_id: int | None = None
    due_in_days: int = 2
    priority: str = Priority.NORMAL

    @classmethod
    def of(cls, rule):
        return cls(**{field.name: getattr(rule, field.name) for field in fields(cls)})


# --- checking a rule ------------------------------------------------------------------


def _enum_or_error(enum_cls, value, field):
    if value in (None, ""):
        return None
    try:
        return enum_cls(value)
    except ValueError as error:
        raise ServiceError("Choose one of the options.", field=field) from error


def _is_set(value):
    return value is not None and value is not False and value != ""  # 0 is a (bad) CSAT threshold


def _check_conditions(data):
    if not any(_is_set(getattr(data, name)) for name in CONDITIONS):
        raise ServiceError("Add at least one condition: without one the rule would follow up on every item.")
    low, high = CSAT_RANGE
    if data.csat_at_most is not None and data.csat_at_most < low:
        raise ServiceError(f"CSAT answers are {low} to {high}, so “at or below” less than {low} never matches.",
                           field="csat_at_most")
    if data.csat_at_most is not None and data.csat_at_most > high:
        raise ServiceError(f"CSAT answers are {low} to {high}: choose {low} to {high}.", field="csat_at_most")
    if data.nps_detractor and data.nps_promoter:
        raise ServiceError("An NPS answer cannot be a detractor (0-6) and a promoter (9-10) at once: "
                           "choose one.", field="nps_promoter")
    if data.category_id and _scoped_get(FeedbackCategory, data.category_id) is None:
        raise ServiceError("Unknown category.", field="category_id")
    for field, model, name in REFERENCES:
        if getattr(data, field) and _scoped_get(model, getattr(data, field)) is None:
            raise ServiceError(f"Unknown {name}.", field=field)


REFERENCES = (("category_id", FeedbackCategory, "category"), ("tier_id", PartnerTier, "partner tier"),
              ("theme_id", Theme, "theme"), ("program_element_id", ProgramElement, "program element"),
              ("partner_id", Partner, "partner"))


def _scoped_get(model, object_id):
    # A scoped SELECT, not Session.get: that can answer from the identity map, unscoped.
    return db.session.scalars(select(model).where(model.id == object_id)).first()


def _check_action(data):
    assign_to = _enum_or_error(AssignTo, data.assign_to, "assign_to")
    if assign_to is None:
        raise ServiceError("Choose who gets the follow-ups.", field="assign_to")
    if assign_to == AssignTo.USER and not data.owner_id:
        raise ServiceError("Choose the staff member who gets the follow-ups.", field="owner_id")
    if data.owner_id:
        check_staff_user(data.owner_id, "owner_id")
    days = data.due_in_days
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= MAX_DUE_DAYS:
        raise ServiceError(f"Due in 1 to {MAX_DUE_DAYS} days.", field="due_in_days")
    _enum_or_error(Priority, data.priority, "priority")


def check_rule(data):
    """Raise ServiceError (with the field at fault) for a rule that cannot work."""
    name = (data.name or "").strip()
    if not name or len(name) > 120:
        raise ServiceError("Give the rule a name of up to 120 characters.", field="name")
    _enum_or_error(Source, data.source, "source")
    _enum_or_error(Channel, data.channel, "channel")
    _check_conditions(data)
    _check_action(data)


# --- matching -------------------------------------------------------------------------


def rule_conditions(rule):
    """SQL conditions on FeedbackItem for a rule (or RuleInput): every set one must hold.
    Never an anonymous survey answer: a follow-up and its email would name it to a person."""
    item = FeedbackItem
    conditions = [item.shown_individually(), *_answer_conditions(rule), *_reference_conditions(rule)]
    partner_conditions = _partner_conditions(rule)
    if partner_conditions:
        conditions.append(item.partner_id.in_(select(Partner.id).where(*partner_conditions)))
    return conditions


def _answer_conditions(rule):
    """Conditions on what was said: source, channel, scores, sentiment, loop response."""
    item, conditions = FeedbackItem, []
    if rule.source:
        conditions.append(item.source == Source(rule.source))
    if rule.channel:
        conditions.append(item.channel == Channel(rule.channel))
    if rule.nps_detractor:
        conditions.append(item.nps <= 6)
    if rule.nps_promoter:
        conditions.append(item.nps >= 9)
    if rule.csat_at_most is not None:
        conditions.append(item.csat <= rule.csat_at_most)
    if rule.negative_sentiment:
        conditions.append(item.sentiment_label == SentimentLabel.NEGATIVE)
    if rule.action_needed:
        effective = func.coalesce(item.loop_response_override, item.loop_response)
        conditions.append(effective == LoopResponse.ACTION_NEEDED.value)
    return conditions


def _reference_conditions(rule):
    """Conditions on what it is about: category, theme, program element, partner."""
    item, conditions = FeedbackItem, []
    if rule.category_id:
        conditions.append(item.category_id == rule.category_id)
    if rule.theme_id:
        conditions.append(item.id.in_(tagged_item_ids(rule.theme_id)))
    if rule.program_element_id:
        conditions.append(item.program_element_id == rule.program_element_id)
    if rule.partner_id:
        conditions.append(item.partner_id == rule.partner_id)
    return conditions


def _partner_conditions(rule):
    conditions = []
    if rule.tier_id:
        conditions.append(Partner.tier_id == rule.tier_id)
    if (rule.region or "").strip():
        conditions.append(func.lower(Partner.region) == rule.region.strip().lower())
    return conditions


def count_matches(data):
    """How many existing feedback items the rule would have matched (one COUNT)."""
    check_rule(data)
    return db.session.scalar(select(func.count(FeedbackItem.id)).where(*rule_conditions(data)))


def first_matches(data, limit=20):
    """The `limit` newest existing items the rule would have matched (the list's order)."""
    return db.session.scalars(select(FeedbackItem).where(*rule_conditions(data))
                              .options(selectinload(FeedbackItem.partner))
                              .order_by(FeedbackItem.given_at.desc(), FeedbackItem.id.desc()).limit(limit)).all()


def _score_filter(rule):
    scores = [("nps", None, 6) if rule.nps_detractor else None, ("nps", 9, None) if rule.nps_promoter else None,
              ("csat", None, rule.csat_at_most) if rule.csat_at_most is not None else None]
    scores = [score for score in scores if score]
    if len(scores) > 1:
        raise ValueError("one score range per list")
    kind, low, high = scores[0] if scores else (None, None, None)
    return {"score_kind": kind, "min_score": low, "max_score": high}


def list_filters(rule):
    """The feedback list's query arguments that list exactly the items `rule` matches, or
    None when the list cannot say it (an NPS and a CSAT condition at once)."""
    try:
        scores = _score_filter(rule)
    except ValueError:
        return None
    args = {"source": rule.source, "channel": rule.channel, "category_id": rule.category_id,
            "theme_id": rule.theme_id, "program_element_id": rule.program_element_id, "partner_id": rule.partner_id,
            "tier_id": rule.tier_id, "region": (rule.region or "").strip(),
            "sentiment": SentimentLabel.NEGATIVE.value if rule.negative_sentiment else None,
            "loop_response": LoopResponse.ACTION_NEEDED.value if rule.action_needed else None, **scores}
    return {key: getattr(value, "value", value) for key, value in args.items() if value not in (None, "")}


# --- saving ---------------------------------------------------------------------------


def _apply_input(rule, data):
    for field in fields(RuleInput):
        setattr(rule, field.name, getattr(data, field.name))
    # The region list's spelling (an unknown region is a field error), so renaming the
    # region renames it here too (app/partners/lists.py).
    rule.name, rule.region = data.name.strip(), canonical_name("region", data.region)
    rule.source, rule.channel = data.source or None, data.channel or None
    for field, _, _ in REFERENCES:
        setattr(rule, field, getattr(data, field) or None)
    rule.owner_id = data.owner_id or None
    return rule


def create_rule(actor, data):
    check_rule(data)
    rule = _apply_input(AutomationRule(created_by_id=actor.id), data)
    db.session.add(rule)
    db.session.flush()
    return rule


def update_rule(rule, data):
    check_rule(data)
    return _apply_input(rule, data)


def list_rules():
    return db.session.scalars(select(AutomationRule).options(
        selectinload(AutomationRule.owner), selectinload(AutomationRule.category), selectinload(AutomationRule.tier)
    ).order_by(AutomationRule.name, AutomationRule.id)).all()


# --- applying -------------------------------------------------------------------------


@contextmanager
def vendor_scope():
    """The active tenant, without a partner user's limits: rules are the vendor's
    automation, acting for the vendor even when a partner's feedback triggers them."""
    scope = active_scope()
    if scope is None:
        raise TenantScopeError("Automation rules run in a tenant's scope.")
    with scoped_to(scope.tenant_id):
        yield


def _staff_and_admins():
    rows = db.session.execute(select(Membership.user_id, Membership.role)
                              .where(Membership.role.in_(STAFF_ROLES)).order_by(Membership.id)).all()
    staff = {user_id for user_id, _ in rows}
    admins = [user_id for user_id, role in rows if role == Role.ADMIN]
    return staff, admins[0] if admins else None


def _owner_id(rule, item, staff, first_admin):
    """The partner's manager, else the rule's named user, else the first admin."""
    candidates = [rule.owner_id, first_admin]
    if rule.assign_to == AssignTo.PARTNER_MANAGER and item.partner is not None:
        candidates.insert(0, item.partner.manager_id)
    return next((user_id for user_id in candidates if user_id in staff), None)


def _apply_rule(rule, ids, staff, first_admin, on):
    matched = db.session.scalars(select(FeedbackItem).where(FeedbackItem.id.in_(ids), *rule_conditions(rule))
                                 .options(selectinload(FeedbackItem.partner))).all()
    done = set(db.session.scalars(select(FollowUp.feedback_item_id).where(
        FollowUp.rule_id == rule.id, FollowUp.feedback_item_id.in_(ids))))
    created = []
    for item in matched:
        owner_id = _owner_id(rule, item, staff, first_admin)
        if item.id in done or owner_id is None:
            continue
        try:
            # The default title names the item, not the rule: delegated partners see titles.
            created.append(create_follow_up(item, None, owner_id, on + timedelta(days=rule.due_in_days),
                                            rule.priority, rule=rule, on=on))
        except DuplicateFollowUp:
            continue  # a concurrent run created it: the unique constraint decided
    return created


def active_rules():
    """The tenant's active rules, in the order they run."""
    with vendor_scope():
        return db.session.scalars(select(AutomationRule).where(AutomationRule.active.is_(True))
                                  .order_by(AutomationRule.id)).all()


def apply_rules_to_items(ids, on=None, rules=None):
    """Run the tenant's active rules (`rules`, else read now) over the feedback items
    `ids`; returns the new follow-ups. At most one follow-up per (rule, item), however
    often this runs."""
    ids = sorted(set(ids))
    on = on or today()
    rules = active_rules() if rules is None else rules
    with vendor_scope():
        if not rules or not ids:
            return []
        staff, first_admin = _staff_and_admins()
        created = []
        for rule in rules:
            for start in range(0, len(ids), CHUNK):
                created += _apply_rule(rule, ids[start:start + CHUNK], staff, first_admin, on)
        db.session.flush()  # in the vendor's scope: the new rows are the vendor's
    return created


def apply_rules(item, rules=None):
    """The hook for record_feedback: rules over one just-flushed item."""
    return apply_rules_to_items([item.id], rules=rules)
