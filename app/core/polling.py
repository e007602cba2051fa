"""One loop for the senders that poll a table (the email outbox, webhook deliveries):
a round every `interval` seconds, each in a fresh app context, until told to stop."""

import logging
import threading

from app.extensions import db

log = logging.getLogger(__name__)


def run_rounds(app, deliver, name, interval=2.0, stop_event=None, once=False):
    """Call `deliver(stop_event=...)` every `interval` seconds until `stop_event` is set
    (or once). A failing round is logged and the next one retries; with `once` it raises.
    A round in progress finishes (and commits) before the loop stops."""
    stop_event = stop_event or threading.Event()
    while not stop_event.is_set():
        with app.app_context():
            try:
                deliver(stop_event=stop_event)
            except Exception:  # keep the loop alive; the next round retries
                log.exception("%s round failed", name)
                if once:
                    raise
            finally:
                db.session.remove()
        if once:
            return
        stop_event.wait(interval)


def start_rounds(app, deliver, name, interval=2.0, stop_event=None):
    """run_rounds in a daemon thread; returns the thread."""
    thread = threading.Thread(target=run_rounds, args=(app, deliver, name, interval, stop_event),
                              name=name.replace(" ", "-"), daemon=True)
    thread.start()
    return thread
