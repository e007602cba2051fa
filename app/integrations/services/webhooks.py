"""Outbound webhooks: endpoints, signed events, and the retrying delivery outbox.

An event is queued (one WebhookDelivery per subscribed endpoint) in the same
transaction as the change it reports, so it exists exactly when the change does.
`deliver_due_webhooks` sends what is due, like app/mail/sender.py: on PostgreSQL
each batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED, so several senders
never hold the same delivery. Delivery is at least once; receivers deduplicate
on the event id.

Each request carries `X-Partnerloop-Timestamp` (Unix seconds of the attempt) and
`X-Partnerloop-Signature: sha256=<hex>`, the HMAC-SHA256 under the endpoint's secret
of `<timestamp>.<raw body>`: signing the timestamp too lets a receiver refuse an old
request replayed by someone who captured it."""

import hashlib
import hmac
import json
import logging
import secrets
import time
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.api.resources import EVENT_TYPES, FEEDBACK_CREATED, Feedback, WebhookEvent
from app.core.errors import ServiceError
from app.core.models import utcnow
from app.core.polling import run_rounds
from app.extensions import db
from app.integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.integrations.services.webhook_transport import DeliveryError, check_url, post
from app.tenancy import active_scope, scoped_to, unscoped

log = logging.getLogger(__name__)

SECRET_PREFIX = "whsec_"
SIGNATURE_HEADER = "X-Partnerloop-Signature"
TIMESTAMP_HEADER = "X-Partnerloop-Timestamp"
# How far a receiver should accept a timestamp from its own clock (seconds).
SIGNATURE_TOLERANCE = 300
MAX_DESCRIPTION_LENGTH = 200
MAX_BACKOFF = timedelta(hours=6)


# --- endpoints -------------------------------------------------------------------


def allow_private_targets():
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE_TARGETS"))


def create_endpoint(url, description="", events=EVENT_TYPES, created_by=None):
    """Register `url` for the active tenant; returns the endpoint (its secret is shown
    once by the caller). Raises ServiceError for an unsafe URL. Nothing is committed."""
    url = (url or "").strip()
    check_url(url, allow_private_targets())
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION_LENGTH:
        raise ServiceError(
            f"Keep the description under {MAX_DESCRIPTION_LENGTH} characters.", field="description"
        )
    unknown = set(events) - set(EVENT_TYPES)
    if unknown or not events:
        raise ServiceError("Choose the events to send.", field="events")
    endpoint = WebhookEndpoint(
        url=url,
        description=description,
        secret=SECRET_PREFIX + secrets.token_urlsafe(32),
        events=",".join(events),
        created_by=created_by,
    )
    db.session.add(endpoint)
    return endpoint


def delete_endpoint(endpoint):
    """Remove the endpoint and its deliveries (pending ones are never sent)."""
    db.session.delete(endpoint)


def endpoints():
    return db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()


def recent_deliveries(endpoint, limit=50):
    statement = (
        select(WebhookDelivery)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    return db.session.scalars(statement).all()


# --- events ------------------------------------------------------------------------


def event_body(event_type, data, event_id=None, now=None):
    """The exact bytes (as text) of one event (the API's WebhookEvent shape, `data` its
    Feedback model); signed and sent unchanged on every attempt."""
    event = WebhookEvent(
        id=event_id or f"evt_{uuid.uuid4().hex}", type=event_type, created_at=now or utcnow(), data=data
    )
    return event.id, json.dumps(event.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))


def subscribers(event_type):
    """The tenant's endpoints that receive `event_type`, read in the tenant's (staff) scope."""
    with scoped_to(active_scope().tenant_id):
        return [endpoint for endpoint in endpoints() if event_type in endpoint.event_list]


def _queue_event(event_type, data, subscribed=None):
    if subscribed is None:
        subscribed = subscribers(event_type)
    if not subscribed:
        return []
    event_id, body = event_body(event_type, data)
    deliveries = [
        WebhookDelivery(endpoint=endpoint, event_id=event_id, event_type=event_type, payload=body)
        for endpoint in subscribed
    ]
    db.session.add_all(deliveries)
    return deliveries


