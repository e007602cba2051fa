"""Tenant settings for admins: the time zone, the program elements and feedback categories,
and the tenant's data: its export (a background job, then a download) and its deletion."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    session,
    url_for,
)
from flask_login import current_user

from app.core.forms import commit_or_show
from app.core.permissions import Access, default_access, get_or_404
from app.extensions import db
from app.feedback import services as feedback_service
from app.feedback.models import FeedbackCategory, ProgramElement
from app.jobs.models import Job
from app.lifecycle.forms import DeleteTenantForm, ExportForm
from app.lifecycle.models import TenantExport
from app.lifecycle.services.export import exported_classes, record_export
from app.lifecycle.services.export_store import EXPORT_KIND, export_of_job, export_parts, recent_exports
from app.lifecycle.services.tenants import delete_tenant, forget_deleted_objects
from app.lifecycle.tasks import start_export
from app.tenancy.request import ACTIVE_MEMBERSHIP_KEY, current_tenant
from app.tenants.forms import ListEntryForm, TenantTimeZoneForm
from app.tenants.services.tenants import set_time_zone

MODELS = {"element": ProgramElement, "category": FeedbackCategory}

bp = Blueprint("settings", __name__, url_prefix="/settings", template_folder="templates")
default_access(bp, Access.ADMIN)


def _render(element_form=None, category_form=None, zone_form=None, status=200):
    return render_template(
        "settings/index.html", elements=feedback_service.program_elements(), categories=feedback_service.categories(),
        element_form=element_form or ListEntryForm(kind="element", prefix="element"),
        category_form=category_form or ListEntryForm(kind="category", prefix="category"),
        zone_form=zone_form or TenantTimeZoneForm(time_zone=current_tenant.time_zone),
    ), status


@bp.route("/")
def index():
    return _render()


@bp.route("/time-zone", methods=["POST"])
def time_zone():
    form = TenantTimeZoneForm()
    if form.validate_on_submit() and commit_or_show(
        form, lambda: set_time_zone(current_tenant, form.time_zone.data)
    ) is not None:
        flash(f"The organisation's time zone is now {current_tenant.time_zone}.", "success")
        return redirect(url_for("settings.index"))
    return _render(zone_form=form, status=422)


def _add_entry(kind):
    form = ListEntryForm(prefix=kind)
    if form.validate_on_submit() and form.kind.data == kind and commit_or_show(
        form, lambda: feedback_service.add_list_entry(MODELS[kind], form.name.data)
    ) is not None:
        flash(f"Added “{form.name.data.strip()}”.", "success")
        return redirect(url_for("settings.index"))
    forms = {"element_form": form} if kind == "element" else {"category_form": form}
    return _render(status=422, **forms)


@bp.route("/elements", methods=["POST"])
def add_element():
    return _add_entry("element")


@bp.route("/categories", methods=["POST"])
def add_category():
    return _add_entry("category")


@bp.route("/elements/<int:element_id>/delete", methods=["POST"])
def delete_element(element_id):
    element = get_or_404(ProgramElement, element_id)
    db.session.delete(element)
    db.session.commit()
    flash(f"Removed “{element.name}”; its feedback now counts as general.", "success")
    return redirect(url_for("settings.index"))


@bp.route("/categories/<int:category_id>/delete", methods=["POST"])
def delete_category(category_id):
    category = get_or_404(FeedbackCategory, category_id)
    db.session.delete(category)
    db.session.commit()
    flash(f"Removed “{category.name}”.", "success")
    return redirect(url_for("settings.index"))


# --- the tenant's data: export and deletion (app/lifecycle/services/) ---------------------


def _data_page(delete_form=None, status=200):
    return render_template(
        "settings/data.html", export_form=ExportForm(), delete_form=delete_form or DeleteTenantForm(),
        tables=exported_classes(), exports=recent_exports(),
    ), status


@bp.route("/data")
def data():
    return _data_page()


@bp.route("/data/export", methods=["POST"])
def export_data():
    """Ask for an export as a background job and show its progress (one at a time)."""
    if not ExportForm().validate_on_submit():
        abort(400)
    job, started = start_export(current_user._get_current_object())
    db.session.commit()  # the worker starts now
    if not started:
        flash("An export is already being prepared: here is its progress.", "info")
    return redirect(url_for("settings.export_status", job_id=job.id))


def _export_job_or_404(job_id):
    job = get_or_404(Job, job_id)
    if job.kind != EXPORT_KIND:
        abort(404)
    return job


@bp.app_template_global("export_of_job")
def _export_of_job_global(job_id):
    """For the jobs pages' link to an export job's download (templates/jobs/links/)."""
    return export_of_job(job_id)


@bp.route("/data/exports/<int:job_id>")
def export_status(job_id):
    """The export's progress while it runs (polled by job-progress.js, or refreshed), then its download."""
    job = _export_job_or_404(job_id)
    return render_template("settings/export.html", job=job, export=export_of_job(job.id))


@bp.route("/data/exports/<int:export_id>/download")
def download_export(export_id):
    """The stored ZIP, streamed part by part; every download is in the audit log."""
    export = get_or_404(TenantExport, export_id)
    if export.is_expired:  # the daily purge has not deleted it yet
        flash("This export is no longer kept (exports are deleted after a week): start a new one.", "warning")
        return redirect(url_for("settings.data"))
    headers = {"Content-Disposition": f'attachment; filename="{export.filename}"', "Content-Length": str(export.size)}
    parts = export_parts(current_tenant.id, export.id)
    record_export(current_tenant, export)
    db.session.commit()
    return Response(parts, mimetype="application/zip", headers=headers)


@bp.route("/data/delete", methods=["POST"])
def delete_organisation():
    form = DeleteTenantForm()
    name = current_tenant.name
    if form.validate_on_submit() and commit_or_show(
        form, lambda: delete_tenant(current_tenant, current_user, form.confirm_slug.data, form.password.data)
    ) is not None:
        forget_deleted_objects()
        session.pop(ACTIVE_MEMBERSHIP_KEY, None)
        flash(f"{name} and all its data are deleted. Your account remains.", "success")
        return redirect(url_for("auth.choose_organisation"))
    return _data_page(form, 422)
