"""The analysis's background jobs (app/jobs)."""

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.analysis.models import Theme
from app.analysis.services.reanalysis import rerun_tenant
from app.analysis.services.themes import CHUNK, TAG_KIND, item_windows, list_themes, retag_theme, retag_window
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


THEME_DELETED = "The theme was deleted before its keywords were applied to every item."


def _keywords_of(theme_id):
    """The theme's keywords as stored now (None: the theme was deleted)."""
    return db.session.scalar(select(Theme.keywords).where(Theme.id == theme_id))


def _locked_keywords(theme_id):
    """Lock the theme's row (SQLite: the write lock), then read its keywords (None: deleted).
    Taken before a window reads its items and tags, so two jobs of one theme (a save that
    overtakes a running job) apply a window at a time, each over what the other committed;
    on SQLite a read runs outside the transaction until its first write, hence a write first."""
    taken = db.session.execute(update(Theme).where(Theme.id == theme_id).values(position=Theme.position),
                               execution_options={"synchronize_session": False}).rowcount
    return _keywords_of(theme_id) if taken else None


@job_handler(TAG_KIND)
def tag_theme_job(job, progress):
    """Apply a saved theme's keywords to every item of the tenant, CHUNK items per commit.
    Idempotent (each window's automatic tags become what the keywords match; manual and
    removed tags stay). Each window reads the keywords afresh, so a job overtaken by a newer
    save applies the newer keywords too; a theme deleted meanwhile ends the job cleanly."""
    theme_id = job.payload["theme_id"]
    total = db.session.scalar(select(func.count()).select_from(FeedbackItem))
    progress.update(0, total, force=True)
    matched = done = 0
    for low, high in item_windows():
        keywords = _locked_keywords(theme_id)
        if keywords is None:
            return THEME_DELETED
        try:
            matched += retag_window(theme_id, keywords, low, high)
            db.session.commit()
        except IntegrityError:  # deleted between the look-up and the insert: its tags cannot refer to it
            db.session.rollback()
            if _keywords_of(theme_id) is None:
                return THEME_DELETED
            raise
        done = min(done + CHUNK, total) if high is not None else total
        progress.update(done, total, force=True)  # a committed window: where a cancel stops it
    return f"Its keywords match {matched:,} feedback item{'s' if matched != 1 else ''}."
