"""`flask --app wsgi tenant create`: a tenant and its first admin, from the command line."""

import click

from app.core.errors import ServiceError
from app.extensions import db
from app.tenants.services.tenants import create_tenant_with_admin, slug_from_name

tenant_cli = click.Group("tenant", help="Manage tenants.")


@tenant_cli.command("create")
@click.option("--name", required=True, help="Company name.")
@click.option("--slug", help="Portal address (default: from the name).")
@click.option("--admin-email", required=True)
@click.option("--admin-name", default="Admin")
@click.option("--password", required=True, prompt=True, hide_input=True, confirmation_prompt=True)
def create_tenant_command(name, slug, admin_email, admin_name, password):
    """Create a tenant and its first admin."""
    try:
        tenant, user = create_tenant_with_admin(name, slug or slug_from_name(name), admin_name, admin_email,
                                                password)
        db.session.commit()
    except ServiceError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    click.echo(f"Created tenant {tenant.slug!r} (id {tenant.id}) with admin {user.email}.")


def register(app):
    app.cli.add_command(tenant_cli)
