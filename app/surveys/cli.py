"""`flask --app wsgi surveys ...`: reminders (run daily from cron) and reported bounces."""

import click
from sqlalchemy import select

from app.core.job_lock import one_at_a_time
from app.extensions import db
from app.surveys.routes import bp
from app.surveys.services.sending import record_bounce, send_all_reminders
from app.tenancy import scoped_to
from app.tenants.models import Tenant


@bp.cli.command("remind")
@one_at_a_time("surveys remind")
def remind_command():
    """Remind survey recipients who have not answered after the tenant's reminder days."""
    sent = send_all_reminders()
    click.echo(f"Queued {sent} survey {'reminder' if sent == 1 else 'reminders'}.")


@bp.cli.command("bounce")
@click.argument("tenant_slug")
@click.argument("email")
def bounce_command(tenant_slug, email):
    """Record a bounce reported by the mail provider: the address is never surveyed again."""
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == tenant_slug)).first()
    if tenant is None:
        raise click.ClickException(f"No tenant with the address {tenant_slug!r}.")
    with scoped_to(tenant.id):
        marked = record_bounce(email)
        db.session.commit()
    click.echo(
        f"Suppressed {email.strip().lower()} for {tenant.name}; {marked} unanswered sends marked bounced."
    )
