"""Follow-ups: who acts on a feedback item or idea, by when, and a log of what happened.

Views call one function per change and commit once. Status changes are
compare-and-set UPDATEs (`WHERE status = <the status the form showed>`), so a
double-submitted form, or two people acting at once, changes a follow-up once and
sends its emails once; the repeat learns the follow-up already is in that status."""

from dataclasses import dataclass

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.auth.models import User
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.core.timezones import local_today
from app.core.validation import clean_text
from app.extensions import db
from app.feedback.models import FeedbackItem, FeedbackStatus
from app.followups.models import (
    ActivityKind,
    FollowUp,
    FollowUpActivity,
    FollowUpStatus,
    LoopReply,
    Priority,
    ReplyState,
)
from app.mail import enqueue_email
from app.tenants.models import STAFF_ROLES, Membership

MAX_TITLE = 200
MAX_NOTE = 20_000


class DuplicateFollowUp(ServiceError):
    """This rule already created a follow-up for this item (UNIQUE(rule_id, feedback_item_id))."""


class AlreadySubmitted(ServiceError):
    """The same "new follow-up" form was submitted before; `follow_up` is the one it made."""

    def __init__(self, follow_up):
        super().__init__("This follow-up was already created (the form was sent twice).")
        self.follow_up = follow_up


def today():
    """Today where the acting person is (UTC in scheduled jobs): due dates are days."""
    return local_today()


# --- owners and due dates -------------------------------------------------------------


def owner_candidates(partner_id=None):
    """Memberships that may own a follow-up about `partner_id`: the vendor's staff, and
    the users of that partner (delegation). Staff first, then by name."""
    allowed = Membership.role.in_(STAFF_ROLES)
    if partner_id is not None:
        allowed = or_(allowed, Membership.partner_id == partner_id)
    statement = (select(Membership).join(User, User.id == Membership.user_id).where(allowed)
                 .options(selectinload(Membership.user)).order_by(Membership.partner_id.is_not(None), User.name))
    return db.session.scalars(statement).all()


def check_owner(owner_id, partner_id=None):
    """(owner, partner id it delegates to or None), or a ServiceError on `owner_id`.
    People of other tenants have no membership in this scope, so they are unknown here."""
    membership = db.session.scalars(
        select(Membership).where(Membership.user_id == owner_id).options(selectinload(Membership.user))
    ).first() if owner_id else None
    if membership is None:
        raise ServiceError("Choose someone from your team (or the partner's) as the owner.", field="owner_id")
    if membership.role.is_staff:
        return membership.user, None
    if partner_id is not None and membership.partner_id == partner_id:
        return membership.user, partner_id
    raise ServiceError("Only people of the partner this is about can own it.", field="owner_id")


def check_due(due_on, on=None):
    if due_on is None:
        raise ServiceError("Choose a due date.", field="due_on")
    if due_on < (on or today()):
        raise ServiceError("The due date cannot be in the past.", field="due_on")


def check_priority(priority):
    try:
        return Priority(priority)
    except ValueError as error:
        raise ServiceError("Choose a priority.", field="priority") from error


# --- the activity log ---------------------------------------------------------------


def log_activity(follow_up, actor, kind, body="", from_status=None, to_status=None, internal=False, now=None):
    """Add one log entry. The owner's first entry after creation is the first response."""
    now = now or utcnow()
    entry = FollowUpActivity(
        follow_up=follow_up, kind=kind, actor_id=actor.id if actor else None, body=body, from_status=from_status,
        to_status=to_status, internal=internal, created_at=now,
        partner_id=None if internal else follow_up.partner_id,
    )
    db.session.add(entry)
    if (actor is not None and kind != ActivityKind.CREATED and actor.id == follow_up.owner_id
            and follow_up.first_response_at is None):
        follow_up.first_response_at = now
    return entry


