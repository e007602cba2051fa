"""Campaign sending runs as a background job (issue #18, item 3): the confirmed send asks
for `surveys.send_campaign`, which writes the invitations a batch at a time with its
progress on the campaign's page; a re-run emails nobody twice, a cancel stops after the
current batch. Tests run jobs eagerly; `parked_jobs` holds them back to look in between."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.services.runner import run_job
from app.mail.models import OutboxMessage
from app.partners.models import PartnerStatus
from app.surveys import tasks as sending_jobs
from app.surveys.models import SurveyCampaign, SurveyRecipient
from app.surveys.services import sending
from app.surveys.services.sending import send_all_reminders
from app.tenancy import scoped_to
from tests.jobs.helpers import another_transaction_can_write
from tests.surveys.helpers import (
    fresh,
    links_by_address,
    make_campaign,
    make_survey,
    recipients,
    survey_messages,
)

EMAILS = [f"customer{n}@x.example" for n in range(5)]


@pytest.fixture
def admin(world, login):
    return login(world.a.partner_admins[0])


@pytest.fixture
def retries_parked(app, parked_jobs, monkeypatch):
    """A failed job's retry is scheduled on the queue: parked too (the test runs it)."""
    monkeypatch.setattr(app.extensions["jobs_run_task"], "schedule", lambda *args, **kwargs: None, raising=False)


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(sending_jobs, "BATCH_SIZE", 2)


def campaign_with(world, emails=EMAILS):
    return make_campaign(world.a, make_survey(world.a), emails)


def page(client, campaign):
    return client.get(f"/surveys/campaigns/{campaign.id}").get_data(as_text=True)


def the_job(org):
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        return db.session.scalars(select(Job).where(Job.kind == "surveys.send_campaign")).one()


def invitations(org):
    """{address: invitations in the outbox}."""
    fresh()
    with scoped_to(org.tenant.id):
        rows = db.session.execute(select(OutboxMessage.to_address, func.count())
                                  .where(OutboxMessage.kind == "survey_invitation")
                                  .group_by(OutboxMessage.to_address)).all()
    return dict(rows)


def test_the_confirmed_send_is_a_job_that_counts_contacts(world, admin, small_batches):
    campaign = campaign_with(world)
    response = admin.post(f"/surveys/campaigns/{campaign.id}/send")
    assert response.status_code == 302
    job = the_job(world.a)
    assert (job.state, job.progress_done, job.progress_total) == (JobState.DONE, 5, 5)
    assert job.payload == {"campaign_id": campaign.id, "sent": 5, "skipped_recently": 0, "skipped_suppressed": 0}
    assert job.result == "Sent to 5 contacts." and job.started_by_id == world.a.partner_admins[0].id
    assert invitations(world.a) == {email: 1 for email in EMAILS}
    shown = page(admin, campaign)
    assert "Sent to 5 contacts." in shown and "Last sent" in shown and "Sending…" not in shown


def test_a_waiting_send_shows_its_progress_and_cannot_start_twice(world, admin, parked_jobs):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    shown = page(admin, campaign)
    assert "Sending started" in shown and "Sending…" in shown and "Waiting for a worker" in shown
    assert "data-job-reload" in shown and "/static/js/job-progress." in shown and "Stop sending" in shown
    assert f'href="/surveys/campaigns/{campaign.id}/send"' not in shown  # no second send meanwhile
    assert invitations(world.a) == {}
    progress = admin.get(f"/surveys/campaigns/{campaign.id}/sending.json").get_json()
    assert (progress["state"], progress["finished"]) == ("queued", False)
    confirm = admin.get(f"/surveys/campaigns/{campaign.id}/send")
    assert "being sent already" in admin.get(confirm.headers["Location"]).get_data(as_text=True)
    again = admin.post(f"/surveys/campaigns/{campaign.id}/send")
    assert "being sent already" in admin.get(again.headers["Location"]).get_data(as_text=True)
    run_job(world.a.tenant.id, the_job(world.a).id)  # a worker takes it (one job only: the_job is .one())
    assert invitations(world.a) == {email: 1 for email in EMAILS}
    progress = admin.get(f"/surveys/campaigns/{campaign.id}/sending.json").get_json()
    assert (progress["state"], progress["done"], progress["total"], progress["percent"]) == ("done", 5, 5, 100)
    assert "Sent to 5 contacts." in page(admin, campaign)


