"""Tenant API tokens: created and revoked by admins, presented as `Authorization: Bearer`.

A token is `plk_` plus 256 random bits; only its SHA-256 is stored, so a database
leak reveals no usable token, and the raw value is shown exactly once."""

import hmac
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.integrations.models import ApiScope, ApiToken
from app.tenancy import scoped_to, unscoped
from app.tenants.models import Tenant

TOKEN_PREFIX = "plk_"
MAX_NAME_LENGTH = 80
MAX_TOKEN_LENGTH = 200
# last_used_at is a hint for admins; writing it on every request would cost a commit each.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def parse_scopes(values):
    """ApiScope members from strings like ["read", "write"] or "read,write"."""
    if isinstance(values, str):
        values = values.split(",")
    names = {value.strip().lower() for value in values if value and value.strip()}
    unknown = names - {scope.value for scope in ApiScope}
    if unknown:
        raise ServiceError(
            f"Unknown scope: {', '.join(sorted(unknown))}. Use read and/or write.", field="scopes"
        )
    if not names:
        raise ServiceError("Choose at least one scope.", field="scopes")
    return sorted(ApiScope(name) for name in names)


def create_api_token(name, scopes, created_by=None):
    """Add a token to the active tenant; returns (token, raw token). Nothing is committed."""
    name = (name or "").strip()
    if not name:
        raise ServiceError("Name the token after the integration that uses it.", field="name")
    if len(name) > MAX_NAME_LENGTH:
        raise ServiceError(f"Keep the name under {MAX_NAME_LENGTH} characters.", field="name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name,
        token_hash=hash_token(raw),
        hint=raw[-4:],
        scopes=",".join(scope.value for scope in parse_scopes(scopes)),
        created_by=created_by,
    )
    db.session.add(token)
    return token, raw


def create_api_token_for_tenant(slug, scopes, name):
    """The CLI's way in: a token for the tenant with `slug`; returns the raw token (committed)."""
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise ServiceError(f"No tenant with the slug {slug!r}.")
    with scoped_to(tenant.id):
        _, raw = create_api_token(name, scopes)
        db.session.commit()
    return raw


def revoke_api_token(token):
    if token.revoked_at is None:
        token.revoked_at = utcnow()


def api_tokens():
    """The active tenant's tokens, live ones first, newest first."""
    statement = (
        select(ApiToken)
        .options(selectinload(ApiToken.created_by))
        .order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())
    )
    return db.session.scalars(statement).all()


def authenticate(raw):
    """The live token `raw` names, in whichever tenant owns it; None for anything else."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > MAX_TOKEN_LENGTH:
        return None
    digest = hash_token(raw)
    # Deliberately cross-tenant: the token is what tells us the tenant.
    token = db.session.scalars(unscoped(select(ApiToken).where(ApiToken.token_hash == digest))).first()
    if token is None or not hmac.compare_digest(token.token_hash, digest) or not token.is_active:
        return None
    return token


def note_use(token, now=None):
    """Record that `token` was used; True when that changed the row (it needs a commit)."""
    now = now or utcnow()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    token.last_used_at = now
    return True