def visible_activities(follow_up):
    """The log entries the acting user may see (partner users: not the internal ones)."""
    return db.session.scalars(
        select(FollowUpActivity).where(FollowUpActivity.follow_up_id == follow_up.id)
        .options(selectinload(FollowUpActivity.actor)).order_by(FollowUpActivity.id)
    ).all()


def add_note(follow_up, actor, body, internal=True, staff=True):
    """A note in the log, internal (seen by vendor staff only) unless staff share it
    with `internal=False`: a shared note is read by the partner's users whenever the
    follow-up is delegated to them, now or later. Partner users' notes are never
    internal (their organisation and the vendor read them)."""
    body = clean_text(body, "body", MAX_NOTE, required=True)
    return log_activity(follow_up, actor, ActivityKind.NOTE, body=body, internal=internal and staff)


# --- what delegation shows ------------------------------------------------------------


@dataclass
class DelegationPreview:
    """What the partner's users will read once a follow-up is delegated to one of them."""

    partner_name: str
    owner_name: str
    fields: list  # [(label, value)] of the follow-up page's details
    shared_entries: list  # the log entries that are not internal, oldest first
    internal_entries: int  # how many entries stay with the vendor


class DelegationNeedsConfirmation(ServiceError):
    """Delegating would show a partner's users what `preview` lists: nothing changed;
    the caller confirms (delegation_confirmed=True) or chooses another owner."""

    def __init__(self, preview):
        super().__init__(f"Confirm what {preview.partner_name} will see before delegating.", field="owner_id")
        self.preview = preview


def _subject_text(subject):
    if isinstance(subject, FeedbackItem):
        return "Its text", subject.text or "No text."
    return "Its description", subject.description or "No details given."


def _recorded_fields(follow_up):
    """The dates and replies the follow-up's page shows besides what the form sets."""
    moments = (("Created", follow_up.created_at), ("First response", follow_up.first_response_at),
               ("Resolved", follow_up.resolved_at))
    fields = [(label, f"{moment:%d %b %Y %H:%M}") for label, moment in moments if moment is not None]
    if follow_up.replies:
        fields.append(("Replies sent", f"{len(follow_up.replies)}, with the address each went to"))
    return fields


def delegation_preview(subject, owner, title, due_on, priority, status=FollowUpStatus.OPEN, follow_up=None):
    """What delegating a follow-up (`follow_up`, or a new one on `subject`) to `owner`, a
    user of the partner it is about, shows that partner: the page's details with the
    given values, and every log entry that is not internal."""
    entries = visible_activities(follow_up) if follow_up is not None else []
    fields = [("Title", title), ("About", describe_subject(subject)), _subject_text(subject),
              ("Status", FollowUpStatus(status).label), ("Priority", Priority(priority).label),
              ("Due", f"{due_on:%d %b %Y}"), ("Owner", owner.name)]
    if follow_up is not None:
        fields += _recorded_fields(follow_up)
    partner = subject.partner
    return DelegationPreview(partner_name=partner.name if partner else "the partner", owner_name=owner.name,
                             fields=fields, shared_entries=[e for e in entries if not e.internal],
                             internal_entries=sum(1 for e in entries if e.internal))


def _check_delegation(delegated_to, already_delegated_to, confirmed, preview):
    """Refuse a new delegation nobody confirmed; `preview()` says what it would show."""
    if delegated_to is not None and delegated_to != already_delegated_to and not confirmed:
        raise DelegationNeedsConfirmation(preview())


# --- creating and editing -------------------------------------------------------------


def describe_subject(subject):
    if isinstance(subject, FeedbackItem):
        partner = f" from {subject.partner.name}" if subject.partner else ""
        return f"Feedback #{subject.id}{partner}"
    return f"Idea “{subject.title}”"


def notify_owner(follow_up, actor=None, reason=""):
    """Email the owner that a follow-up is theirs (not when they assigned it themselves)."""
    owner = follow_up.owner
    if owner is None or (actor is not None and actor.id == owner.id):
        return None
    return enqueue_email("followup_assigned", owner.email, f"Follow-up for you: {follow_up.title}"[:255],
                         "followup_assigned", follow_up=follow_up, owner=owner, reason=reason,
                         subject_label=describe_subject(follow_up.subject))


