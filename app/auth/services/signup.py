"""Sign-up from the web: the account proves its address before it can act, and the
answer never says whether the address already had an account.

- A new address: the account is created unverified and a single-use link, valid for
  EMAIL_VERIFICATION_TTL_HOURS, is emailed (only its hash is stored). The link names the
  organisation asked for; it is created when the link is used, so nothing about the
  address shows (not even a portal address taken) before its owner acts.
- An address that has an account (verified or not): nothing is created; its holder gets
  an email that someone tried to sign up with it, with links to log in and to reset
  the password.
Both paths check the same fields, hash one password and put one email in the outbox, in
the caller's one transaction; the view answers both with the same page."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from app.auth.models import EmailVerification
from app.auth.services.accounts import (
    check_password_strength,
    create_user,
    find_user_by_email,
    mark_verified,
    normalise_email,
    spend_a_password_hash,
)
from app.core.errors import ServiceError, TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token, new_token, token_matches
from app.extensions import db
from app.mail import enqueue_email
from app.tenants.services.tenants import create_tenant, normalise_slug, validate_slug

USED = "This confirmation link has already been used. Log in to continue."


def sign_up(company_name, slug, name, email, password):
    """Start a sign-up (see the module docstring). Raises ServiceError only for input
    that is wrong whoever owns the address; the caller commits, or rolls back on error."""
    slug = normalise_slug(slug)
    validate_slug(slug)
    check_password_strength(password, email)
    user = _new_unverified_account(email, name, password)
    if user is None:
        _tell_the_account_holder(email)
    else:
        send_verification(user, company_name.strip(), slug)


def _new_unverified_account(email, name, password):
    """The new account, or None when the address has one already."""
    if find_user_by_email(email) is not None:
        spend_a_password_hash(password)  # as long as creating one
        return None
    try:
        with db.session.begin_nested():
            return create_user(email, name, password, verified=False)
    except ServiceError:
        return None  # a concurrent sign-up with this address committed first


def _tell_the_account_holder(email):
    enqueue_email("signup_attempt", normalise_email(email), "Someone tried to sign up with your email address",
                  "signup_attempt")


def send_verification(user, organisation_name=None, organisation_slug=None):
    """Email `user` a fresh confirmation link; links sent before stop working."""
    now = utcnow()
    db.session.execute(update(EmailVerification)
                       .where(EmailVerification.user_id == user.id, EmailVerification.used_at.is_(None))
                       .values(used_at=now))
    raw, token_hash = new_token()
    ttl_hours = current_app.config["EMAIL_VERIFICATION_TTL_HOURS"]
    db.session.add(EmailVerification(
        user_id=user.id, token_hash=token_hash, organisation_name=organisation_name,
        organisation_slug=organisation_slug, expires_at=now + timedelta(hours=ttl_hours)))
    enqueue_email("email_verification", user.email, "Confirm your email address for Partnerloop",
                  "email_verification", user=user, token=raw, ttl_hours=ttl_hours,
                  organisation_name=organisation_name)


def resend_verification(user):
    """A new link for an unverified account, for the same organisation as the last one."""
    if user.is_verified:
        return
    last = db.session.scalars(select(EmailVerification).where(EmailVerification.user_id == user.id)
                              .order_by(EmailVerification.id.desc())).first()
    send_verification(user, last.organisation_name if last else None, last.organisation_slug if last else None)


def find_verification(raw):
    """The usable confirmation link `raw`, or TokenError saying why not."""
    verification = db.session.scalars(
        select(EmailVerification).where(EmailVerification.token_hash == hash_token(raw or ""))
    ).first()
    if verification is None or not token_matches(raw or "", verification.token_hash):
        raise TokenError("This confirmation link is not valid.")
    if verification.used_at is not None:
        raise TokenError(USED)
    if verification.expires_at <= utcnow():
        raise TokenError("This confirmation link has expired. Log in to have a new one sent.")
    return verification


def verify_email(raw):
    """Use the link: the account is verified and the organisation it asked for is created
    with the person as its admin. Returns (user, tenant); tenant is None when none was
    asked for or its portal address was taken in the meantime. The caller commits."""
    verification = find_verification(raw)
    # A conditional UPDATE, so the same link used twice at once counts once.
    claimed = db.session.execute(
        EmailVerification.__table__.update()
        .where(EmailVerification.id == verification.id, EmailVerification.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        raise TokenError(USED)
    user = verification.user
    mark_verified(user)
    return user, _requested_organisation(verification)


def _requested_organisation(verification):
    if not verification.organisation_slug:
        return None
    try:
        with db.session.begin_nested():
            return create_tenant(verification.organisation_name, verification.organisation_slug, verification.user)
    except ServiceError:
        return None  # the address was taken since the sign-up: the person picks another
