"""`flask --app wsgi apitoken create ...` and `flask --app wsgi webhooks run [--once]`."""

import contextlib
import signal
import threading

import click
from flask import current_app
from sqlalchemy import func, select

from app.api.idempotency import purge_expired_keys
from app.core.errors import ServiceError
from app.extensions import db
from app.integrations.models import WebhookDelivery
from app.integrations.services.api_tokens import create_api_token_for_tenant
from app.integrations.services.webhooks import run_webhook_sender
from app.tenancy import unscoped

apitoken_cli = click.Group("apitoken", help="Manage tenant API tokens.")
webhooks_cli = click.Group("webhooks", help="Deliver outbound webhooks.")


@apitoken_cli.command("create")
@click.option("--tenant", "slug", required=True, help="The tenant's slug.")
@click.option("--scopes", default="read", show_default=True, help="Comma-separated: read, write.")
@click.option("--name", default="CLI token", show_default=True, help="What the token is for.")
def create_token_command(slug, scopes, name):
    """Create an API token and print it (it is shown only this once)."""
    try:
        raw = create_api_token_for_tenant(slug, scopes, name)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(raw)


@apitoken_cli.command("purge-keys")
def purge_keys_command():
    """Delete Idempotency-Key records older than 24 hours (run daily)."""
    click.echo(f"Deleted {purge_expired_keys()} expired idempotency keys.")


@webhooks_cli.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due, then exit.")
@click.option("--interval", default=2.0, show_default=True, help="Seconds between rounds.")
def run_command(once, interval):
    """Deliver due webhook events; safe to run in several processes on PostgreSQL."""
    stop_event = threading.Event()
    # On SIGTERM, finish and commit the batch in hand so its outcomes are recorded.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: stop_event.set())
    with contextlib.suppress(KeyboardInterrupt):
        run_webhook_sender(
            current_app._get_current_object(), interval=interval, once=once, stop_event=stop_event
        )


@webhooks_cli.command("status")
def status_command():
    """Count webhook deliveries by status, across tenants."""
    statement = unscoped(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status))
    rows = db.session.execute(statement).all()
    for status, count in rows:
        click.echo(f"{status.value:10} {count}")
    if not rows:
        click.echo("No webhook deliveries.")


def register(app):
    for group in (apitoken_cli, webhooks_cli):
        app.cli.add_command(group)
