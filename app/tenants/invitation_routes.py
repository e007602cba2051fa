"""Accepting an emailed invitation: public, the token names the tenant."""

from flask import Blueprint, flash, redirect, render_template, session, url_for
from flask_login import current_user

from app.auth.login import sign_in
from app.auth.routes import _token_limit
from app.core.errors import TokenError
from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access
from app.extensions import db, limiter
from app.tenancy.request import ACTIVE_MEMBERSHIP_KEY
from app.tenants.forms import AcceptExistingAccountForm, AcceptNewAccountForm, JoinAsCurrentUserForm
from app.tenants.services import invitations as invitation_service

FORMS = {"current": JoinAsCurrentUserForm, "existing": AcceptExistingAccountForm, "new": AcceptNewAccountForm}

bp = Blueprint("invitations", __name__, template_folder="templates")
default_access(bp, Access.PUBLIC)  # the link's token is the credential


def _problem(error):
    # Unknown, expired, revoked and used links all look alike to a guesser: 404.
    return render_template("token_problem.html", message=error.message, title="Invitation"), 404


def _joined(membership):
    # Read before sign_in commits (which expires the loaded rows).
    membership_id, organisation = membership.id, membership.organisation_name
    sign_in(membership.user)
    session[ACTIVE_MEMBERSHIP_KEY] = membership_id
    flash(f"Welcome to {organisation}.", "success")
    return redirect(url_for("home.index"))


def _accept(invitation, form, mode):
    if mode == "current":
        return invitation_service.accept_invitation(invitation, user=current_user._get_current_object())
    if mode == "existing":
        return invitation_service.accept_with_password(invitation, form.password.data)
    return invitation_service.accept_invitation(invitation, name=form.name.data, password=form.password.data)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(_token_limit)
def accept(token):
    try:
        invitation = invitation_service.find_invitation(token)
    except TokenError as error:
        return _problem(error)
    mode = invitation_service.acceptance_mode(invitation, current_user)
    form = FORMS[mode]()
    if form.validate_on_submit():
        try:
            membership = commit_or_show(form, lambda: _accept(invitation, form, mode), let_through=TokenError)
        except TokenError as error:
            db.session.rollback()
            return _problem(error)
        if membership is not None:
            return _joined(membership)
    status = 422 if form.errors else 200
    return render_template("invitations/accept.html", invitation=invitation, form=form, mode=mode), status
