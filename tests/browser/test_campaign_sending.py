"""A campaign being sent, in Chromium: after the confirmation the campaign page shows
"Sending…" with the job's progress bar, which moves without a reload (the polling script
under the CSP) while a worker reports, and the page turns into the sent state when the job
is done. With SCREENSHOTS=1 the sending page is saved at desktop and phone width."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.services.leases import write_outside
from app.jobs.services.runner import run_job
from app.surveys.services.campaigns import ContactRow, add_recipients
from app.tenancy import scoped_to
from tests.browser.test_screenshots import capture
from tests.factories import PASSWORD
from tests.surveys.helpers import make_campaign, make_survey

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
CONTACTS = 1200


def test_the_campaign_page_follows_the_sending_job(world, page, parked_jobs):
    campaign = make_campaign(world.a, make_survey(world.a), name="Spring check-in")
    with scoped_to(world.a.tenant.id):
        add_recipients(campaign, [ContactRow(f"customer{n}@example.com", f"Customer {n}") for n in range(CONTACTS)])
        db.session.commit()
    page.goto("/login")
    page.get_by_label("Email").fill(world.a.partner_admins[0].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(f"/surveys/campaigns/{campaign.id}/send")
    page.get_by_role("button", name=f"Send to {CONTACTS} contacts").click()
    expect(page.get_by_role("heading", name="Sending…")).to_be_visible()
    expect(page.get_by_text("Waiting for a worker")).to_be_visible()

    with scoped_to(world.a.tenant.id):
        job_id = db.session.scalars(select(Job.id).where(Job.kind == "surveys.send_campaign")).one()
    # A worker has taken it and sent one batch: the bar moves without a reload.
    write_outside(world.a.tenant.id, job_id, state=JobState.RUNNING, progress_done=500, progress_total=CONTACTS)
    expect(page.get_by_text(f"500 of {CONTACTS:,} (42%)")).to_be_visible(timeout=5000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "42")
    capture(page, "campaign-sending-desktop", full_page=False)
    page.set_viewport_size(PHONE)
    capture(page, "campaign-sending-phone", full_page=False)

    write_outside(world.a.tenant.id, job_id, state=JobState.QUEUED)
    run_job(world.a.tenant.id, job_id)  # the worker finishes: the page reloads into the sent state
    expect(page.get_by_text(f"Sent to {CONTACTS} contacts.").first).to_be_visible(timeout=10000)
    expect(page.get_by_role("heading", name="Sending…")).to_have_count(0)
