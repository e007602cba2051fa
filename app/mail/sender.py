"""Delivering outbox messages over SMTP, with retries and backoff.

Several senders may run at once (`flask outbox run` in N processes): on PostgreSQL
each batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED and held until its
outcome is committed, so no two senders ever hold the same message. SQLite has no
row locks; there one sender (the in-process thread or one CLI process) is the rule.

Each batch goes out over a small pool of SMTP sessions (app/mail/smtp.py), which
`deliver_all_due` keeps open from one batch to the next.

Delivery is at-least-once: a message the server accepted is marked sent in the
batch's commit, so a crash between the two sends it again (with the same
Message-ID, so receivers can tell).
"""

import logging
import os
from contextlib import closing
from datetime import timedelta

from flask import current_app
from flask.helpers import get_debug_flag
from sqlalchemy import select

from app.core.models import utcnow
from app.core.polling import run_rounds, start_rounds
from app.extensions import db
from app.mail.message import build_message
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.smtp import SmtpPool, SmtpUnavailable
from app.tenancy import all_tenants

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)
DELIVERED = (OutboxStatus.SENT, OutboxStatus.CAPTURED)


def retry_delay(attempts):
    """30 s, 1 min, 2 min, ... capped at an hour."""
    return min(timedelta(seconds=30 * 2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def _claim_due_messages(limit, now):
    statement = (
        select(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.PENDING, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    return db.session.scalars(statement).all()


def _describe(error):
    text = str(error) if isinstance(error, SmtpUnavailable) else f"{type(error).__name__}: {error}"
    return text[:2000]


def _record_failure(message, error, now, max_attempts):
    message.attempts += 1
    message.last_error = _describe(error)
    if message.attempts >= max_attempts:
        message.status = OutboxStatus.FAILED
        log.error("outbox message %s failed for good: %s", message.id, message.last_error)
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def _record_success(message, status, now):
    message.attempts += 1
    message.status = status
    message.sent_at = now
    message.last_error = None


def _build_all(messages, config, now):
    """(row, EmailMessage) pairs; a row that cannot be built fails at once, as no
    retry can fix it (and raising would stall the queue behind it)."""
    ready = []
    for message in messages:
        try:
            ready.append((message, build_message(message, config["MAIL_FROM"])))
        except Exception as error:  # recorded on the row
            _record_failure(message, error, now, max_attempts=1)
    return ready


def _send_batch(messages, pool, config, now):
    ready = _build_all(messages, config, now)
    outcomes = pool.send_all([email_message for _, email_message in ready])
    for (message, _), outcome in zip(ready, outcomes, strict=True):
        if outcome is None:
            _record_success(message, OutboxStatus.SENT, now)
        else:
            _record_failure(message, outcome, now, config["OUTBOX_MAX_ATTEMPTS"])
    if pool.unavailable is not None:
        log.warning("SMTP server unavailable: %s", pool.unavailable)


def _capture_batch(messages, now):
    for message in messages:
        _record_success(message, OutboxStatus.CAPTURED, now)


def new_smtp_pool(config):
    return SmtpPool(config, config["OUTBOX_SMTP_CONNECTIONS"])


def _deliver_batch(messages, pool, config, now):
    if not config.get("SMTP_HOST"):
        _capture_batch(messages, now)
    elif pool is not None:
        _send_batch(messages, pool, config, now)
    else:
        with closing(new_smtp_pool(config)) as own_pool:
            _send_batch(messages, own_pool, config, now)


def deliver_due_messages(limit=None, now=None, pool=None):
    """Send one batch of due messages and commit; returns how many were sent (or
    captured, when SMTP_HOST is unset). `pool` lets batches share SMTP sessions;
    without it the batch opens and closes its own."""
    config = current_app.config
    now = now or utcnow()
    with all_tenants():  # the outbox holds every tenant's mail, and account mail of none
        messages = _claim_due_messages(limit or config["OUTBOX_BATCH_SIZE"], now)
        try:
            if messages:
                _deliver_batch(messages, pool, config, now)
            delivered = sum(message.status in DELIVERED for message in messages)
            db.session.commit()  # releases the claim (the row locks on PostgreSQL)
        except BaseException:
            db.session.rollback()
            raise
    return delivered


def deliver_all_due(now=None, stop_event=None):
    """Deliver batches over the same SMTP sessions until nothing due is left (or a
    batch delivers nothing, e.g. the server is down, or `stop_event` is set);
    returns the number delivered."""
    total = 0
    with closing(new_smtp_pool(current_app.config)) as pool:
        while stop_event is None or not stop_event.is_set():
            delivered = deliver_due_messages(now=now, pool=pool)
            total += delivered
            if delivered == 0:
                break
    return total


def run_sender_loop(app, interval=2.0, stop_event=None):
    """Deliver what is due every `interval` seconds until `stop_event` is set; a
    batch in progress is finished (and committed) first."""
    run_rounds(app, deliver_all_due, "outbox delivery", interval, stop_event)


def _is_reloader_watcher():
    # `flask run --debug` also builds the app in the reloader's watcher process, which
    # never serves; only the child it spawns (WERKZEUG_RUN_MAIN=true) should send,
    # or two senders would share one SQLite outbox.
    return get_debug_flag() and os.environ.get("WERKZEUG_RUN_MAIN") != "true"


def start_in_process_sender(app, interval=2.0, stop_event=None):
    """Development convenience: deliver mail from a daemon thread of the web process.
    Returns the thread (None in a reloader's watcher process)."""
    if _is_reloader_watcher():
        return None
    return start_rounds(app, deliver_all_due, "outbox delivery", interval, stop_event)
