"""`flask assets build`: hash and compress the static assets ahead of the first start."""

import click
from flask import current_app

from app.assets.sources import plotly_source

assets_cli = click.Group("assets", help="Static assets under hashed names, compressed.")


@assets_cli.command("build")
def build_command():
    """Build the hashed, compressed assets (also done on start-up when something changed)."""
    names = current_app.extensions["hashed_assets"]
    folder = current_app.config["ASSETS_BUILD_DIR"]
    click.echo(f"{len(names)} assets ready in {folder}; plotly.js from {plotly_source()}.")
