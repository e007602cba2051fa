"""Imports as background jobs: the upload and mapping stay in the request, the import of
every row runs in a worker with a progress bar on the batch's page (app/jobs)."""

from app.extensions import db
from app.imports.models import ImportBatch, ImportStatus
from app.imports.services.batches import check_can_import, run_import
from app.imports.services.files import ImportFileError, batch_rows
from app.jobs.registry import job_handler
from app.jobs.services.submit import submit


def start_import(batch, all_or_nothing, started_by):
    """Ask for the import of `batch` as a job (it starts when the caller commits)."""
    check_can_import(batch)
    # A rejected or failed batch may run again (nothing of it is stored): it waits anew.
    batch.status, batch.all_or_nothing = ImportStatus.UPLOADED, all_or_nothing
    job = submit("imports.run", f"Import of {batch.filename}", {"batch_id": batch.id}, started_by=started_by,
                 max_attempts=2)
    batch.job_id = job.id
    return job


def _row_count(batch):
    """The file's data rows (for the progress bar); None when the file cannot be read to
    the end, which the import itself then reports as the batch's failure."""
    try:
        return sum(1 for _ in batch_rows(batch))
    except ImportFileError:
        return None


@job_handler("imports.run")
def import_job(job, progress):
    """Import the batch; a batch already finished (its worker died after the import's commit)
    is not imported twice."""
    batch = db.session.get(ImportBatch, job.payload["batch_id"])
    if batch is None:
        return "The upload was deleted before it was imported."
    if not batch.is_finished:
        total = _row_count(batch)
        progress.update(0, total, force=True)
        run_import(batch, batch.all_or_nothing, progress=lambda done: progress.update(done, total))
    return (f"{batch.status.label}: {batch.imported_count:,} imported, {batch.duplicate_count:,} duplicates, "
            f"{batch.rejected_count:,} rejected.")
