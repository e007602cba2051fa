"""Partner organisations and tiers (vendor staff only; tiers and deletion: admins)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.core.errors import back_to
from app.core.forms import commit_or_show
from app.core.permissions import Access, allow, default_access, get_or_404
from app.extensions import db
from app.jobs.models import JobState
from app.lifecycle.forms import DeletePartnerForm
from app.lifecycle.services.partners import PartnerDeletion, partner_footprint
from app.lifecycle.tasks import partner_deletion_job, start_partner_deletion
from app.partners import services as partner_service
from app.partners.forms import (
    InvitePartnerForm,
    InvitePartnerUserForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerStatusForm,
    TierForm,
)
from app.partners.models import Partner, PartnerTier
from app.partners.overview import partner_overview
from app.tenancy.request import current_membership, current_tenant
from app.tenants.models import Role
from app.tenants.services.invitations import invite_new_partner, invite_partner_user

bp = Blueprint("partners", __name__, url_prefix="/partners", template_folder="templates")
default_access(bp, Access.STAFF)


def _form_page(template, form, **context):
    return render_template(template, form=form, **context), 422 if form.errors else 200


@bp.route("/")
def index():
    filters = PartnerFilterForm(request.args)
    partners = partner_service.list_partners(**filters.valid_filters())
    return render_template(
        "partners/index.html", partners=partners, filters=filters, filtered=any(request.args.values())
    )


@bp.route("/new", methods=["GET", "POST"])
def new():
    form = InvitePartnerForm()
    invited = form.validate_on_submit() and commit_or_show(form, lambda: invite_new_partner(
        current_tenant, current_membership, form.partner_fields(), form.admin_email.data))
    if invited:
        partner, _ = invited
        flash(
            f"{partner.name} is invited; the invitation is on its way to {form.admin_email.data}.", "success"
        )
        return redirect(url_for("partners.show", partner_id=partner.id))
    return _form_page("partners/form.html", form, title="Invite a partner")


@bp.route("/<int:partner_id>")
def show(partner_id):
    partner = get_or_404(Partner, partner_id)
    return render_template(
        "partners/show.html",
        partner=partner,
        members=partner_service.partner_members(partner),
        invitations=partner_service.pending_partner_invitations(partner),
        invite_form=InvitePartnerUserForm(),
        status_form=PartnerStatusForm(status=partner.status.value),
        overview=partner_overview(partner),
    )


@bp.route("/<int:partner_id>/edit", methods=["GET", "POST"])
def edit(partner_id):
    partner = get_or_404(Partner, partner_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit() and commit_or_show(
        form, lambda: partner_service.update_partner(partner, **form.partner_fields())
    ) is not None:
        flash("Partner saved.", "success")
        return redirect(url_for("partners.show", partner_id=partner.id))
    return _form_page("partners/form.html", form, title=f"Edit {partner.name}", partner=partner)


@bp.route("/<int:partner_id>/status", methods=["POST"])
def change_status(partner_id):
    partner = get_or_404(Partner, partner_id)
    form = PartnerStatusForm()
    if not form.validate_on_submit():
        abort(400)
    partner_service.set_partner_status(partner, form.status.data)
    db.session.commit()
    flash(f"{partner.name} is now {partner.status.value}.", "success")
    return redirect(url_for("partners.show", partner_id=partner.id))


@bp.route("/<int:partner_id>/invitations", methods=["POST"])
@back_to("partners.show")
def invite_user(partner_id):
    partner = get_or_404(Partner, partner_id)
    form = InvitePartnerUserForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(" ".join(errors), "danger")
        return redirect(url_for("partners.show", partner_id=partner.id))
    invite_partner_user(current_tenant, current_membership, partner, form.email.data, Role(form.role.data))
    db.session.commit()
    flash(f"Invitation sent to {form.email.data}.", "success")
    return redirect(url_for("partners.show", partner_id=partner.id))


@bp.route("/tiers", methods=["GET", "POST"])
@allow(Access.ADMIN)
def tiers():
    form = TierForm()
    if form.validate_on_submit() and commit_or_show(
        form, lambda: partner_service.add_tier(form.name.data, form.weight.data)
    ) is not None:
        flash("Tier added.", "success")
        return redirect(url_for("partners.tiers"))
    return _form_page("partners/tiers.html", form, tiers=partner_service.partner_tiers())


@bp.route("/tiers/<int:tier_id>/edit", methods=["GET", "POST"])
@allow(Access.ADMIN)
def edit_tier(tier_id):
    tier = get_or_404(PartnerTier, tier_id)
    form = TierForm(obj=tier)
    if form.validate_on_submit() and commit_or_show(
        form, lambda: partner_service.update_tier(tier, form.name.data, form.weight.data)
    ) is not None:
        flash("Tier saved.", "success")
        return redirect(url_for("partners.tiers"))
    return _form_page("partners/form.html", form, title=f"Edit tier {tier.name}")



@bp.route("/tiers/<int:tier_id>/delete", methods=["POST"])
@allow(Access.ADMIN)
def delete_tier(tier_id):
    # CSRFProtect checks the token of every POST, so no form is needed here.
    tier = get_or_404(PartnerTier, tier_id)
    partner_service.delete_tier(tier)
    db.session.commit()
    flash(f"Tier {tier.name} deleted; its partners now have no tier.", "success")
    return redirect(url_for("partners.tiers"))


def _deletion_message(job, name, kept):
    db.session.refresh(job)  # a quick worker (or the tests, which run jobs at once) has finished it
    if job.state == JobState.DONE:
        fate = "its feedback stays, anonymised." if kept else "so is all its feedback."
        return f"{name} is deleted; {fate}", "success"
    if job.is_finished:
        return f"{name} was not deleted: {job.error or job.result}", "danger"
    return f"Deleting {name}: this page shows the progress, and you may leave it.", "info"


@bp.route("/<int:partner_id>/delete", methods=["GET", "POST"])
@allow(Access.ADMIN)
def delete(partner_id):
    """Deleting is final and asks what happens to the feedback; archiving is the soft option.
    The deletion runs as a background job; this page follows it while it is under way."""
    partner = get_or_404(Partner, partner_id)
    pending = partner_deletion_job(partner.id)
    if pending is not None:
        flash(f"{partner.name} is being deleted: this page shows the progress.", "info")
        return redirect(url_for("jobs.show", job_id=pending.id))
    form = DeletePartnerForm()
    name = partner.name
    job = form.validate_on_submit() and commit_or_show(
        form, lambda: start_partner_deletion(partner, form.choice.data, current_user._get_current_object()))
    if job:
        flash(*_deletion_message(job, name, form.choice.data == PartnerDeletion.KEEP))
        return redirect(url_for("jobs.show", job_id=job.id))
    return _form_page("partners/delete.html", form, partner=partner, footprint=partner_footprint(partner))
