"""Server-side sessions: one row per signed-in browser, so signing out ends it for good.

The browser's session cookie and remember-me cookie carry a random token (256 bits from
`secrets`); the table keeps its SHA-256 only. A session counts while its row exists, its
account is verified and it is younger than REMEMBER_COOKIE_DURATION (30 days): log-out
deletes the row, "sign out everywhere" and a password change delete the person's other
rows, and a copied cookie dies with its row."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, select, update

from app.auth.models import User, UserSession
from app.core.models import utcnow
from app.core.tokens import hash_token, new_token, token_matches
from app.extensions import db

# last_seen_at is refreshed at most this often, so a page view does not write.
LAST_SEEN_PRECISION = timedelta(minutes=5)
USER_AGENT_LENGTH = 255


def _oldest_allowed_start():
    return utcnow() - current_app.config["REMEMBER_COOKIE_DURATION"]


def start_session(user, user_agent=""):
    """A new session of `user` (and their last log-in time); returns the raw token for the
    cookies. The caller commits. The person's expired sessions are removed on the way."""
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.created_at <= _oldest_allowed_start()))
    raw, token_hash = new_token()
    now = utcnow()
    user.last_login_at = now
    db.session.add(UserSession(user_id=user.id, token_hash=token_hash, created_at=now, last_seen_at=now,
                               user_agent=(user_agent or "")[:USER_AGENT_LENGTH]))
    return raw


def user_for_session(raw):
    """The verified user whose live session `raw` names, or None. One query: it replaces
    the look-up of the user by id that every signed-in request made before."""
    row = db.session.execute(
        select(User, UserSession.id, UserSession.token_hash, UserSession.last_seen_at)
        .join(UserSession, UserSession.user_id == User.id)
        .where(UserSession.token_hash == hash_token(raw or ""),
               UserSession.created_at > _oldest_allowed_start(),
               User.email_verified_at.is_not(None))
    ).first()
    if row is None or not token_matches(raw or "", row.token_hash):
        return None
    user, session_id, _, last_seen_at = row
    if last_seen_at <= utcnow() - LAST_SEEN_PRECISION:
        _record_seen(session_id)
    return user


def _record_seen(session_id):
    # In a transaction of its own: the request's may write nothing and be rolled back.
    with db.engine.begin() as connection:
        connection.execute(update(UserSession.__table__).where(UserSession.__table__.c.id == session_id)
                           .values(last_seen_at=utcnow()))


def sessions_of(user):
    """The person's live sessions, most recently used first."""
    return db.session.scalars(
        select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.created_at > _oldest_allowed_start())
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    ).all()


def is_session(session, raw):
    """Whether `session` is the one the token `raw` names (e.g. this browser's)."""
    return token_matches(raw or "", session.token_hash)


def end_session(raw):
    """Sign out the browser holding `raw`. The caller commits."""
    db.session.execute(delete(UserSession).where(UserSession.token_hash == hash_token(raw or "")))


def end_all_sessions(user):
    """Sign the person out everywhere, this browser included. The caller commits."""
    db.session.execute(delete(UserSession).where(UserSession.user_id == user.id))


def end_other_sessions(user, keep_raw):
    """Sign the person out everywhere but in the browser holding `keep_raw`. The caller commits."""
    db.session.execute(delete(UserSession).where(
        UserSession.user_id == user.id, UserSession.token_hash != hash_token(keep_raw or "")))
