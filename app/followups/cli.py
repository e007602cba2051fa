"""`flask --app wsgi followups escalate|digest`, run from cron (e.g. hourly and daily).
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
    """Email each owner their new and overdue follow-ups."""
    sent = digest_all()
    closed = close_all_expired_loops()
    click.echo(f"Queued {sent} digest email(s); closed {closed} loop(s) past their confirmation window.")
