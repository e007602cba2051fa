"""The acting organisation's people and pending invitations."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from app.core.errors import back_to, return_target
from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access, get_or_404
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
    if form.validate_on_submit() and commit_or_show(form, lambda: team_service.invite_colleague(
            current_tenant, current_membership, form.email.data, Role(form.role.data))) is not None:
        flash(f"Invitation sent to {form.email.data}.", "success")
        return redirect(url_for("team.index"))
    return _render(form, 422)


def _managed_invitation(invitation_id):
    invitation = get_or_404(Invitation, invitation_id)
    if not team_service.can_manage_invitation(current_membership, invitation):
        abort(404)
    return invitation


def _back():
    """To the page the form was on (the team page or a partner's page), else the team page."""
    return redirect(return_target())


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@back_to("team.index")
def resend_invitation(invitation_id):
    invitation = _managed_invitation(invitation_id)
    invitation_service.resend_invitation(invitation)
    db.session.commit()
    flash(f"A new invitation link was sent to {invitation.email}.", "success")
    return _back()


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@back_to("team.index")
def revoke_invitation(invitation_id):
    invitation = _managed_invitation(invitation_id)
    invitation_service.revoke_invitation(invitation)
    db.session.commit()
    flash(f"The invitation for {invitation.email} is revoked.", "success")
    return _back()


@bp.route("/members/<int:membership_id>/remove", methods=["POST"])
@back_to("team.index")
def remove_member(membership_id):
    """Take someone out of the organisation; what they contributed stays, anonymised
    (see app/lifecycle/services/people.py). Back to the team or partner page."""
    membership = get_or_404(Membership, membership_id)
    if not lifecycle_people.can_remove_member(current_membership, membership):
        abort(404)
    name = membership.user.name
    lifecycle_people.remove_member(current_membership, membership)
    db.session.commit()
    flash(f"{name} is removed. What they contributed stays, shown as “Former member”.", "success")
    return _back()
