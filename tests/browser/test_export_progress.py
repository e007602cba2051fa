"""A tenant export in Chromium: the export's page follows the job's progress without a
reload while a worker reports, and reloads into the download when the job is done."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.services.leases import write_outside
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.browser.test_screenshots import capture
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def test_the_export_page_follows_the_job_and_offers_the_download(world, page, parked_jobs):
    page.goto("/login")
    page.get_by_label("Email").fill(world.a.admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/settings/data")
    page.get_by_role("button", name="Export all data (ZIP)").click()
    expect(page.get_by_text("Waiting for a worker")).to_be_visible()

    with scoped_to(world.a.tenant.id):
        job_id = db.session.scalars(select(Job.id).where(Job.kind == "lifecycle.export")).one()
    # A worker has taken it and written 120 of 300 rows: the bar moves without a reload.
    write_outside(world.a.tenant.id, job_id, state=JobState.RUNNING, progress_done=120, progress_total=300)
    expect(page.get_by_text("120 of 300 (40%)")).to_be_visible(timeout=5000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    capture(page, "export-running")

    write_outside(world.a.tenant.id, job_id, state=JobState.QUEUED)
    run_job(world.a.tenant.id, job_id)  # the worker finishes: the page reloads into the download
    link = page.get_by_role("link", name="Download the ZIP")
    expect(link).to_be_visible(timeout=10000)
    capture(page, "export-ready")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("vendor-a-export-")
