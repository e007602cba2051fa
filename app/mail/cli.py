"""`flask outbox run|status`: deliver queued email and count the outbox."""

import contextlib
import signal
import threading

import click
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.sender import deliver_all_due, run_sender_loop
from app.tenancy import all_tenants

outbox_cli = click.Group("outbox", help="Deliver queued email.")


@outbox_cli.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
def outbox_run_command(once, interval):
    """Deliver queued email over SMTP; safe to run in several processes on PostgreSQL."""
    if not current_app.config.get("SMTP_HOST"):
        click.echo("SMTP_HOST is not set: messages are captured for the development mailbox.")
    if once:
        click.echo(f"Delivered {deliver_all_due()} message(s).")
        return
    stop_event = threading.Event()
    # `docker stop` / systemd send SIGTERM: finish and commit the batch in hand first,
    # so what the server accepted is recorded as sent and not delivered twice.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop_event.set())
    with contextlib.suppress(KeyboardInterrupt):
        run_sender_loop(current_app._get_current_object(), interval=interval, stop_event=stop_event)


@outbox_cli.command("status")
def outbox_status_command():
    """Count outbox messages by status."""
    with all_tenants():
        rows = db.session.execute(
            select(OutboxMessage.status, func.count())
            .group_by(OutboxMessage.status)
            .order_by(OutboxMessage.status)
        ).all()
    for status, count in rows:
        click.echo(f"{status.value:10} {count}")
    if not rows:
        click.echo("The outbox is empty.")


def register(app):
    app.cli.add_command(outbox_cli)
