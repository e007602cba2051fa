"""Closing the loop with whoever gave the feedback.

When a follow-up is resolved its owner may write a reply; it is emailed to the
customer contact, partner user or submitter behind the feedback (the author, for
ideas) with a link /loop/<token> -- 256 random bits, only the SHA-256 stored -- that
asks, once, whether the issue is resolved. "Yes" closes the loop; "no" reopens the
follow-up and alerts its owner. Without an answer, the loop closes when the tenant's
confirmation window passes (`close_expired_loops`, run by the follow-up CLI). A
loop counts as closed only then, or when the recipient says so."""

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.core.errors import ServiceError, TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import ActivityKind, FollowUp, FollowUpStatus, LoopReply, ReplyState
from app.followups.services.followups import change_status, describe_subject, log_activity
from app.followups.services.service_levels import current_policy
from app.mail import enqueue_email
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Tenant

MAX_REPLY = 20_000
MAX_COMMENT = 5_000


class LinkNotFound(TokenError):
    """No reply has this token."""


class LinkClosed(TokenError):
    """The reply's question closed (window passed, or the follow-up was reopened)."""


class AlreadyAnswered(ServiceError):
    """The recipient answered this reply already."""


def reply_recipient(follow_up):
    """(email, name) of whoever gave the feedback or idea, or None (anonymous, unknown)."""
    subject = follow_up.subject
    if not isinstance(subject, FeedbackItem):
        return (subject.author.email, subject.author.name) if subject.author else None
    if subject.anonymous:
        return None
    if subject.contact is not None:
        return subject.contact.email, subject.contact.name
    if subject.author is not None:
        return subject.author.email, subject.author.name
    if subject.submitter_email:
        return subject.submitter_email, subject.submitter_name
    return None


def _clean(value, field, limit):
    value = (value or "").strip()
    if len(value) > limit:
        raise ServiceError(f"Keep it under {limit:,} characters.", field=field)
    if "\x00" in value:
        raise ServiceError("Remove the NUL character.", field=field)
    return value


def resolve(follow_up, actor, reply="", expected=None, now=None):
    """Resolve the follow-up and, with a `reply`, email it to whoever gave the feedback.
    True when resolved now, False when it already was (a repeated form: no second email)."""
    now = now or utcnow()
    reply = _clean(reply, "reply", MAX_REPLY)
    recipient = reply_recipient(follow_up) if reply else None
    if reply and recipient is None:
        raise ServiceError("There is nobody to send a reply to: the feedback is anonymous or has no email "
                           "address. Resolve it without a reply.", field="reply")
    changed = change_status(follow_up, actor, FollowUpStatus.RESOLVED, expected=expected, now=now)
    if changed and reply:
        send_reply(follow_up, actor, reply, recipient, now)
    return changed


def send_reply(follow_up, actor, body, recipient, now=None):
    now = now or utcnow()
    raw_token, token_hash = new_token()
    subject = follow_up.subject
    email, name = recipient
    reply = LoopReply(
        follow_up=follow_up, feedback_item_id=follow_up.feedback_item_id, idea_id=follow_up.idea_id,
        partner_id=subject.partner_id, author_id=actor.id if actor else None, to_address=email, body=body,
        token_hash=token_hash, sent_at=now, closes_at=now + timedelta(days=current_policy().confirmation_days),
    )
    db.session.add(reply)
    log_activity(follow_up, actor, ActivityKind.REPLY_SENT, body=f"Reply emailed to {email}:\n{body}", now=now)
    tenant = db.session.get(Tenant, follow_up.tenant_id)
    enqueue_email("followup_reply", email, f"Re: your feedback to {tenant.name}", "followup_reply",
                  reply=reply, name=name, token=raw_token, vendor_name=tenant.name,
                  partner_name=subject.partner.name if subject.partner else "", author=actor)
    return reply


# --- the recipient's answer -----------------------------------------------------------


def find_reply(raw_token):
    """The reply behind a link token, in any tenant (the token is the credential)."""
    reply = db.session.scalars(unscoped(
        select(LoopReply).where(LoopReply.token_hash == hash_token(raw_token or ""))
    )).first()
    if reply is None:
        raise LinkNotFound("This link is not valid. Check that you copied the whole link from the email.")
    return reply


def reply_scope(reply):
    """The scope an answer runs in: the reply's tenant (the recipient is no partner user)."""
    return scoped_to(reply.tenant_id)


