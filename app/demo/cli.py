"""`flask demo seed|generate`: the demo tenant, and bulk data for benchmarks."""

import click
from sqlalchemy import func, select

from app.core.errors import ServiceError
from app.demo.services.generate import generate
from app.demo.services.seed import DEMO_LOGINS, seed_demo
from app.extensions import db
from app.tenants.models import Tenant

demo_cli = click.Group("demo", help="Demo data.")


@demo_cli.command("seed")
@click.option("--if-empty", is_flag=True, help="Do nothing when any tenant exists.")
def seed_command(if_empty):
    """(Re)create the demo tenant (slug `demo`) with users, partners and sample data."""
    if if_empty and db.session.scalar(select(func.count()).select_from(Tenant)):
        click.echo("Database already has tenants; demo seed skipped.")
        if not db.session.scalar(select(func.count()).select_from(Tenant).where(Tenant.slug == "demo")):
            return
    else:
        seed_demo()
        db.session.commit()
    click.echo("Demo tenant 'demo' is ready. Log in with any of these (password for all: "
               f"{DEMO_LOGINS['password']}):")
    for email, role in DEMO_LOGINS["users"]:
        click.echo(f"  {email:32} {role}")


@demo_cli.command("generate")
@click.option("--tenant", "slug", required=True, help="Slug of an existing tenant.")
@click.option("--partners", default=500, show_default=True, help="Partners to add.")
@click.option("--feedback", default=1_000_000, show_default=True, help="Feedback items to add (last 12 months).")
@click.option("--seed", default=42, show_default=True, help="Random seed (same seed, same data).")
def generate_command(slug, partners, feedback, seed):
    """Add realistic partners, ideas and feedback to a tenant, in bulk (benchmarks, demos)."""
    tenant = db.session.scalars(select(Tenant).where(Tenant.slug == slug)).first()
    if tenant is None:
        raise click.ClickException(f"No tenant {slug!r}.")

    def progress(done, total):
        click.echo(f"  {done:,}/{total:,} feedback items", err=True)

    try:
        result = generate(tenant, partners=partners, feedback=feedback, seed=seed, progress=progress)
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Added {result.partners:,} partners, {result.ideas:,} ideas and {result.items:,} feedback items "
               f"in {result.seconds:.1f} s (writing: {result.rows_per_second:,.0f} rows/s).")


def register(app):
    app.cli.add_command(demo_cli)
