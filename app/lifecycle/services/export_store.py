"""Tenant exports as background jobs: asking for one, keeping the finished ZIP in the
database for a week (a worker may run on another machine than the web app), reading
it back for the download, and deleting the expired ones (a daily scheduled task).

The ZIP is stored in parts of PART_BYTES, written and read one at a time, so memory
stays bounded on both sides as it does while the export is written."""

from datetime import timedelta

from flask import current_app
from sqlalchemy import delete, func, insert, select

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.lifecycle.models import TenantExport, TenantExportPart
from app.tenancy import all_tenants, scoped_to

EXPORT_KIND = "lifecycle.export"
PART_BYTES = 1024 * 1024
KEPT_FOR = timedelta(days=7)


def pending_export_job():
    """The tenant's export job still queued or running, if any (one at a time is enough)."""
    return db.session.scalars(select(Job).where(Job.kind == EXPORT_KIND,
                                                Job.state.in_((JobState.QUEUED, JobState.RUNNING)))
                              .order_by(Job.id.desc()).limit(1)).first()


def export_of_job(job_id):
    """The stored export a job made, or None (not finished, failed, or purged)."""
    return db.session.scalars(select(TenantExport).where(TenantExport.job_id == job_id)).first()


def recent_exports():
    """The tenant's exports that can still be downloaded, newest first."""
    return db.session.scalars(select(TenantExport).where(TenantExport.expires_at > utcnow())
                              .order_by(TenantExport.id.desc())).all()


def store_export(result, job_id, created_by_id):
    """Keep a built export (ExportResult, its file rewound) for KEPT_FOR; the caller commits."""
    size = result.file.seek(0, 2)
    result.file.seek(0)
    export = TenantExport(job_id=job_id, created_by_id=created_by_id, filename=result.filename, size=size,
                          tables=len(result.tables), rows=result.row_count, expires_at=utcnow() + KEPT_FOR)
    db.session.add(export)
    db.session.flush()
    position = 0
    # Core inserts: the parts never sit in the session's identity map, one part in memory at a time.
    while data := result.file.read(PART_BYTES):
        db.session.execute(insert(TenantExportPart), [{"export_id": export.id, "position": position, "data": data}])
        position += 1
    return export


def export_parts(tenant_id, export_id):
    """The export's bytes, part by part: a generator for a streamed response, run after
    the request has ended, so each part is read in an app context (a session) of its own."""
    app = current_app._get_current_object()
    with scoped_to(tenant_id):
        count = db.session.scalar(select(func.count()).select_from(TenantExportPart)
                                  .where(TenantExportPart.export_id == export_id))

    def parts():
        for position in range(count):
            with app.app_context(), scoped_to(tenant_id):  # its teardown ends the transaction
                data = db.session.scalar(select(TenantExportPart.data).where(
                    TenantExportPart.export_id == export_id, TenantExportPart.position == position))
            yield data

    return parts()


def purge_expired_exports(now=None):
    """Delete the exports of every tenant whose week is over (their parts go by cascade);
    returns how many."""
    now = now or utcnow()
    with all_tenants():
        expired = db.session.execute(select(TenantExport.tenant_id, TenantExport.id)
                                     .where(TenantExport.expires_at <= now)).all()
    db.session.commit()
    for tenant_id, export_id in expired:
        with scoped_to(tenant_id):
            db.session.execute(delete(TenantExport).where(TenantExport.id == export_id))
            db.session.commit()
    return len(expired)
