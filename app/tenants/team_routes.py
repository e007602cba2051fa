"""The acting organisation's people and pending invitations."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from app.core.errors import ServiceError
from app.core.forms import apply_service_error
from app.core.permissions import Access, default_access, get_or_404
from app.core.security import is_safe_local_path
from app.extensions import db
from app.lifecycle.services import people as lifecycle_people
from app.tenancy.request import current_membership, current_tenant
from app.tenants.forms import InviteForm
from app.tenants.models import Invitation, Membership, Role
from app.tenants.services import invitations as invitation_service
from app.tenants.services import team as team_service

bp = Blueprint("team", __name__, url_prefix="/team", template_folder="templates")
default_access(bp, Access.MEMBER)


def _render(form, status=200):
    return render_template(
        "team/index.html",
        members=team_service.team_members(current_membership),
        invitations=team_service.team_invitations(current_membership),
        form=form,
        can_remove=lambda member: lifecycle_people.can_remove_member(current_membership, member),
    ), status


@bp.route("/")
def index():
    roles = team_service.invitable_roles(current_membership)
    return _render(InviteForm(roles) if roles else None)


@bp.route("/invite", methods=["POST"])
def invite():
    roles = team_service.invitable_roles(current_membership)
    if not roles:
        abort(403)
    form = InviteForm(roles)
    if form.validate_on_submit():
        try:
            team_service.invite_colleague(
                current_tenant, current_membership, form.email.data, Role(form.role.data)
            )
            db.session.commit()
        except ServiceError as error:
            db.session.rollback()
            apply_service_error(form, error)
        else:
            flash(f"Invitation sent to {form.email.data}.", "success")
            return redirect(url_for("team.index"))
    return _render(form, 422)


def _managed_invitation(invitation_id):
    invitation = get_or_404(Invitation, invitation_id)
    if not team_service.can_manage_invitation(current_membership, invitation):
        abort(404)
    return invitation


def _back():
    target = request.form.get("next") or request.referrer or ""
    # Only the path of a referrer on this site is reused.
    parts = urlsplit(target)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return redirect(
        path if is_safe_local_path(path) and parts.netloc in ("", request.host) else url_for("team.index")
    )


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
def resend_invitation(invitation_id):
    invitation = _managed_invitation(invitation_id)
    try:
        invitation_service.resend_invitation(invitation)
        db.session.commit()
        flash(f"A new invitation link was sent to {invitation.email}.", "success")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    return _back()


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
def revoke_invitation(invitation_id):
    invitation = _managed_invitation(invitation_id)
    try:
        invitation_service.revoke_invitation(invitation)
        db.session.commit()
        flash(f"The invitation for {invitation.email} is revoked.", "success")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    return _back()


@bp.route("/members/<int:membership_id>/remove", methods=["POST"])
def remove_member(membership_id):
    """Take someone out of the organisation; what they contributed stays, anonymised
    (see app/lifecycle/services/people.py). Back to the team or partner page."""
    membership = get_or_404(Membership, membership_id)
    if not lifecycle_people.can_remove_member(current_membership, membership):
        abort(404)
    name = membership.user.name
    try:
        lifecycle_people.remove_member(current_membership, membership)
        db.session.commit()
        flash(f"{name} is removed. What they contributed stays, shown as “Former member”.", "success")
    except ServiceError as error:
        db.session.rollback()
        flash(error.message, "danger")
    return _back()
