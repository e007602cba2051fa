"""`flask --app wsgi worker`: everything that runs in the background, in one process —
queued jobs, the schedule (no cron), email and webhook delivery. Run one per machine (or
more); they share the queue (Redis) and the database. Also `flask jobs status|run|reap`."""

import contextlib
import logging
import threading

import click
from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.jobs.models import Job
from app.jobs.schedule import BY_NAME, run_scheduled
from app.jobs.services.leases import reap
from app.tenancy import all_tenants

jobs_cli = click.Group("jobs", help="Background jobs and the schedule.")


@click.command("worker")
@click.option("--threads", default=2, show_default=True, type=click.IntRange(1, 32),
              help="Jobs run at the same time in this process.")
@click.option("--no-delivery", is_flag=True, help="Leave email and webhook delivery to other workers.")
def worker_command(threads, no_delivery):
    """Run queued jobs, the schedule, and email and webhook delivery until stopped (Ctrl-C, SIGTERM)."""
    from app.jobs.delivery import start_delivery
    from app.jobs.queue import queue_of

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = current_app._get_current_object()
    stop = threading.Event()
    senders = [] if no_delivery else start_delivery(app, stop)
    # An idle worker polls a SQLite queue at most a second apart (Redis reads block instead).
    consumer = queue_of(app).create_consumer(workers=threads, worker_type="thread", periodic=True,
                                            check_worker_health=True, initial_delay=0.1, max_delay=1.0)
    click.echo(f"Worker: {threads} job thread(s), the schedule, "
               f"{'no delivery' if no_delivery else 'email and webhook delivery'}; queue {_queue_name(app)}.")
    _reap_at_start()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            consumer.run()  # handles SIGINT and SIGTERM: running jobs finish first
    finally:
        stop.set()
        for sender in senders:
            sender.join(timeout=30)


def _reap_at_start():
    # A worker (re)started after a crash or a queue outage hands over at once the jobs that
    # wait for it, instead of at the reaper's next minute.
    try:
        requeued, failed, pushed = reap()
    except Exception:  # e.g. SQLite busy with a long job's writes: the schedule reaps within a minute
        logging.getLogger(__name__).exception("reaping at start failed")
        return
    finally:
        db.session.remove()
    if requeued or failed or pushed:
        click.echo(f"At start: {requeued} job(s) of stopped workers requeued, {failed} failed, {pushed} pushed again.")


def _queue_name(app):
    url = app.config["JOBS_QUEUE_URL"]
    return url.split("@")[-1] if url.startswith("redis") else url


@jobs_cli.command("status")
def status_command():
    """Count jobs by state, across tenants."""
    with all_tenants():
        rows = db.session.execute(select(Job.state, func.count()).group_by(Job.state).order_by(Job.state)).all()
    for state, count in rows:
        click.echo(f"{state.value:10} {count}")
    if not rows:
        click.echo("No jobs.")


@jobs_cli.command("run")
@click.argument("name", type=click.Choice(sorted(BY_NAME)))
def run_command(name):
    """Run one scheduled task now (for this slot, unless a worker already did)."""
    outcome = run_scheduled(name)
    click.echo(outcome if outcome is not None else f"{name} already ran in this slot.")


@jobs_cli.command("reap")
def reap_command():
    """Queue again the jobs whose worker died, and push the due jobs nobody took."""
    requeued, failed, pushed = reap()
    click.echo(f"{requeued} requeued, {failed} failed after their last attempt, {pushed} pushed again.")


def register(app):
    app.cli.add_command(worker_command)
    app.cli.add_command(jobs_cli)
