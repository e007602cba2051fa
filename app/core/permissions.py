"""Who may open which page: every endpoint declares one `Access` level, enforced in one place.

A blueprint names the level of all its views (`default_access(bp, Access.STAFF)`); a view
may override it (`@allow(Access.ADMIN)`). `enforce_access`, one before_request hook of the
app, reads the endpoint's declaration and refuses the request before any view code runs.
An endpoint that declares nothing is refused (fail closed), and
tests/core/test_permissions.py walks `app.url_map`, so such a route fails the tests first.

Levels, each admitting fewer people than the one before it (API_TOKEN stands apart):
- PUBLIC: anyone. Pages whose secret token is the credential check it themselves.
- SIGNED_IN: a signed-in person, in an organisation or not (account pages, choosing one).
- MEMBER: a person acting in an organisation, staff or partner user.
- PARTNER_ADMIN: the vendor's staff, or a partner's admin (customer survey campaigns).
- STAFF: the vendor's staff (admins and managers).
- ADMIN: the vendor's admins.
- API_TOKEN: the JSON API; its blueprint checks the bearer token (app/api/auth.py).

Answers:
- not signed in: a redirect to the log-in page (HTML), which brings the person back;
  the API answers 401 itself;
- signed in but acting in no organisation, on a MEMBER page or above: a redirect to
  choosing one;
- a page above one's role in the same tenant: 403 for staff (a manager on an admin page:
  staff know the page exists), 404 for partner users (they do not learn staff pages exist);
- an object of another tenant, or of another partner: 404, as for a missing one. Objects
  are loaded with `get_or_404` (or a view's "load or 404" helper) after this check; rules
  about one object (may this person work on this follow-up?) stay in the views and services;
- an endpoint without a declaration: 404, logged as an error.
"""

import enum

from flask import abort, current_app, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.core.models import is_id
from app.extensions import db, login_manager
from app.tenancy.request import current_membership
from app.tenants.models import Role


class Access(enum.Enum):
    PUBLIC = "public"
    SIGNED_IN = "signed in"
    MEMBER = "member"
    PARTNER_ADMIN = "staff or partner admin"
    STAFF = "staff"
    ADMIN = "admin"
    API_TOKEN = "API token"


# Endpoints the framework's extensions add (files only): they cannot carry a declaration.
FRAMEWORK_ENDPOINTS = {"static": Access.PUBLIC, "bootstrap.static": Access.PUBLIC}

_ATTRIBUTE = "access"


def allow(level):
    """View decorator: declare `level` for this view (overrides its blueprint's default)."""

    def decorator(view):
        setattr(view, _ATTRIBUTE, level)
        return view

    return decorator


def default_access(blueprint, level):
    """Declare `level` for every view of `blueprint` that does not declare its own."""
    setattr(blueprint, _ATTRIBUTE, level)


def access_of(app, endpoint):
    """The level `endpoint` declares (its view's, else its blueprint's), or None."""
    declared = getattr(app.view_functions.get(endpoint), _ATTRIBUTE, None)
    if declared is not None:
        return declared
    if endpoint in FRAMEWORK_ENDPOINTS:
        return FRAMEWORK_ENDPOINTS[endpoint]
    return getattr(app.blueprints.get(endpoint.rpartition(".")[0]), _ATTRIBUTE, None)


def is_staff():
    return bool(current_membership) and current_membership.role.is_staff


def is_admin():
    return bool(current_membership) and current_membership.role == Role.ADMIN


ROLE_ALLOWED = {
    Access.MEMBER: lambda role: True,
    Access.PARTNER_ADMIN: lambda role: role.is_staff or role == Role.PARTNER_ADMIN,
    Access.STAFF: lambda role: role.is_staff,
    Access.ADMIN: lambda role: role == Role.ADMIN,
}


def membership_required():
    """None when a signed-in person acts in an organisation, else the redirect that gets them there."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_membership:
        flash("Choose the organisation you want to work in.", "info")
        return redirect(url_for("auth.choose_organisation"))
    return None


def enforce_access():
    """before_request hook of the app (after the request scope has found the membership)."""
    if request.endpoint is None:  # no route matched: Flask answers 404 or 405 itself
        return None
    level = access_of(current_app, request.endpoint)
    if level is None:
        current_app.logger.error("%s declares no Access level: refused", request.endpoint)
        abort(404)
    if level in (Access.PUBLIC, Access.API_TOKEN):
        return None
    if level is Access.SIGNED_IN:
        return None if current_user.is_authenticated else login_manager.unauthorized()
    not_there = membership_required()
    if not_there is not None:
        return not_there
    if not ROLE_ALLOWED[level](current_membership.role):
        abort(403 if current_membership.role.is_staff else 404)
    return None


def install_access_check(app):
    app.before_request(enforce_access)


def get_or_404(model, object_id):
    """Load a tenant-scoped object by id; foreign and missing objects are both 404, and so
    are rows a model never shows one by one (its `shown_individually()` condition), and
    so is a number no row can have (the database would fail comparing with it)."""
    if not is_id(object_id):
        abort(404)
    # A SELECT, not Session.get(): get() returns an object already in the identity map
    # without querying, so the tenant criteria would not apply to it.
    statement = select(model).where(model.id == object_id)
    if hasattr(model, "shown_individually"):  # e.g. anonymous survey answers: never one by one
        statement = statement.where(model.shown_individually())
    obj = db.session.scalars(statement).first()
    if obj is None:
        abort(404)
    return obj