def emit_feedback_created(item, subscribed=None):
    """Queue `feedback.created` for the item's tenant, in the caller's transaction
    (`subscribed`: the endpoints, when the caller read them already). An anonymous survey
    answer is never sent: its payload and its moment would both point at who answered."""
    if item.anonymous:
        return []
    # Partner users record feedback too, but endpoints and deliveries are staff-only
    # rows: they are read and written in the tenant's (staff) scope, for this only.
    with scoped_to(item.tenant_id):
        deliveries = _queue_event(FEEDBACK_CREATED, Feedback.of(item), subscribed)
        if deliveries:
            db.session.flush()
    return deliveries


# --- signing -------------------------------------------------------------------------


def sign(secret, body, timestamp):
    """The signature header value for `body` (bytes) sent at `timestamp` (Unix seconds)."""
    message = str(int(timestamp)).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify_signature(secret, body, timestamp_header, signature_header, tolerance=SIGNATURE_TOLERANCE, now=None):
    """What a receiver does: True when the signature covers `body` and the timestamp, and
    the timestamp is within `tolerance` seconds of now (a replay of an old request fails)."""
    try:
        timestamp = int(timestamp_header)
    except (TypeError, ValueError):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    return bool(signature_header) and hmac.compare_digest(sign(secret, body, timestamp), signature_header)


def signed_headers(secret, body, event_type, event_id, timestamp=None):
    timestamp = int(timestamp if timestamp is not None else time.time())
    return {
        "Content-Type": "application/json",
        "User-Agent": "Partnerloop-Webhooks/1",
        "X-Partnerloop-Event": event_type,
        "X-Partnerloop-Event-Id": event_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, body, timestamp),
    }


# --- delivery ----------------------------------------------------------------------


def retry_delay(attempts):
    """1 min, 2 min, 4 min, ... capped at six hours."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _record_failure(delivery, error, now, max_attempts):
    delivery.attempts += 1
    delivery.last_error = str(error)[:2000]
    delivery.last_status_code = error.status
    if delivery.attempts >= max_attempts:
        delivery.status = DeliveryStatus.FAILED
        log.warning("webhook delivery %s failed for good: %s", delivery.id, delivery.last_error)
    else:
        delivery.next_attempt_at = now + retry_delay(delivery.attempts)


def _record_success(delivery, status, now):
    delivery.attempts += 1
    delivery.status = DeliveryStatus.DELIVERED
    delivery.last_status_code = status
    delivery.last_error = None
    delivery.delivered_at = now


def _attempt(delivery, config, now):
    endpoint = delivery.endpoint
    body = delivery.payload.encode()
    headers = signed_headers(endpoint.secret, body, delivery.event_type, delivery.event_id)
    try:
        status = post(
            endpoint.url, body, headers, config["WEBHOOK_TIMEOUT"], config["WEBHOOK_ALLOW_PRIVATE_TARGETS"]
        )
    except DeliveryError as error:
        _record_failure(delivery, error, now, config["WEBHOOK_MAX_ATTEMPTS"])
    else:
        _record_success(delivery, status, now)


def _claim_due_deliveries(limit, now):
    # The sender serves every tenant; each delivery is then handled in its own scope.
    statement = (
        select(WebhookDelivery)
        .where(WebhookDelivery.status == DeliveryStatus.PENDING, WebhookDelivery.next_attempt_at <= now)
        .order_by(WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(unscoped(statement)).all()


def deliver_due_webhooks(limit=None, now=None):
    """Send one batch of due deliveries and commit; returns (claimed, delivered)."""
    config = current_app.config
    now = now or utcnow()
    deliveries = _claim_due_deliveries(limit or config["WEBHOOK_BATCH_SIZE"], now)
    try:
        for delivery in deliveries:
            with scoped_to(delivery.tenant_id):
                _attempt(delivery, config, now)
                db.session.flush()
        delivered = sum(delivery.status == DeliveryStatus.DELIVERED for delivery in deliveries)
        db.session.commit()  # releases the claim (the row locks on PostgreSQL)
    except BaseException:
        db.session.rollback()
        raise
    return len(deliveries), delivered


def deliver_all_due(now=None, stop_event=None):
    """Deliver batches until nothing due is left; returns the number delivered."""
    total = 0
    while stop_event is None or not stop_event.is_set():
        claimed, delivered = deliver_due_webhooks(now=now)
        total += delivered
        if claimed == 0:
            break
    return total


def run_webhook_sender(app, interval=2.0, once=False, stop_event=None):
    """Deliver what is due every `interval` seconds (or once) until `stop_event` is set."""
    run_rounds(app, deliver_all_due, "webhook delivery", interval, stop_event, once)
