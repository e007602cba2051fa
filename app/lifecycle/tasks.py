"""The tenant export and the partner deletion as background jobs (app/jobs).

The request validates and asks for the job; the worker does the work with a progress
bar. Both handlers are idempotent: an export job run again after its export was stored
finds it (and sends no second email); a deletion runs in one transaction, so a run that
died changed nothing and the next one does it all, and a run for a partner already gone
ends at once."""

from sqlalchemy import select

from app.audit.services import SYSTEM, acting_as, actor_for
from app.core.errors import ServiceError
from app.extensions import db
from app.jobs.models import FINISHED_STATES, Job
from app.jobs.registry import job_handler
from app.jobs.services.submit import submit
from app.lifecycle.services.export import build_export
from app.lifecycle.services.export_store import EXPORT_KIND, export_of_job, pending_export_job, store_export
from app.lifecycle.services.partners import PartnerDeletion, delete_partner, deletion_choice
from app.mail.outbox import enqueue_email
from app.partners.models import Partner
from app.tenants.models import Tenant

DELETE_PARTNER_KIND = "lifecycle.delete_partner"


def _acting_for(job):
    """The audit log and the export's manifest name who asked, not the worker."""
    return acting_as(actor_for(job.started_by) if job.started_by else SYSTEM)


# --- the export ------------------------------------------------------------------------------


def start_export(started_by):
    """Ask for an export of the current tenant; an export already on its way is returned
    instead of a second one. Returns (job, started)."""
    pending = pending_export_job()
    if pending is not None:
        return pending, False
    return submit(EXPORT_KIND, "Export of all data", started_by=started_by), True


def _ready(export):
    return (f"Ready: {export.tables} tables, {export.rows:,} rows, {export.size / 2**20:.1f} MB; "
            f"kept until {export.expires_at:%d %b %Y %H:%M} UTC.")


@job_handler(EXPORT_KIND)
def export_job(job, progress):
    """Build the ZIP (progress: rows written of all), store it, email its link to who asked."""
    stored = export_of_job(job.id)
    if stored is not None:  # stored by a run whose worker died before it finished the job
        return _ready(stored)
    tenant = db.session.get(Tenant, job.tenant_id)
    with _acting_for(job):
        result = build_export(tenant, report=progress.update)
    try:
        export = store_export(result, job.id, job.started_by_id)
    finally:
        result.file.close()
    if job.started_by is not None:
        enqueue_email("data_export_ready", job.started_by.email, f"Your data export of {tenant.name} is ready",
                      "data_export_ready", person=job.started_by, tenant=tenant, export=export)
    return _ready(export)


# --- partner deletion ------------------------------------------------------------------------


def partner_deletion_job(partner_id):
    """The unfinished deletion job of a partner, if one was asked for."""
    jobs = db.session.scalars(select(Job).where(Job.kind == DELETE_PARTNER_KIND, Job.state.notin_(FINISHED_STATES))
                              .order_by(Job.id)).all()
    return next((job for job in jobs if job.payload.get("partner_id") == partner_id), None)


def start_partner_deletion(partner, choice, started_by):
    """Validate the deletion of `partner` and ask for it as a job (it runs once the caller
    commits); a partner whose deletion is already under way is refused."""
    choice = deletion_choice(choice)
    if partner_deletion_job(partner.id) is not None:
        raise ServiceError(f"{partner.name} is being deleted already.")
    return submit(DELETE_PARTNER_KIND, f"Delete partner {partner.name}",
                  {"partner_id": partner.id, "choice": choice.value}, started_by=started_by)


@job_handler(DELETE_PARTNER_KIND)
def delete_partner_job(job, progress):
    """Delete the partner in one transaction; its row is locked first (PostgreSQL), so an
    edit or a new contribution for it waits for the deletion and then finds it gone."""
    statement = select(Partner).where(Partner.id == job.payload["partner_id"]).with_for_update()
    partner = db.session.scalars(statement).first()
    if partner is None:
        return "The partner was already deleted."
    name = partner.name
    with _acting_for(job):
        footprint = delete_partner(partner, job.payload["choice"], report=progress.update)
    if job.payload["choice"] == PartnerDeletion.KEEP:
        return f"{name} is deleted; its {footprint['feedback_items']:,} feedback items stay, anonymised."
    return f"{name} is deleted, with its {footprint['feedback_items']:,} feedback items."
