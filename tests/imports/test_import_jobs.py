"""Imports run as background jobs: the run button asks for a job, the batch's page shows
its progress until it is done, and a cancelled import stores nothing."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.imports.models import ImportBatch, ImportStatus
from app.jobs.models import Job, JobState
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.imports.test_flow import GOOD_ROWS, HEADER, items, run, upload, uploaded_batch_id


@pytest.fixture
def staff(world, login):
    return login(world.a.manager)


def job_and_batch(org, batch_id):
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        batch = db.session.get(ImportBatch, batch_id)
        return batch.job, batch


def test_an_import_is_a_job_with_its_rows_counted(world, staff):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    run(staff, batch_id)
    job, batch = job_and_batch(world.a, batch_id)
    assert batch.status == ImportStatus.IMPORTED
    assert (job.kind, job.state, job.progress_done, job.progress_total) == ("imports.run", JobState.DONE, 2, 2)
    assert job.result == "Imported: 2 imported, 0 duplicates, 0 rejected."
    assert job.started_by_id == world.a.manager.id and job.title == "Import of export.csv"


def test_a_waiting_import_shows_its_progress_and_cannot_start_twice(world, staff, parked_jobs):
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    response = run(staff, batch_id)
    assert response.status_code == 302
    page = staff.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "Waiting for a worker" in page and "Cancel the import" in page and "data-job-reload" in page
    assert staff.get(f"/imports/{batch_id}/mapping").headers["Location"].endswith(f"/imports/{batch_id}")
    again = run(staff, batch_id)
    assert "This file is being imported already" in staff.get(again.headers["Location"]).get_data(as_text=True)
    with scoped_to(world.a.tenant.id):
        assert len(db.session.scalars(select(Job)).all()) == 1
    job, _ = job_and_batch(world.a, batch_id)
    run_job(world.a.tenant.id, job.id)  # a worker takes it
    assert 'id="count-imported">2<' in staff.get(f"/imports/{batch_id}").get_data(as_text=True)


def test_a_cancelled_import_stores_nothing_and_can_run_again(world, staff, parked_jobs):
    # The job stops at its first progress report: before the first row, or between chunks
    # (then run_import rolls back and marks the batch failed, "Cancelled: nothing was imported.").
    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))
    run(staff, batch_id)
    job, _ = job_and_batch(world.a, batch_id)
    with scoped_to(world.a.tenant.id):
        db.session.get(Job, job.id).cancel_requested = True  # asked while the worker had started
        db.session.get(Job, job.id).state = JobState.QUEUED
        db.session.commit()
    run_job(world.a.tenant.id, job.id)
    job, batch = job_and_batch(world.a, batch_id)
    assert job.state == JobState.CANCELLED
    assert batch.status != ImportStatus.IMPORTED and items(world.a.tenant) == []
    assert staff.get(f"/imports/{batch_id}/mapping").status_code == 200  # it may be run again
    run_job_now = run(staff, batch_id)
    assert run_job_now.status_code == 302


def test_a_cancel_between_chunks_rolls_the_whole_import_back(world, staff):
    from app.imports.services.batches import run_import
    from app.jobs.services.runner import JobCancelled

    batch_id = uploaded_batch_id(upload(staff, HEADER + GOOD_ROWS))

    def cancelled_after_first_chunk(done):
        if done:
            raise JobCancelled

    with scoped_to(world.a.tenant.id):
        batch = db.session.get(ImportBatch, batch_id)
        with pytest.raises(JobCancelled):
            run_import(batch, all_or_nothing=False, progress=cancelled_after_first_chunk)
    _, batch = job_and_batch(world.a, batch_id)
    assert batch.status == ImportStatus.FAILED and batch.failure == "Cancelled: nothing was imported."
    assert items(world.a.tenant) == []
