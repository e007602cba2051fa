"""Named permission checks, applied per blueprint so new routes are protected by default."""

from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from app.core.models import is_id
from app.extensions import db
from app.tenancy.request import current_membership
from app.tenants.models import Role


def membership_required():
    """Blueprint guard: a logged-in person acting in one organisation."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not current_membership:
        flash("Choose the organisation you want to work in.", "info")
        return redirect(url_for("auth.choose_organisation"))
    return None


def is_staff():
    return bool(current_membership) and current_membership.role.is_staff


def is_admin():
    return bool(current_membership) and current_membership.role == Role.ADMIN


def is_partner_admin():
    return bool(current_membership) and current_membership.role == Role.PARTNER_ADMIN


def require(check):
    """Decorator: 403 unless `check()` holds for the acting membership."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not check():
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def staff_guard():
    """Blueprint guard for vendor-staff-only areas."""
    redirect_response = membership_required()
    if redirect_response is not None:
        return redirect_response
    if not is_staff():
        abort(404)  # partner users do not learn that staff pages exist
    return None


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


def admin_guard():
    """Blueprint guard for tenant-admin-only areas (others get 404)."""
    redirect_response = membership_required()
    if redirect_response is not None:
        return redirect_response
    if not is_admin():
        abort(404)
    return None
