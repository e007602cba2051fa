"""`flask --app wsgi analysis rerun [--tenant SLUG] [--batch-size N]` and
`flask --app wsgi analysis corrections [--tenant SLUG]`."""

import click
from sqlalchemy import select

from app.core.job_lock import one_at_a_time
from app.extensions import db
from app.tenants.models import Tenant

analysis_cli = click.Group("analysis", help="Analysis of feedback items.")


@analysis_cli.command("rerun")
@click.option("--tenant", "slug", help="Slug of one tenant (default: every tenant).")
@click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1, 20_000),
              help="Items read, analysed and written per transaction.")
@one_at_a_time("analysis rerun")
def rerun_command(slug, batch_size):
    """Re-run language detection, sentiment (with the current engine), loop response (staff's
    sentiment and loop overrides kept), "analysed by" and automatic themes (manual and
    removed tags kept) over every item; writes only what changed, so it is idempotent."""
    from app.analysis.services.reanalysis import all_tenant_ids, rerun_analysis

    tenant_ids = [_tenant_id(slug)] if slug else all_tenant_ids()
    result = rerun_analysis(tenant_ids, batch_size=batch_size)
    click.echo(f"Re-analysed {result.items:,} items of {result.tenants} tenant(s) in {result.seconds:.1f} s "
               f"({result.items_per_second:,.0f} items/s); {result.changed:,} changed.")


@analysis_cli.command("corrections")
@click.option("--tenant", "slug", help="Slug of one tenant (default: every tenant).")
def corrections_command(slug):
    """How many items each engine version analysed, and how many of those staff corrected."""
    from app.analysis.services.corrections import corrections_by_engine
    from app.analysis.services.reanalysis import all_tenant_ids
    from app.tenancy import scoped_to

    for tenant_id in [_tenant_id(slug)] if slug else all_tenant_ids():
        with scoped_to(tenant_id):
            rows = corrections_by_engine()
        click.echo(f"tenant {tenant_id}:")
        for engine, analysed, corrected in rows:
            share = f"{100 * corrected / analysed:.1f}%" if analysed else "—"
            click.echo(f"  {engine}: {analysed:,} item(s) with text, {corrected:,} corrected ({share})")


def _tenant_id(slug):
    tenant_id = db.session.scalar(select(Tenant.id).where(Tenant.slug == slug))
    if tenant_id is None:
        raise click.ClickException(f"No tenant {slug!r}.")
    return tenant_id


def register(app):
    app.cli.add_command(analysis_cli)