def test_a_run_after_a_crash_emails_nobody_twice(world, admin, retries_parked, small_batches, monkeypatch):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    real_batch, calls = sending_jobs.send_campaign_batch, []

    def crashing_on_the_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("worker lost its database connection")
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(sending_jobs, "send_campaign_batch", crashing_on_the_second_batch)
    job_id = the_job(world.a).id
    run_job(world.a.tenant.id, job_id)
    job = the_job(world.a)
    assert job.state == JobState.QUEUED and "lost its database connection" in job.error  # a retry is due
    assert sum(invitations(world.a).values()) == 2  # the first batch stays sent
    with scoped_to(world.a.tenant.id):
        db.session.execute(update(Job).where(Job.id == job_id).values(run_after=utcnow()))
        db.session.commit()
    run_job(world.a.tenant.id, job_id)
    job = the_job(world.a)
    assert invitations(world.a) == {email: 1 for email in EMAILS}
    assert job.state == JobState.DONE and job.result == "Sent to 5 contacts."  # counted over both runs


def test_running_a_finished_send_again_emails_nobody(world, admin):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    with scoped_to(world.a.tenant.id):  # the same job delivered again, as a new row
        copy = Job(kind="surveys.send_campaign", title="again", payload={"campaign_id": campaign.id})
        db.session.add(copy)
        db.session.commit()
        copy_id = copy.id
    run_job(world.a.tenant.id, copy_id)
    assert invitations(world.a) == {email: 1 for email in EMAILS}
    with scoped_to(world.a.tenant.id):
        assert db.session.get(Job, copy_id).result == "Sent to 0 contacts."


def test_cancel_stops_after_the_current_batch_and_the_page_says_how_many_were_sent(
        world, admin, parked_jobs, small_batches, monkeypatch):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    job_id = the_job(world.a).id
    real_batch, calls = sending_jobs.send_campaign_batch, []

    def cancelled_during_the_second_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:  # staff press "Stop sending" while the second batch is written
            db.session.get(Job, job_id).cancel_requested = True
        return real_batch(*args, **kwargs)

    monkeypatch.setattr(sending_jobs, "send_campaign_batch", cancelled_during_the_second_batch)
    run_job(world.a.tenant.id, job_id)
    job = the_job(world.a)
    assert job.state == JobState.CANCELLED and len(calls) == 2
    assert sum(invitations(world.a).values()) == 4  # two whole batches, none after
    shown = page(admin, campaign)
    assert "Sending was stopped after 4 of 5 contacts. Sent to 4 contacts." in shown
    assert "1 contact was not sent" in shown and f'href="/surveys/campaigns/{campaign.id}/send"' in shown
    admin.post(f"/surveys/campaigns/{campaign.id}/send")  # send the rest
    run_job(world.a.tenant.id, max(job.id for job in _jobs(world.a)))
    assert invitations(world.a) == {email: 1 for email in EMAILS}


def _jobs(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Job)).all()


def test_cancelling_a_waiting_send_sends_nothing(world, admin, parked_jobs):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    response = admin.post(f"/surveys/campaigns/{campaign.id}/sending/cancel")
    shown = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Cancelled: nothing was sent." in shown and "Sending was stopped" in shown
    run_job(world.a.tenant.id, the_job(world.a).id)  # a late queue message finds it cancelled
    assert the_job(world.a).state == JobState.CANCELLED and invitations(world.a) == {}
    again = admin.post(f"/surveys/campaigns/{campaign.id}/sending/cancel")
    assert "is not being sent" in admin.get(again.headers["Location"]).get_data(as_text=True)


