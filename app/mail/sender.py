"""Delivering outbox messages over SMTP, with retries and backoff.

Several senders may run at once (`flask outbox run` in N processes): on PostgreSQL
each batch is claimed with SELECT ... FOR UPDATE SKIP LOCKED and held until its
outcome is committed, so no two senders ever hold the same message. SQLite has no
row locks; there one sender (the in-process thread or one CLI process) is the rule.
"""

import logging
import smtplib
import threading
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.mail.message import build_message
from app.mail.models import OutboxMessage, OutboxStatus
from app.models.base import utcnow

log = logging.getLogger(__name__)
MAX_BACKOFF = timedelta(hours=1)


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


class SmtpConnection:
    """One SMTP connection, opened on first use and reused for a whole batch."""

    def __init__(self, config):
        self.config = config
        self.client = None

    def send(self, email_message):
        if self.client is None:
            self.client = self._connect()
        self.client.send_message(email_message)

    def _connect(self):
        config = self.config
        client = smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"])
        if config.get("SMTP_STARTTLS"):
            client.starttls()
        if config.get("SMTP_USER"):
            client.login(config["SMTP_USER"], config["SMTP_PASSWORD"] or "")
        return client

    def close(self):
        if self.client is not None:
            try:
                self.client.quit()
            except smtplib.SMTPException:
                self.client.close()
            except OSError:
                pass
            self.client = None


def _record_failure(message, error, now, max_attempts):
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts >= max_attempts:
        message.status = OutboxStatus.FAILED
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def _deliver(message, connection, config, now):
    if not config.get("SMTP_HOST"):
        message.status = OutboxStatus.CAPTURED
        message.sent_at = now
        return
    try:
        connection.send(build_message(message, config["MAIL_FROM"]))
    except (smtplib.SMTPException, OSError, ValueError) as error:
        connection.close()  # a broken connection must not poison the next message
        _record_failure(message, error, now, config["OUTBOX_MAX_ATTEMPTS"])
        return
    message.attempts += 1
    message.status = OutboxStatus.SENT
    message.sent_at = now
    message.last_error = None


def deliver_due_messages(limit=None, now=None):
    """Send one batch of due messages; returns how many were sent (or captured)."""
    config = current_app.config
    now = now or utcnow()
    messages = _claim_due_messages(limit or config["OUTBOX_BATCH_SIZE"], now)
    connection = SmtpConnection(config)
    try:
        for message in messages:
            _deliver(message, connection, config, now)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    finally:
        connection.close()
    return sum(m.status in (OutboxStatus.SENT, OutboxStatus.CAPTURED) for m in messages)


def deliver_all_due(now=None):
    """Deliver batches until nothing due is left; returns the number delivered."""
    total = 0
    while True:
        delivered = deliver_due_messages(now=now)
        total += delivered
        if delivered == 0:
            return total


def run_sender_loop(app, interval=2.0, stop_event=None, once=False):
    """The sender's main loop, used by `flask outbox run` and the in-process thread."""
    stop_event = stop_event or threading.Event()
    while not stop_event.is_set():
        with app.app_context():
            try:
                deliver_all_due()
            except Exception:  # keep the loop alive; the next round retries
                log.exception("outbox delivery round failed")
            finally:
                db.session.remove()
        if once:
            return
        stop_event.wait(interval)


def start_in_process_sender(app, interval=2.0):
    """Development convenience: deliver mail from a daemon thread of the web process."""
    thread = threading.Thread(
        target=run_sender_loop, args=(app, interval), name="outbox-sender", daemon=True
    )
    thread.start()
    return thread
