"""The feedback store's background jobs (app/jobs)."""

from sqlalchemy import select

from app.analysis.services.labels import analyse
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.feedback.services import finish_recording
from app.jobs.registry import job_handler


@job_handler("feedback.analyse", keep=False)
def analyse_new_feedback(job, progress):
    """Analyse an item stored with its analysis deferred (a survey answer, an API or portal
    write), then tag it, send feedback.created and run the rules, as recording it inline
    would have. Idempotent: an item already analysed is left alone, so a job run twice
    changes nothing; an item deleted meanwhile leaves nothing to do."""
    item = db.session.scalars(select(FeedbackItem).where(FeedbackItem.id == job.payload["item_id"])).first()
    if item is None or item.analysed_by is not None:
        return None
    analyse(item)
    db.session.flush()
    finish_recording(item)
    return None
