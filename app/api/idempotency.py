"""Idempotency-Key for POST: a repeat with the same key and body gets the original
response (status and body) and creates nothing; the same key with another body is 422.

The stored response is written in the same transaction as what it reports, and
(tenant, key) is unique, so of two concurrent requests with one key exactly one
commits; the other rolls back and replays the winner's response.

Keys are kept for KEY_LIFETIME (24 hours, as payment APIs do): an older key counts as
unused, and `flask apitoken purge-keys` deletes expired ones."""

import hashlib
import json
from datetime import timedelta

from flask import Response, request
from sqlalchemy import delete, select

from app.api.errors import ApiError
from app.api.models import IdempotencyKey
from app.core.models import utcnow
from app.extensions import db
from app.tenancy import unscoped

HEADER = "Idempotency-Key"
MAX_KEY_LENGTH = 255
KEY_LIFETIME = timedelta(hours=24)
# The header as openapi.json describes it (a header, not a body: no model to derive it from).
HEADER_PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[!-~]+$"},
    "description": "Repeat the request safely: the same key and body return the original response.",
}


def idempotency_key():
    """The request's key, None without one; 400 for a key that is empty, too long or not printable ASCII."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= MAX_KEY_LENGTH or not all(33 <= ord(ch) <= 126 for ch in key):
        raise ApiError(
            400, f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters without spaces."
        )
    return key


def fingerprint(payload):
    """The same for equal JSON bodies, whatever their key order or spacing."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode()).hexdigest()


def stored_response(key, request_fingerprint):
    """The response recorded for `key` in the active tenant, None if there is none;
    422 when the key was used for a different body."""
    record = db.session.scalars(select(IdempotencyKey).where(IdempotencyKey.key == key)).first()
    if record is None:
        return None
    if record.created_at < utcnow() - KEY_LIFETIME:
        db.session.delete(record)  # expired: the key is free again, in this request's transaction
        db.session.flush()
        return None
    if record.request_fingerprint != request_fingerprint:
        raise ApiError(
            422,
            f"This {HEADER} was already used with a different request body.",
            fields={HEADER: "Already used with a different body."},
        )
    response = Response(record.response_body, status=record.response_status, mimetype="application/json")
    response.headers["Idempotent-Replayed"] = "true"
    return response


def remember_response(key, request_fingerprint, response):
    """Record `response` for `key`, in the caller's transaction."""
    db.session.add(
        IdempotencyKey(
            key=key,
            request_fingerprint=request_fingerprint,
            response_status=response.status_code,
            response_body=response.get_data(as_text=True),
        )
    )


def purge_expired_keys(now=None):
    """Delete every tenant's keys older than KEY_LIFETIME; returns how many. Commits."""
    cutoff = (now or utcnow()) - KEY_LIFETIME
    result = db.session.execute(unscoped(delete(IdempotencyKey).where(IdempotencyKey.created_at < cutoff)))
    db.session.commit()
    return result.rowcount
