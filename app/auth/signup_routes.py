"""Sign-up, its emailed confirmation link, and a signed-in person opening another
organisation. Sign-up answers the same page whether or not the address has an account
(the rules are in app/auth/services/signup.py)."""

from flask import flash, redirect, render_template, session, url_for
from flask_login import current_user

from app.auth.forms import ConfirmEmailForm, NewOrganisationForm, ResendVerificationForm, SignupForm
from app.auth.login import sign_in
from app.auth.models import User
from app.auth.routes import UNVERIFIED_USER_KEY, _login_limit, _token_limit, bp
from app.auth.services import signup as signup_service
from app.core.errors import TokenError
from app.core.forms import commit_or_show
from app.core.permissions import Access, allow
from app.extensions import db, limiter
from app.tenancy.request import activate_membership
from app.tenants.services import tenants as tenant_service


@bp.route("/signup", methods=["GET", "POST"])
@allow(Access.PUBLIC)
@limiter.limit(_login_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("auth.new_organisation"))
    form = SignupForm()
    if form.validate_on_submit() and commit_or_show(form, lambda: signup_service.sign_up(
            form.company_name.data, form.slug.data, form.name.data, form.email.data, form.password.data,
    )) is not None:
        # Nothing in the answer (status, page, cookies) says whether the address had an account.
        return redirect(url_for("auth.signup_sent"))
    return render_template("auth/signup.html", form=form), 200 if not form.errors else 422


@bp.route("/signup/check-your-email")
@allow(Access.PUBLIC)
def signup_sent():
    return render_template("auth/signup_sent.html")


def _unverified_user():
    user_id = session.get(UNVERIFIED_USER_KEY)
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    return user if user is not None and not user.is_verified else None


@bp.route("/verify")
@allow(Access.PUBLIC)
def verification_pending():
    """What an account whose address is not confirmed yet sees after giving its password."""
    user = _unverified_user()
    if user is None:
        return redirect(url_for("auth.login"))
    return render_template("auth/verification_pending.html", user=user, form=ResendVerificationForm())


@bp.route("/verify/resend", methods=["POST"])
@allow(Access.PUBLIC)
@limiter.limit(_login_limit)
def resend_verification():
    user = _unverified_user()
    if user is None:
        return redirect(url_for("auth.login"))
    signup_service.resend_verification(user)
    db.session.commit()
    flash("A new link is on its way. Links sent before no longer work.", "info")
    return redirect(url_for("auth.verification_pending"))


def _link_problem(error):
    return render_template("token_problem.html", message=error.message, title="Email confirmation"), 404


@bp.route("/verify/<token>", methods=["GET", "POST"])
@allow(Access.PUBLIC)
@limiter.limit(_token_limit)
def verify_email(token):
    """The emailed link: a page with a button (a mail scanner's visit uses nothing up);
    the button confirms the address, opens the organisation asked for and signs in."""
    try:
        verification = signup_service.find_verification(token)
    except TokenError as error:
        return _link_problem(error)
    form = ConfirmEmailForm()
    if not form.validate_on_submit():
        return render_template("auth/verify_email.html", verification=verification, form=form)
    try:
        user, tenant = signup_service.verify_email(token)
        db.session.commit()
    except TokenError as error:
        db.session.rollback()
        return _link_problem(error)
    return _welcome(user, tenant, verification.organisation_slug)


def _welcome(user, tenant, requested_slug):
    tenant_id, tenant_name = (tenant.id, tenant.name) if tenant else (None, None)
    sign_in(user)
    if tenant_id is None and requested_slug:
        flash(f"Your email address is confirmed, but the portal address {requested_slug} was taken in the "
              "meantime: choose another one.", "warning")
        return redirect(url_for("auth.new_organisation"))
    if tenant_id is not None:
        activate_membership(tenant_service.admin_membership(tenant, user))
        flash(f"Welcome to Partnerloop. {tenant_name}'s portal is ready.", "success")
    else:
        flash("Your email address is confirmed.", "success")
    return redirect(url_for("home.index"))


@bp.route("/orgs/new", methods=["GET", "POST"])
def new_organisation():
    """A signed-in person opens another organisation, with themselves as its admin."""
    form = NewOrganisationForm()
    user = current_user._get_current_object()
    tenant = form.validate_on_submit() and commit_or_show(
        form, lambda: tenant_service.create_tenant(form.company_name.data, form.slug.data, user)
    )
    if tenant:
        activate_membership(tenant_service.admin_membership(tenant, user))
        flash(f"{tenant.name}'s portal is ready.", "success")
        return redirect(url_for("home.index"))
    return render_template("auth/new_organisation.html", form=form), 200 if not form.errors else 422
