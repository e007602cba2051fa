"""`flask --app wsgi rollups rebuild [--tenant SLUG]`."""

import click

from app.insights.services.rollups import rebuild_all

rollups_cli = click.Group("rollups", help="Per-day feedback rollups behind the dashboards.")


@rollups_cli.command("rebuild")
@click.option("--tenant", "slug", help="Slug of one tenant (default: every tenant).")
def rebuild_command(slug):
    """Recompute the rollups from the feedback items (the triggers keep them exact; this
    repairs or prunes them)."""
    results = rebuild_all(slug)
    if slug and not results:
        raise click.ClickException(f"No tenant {slug!r}.")
    for result in results:
        click.echo(f"{result.tenant}: {result.rows:,} rollup rows in {result.seconds:.2f} s")


def register(app):
    app.cli.add_command(rollups_cli)