def check_answerable(reply, now=None):
    if reply.state in (ReplyState.CONFIRMED, ReplyState.UNHAPPY):
        raise AlreadyAnswered("You have already answered. Thank you!")
    if reply.state != ReplyState.AWAITING or (now or utcnow()) >= reply.closes_at:
        raise LinkClosed("This question has closed. If the issue is back, please give feedback again.")


def _claim(reply, state, comment, now):
    """Record the answer only if none was recorded: two clicks store one answer."""
    values = {"state": state, "answered_at": now, "answer_comment": comment}
    result = db.session.execute(
        update(LoopReply).where(LoopReply.id == reply.id, LoopReply.state == ReplyState.AWAITING).values(**values),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        db.session.refresh(reply)
        check_answerable(reply, now)
        raise AlreadyAnswered("You have already answered. Thank you!")
    for key, value in values.items():
        set_committed_value(reply, key, value)


def answer(reply, resolved, comment="", now=None, by=None):
    """The recipient's one answer: resolved closes the loop, not resolved reopens the
    follow-up and emails its owner. `by` is the signed-in recipient answering in the
    portal (None through the emailed link). Raises AlreadyAnswered or LinkClosed."""
    now = now or utcnow()
    check_answerable(reply, now)
    comment = _clean(comment, "comment", MAX_COMMENT)
    _claim(reply, ReplyState.CONFIRMED if resolved else ReplyState.UNHAPPY, comment, now)
    follow_up = reply.follow_up
    if resolved:
        follow_up.loop_closed_at = now
        log_activity(follow_up, by, ActivityKind.CUSTOMER_CONFIRMED, body=comment, now=now)
        return follow_up
    log_activity(follow_up, by, ActivityKind.CUSTOMER_UNHAPPY, body=comment, now=now)
    change_status(follow_up, None, FollowUpStatus.OPEN, note="Reopened: the customer says it is not resolved.",
                  now=now)
    _alert_owner_reopened(follow_up, reply, comment)
    return follow_up


def _alert_owner_reopened(follow_up, reply, comment):
    owner = follow_up.owner
    if owner is None:
        return
    enqueue_email("followup_reopened", owner.email, f"Reopened: {follow_up.title}"[:255], "followup_reopened",
                  follow_up=follow_up, owner=owner, reply=reply, comment=comment,
                  subject_label=describe_subject(follow_up.subject))


def is_recipient(reply, user):
    """Whether `user` is the person the reply was emailed to (their address, any case)."""
    return user is not None and reply.to_address.strip().lower() == (user.email or "").strip().lower()


def answer_in_portal(reply, user, resolved, comment="", now=None):
    """The recipient's answer given in the portal instead of through the emailed link:
    the same one answer, with the same effects. Nobody else may answer for them."""
    if not is_recipient(reply, user):
        raise ServiceError("Only the person the reply was sent to can answer it.")
    # The vendor's scope, as for the emailed link: the follow-up is the vendor's row
    # unless it was delegated, and a partner user's scope could not change it.
    with reply_scope(reply):
        # Loaded again: a row loaded in the partner's scope loads its relations in it too.
        reply = db.session.scalars(select(LoopReply).where(LoopReply.id == reply.id)
                                   .execution_options(populate_existing=True)).one()
        follow_up = answer(reply, resolved, comment, now, by=user)
        db.session.flush()  # in the vendor's scope: the changed rows are the vendor's
        return follow_up


def replies_to_person(user, limit=5):
    """The latest replies emailed to `user` in the active scope, unanswered ones first."""
    statement = (select(LoopReply).where(func.lower(LoopReply.to_address) == user.email.strip().lower())
                 .options(selectinload(LoopReply.author))
                 .order_by((LoopReply.state == ReplyState.AWAITING).desc(), LoopReply.sent_at.desc(),
                           LoopReply.id.desc()))
    return db.session.scalars(statement.limit(limit)).all()


# --- the confirmation window ----------------------------------------------------------


def close_expired_loops(now=None):
    """In the active tenant: expire unanswered replies past their window and close the
    loops of follow-ups resolved longer ago than the window. Returns loops closed."""
    now = now or utcnow()
    db.session.execute(update(LoopReply).where(
        LoopReply.state == ReplyState.AWAITING, LoopReply.closes_at <= now
    ).values(state=ReplyState.EXPIRED), execution_options={"synchronize_session": False})
    cutoff = now - timedelta(days=current_policy().confirmation_days)
    result = db.session.execute(update(FollowUp).where(
        FollowUp.status == FollowUpStatus.RESOLVED, FollowUp.loop_closed_at.is_(None), FollowUp.resolved_at <= cutoff
    ).values(loop_closed_at=now), execution_options={"synchronize_session": False})
    return result.rowcount