def _by_request_key(request_key):
    return db.session.scalars(select(FollowUp).where(FollowUp.request_key == request_key)).first()


def insert_follow_up(follow_up):
    """Insert in a savepoint; False when a unique constraint says it exists already."""
    try:
        with db.session.begin_nested():
            db.session.add(follow_up)
        return True
    except IntegrityError:
        return False


TITLE_WORDS = 8


def default_title(subject):
    """A follow-up's title when nobody wrote one: the feedback's first words, which say
    what it is about in lists and emails; an item without text, or an idea, is named."""
    words = (subject.text or "").split() if isinstance(subject, FeedbackItem) else []
    if not words:
        return describe_subject(subject)[:MAX_TITLE]
    title = " ".join(words[:TITLE_WORDS])[:MAX_TITLE - 1]
    return f"{title}…" if len(words) > TITLE_WORDS or len(title) < len(" ".join(words)) else title


def create_follow_up(subject, actor, owner_id, due_on, priority=Priority.NORMAL, title="", rule=None,
                     request_key=None, on=None, delegation_confirmed=False):
    """A new open follow-up on a feedback item or idea; emails its owner. Raises
    ServiceError for bad input, AlreadySubmitted for a repeated form, and
    DelegationNeedsConfirmation when the owner is a partner user and
    `delegation_confirmed` is not set."""
    if isinstance(subject, FeedbackItem) and subject.anonymous:
        # Its title, page and email would single out an answer that only counts in totals.
        raise ServiceError("An anonymous survey answer cannot get a follow-up: it appears only in totals.")
    check_due(due_on, on)
    priority = check_priority(priority)
    title = clean_text(title, "title", MAX_TITLE) or default_title(subject)
    owner, delegated_to = check_owner(owner_id, subject.partner_id)
    if request_key and (existing := _by_request_key(request_key)) is not None:
        raise AlreadySubmitted(existing)
    _check_delegation(delegated_to, None, delegation_confirmed,
                      lambda: delegation_preview(subject, owner, title, due_on, priority))
    is_item = isinstance(subject, FeedbackItem)
    follow_up = FollowUp(
        feedback_item_id=subject.id if is_item else None, idea_id=None if is_item else subject.id,
        about_partner_id=subject.partner_id, partner_id=delegated_to, title=title, owner_id=owner.id,
        owner=owner, created_by_id=actor.id if actor else None, rule_id=rule.id if rule else None,
        request_key=request_key, priority=priority, due_on=due_on,
    )
    if not insert_follow_up(follow_up):
        existing = _by_request_key(request_key) if request_key else None
        if existing is not None:
            raise AlreadySubmitted(existing)
        raise DuplicateFollowUp("This rule already created a follow-up for this item.")
    log_activity(follow_up, actor, ActivityKind.CREATED, body=f"Assigned to {owner.name}, due {due_on:%d %b %Y}.")
    if rule is not None:
        log_activity(follow_up, None, ActivityKind.CREATED, body=f"Created by the rule “{rule.name}”.",
                     internal=True)
    notify_owner(follow_up, actor, reason=f"the rule “{rule.name}”" if rule else (actor.name if actor else ""))
    return follow_up


def _reassign(follow_up, actor, owner, delegated_to):
    follow_up.owner_id, follow_up.owner = owner.id, owner
    if follow_up.partner_id != delegated_to:
        follow_up.partner_id = delegated_to
        # Non-internal entries follow the delegation: the new owner's organisation sees them.
        db.session.execute(update(FollowUpActivity).where(
            FollowUpActivity.follow_up_id == follow_up.id, FollowUpActivity.internal.is_(False)
        ).values(partner_id=delegated_to))
    log_activity(follow_up, actor, ActivityKind.ASSIGNED, body=f"Assigned to {owner.name}.")
    notify_owner(follow_up, actor, reason=actor.name if actor else "")


