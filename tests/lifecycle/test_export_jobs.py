"""The tenant export as a background job: asked for by a POST, followed on its page,
stored in the database for a week, downloaded by the tenant's admins only (and audited),
emailed to whoever asked, deleted when it expires."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEntry
from app.core.models import utcnow
from app.extensions import db
from app.jobs.models import Job, JobState
from app.jobs.schedule import run_scheduled
from app.jobs.services.runner import run_job
from app.lifecycle.models import TenantExport, TenantExportPart
from app.lifecycle.services import export_store
from app.tenancy import scoped_to
from tests.followups.helpers import outbox
from tests.lifecycle.helpers import download_link, exported_archive


def _in(org, statement):
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        return db.session.scalars(statement).all()


def exports_of(org):
    return _in(org, select(TenantExport).order_by(TenantExport.id))


def export_jobs_of(org):
    return _in(org, select(Job).where(Job.kind == "lifecycle.export").order_by(Job.id))


def downloads_audited(org):
    return _in(org, select(AuditEntry).where(AuditEntry.object_type == "data_export"))


def parts_of(org):
    with scoped_to(org.tenant.id):
        return db.session.scalar(select(func.count()).select_from(TenantExportPart))


@pytest.fixture
def admin(world, login):
    return login(world.a.admin)


def ask(client):
    response = client.post("/settings/data/export")
    assert response.status_code == 302
    return response.headers["Location"]


def test_an_export_is_a_job_whose_page_offers_the_download(world, admin):
    page_url = ask(admin)
    [job] = export_jobs_of(world.a)
    assert page_url.endswith(f"/settings/data/exports/{job.id}")
    assert (job.state, job.started_by_id) == (JobState.DONE, world.a.admin.id)
    [export] = exports_of(world.a)
    assert job.progress_total == job.progress_done == export.rows > 0  # rows written of the rows counted
    assert job.result.startswith(f"Ready: {export.tables} tables, {export.rows:,} rows")
    assert (export.job_id, export.created_by_id) == (job.id, world.a.admin.id)
    assert timedelta(days=6, hours=23) < export.expires_at - utcnow() <= timedelta(days=7)
    page = admin.get(page_url).get_data(as_text=True)
    assert "Ready to download" in page and export.filename in page
    assert not downloads_audited(world.a)  # asking is not downloading
    response = admin.get(download_link(admin, page_url))
    body = response.get_data()
    assert response.headers["Content-Disposition"] == f'attachment; filename="{export.filename}"'
    assert len(body) == export.size == int(response.headers["Content-Length"])
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(body)).read("manifest.json"))
    assert manifest["exported_by"] == "admin@a.test"  # who asked, not the worker
    assert sum(table["rows"] for table in manifest["tables"].values()) == export.rows
    [entry] = downloads_audited(world.a)
    assert (entry.actor_id, entry.object_label, entry.changes["rows"]["new"]) == (
        world.a.admin.id, export.filename, export.rows)


def test_a_large_export_is_stored_and_sent_in_parts(world, admin, monkeypatch):
    monkeypatch.setattr(export_store, "PART_BYTES", 1000)
    archive = exported_archive(admin)  # reassembled from the parts, or the ZIP would not open
    assert archive.testzip() is None
    [export] = exports_of(world.a)
    assert parts_of(world.a) == -(-export.size // 1000) > 1


def test_the_person_who_asked_gets_an_email_with_the_link(world, admin):
    ask(admin)
    [export] = exports_of(world.a)
    [message] = outbox("data_export_ready")
    link = f"http://localhost/settings/data/exports/{export.id}/download"
    assert (message.to_address, message.tenant_id) == ("admin@a.test", world.a.tenant.id)
    assert message.subject == f"Your data export of {world.a.tenant.name} is ready"
    assert link in message.text_body and f'href="{link}"' in message.html_body
    assert export.filename in message.text_body


def test_a_waiting_export_shows_its_progress_and_is_not_asked_for_twice(world, admin, parked_jobs):
    page_url = ask(admin)
    page = admin.get(page_url).get_data(as_text=True)
    assert "Waiting for a worker" in page and "data-job-reload" in page and "Cancel the export" in page
    assert "/static/js/job-progress." in page and "Download the ZIP" not in page
    assert ask(admin) == page_url  # the export on its way, not a second one
    [job] = export_jobs_of(world.a)
    assert not exports_of(world.a) and not outbox("data_export_ready")
    run_job(world.a.tenant.id, job.id)  # a worker takes it
    assert "Download the ZIP" in admin.get(page_url).get_data(as_text=True)
    assert len(outbox("data_export_ready")) == 1


def test_a_job_run_again_after_its_export_was_stored_changes_nothing(world, admin, parked_jobs):
    ask(admin)
    [job] = export_jobs_of(world.a)
    run_job(world.a.tenant.id, job.id)
    with scoped_to(world.a.tenant.id):  # as if its worker had died after the export's commit
        stored = db.session.get(Job, job.id)
        stored.state, stored.lease_expires_at = JobState.RUNNING, utcnow() - timedelta(minutes=1)
        db.session.commit()
    run_job(world.a.tenant.id, job.id)
    [job] = export_jobs_of(world.a)
    assert job.state == JobState.DONE and job.result.startswith("Ready:")
    assert len(exports_of(world.a)) == 1 and len(outbox("data_export_ready")) == 1


def test_a_cancelled_export_stores_nothing(world, admin, parked_jobs):
    page_url = ask(admin)
    [job] = export_jobs_of(world.a)
    with scoped_to(world.a.tenant.id):  # asked while the worker had started
        db.session.get(Job, job.id).cancel_requested = True
        db.session.commit()
    run_job(world.a.tenant.id, job.id)
    assert export_jobs_of(world.a)[0].state == JobState.CANCELLED
    assert not exports_of(world.a) and parts_of(world.a) == 0 and not outbox("data_export_ready")
    assert "Run it again" in admin.get(page_url).get_data(as_text=True)


@pytest.mark.parametrize("who, status", [("other_admin", 404), ("manager", 403), ("partner_admin", 404)])
def test_only_the_tenants_admins_reach_an_export(world, admin, login, who, status):
    page_url = ask(admin)
    download_url = download_link(admin, page_url)
    user = {"other_admin": world.b.admin, "manager": world.a.manager, "partner_admin": world.a.partner_admins[0]}[who]
    client = login(user)
    assert client.get(page_url).status_code == status
    assert client.get(download_url).status_code == status
    assert not downloads_audited(world.a) and not downloads_audited(world.b)


def test_tenant_b_s_export_is_not_found_from_tenant_a(world, login):
    b_admin = login(world.b.admin)
    b_download = download_link(b_admin, ask(b_admin))
    a_admin = login(world.a.admin)
    ask(a_admin)
    assert a_admin.get(b_download).status_code == 404
    assert download_link(a_admin, "/settings/data") != b_download  # A's own list holds only A's export


def test_the_jobs_pages_link_the_download_for_admins_only(world, admin, login):
    page_url = ask(admin)
    download_url = download_link(admin, page_url)
    [job] = export_jobs_of(world.a)
    for url in ("/jobs/", f"/jobs/{job.id}"):
        assert download_url in admin.get(url).get_data(as_text=True)
        assert download_url not in login(world.a.manager).get(url).get_data(as_text=True)


def test_an_expired_export_is_not_downloaded_and_the_daily_purge_deletes_it(world, admin, login):
    page_url = ask(admin)
    download_url = download_link(admin, page_url)
    b_admin = login(world.b.admin)
    ask(b_admin)
    with scoped_to(world.a.tenant.id):
        db.session.scalars(select(TenantExport)).one().expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    response = admin.get(download_url)
    assert response.status_code == 302 and response.headers["Location"].endswith("/settings/data")
    assert not downloads_audited(world.a)
    assert "Start a new one" in admin.get(page_url).get_data(as_text=True)
    assert run_scheduled("lifecycle.purge_exports") == "1 expired data export(s) deleted"
    assert not exports_of(world.a) and parts_of(world.a) == 0
    assert len(exports_of(world.b)) == 1 and parts_of(world.b) > 0  # not expired: kept
    assert "no longer kept" in admin.get(page_url).get_data(as_text=True)
    assert admin.get(download_url).status_code == 404


def test_the_export_is_not_part_of_the_export(world, admin):
    ask(admin)
    archive = exported_archive(admin)  # the second export: the first is stored
    names = archive.namelist()
    assert "json/jobs.json" in names
    assert not [name for name in names if "tenant_export" in name]
