"""Accounts: people, passwords, log-in checks, password resets.
(Sign-up from the web, with its emailed verification, is app/auth/services/signup.py.)"""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.models import PasswordResetToken, User
from app.auth.services.sessions import end_all_sessions, end_other_sessions
from app.core.errors import ServiceError, TokenError
from app.core.models import utcnow
from app.core.timezones import checked_zone
from app.core.tokens import hash_token, new_token
from app.extensions import db
from app.mail import enqueue_email

# Emails about the account itself (sent for no tenant): reset links, sign-up confirmations.
ACCOUNT_MAIL_KINDS = ("password_reset", "email_verification", "signup_attempt")
# Hashes to check against when the email is unknown, so both paths take the same
# time; one per hashing method, as tests and production use different ones.
_dummy_hashes = {}


def normalise_email(email):
    return (email or "").strip().lower()


def _hash_method():
    return current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")


def hash_password(password):
    return generate_password_hash(password, method=_hash_method())


def _dummy_hash():
    method = _hash_method()
    if method not in _dummy_hashes:
        _dummy_hashes[method] = generate_password_hash("not-a-real-password", method=method)
    return _dummy_hashes[method]


def check_password_strength(password, email=""):
    """Raise ServiceError unless the password is long and not trivially guessable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password or "") < minimum:
        raise ServiceError(f"Use at least {minimum} characters.", field="password")
    if len(set(password)) < 4:
        raise ServiceError("Use a less repetitive password.", field="password")
    local_part = email.split("@")[0]
    if local_part and len(local_part) >= 4 and local_part.lower() in password.lower():
        raise ServiceError("Don't use your email address in your password.", field="password")


def find_user_by_email(email):
    return db.session.scalars(select(User).where(User.email == normalise_email(email))).first()


def create_user(email, name, password, verified=True):
    """A new account; `verified` says its address is already proven (an accepted invitation
    link, an operator, the demo). On a ServiceError the caller must roll the session back."""
    check_password_strength(password, email)
    taken = ServiceError("An account with this email already exists.", field="email")
    if find_user_by_email(email) is not None:
        raise taken
    user = User(email=normalise_email(email), name=name.strip(), password_hash=hash_password(password),
                email_verified_at=utcnow() if verified else None)
    db.session.add(user)
    flush_or_raise(taken)  # a concurrent sign-up may have taken the email since the check
    return user


def set_own_time_zone(user, name):
    """The zone this person chose (an IANA name), or None to follow each organisation's."""
    user.time_zone = checked_zone(name) if (name or "").strip() else None
    return user


def flush_or_raise(error):
    try:
        db.session.flush()
    except IntegrityError as integrity_error:
        raise error from integrity_error


def spend_a_password_hash(password):
    """Hash `password` and throw the result away: a path that creates no account costs
    the same time as one that does."""
    hash_password(password or "")


def mark_verified(user):
    """The person proved they read the account's address (an emailed link)."""
    if user.email_verified_at is None:
        user.email_verified_at = utcnow()


def authenticate(email, password):
    """The user for these credentials, verified or not (the caller decides), or None.
    Unknown emails cost the same time."""
    user = find_user_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(), password or "")
        return None
    if not check_password_hash(user.password_hash, password or ""):
        return None
    return user


def request_password_reset(email):
    """Email a reset link if the account exists; silently do nothing otherwise."""
    user = find_user_by_email(email)
    if user is None:
        return None
    raw, token_hash = new_token()
    ttl = timedelta(hours=current_app.config["PASSWORD_RESET_TTL_HOURS"])
    db.session.add(PasswordResetToken(user=user, token_hash=token_hash, expires_at=utcnow() + ttl))
    enqueue_email(
        "password_reset",
        user.email,
        "Reset your Partnerloop password",
        "password_reset",
        user=user,
        token=raw,
        ttl_hours=current_app.config["PASSWORD_RESET_TTL_HOURS"],
    )
    return user


def find_reset_token(raw):
    """The usable reset token for this link, or TokenError with a reason."""
    token = db.session.scalars(
        select(PasswordResetToken).where(PasswordResetToken.token_hash == hash_token(raw or ""))
    ).first()
    if token is None:
        raise TokenError("This password reset link is not valid.")
    if token.used_at is not None:
        raise TokenError("This password reset link has already been used.")
    if token.expires_at <= utcnow():
        raise TokenError("This password reset link has expired.")
    return token


def reset_password(raw, new_password):
    """Set the password from a reset link, ending every session of the person; the link
    proves the address too. Returns the user. The caller commits."""
    token = find_reset_token(raw)
    check_password_strength(new_password, token.user.email)
    # Claim the token with a conditional UPDATE so two submissions cannot both use it.
    claimed = db.session.execute(
        PasswordResetToken.__table__.update()
        .where(PasswordResetToken.id == token.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise TokenError("This password reset link has already been used.")
    _set_password(token.user, new_password)
    end_all_sessions(token.user)
    mark_verified(token.user)
    return token.user


def change_password(user, current_password, new_password, keep_session):
    """Set a new password, ending every session of the person except `keep_session`
    (the token of the browser that changed it). The caller commits."""
    if not check_password_hash(user.password_hash, current_password or ""):
        raise ServiceError("That is not your current password.", field="current_password")
    check_password_strength(new_password, user.email)
    _set_password(user, new_password)
    end_other_sessions(user, keep_session)


def _set_password(user, new_password):
    """Store the new hash and retire every reset link still out, so an older email
    cannot undo the change."""
    user.password_hash = hash_password(new_password)
    db.session.execute(
        update(PasswordResetToken)
        .where(PasswordResetToken.user_id == user.id, PasswordResetToken.used_at.is_(None))
        .values(used_at=utcnow())
    )
