"""Campaign sending as a background job: the preview and confirmation stay in the request,
the invitations are written to the outbox by a worker, a batch at a time, with a progress
bar on the campaign's page (app/jobs, docs/surveys.md)."""

from sqlalchemy import select

from app.core.errors import ServiceError
from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import FINISHED_STATES, Job
from app.jobs.registry import job_handler
from app.jobs.services.submit import cancel, submit
from app.surveys.models import CampaignKind, SurveyCampaign
from app.surveys.services.campaigns import pending_count
from app.surveys.services.sending import SendResult, check_can_send, send_campaign_batch

SEND_KIND = "surveys.send_campaign"
BATCH_SIZE = 500  # contacts per transaction: a crash loses at most one uncommitted batch
COUNTS = ("sent", "skipped_recently", "skipped_suppressed")


def sending_job(campaign):
    """The campaign's latest sending job (None if it was never sent by one)."""
    return db.session.scalars(
        select(Job).where(Job.kind == SEND_KIND, Job.payload["campaign_id"].as_integer() == campaign.id)
        .order_by(Job.id.desc()).limit(1)
    ).first()


def running_sending_job(campaign):
    job = sending_job(campaign)
    return job if job is not None and job.state not in FINISHED_STATES else None


def start_sending(campaign, started_by):
    """Ask for the sending of `campaign` to its contacts not yet handled, as a job that
    starts when the caller commits. ServiceError when it cannot be sent, or is being sent."""
    check_can_send(campaign)
    if running_sending_job(campaign) is not None:
        raise ServiceError("This campaign is being sent already: its page shows how far it got.")
    if not pending_count(campaign):
        raise ServiceError("Add contacts first: everyone in this campaign has already been handled.")
    return submit(SEND_KIND, f"Send “{campaign.name}”", {"campaign_id": campaign.id}, started_by=started_by)


def cancel_sending(campaign):
    """Stop the campaign's sending job: at once if it waits, after its current batch if it
    runs (what was sent stays sent). Returns what happened, as a sentence."""
    job = running_sending_job(campaign)
    if job is None:
        raise ServiceError("This campaign is not being sent.")
    cancel(job)
    if job.is_finished:
        return "Cancelled: nothing was sent."
    return "Sending stops after the current batch; the contacts emailed so far stay emailed."


def send_result(job):
    """What the job has sent and skipped so far, over all its attempts (a SendResult)."""
    return SendResult(**{name: int(job.payload.get(name, 0)) for name in COUNTS})


def outcome_message(job, staff):
    """(flash message, category) of a finished sending job; skip reasons and the error's
    text for staff only (an error may name the code's internals)."""
    summary = send_result(job).summary(reasons=staff)
    if job.error:
        return f"Sending stopped: {job.error if staff else 'an error occurred.'} {summary}", "danger"
    return summary, "success" if send_result(job).sent else "warning"


def sending_state(campaign, staff):
    """(latest sending job, what it sent so far as a sentence for this reader), or (None, None)."""
    job = sending_job(campaign) if campaign.kind == CampaignKind.CUSTOMER else None
    return (job, send_result(job).summary(reasons=staff)) if job else (None, None)


def _record(job, so_far, batch):
    # The counts are committed with the batch they count, so after a crash and a re-run
    # they are still exactly what was sent.
    for name in COUNTS:
        setattr(so_far, name, getattr(so_far, name) + getattr(batch, name))
    job.payload = {**job.payload, **{name: getattr(so_far, name) for name in COUNTS}}


@job_handler(SEND_KIND)
def send_campaign_job(job, progress):
    """Email the campaign's contacts not yet handled, BATCH_SIZE per commit. Idempotent: a
    contact sent to (or skipped) in an earlier run has sent_at (or a skip reason) and is
    not selected again. A cancel stops it after the current batch; what was sent stays."""
    campaign = db.session.get(SurveyCampaign, job.payload["campaign_id"])
    if campaign is None:
        return "The campaign was deleted before it was sent."
    so_far = send_result(job)
    handled = so_far.sent + so_far.skipped
    total = handled + pending_count(campaign)
    progress.update(handled, total, force=True)
    while (batch := send_campaign_batch(campaign, BATCH_SIZE, utcnow())) is not None:
        _record(job, so_far, batch)
        db.session.commit()
        handled += batch.sent + batch.skipped
        progress.update(handled, max(total, handled), force=True)  # where a cancel is noticed
    return so_far.summary()