def update_follow_up(follow_up, actor, owner_id, due_on, priority, title, on=None, delegation_confirmed=False):
    """Staff change the owner (or delegate to the partner), due date, priority or title.
    Delegating to a partner it is not delegated to yet raises DelegationNeedsConfirmation,
    changing nothing, unless `delegation_confirmed`."""
    if due_on != follow_up.due_on:
        check_due(due_on, on)
    priority = check_priority(priority)
    title = clean_text(title, "title", MAX_TITLE, required=True)
    owner, delegated_to = check_owner(owner_id, follow_up.about_partner_id)
    _check_delegation(delegated_to, follow_up.partner_id, delegation_confirmed, lambda: delegation_preview(
        follow_up.subject, owner, title, due_on, priority, follow_up.status, follow_up))
    if due_on != follow_up.due_on:
        log_activity(follow_up, actor, ActivityKind.NOTE, body=f"Due date moved to {due_on:%d %b %Y}.")
        follow_up.due_on, follow_up.escalated_at = due_on, None  # a new deadline can be escalated again
    follow_up.priority, follow_up.title = priority, title
    if owner.id != follow_up.owner_id:
        _reassign(follow_up, actor, owner, delegated_to)
    return follow_up


# --- status changes -------------------------------------------------------------------


def _values_for(status, now):
    if status == FollowUpStatus.RESOLVED:
        return {"resolved_at": now, "loop_closed_at": None}
    return {"resolved_at": None, "loop_closed_at": None}


def _compare_and_set(follow_up, current, status, now):
    values = {"status": status, "status_changed_at": now, **_values_for(status, now)}
    result = db.session.execute(
        update(FollowUp).where(FollowUp.id == follow_up.id, FollowUp.status == current).values(**values),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount == 1:
        for key, value in values.items():
            set_committed_value(follow_up, key, value)
        return True
    db.session.refresh(follow_up)
    return False


def _changed_meanwhile(follow_up):
    return ServiceError(f"Someone changed this follow-up meanwhile: it is now “{follow_up.status.label}”. "
                        "Check the log, then try again.")


def _sync_feedback_status(follow_up, status):
    item = follow_up.feedback_item
    if item is None:
        return
    if status == FollowUpStatus.RESOLVED:
        item.status = FeedbackStatus.RESOLVED
    elif status.is_active and item.status == FeedbackStatus.RESOLVED:
        item.status = FeedbackStatus.IN_REVIEW


def _supersede_awaiting_replies(follow_up, now):
    db.session.execute(update(LoopReply).where(
        LoopReply.follow_up_id == follow_up.id, LoopReply.state == ReplyState.AWAITING
    ).values(state=ReplyState.SUPERSEDED, answered_at=now), execution_options={"synchronize_session": False})


def change_status(follow_up, actor, status, expected=None, note="", now=None):
    """Move the follow-up to `status`; True when it changed, False when it already was
    there (a repeated form). ServiceError when it changed since `expected` was shown."""
    status, now = FollowUpStatus(status), now or utcnow()
    current = follow_up.status
    if status == current:
        return False
    if expected is not None and expected != current:  # a value no status has never matches
        raise _changed_meanwhile(follow_up)
    if not _compare_and_set(follow_up, current, status, now):
        if follow_up.status == status:
            return False
        raise _changed_meanwhile(follow_up)
    if current == FollowUpStatus.RESOLVED:
        _supersede_awaiting_replies(follow_up, now)
    log_activity(follow_up, actor, ActivityKind.STATUS, body=note, from_status=current, to_status=status, now=now)
    _sync_feedback_status(follow_up, status)
    return True


def can_work_on(follow_up, membership):
    """Staff work on every follow-up; partner users on those they own."""
    return membership.role.is_staff or follow_up.owner_id == membership.user_id