def test_a_partner_suspended_during_the_send_stops_it_and_keeps_what_was_sent(
        world, admin, parked_jobs, small_batches, monkeypatch):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    real_batch, calls = sending_jobs.send_campaign_batch, []

    def suspended_after_the_first_batch(campaign, *args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            campaign.partner.status = PartnerStatus.SUSPENDED
        return real_batch(campaign, *args, **kwargs)

    monkeypatch.setattr(sending_jobs, "send_campaign_batch", suspended_after_the_first_batch)
    run_job(world.a.tenant.id, the_job(world.a).id)
    job = the_job(world.a)
    assert job.state == JobState.FAILED and job.error == "This partner is suspended; it cannot send surveys."
    assert sum(invitations(world.a).values()) == 2
    shown = page(admin, campaign)
    assert "Sending stopped with an error. Sent to 2 contacts." in shown  # the partner admin: no error text


def test_a_deleted_campaign_ends_its_job_cleanly(world, admin, parked_jobs):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    with scoped_to(world.a.tenant.id):
        db.session.delete(db.session.get(SurveyCampaign, campaign.id))
        db.session.commit()
    run_job(world.a.tenant.id, the_job(world.a).id)
    job = the_job(world.a)
    assert (job.state, job.result) == (JobState.DONE, "The campaign was deleted before it was sent.")


def test_contacts_sent_by_the_job_get_their_reminder(world, admin, smtp):
    campaign = campaign_with(world, ["ann@x.example"])
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    assert send_all_reminders(now=utcnow() + timedelta(days=4)) == 1
    links_by_address(smtp)
    assert sorted(m["X-Partnerloop-Kind"] for m in survey_messages(smtp)) == ["survey_invitation", "survey_reminder"]
    assert recipients(world.a)[0].reminded_at is not None


def test_another_partners_admin_cannot_follow_or_stop_the_send(world, admin, login, parked_jobs):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    other = login(world.a.partner_admins[1])
    assert other.get(f"/surveys/campaigns/{campaign.id}/sending.json").status_code == 404
    assert other.post(f"/surveys/campaigns/{campaign.id}/sending/cancel").status_code == 404
    assert the_job(world.a).state == JobState.QUEUED


@pytest.mark.postgres(reason="FOR UPDATE SKIP LOCKED; SQLite has one writer, so a second send's write fails instead")
def test_a_send_skips_the_contacts_another_send_is_writing(world, admin, parked_jobs, small_batches):
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    job_id = the_job(world.a).id
    with Session(db.engine) as other, scoped_to(world.a.tenant.id):  # another run, mid-batch
        held = other.scalars(select(SurveyRecipient.email).where(SurveyRecipient.campaign_id == campaign.id)
                             .order_by(SurveyRecipient.id).limit(2).with_for_update()).all()
        run_job(world.a.tenant.id, job_id)
        assert invitations(world.a) == {email: 1 for email in EMAILS if email not in held}
        other.rollback()
    assert the_job(world.a).result == "Sent to 3 contacts."
    admin.post(f"/surveys/campaigns/{campaign.id}/send")  # the held ones were not handled: send them
    run_job(world.a.tenant.id, max(job.id for job in _jobs(world.a)))
    assert invitations(world.a) == {email: 1 for email in EMAILS}


def _another_send_can_lock(org, campaign_id):
    """Whether another transaction can take the campaign's lock now (waiting 0.1 s at most)."""
    return another_transaction_can_write(org.tenant, update(SurveyCampaign).where(SurveyCampaign.id == campaign_id)
                                         .values(first_sent_at=SurveyCampaign.first_sent_at))


def test_a_batch_holds_the_campaigns_lock_before_it_reads_whom_to_send_to(world, admin, parked_jobs, monkeypatch):
    # SQLite reads outside the transaction until its first write: a batch that read first could
    # send to contacts another send committed meanwhile. It writes (locks) first, then reads.
    campaign = campaign_with(world)
    admin.post(f"/surveys/campaigns/{campaign.id}/send")
    assert _another_send_can_lock(world.a, campaign.id)
    real_read, others = sending._read_unsent, []

    def reading(*args):
        others.append(_another_send_can_lock(world.a, campaign.id))
        return real_read(*args)

    monkeypatch.setattr(sending, "_read_unsent", reading)
    run_job(world.a.tenant.id, the_job(world.a).id)
    assert others and not any(others)
    assert invitations(world.a) == {email: 1 for email in EMAILS}
