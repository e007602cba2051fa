"""The JSON API for integrations, under /api/v1/, authenticated by tenant API tokens.

No session login and no CSRF here: a request is authenticated only by its
`Authorization: Bearer` token, which also selects the tenant (see auth.py)."""

from flask import Blueprint

from app.core.permissions import Access, default_access
from app.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
default_access(bp, Access.API_TOKEN)  # checked by the blueprint itself (auth.py)


def register_blueprints(app):
    # auth and errors attach the token check and JSON error bodies to bp; openapi
    # registers the document's own route after importing the others (routes).
    from app.api import auth, errors, openapi  # noqa: F401

    app.register_blueprint(bp)
