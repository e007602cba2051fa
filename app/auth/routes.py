"""Log-in, log-out, the account page, password reset and change, and choosing the
organisation to act in. (Sign-up and its email confirmation: app/auth/signup_routes.py.)"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from app.auth.forms import (
    ChangePasswordForm,
    ChooseOrganisationForm,
    LoginForm,
    OwnTimeZoneForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignOutEverywhereForm,
)
from app.auth.login import (
    current_session_token,
    forget_browser_session,
    sign_in,
    sign_out,
    sign_out_everywhere,
)
from app.auth.services import accounts
from app.auth.services import sessions as user_sessions
from app.core.errors import TokenError
from app.core.forms import commit_or_show
from app.core.permissions import Access, allow, default_access
from app.core.security import is_safe_local_path
from app.extensions import db, limiter
from app.lifecycle.forms import DeleteAccountForm
from app.lifecycle.services import people as lifecycle_people
from app.tenancy.request import activate_membership, current_tenant, usable_memberships

bp = Blueprint("auth", __name__, template_folder="templates")
# Account pages need a signed-in person; the pages that lead there say PUBLIC.
default_access(bp, Access.SIGNED_IN)

# The account whose password this browser gave while its address is still unconfirmed.
UNVERIFIED_USER_KEY = "unverified_user_id"


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _account_limit():
    return current_app.config["LOGIN_ACCOUNT_RATE_LIMIT"]


def _named_account():
    """Rate-limit key of the account a log-in or reset request names (its email as the
    accounts are looked up), so guesses spread over many addresses still add up."""
    try:
        email = request.form.get("email")
    except RequestEntityTooLarge:
        # The view answers 413. Raising here would make Flask-Limiter give up its storage.
        email = None
    return "account:" + accounts.normalise_email(email)[:254]


def _failed_login(response):
    return response.status_code != 302


def _token_limit():
    return current_app.config["TOKEN_RATE_LIMIT"]


def _redirect_after_login():
    target = request.args.get("next")
    return redirect(target if is_safe_local_path(target) else url_for("home.index"))


@bp.route("/login", methods=["GET", "POST"])
@allow(Access.PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_named_account, deduct_when=_failed_login)
def login():
    if current_user.is_authenticated:
        return _redirect_after_login()
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is not None:
            if not user.is_verified:
                session[UNVERIFIED_USER_KEY] = user.id
                return redirect(url_for("auth.verification_pending"))
            sign_in(user, remember=form.remember.data)
            return _redirect_after_login()
        form.form_errors.append("Wrong email or password.")
    return render_template("auth/login.html", form=form), 200 if not form.errors else 422


@bp.route("/logout", methods=["POST"])
@allow(Access.PUBLIC)
def logout():
    sign_out()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


def _time_zone_form(formdata=None):
    organisation_zone = current_tenant.time_zone if current_tenant else "UTC"
    form = OwnTimeZoneForm(formdata, organisation_zone=organisation_zone)
    if formdata is None:
        form.time_zone.data = current_user.time_zone or ""
    return form


@bp.route("/account")
def account(zone_form=None, status=200):
    """The person's account: their signed-in browsers and the way to end them all, and
    their own time zone."""
    sessions = user_sessions.sessions_of(current_user)
    this_browser = next((s for s in sessions if user_sessions.is_session(s, current_session_token())), None)
    return render_template("auth/account.html", sessions=sessions, this_browser=this_browser,
                           form=SignOutEverywhereForm(), zone_form=zone_form or _time_zone_form()), status


@bp.route("/account/time-zone", methods=["POST"])
def set_time_zone():
    form = _time_zone_form(request.form)
    if form.validate_on_submit() and commit_or_show(
        form, lambda: accounts.set_own_time_zone(current_user._get_current_object(), form.time_zone.data)
    ) is not None:
        flash("Time zone saved.", "success")
        return redirect(url_for("auth.account"))
    return account(form, 422)


@bp.route("/account/sign-out-everywhere", methods=["POST"])
def sign_out_everywhere_route():
    # CSRF is checked for every POST (CSRFProtect), as for /logout.
    sign_out_everywhere(current_user._get_current_object())
    flash("You are signed out on every device, this one included.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/reset", methods=["GET", "POST"])
@allow(Access.PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_account_limit, methods=["POST"], key_func=_named_account)
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        accounts.request_password_reset(form.email.data)
        db.session.commit()
        # The same answer whether or not the account exists.
        flash("If an account exists for that address, a reset link is on its way.", "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form), 200 if not form.errors else 422


@bp.route("/reset/<token>", methods=["GET", "POST"])
@allow(Access.PUBLIC)
@limiter.limit(_token_limit)
def reset_password(token):
    try:
        accounts.find_reset_token(token)
    except TokenError as error:
        return _reset_link_problem(error)
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            user = commit_or_show(form, lambda: accounts.reset_password(token, form.password.data),
                                  let_through=TokenError)
        except TokenError as error:
            db.session.rollback()
            return _reset_link_problem(error)
        if user is not None:
            sign_in(user)
            flash("Your password is changed. Other sessions have been logged out.", "success")
            return redirect(url_for("home.index"))
    return render_template("auth/reset_password.html", form=form), 200 if not form.errors else 422


def _reset_link_problem(error):
    return render_template("token_problem.html", message=error.message, title="Password reset"), 404


@bp.route("/account/password", methods=["GET", "POST"])
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and commit_or_show(form, lambda: accounts.change_password(
            current_user, form.current_password.data, form.password.data, keep_session=current_session_token(),
    )) is not None:
        flash("Your password is changed. Other sessions have been logged out.", "success")
        return redirect(url_for("home.index"))
    return render_template("auth/change_password.html", form=form), 200 if not form.errors else 422


@bp.route("/orgs")
def choose_organisation():
    memberships = usable_memberships(current_user)
    return render_template(
        "auth/choose_organisation.html", memberships=memberships, form=ChooseOrganisationForm()
    )


@bp.route("/orgs/<int:membership_id>/activate", methods=["POST"])
def activate_organisation(membership_id):
    form = ChooseOrganisationForm()
    membership = next((m for m in usable_memberships(current_user) if m.id == membership_id), None)
    if membership is None or not form.validate_on_submit():
        abort(404)
    activate_membership(membership)
    flash(f"You are now working in {membership.organisation_name}.", "info")
    return redirect(url_for("home.index"))


@bp.route("/account/delete", methods=["GET", "POST"])
def delete_account():
    """A person deletes their own account, confirming with their password."""
    form = DeleteAccountForm()
    if form.validate_on_submit() and commit_or_show(
        form, lambda: lifecycle_people.delete_account(current_user._get_current_object(), form.password.data)
    ) is not None:
        forget_browser_session()  # its server-side sessions went with the account
        flash("Your account is deleted.", "info")
        return redirect(url_for("auth.login"))
    memberships = lifecycle_people.memberships_of(current_user)
    return render_template("auth/delete_account.html", form=form, memberships=memberships), \
        200 if not form.errors else 422
