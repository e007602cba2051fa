"""A running import in Chromium: the batch's page shows the job's progress bar, which moves
without a reload while a worker reports, and the page turns into the results when the job
is done. With SCREENSHOTS=1 the running page is saved at desktop and phone width."""

import csv
import io

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.imports.models import ImportBatch
from app.jobs.models import JobState
from app.jobs.services.leases import write_outside
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.browser.test_screenshots import capture
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
ROWS = 3000


def csv_file(tmp_path):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Ticket", "Comment", "NPS"])
    for number in range(ROWS):
        writer.writerow([f"T-{number}", f"Call {number}: the payout arrived {number % 9} days late.", number % 11])
    path = tmp_path / "call-center-export.csv"
    path.write_text(buffer.getvalue())
    return path


def test_the_import_page_follows_the_job_and_shows_the_results(world, page, parked_jobs, tmp_path):
    page.goto("/login")
    page.get_by_label("Email").fill(world.a.manager.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto("/imports/new")
    page.get_by_label("CSV file").set_input_files(str(csv_file(tmp_path)))
    page.get_by_role("button", name="Upload and map columns").click()
    page.get_by_role("button", name="Import").click()
    expect(page.get_by_text("Waiting for a worker")).to_be_visible()

    batch_id = int(page.url.rstrip("/").split("/")[-1])
    with scoped_to(world.a.tenant.id):
        job = db.session.get(ImportBatch, batch_id).job
        job_id = job.id
    # A worker has taken it and reported 1,200 rows: the bar moves without a reload.
    write_outside(world.a.tenant.id, job_id, state=JobState.RUNNING, progress_done=1200, progress_total=ROWS)
    expect(page.get_by_text(f"1,200 of {ROWS:,} (40%)")).to_be_visible(timeout=5000)
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    capture(page, "import-running-desktop")
    page.set_viewport_size(PHONE)
    capture(page, "import-running-phone")

    write_outside(world.a.tenant.id, job_id, state=JobState.QUEUED)
    run_job(world.a.tenant.id, job_id)  # the worker finishes: the page reloads into the results
    expect(page.locator("#count-imported")).to_have_text(f"{ROWS:,}", timeout=10000)
