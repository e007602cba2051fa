"""The jobs page: staff start a re-analysis and follow it; partners and other tenants see nothing."""

from sqlalchemy import select

from app.extensions import db
from app.jobs.models import Job, JobState
from app.tenancy import scoped_to
from tests.followups.helpers import record_item


def only_job(org):
    with scoped_to(org.tenant.id):
        return db.session.scalars(select(Job)).one()


def test_staff_start_a_reanalysis_and_see_it_done_with_its_count(world, login):
    for text in ("Payouts are late again.", "Great onboarding call.", "n/a"):
        record_item(world.a, 0, text=text)
    client = login(world.a.manager)
    response = client.post("/jobs/analysis-rerun")
    job = only_job(world.a)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.state, job.progress_done, job.progress_total) == (JobState.DONE, 3, 3)
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Re-analysed 3 items" in page and "3 of 3" in page and "Manager A" in page
    assert client.get(f"/jobs/{job.id}/progress.json").json == {
        "id": job.id, "state": "done", "done": 3, "total": 3, "percent": 100, "finished": True,
        "result": job.result, "error": None}
    assert "Re-analyse all feedback" in client.get("/jobs/").get_data(as_text=True)


def test_partner_users_and_other_tenants_get_404(world, login):
    login(world.a.manager).post("/jobs/analysis-rerun")
    job = only_job(world.a)
    partner = login(world.a.partner_admins[0])
    assert partner.get("/jobs/").status_code == 404
    for client in (partner, login(world.b.admin)):
        for path in (f"/jobs/{job.id}", f"/jobs/{job.id}/progress.json"):
            assert client.get(path).status_code == 404, path
        assert client.post(f"/jobs/{job.id}/cancel").status_code == 404
    assert "No background jobs yet" in login(world.b.admin).get("/jobs/").get_data(as_text=True)


def test_a_finished_job_cannot_be_cancelled_and_says_so(world, login):
    client = login(world.a.admin)
    client.post("/jobs/analysis-rerun")
    job = only_job(world.a)
    response = client.post(f"/jobs/{job.id}/cancel", follow_redirects=True)
    assert response.status_code == 200
    assert "This job has already finished." in response.get_data(as_text=True)
    assert only_job(world.a).state == JobState.DONE
