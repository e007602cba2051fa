"""The analysis's background jobs (app/jobs)."""

from sqlalchemy import func, select

from app.analysis.services.reanalysis import rerun_tenant
from app.analysis.services.themes import list_themes, retag_theme
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.jobs.registry import job_handler

RERUN_BATCH_SIZE = 1000


@job_handler("analysis.rerun")
def rerun_analysis_job(job, progress):
    """Re-analyse every item of the job's tenant; idempotent (a second run changes nothing)."""
    total = db.session.scalar(select(func.count()).select_from(FeedbackItem))
    progress.update(0, total, force=True)
    result = rerun_tenant(job.tenant_id, RERUN_BATCH_SIZE, on_batch=lambda done: progress.update(done, total))
    return f"Re-analysed {result.items:,} items; {result.changed:,} changed."


@job_handler("analysis.retag")
def retag_themes_job(job, progress):
    """Re-apply every theme's keywords to every item, one theme after another (each commits,
    so the progress bar counts themes done); manual and removed tags stay. Idempotent."""
    themes = list_themes()
    progress.update(0, len(themes), force=True)
    for done, theme in enumerate(themes, start=1):
        retag_theme(theme)
        db.session.commit()
        progress.update(done, len(themes))
    return f"Re-applied the keywords of {len(themes)} theme{'s' if len(themes) != 1 else ''} to every feedback item."
