"""A fresh app with throwaway blueprints, for the permission and error-handling tests.

Blueprints cannot be added to the session's app once it has served a request, so these
tests build their own app on the same database (rows made with the factories are
visible to both)."""

from flask import Blueprint, jsonify, redirect, url_for

from app import create_app
from app.core.errors import ServiceError, back_to
from app.core.permissions import Access, allow, default_access
from app.extensions import db
from app.partners.models import Partner
from config import TestConfig
from tests.conftest import IsolatedClient
from tests.factories import PASSWORD

UNWRITTEN_PARTNER = "Written by a failed request"

# No default and no declaration on `undeclared`: the app must refuse it.
pages = Blueprint("throwaway", __name__, url_prefix="/throwaway")


@pages.route("/undeclared")
def undeclared():
    return "should never be served"


@pages.route("/admin")
@allow(Access.ADMIN)
def admin_page():
    return "admin page"


@pages.route("/fails", methods=["GET", "POST"])
@allow(Access.MEMBER)
@back_to("throwaway.admin_page", anchor="top")
def fails_after_writing():
    """Writes a row, then a rule refuses the input (as a service would, part-way)."""
    db.session.add(Partner(name=UNWRITTEN_PARTNER))
    db.session.flush()
    raise ServiceError("This input breaks a rule.")


@pages.route("/fails-without-target", methods=["GET", "POST"])
@allow(Access.MEMBER)
def fails_without_target():
    raise ServiceError("This input breaks a rule.")


@pages.route("/back")
@allow(Access.MEMBER)
def back():
    return redirect(url_for("throwaway.admin_page"))


# Under /api/: a service error must answer the API's JSON error body.
api = Blueprint("throwaway_api", __name__, url_prefix="/api/throwaway")
default_access(api, Access.API_TOKEN)  # no token check here: the handler is what is tested


@api.route("/fails", methods=["POST"])
def api_fails():
    raise ServiceError("The score must be from 0 to 10.", field="nps")


@api.route("/ok")
def api_ok():
    return jsonify(ok=True)


def throwaway_app(session_app):
    class SameDatabase(TestConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = session_app.config["SQLALCHEMY_DATABASE_URI"]

    app = create_app(SameDatabase)
    app.test_client_class = IsolatedClient
    app.register_blueprint(pages)
    app.register_blueprint(api)
    return app


def signed_in(app, user):
    client = app.test_client()
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client
