"""Email and webhook delivery inside the worker: the two outbox senders, each polling its
table in a thread (app/core/polling.py). Several workers may deliver at once on
PostgreSQL (rows are claimed with SKIP LOCKED); on SQLite run one worker."""

from app.core.polling import start_rounds
from app.integrations.services.webhooks import deliver_all_due as deliver_webhooks
from app.mail.sender import deliver_all_due as deliver_mail

DELIVERY_INTERVAL = 2.0


def start_delivery(app, stop_event):
    """Start both senders; returns their threads (they stop when `stop_event` is set)."""
    return [start_rounds(app, deliver_mail, "outbox delivery", DELIVERY_INTERVAL, stop_event),
            start_rounds(app, deliver_webhooks, "webhook delivery", DELIVERY_INTERVAL, stop_event)]
