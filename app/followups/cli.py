"""`flask --app wsgi followups escalate|digest`: run the worker's scheduled tasks now, by hand
(debugging, or a one-off catch-up). The worker runs escalation hourly and each tenant's digest
at 07:00 in its time zone (app/jobs/schedule.py); `digest` here sends every tenant's at once.
Both also close the loops whose confirmation window has passed."""

import click

from app.core.job_lock import one_at_a_time
from app.followups.routes import bp
from app.followups.services.jobs import close_all_expired_loops, digest_all, escalate_all


@bp.cli.command("escalate")
@one_at_a_time("followups escalate")
def escalate_command():
    """Escalate follow-ups past their due date (each once), by email."""
    escalated = escalate_all()
    closed = close_all_expired_loops()
    click.echo(f"Escalated {escalated} overdue follow-up(s); closed {closed} loop(s) past their confirmation window.")


@bp.cli.command("digest")
@one_at_a_time("followups digest")
def digest_command():
    """Email each owner their new and overdue follow-ups now, in every tenant."""
    sent = digest_all()
    closed = close_all_expired_loops()
    click.echo(f"Queued {sent} digest email(s); closed {closed} loop(s) past their confirmation window.")
