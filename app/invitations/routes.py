"""Accepting an emailed invitation: public, the token names the tenant."""

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user, login_user
from werkzeug.security import check_password_hash

from app.auth.routes import _token_limit
from app.extensions import db, limiter
from app.forms import apply_service_error
from app.invitations import bp
from app.invitations.forms import AcceptExistingAccountForm, AcceptNewAccountForm, JoinAsCurrentUserForm
from app.services.accounts import find_user_by_email
from app.services.errors import ServiceError, TokenError
from app.services.invitations import accept_invitation, find_invitation
from app.tenancy.request import ACTIVE_MEMBERSHIP_KEY


def _problem(error):
    return render_template("token_problem.html", message=error.message, title="Invitation"), 404


def _joined(membership):
    db.session.commit()
    login_user(membership.user)
    session[ACTIVE_MEMBERSHIP_KEY] = membership.id
    flash(f"Welcome to {membership.organisation_name}.", "success")
    return redirect(url_for("main.index"))


def _form_for(invitation, existing_user):
    if current_user.is_authenticated and current_user.email == invitation.email:
        return JoinAsCurrentUserForm(), "current"
    if existing_user is not None:
        return AcceptExistingAccountForm(), "existing"
    return AcceptNewAccountForm(), "new"


def _accept(invitation, form, mode, existing_user):
    if mode == "current":
        return accept_invitation(invitation, user=current_user._get_current_object())
    if mode == "existing":
        if not check_password_hash(existing_user.password_hash, form.password.data):
            raise ServiceError("That is not the password of this account.", field="password")
        return accept_invitation(invitation, user=existing_user)
    return accept_invitation(invitation, name=form.name.data, password=form.password.data)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@limiter.limit(_token_limit)
def accept(token):
    try:
        invitation = find_invitation(token)
    except TokenError as error:
        return _problem(error)
    existing_user = find_user_by_email(invitation.email)
    form, mode = _form_for(invitation, existing_user)
    if form.validate_on_submit():
        try:
            return _joined(_accept(invitation, form, mode, existing_user))
        except TokenError as error:
            db.session.rollback()
            return _problem(error)
        except ServiceError as error:
            db.session.rollback()
            apply_service_error(form, error)
    status = 422 if form.errors else 200
    return render_template("invitations/accept.html", invitation=invitation, form=form, mode=mode), status
