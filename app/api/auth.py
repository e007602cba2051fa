"""Bearer-token authentication, tenant scope, scopes and rate limits for the API."""

import hashlib
from functools import wraps

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from app.api import bp
from app.api.errors import ApiError, unauthorized
from app.extensions import db, limiter
from app.integrations.services import api_tokens
from app.tenancy.scope import TenantScope, reset_scope, set_scope

PUBLIC_ENDPOINTS = {"api.openapi_document"}


def bearer_token():
    """The credentials of an `Authorization: Bearer <token>` header, or None."""
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        return None
    return credentials.strip()


def rate_limit_key():
    # Keyed by (a hash of) the token, so one integration cannot starve another
    # behind the same address; requests without a token share their address's bucket.
    raw = bearer_token()
    if raw is None:
        return "api-ip:" + (get_remote_address() or "")
    return "api-token:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def _rate_limit():
    return current_app.config["API_RATE_LIMIT"]


limiter.limit(_rate_limit, key_func=rate_limit_key)(bp)


def _act_as(token):
    # The app's request hook may have set a scope from a session cookie: the API
    # ignores sessions, so that scope is dropped and the token's tenant used instead.
    previous = g.pop("scope_token", None)
    if previous is not None:
        reset_scope(previous)
    g.membership = None
    g.api_token = token
    g.scope_token = set_scope(TenantScope(token.tenant_id))  # reset by the app's teardown


@bp.before_request
def authenticate_request():
    request.max_content_length = current_app.config["API_MAX_BODY_BYTES"]
    if request.endpoint in PUBLIC_ENDPOINTS:
        return
    raw = bearer_token()
    if raw is None:
        raise unauthorized("Send an API token as `Authorization: Bearer <token>`.", error=None)
    token = api_tokens.authenticate(raw)
    if token is None:
        raise unauthorized("The API token is unknown or revoked.")
    _act_as(token)
    if api_tokens.note_use(token):
        db.session.commit()


def requires_scope(scope):
    """View decorator: 403 unless the request's token has `scope`."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if scope not in g.api_token.scope_set:
                raise ApiError(403, f"This token lacks the `{scope.value}` scope.")
            return view(*args, **kwargs)

        return wrapped

    return decorator
