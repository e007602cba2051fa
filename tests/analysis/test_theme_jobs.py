"""A saved theme is applied to the existing feedback by a background job (issue #18, item 3):
`analysis.tag_theme`, a window of items per commit with its progress; idempotent, it keeps
manual and removed tags, and ends cleanly when the theme was deleted meanwhile. Tests run
jobs eagerly; `parked_jobs` holds them back to look in between."""

import pytest
from sqlalchemy import func, select, update

from app.analysis import tasks as analysis_tasks
from app.analysis.models import FeedbackTheme, Theme
from app.analysis.services import themes as theme_service
from app.extensions import db
from app.feedback.models import FeedbackItem
from app.jobs.models import Job, JobState
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme, record, tags
from tests.jobs.helpers import another_transaction_can_write

TEXTS = ("slow portal", "so slow", "slow again", "fast enough", "slow and late")


@pytest.fixture
def items(world):
    return [record(world.a.tenant, text) for text in TEXTS]


@pytest.fixture
def small_windows(monkeypatch):
    monkeypatch.setattr(theme_service, "CHUNK", 2)
    monkeypatch.setattr(analysis_tasks, "CHUNK", 2)


def jobs(org):
    with scoped_to(org.tenant.id):
        db.session.expire_all()
        return db.session.scalars(select(Job).where(Job.kind == "analysis.tag_theme").order_by(Job.id)).all()


def theme_id(org, name):
    with scoped_to(org.tenant.id):
        return db.session.scalar(select(Theme.id).where(Theme.name == name))


def tag_rows(org):
    with scoped_to(org.tenant.id):
        return db.session.scalar(select(func.count()).select_from(FeedbackTheme))


def run_tagging(org, theme_id):
    """The job for `theme_id`, asked for as a new row (a second delivery, a second save) and run."""
    with scoped_to(org.tenant.id):
        job = Job(kind="analysis.tag_theme", title="Apply", payload={"theme_id": theme_id})
        db.session.add(job)
        db.session.commit()
        job_id = job.id
    run_job(org.tenant.id, job_id)
    return jobs(org)[-1]


def test_a_saved_theme_waits_for_its_job_and_the_page_links_to_it(world, items, login, parked_jobs):
    client = login(world.a.manager)
    response = client.post("/settings/themes/", data={"name": "Speed", "keywords": "slow"}, follow_redirects=True)
    shown = response.get_data(as_text=True)
    [job] = jobs(world.a)
    assert "Saved “Speed”. Its keywords are being applied to the existing feedback" in shown
    assert "Being applied to the existing feedback…" in shown and f'href="/jobs/{job.id}"' in shown
    assert tags(world.a.tenant, items[0]) == {}  # not yet: no worker has run it
    assert (job.state, job.payload, job.started_by_id) == (JobState.QUEUED, {"theme_id": theme_id(world.a, "Speed")},
                                                          world.a.manager.id)
    run_job(world.a.tenant.id, job.id)
    [job] = jobs(world.a)
    assert (job.state, job.progress_done, job.progress_total) == (JobState.DONE, 5, 5)
    assert job.result == "Its keywords match 4 feedback items."
    assert [bool(tags(world.a.tenant, item)) for item in items] == [True, True, True, False, True]
    assert "Being applied" not in client.get("/settings/themes/").get_data(as_text=True)


def test_the_job_commits_window_by_window_and_counts_items(world, items, small_windows, monkeypatch):
    theme = make_theme(world.a.tenant, "Speed", ["slow"])
    windows = []
    real_window = analysis_tasks.retag_window

    def counted(*args):
        windows.append(args[2:])
        return real_window(*args)

    monkeypatch.setattr(analysis_tasks, "retag_window", counted)
    job = run_tagging(world.a, theme)
    assert len(windows) == 3 and windows[-1][1] is None  # 2 + 2 + the last, open-ended window
    assert (job.state, job.progress_done, job.progress_total, job.result) == (
        JobState.DONE, 5, 5, "Its keywords match 4 feedback items.")


def test_running_the_job_twice_doubles_nothing_and_keeps_manual_and_removed_tags(world, items):
    theme = make_theme(world.a.tenant, "Speed", ["slow"])
    run_tagging(world.a, theme)
    with scoped_to(world.a.tenant.id):
        speed = db.session.get(Theme, theme)
        theme_service.remove_theme(db.session.get(FeedbackItem, items[1]), speed)  # staff removed it
        theme_service.add_manual_theme(db.session.get(FeedbackItem, items[3]), speed)  # staff added it
        db.session.commit()
    before = tag_rows(world.a)
    second = run_tagging(world.a, theme)
    assert second.state == JobState.DONE and tag_rows(world.a) == before == 5
    assert [tags(world.a.tenant, item, include_suppressed=True).get("Speed") for item in items] == [
        "auto", "suppressed", "auto", "manual", "auto"]


def test_a_theme_deleted_before_its_job_runs_ends_it_cleanly(world, items, login, parked_jobs):
    client = login(world.a.manager)
    client.post("/settings/themes/", data={"name": "Speed", "keywords": "slow"})
    client.post(f"/settings/themes/{theme_id(world.a, 'Speed')}/delete")
    [job] = jobs(world.a)
    run_job(world.a.tenant.id, job.id)
    [job] = jobs(world.a)
    assert (job.state, job.result) == (JobState.DONE, analysis_tasks.THEME_DELETED)
    assert tag_rows(world.a) == 0


def test_a_theme_deleted_while_its_job_runs_ends_it_cleanly(world, items, small_windows, monkeypatch):
    theme = make_theme(world.a.tenant, "Speed", ["slow"])
    real_window, calls = analysis_tasks.retag_window, []

    def deleted_during_the_second_window(*args):
        calls.append(1)
        if len(calls) == 2:  # staff delete it between the job's look-up and its insert
            theme_service.delete_theme(db.session.get(Theme, theme))
            db.session.commit()
        return real_window(*args)

    monkeypatch.setattr(analysis_tasks, "retag_window", deleted_during_the_second_window)
    job = run_tagging(world.a, theme)
    assert (job.state, job.result, job.error) == (JobState.DONE, analysis_tasks.THEME_DELETED, None)
    assert tag_rows(world.a) == 0


def test_a_second_save_supersedes_the_waiting_job(world, items, login, parked_jobs):
    client = login(world.a.manager)
    client.post("/settings/themes/", data={"name": "Speed", "keywords": "portal"})
    client.post(f"/settings/themes/{theme_id(world.a, 'Speed')}", data={"name": "Speed", "keywords": "slow"})
    first, second = jobs(world.a)
    assert (first.state, second.state) == (JobState.CANCELLED, JobState.QUEUED)
    run_job(world.a.tenant.id, first.id)  # its queue message arrives: it does not run
    run_job(world.a.tenant.id, second.id)
    assert [tags(world.a.tenant, item).get("Speed") for item in items] == ["auto", "auto", "auto", None, "auto"]
    assert jobs(world.a)[1].result == "Its keywords match 4 feedback items."


def test_a_cancelled_job_keeps_the_windows_it_finished_and_can_run_again(world, items, small_windows,
                                                                         monkeypatch):
    theme = make_theme(world.a.tenant, "Speed", ["slow"])
    real_window, calls = analysis_tasks.retag_window, []

    def cancelled_during_the_first_window(*args):
        calls.append(1)
        if len(calls) == 1:
            db.session.scalars(select(Job)).one().cancel_requested = True
        return real_window(*args)

    monkeypatch.setattr(analysis_tasks, "retag_window", cancelled_during_the_first_window)
    job = run_tagging(world.a, theme)
    assert job.state == JobState.CANCELLED and len(calls) == 1
    assert [bool(tags(world.a.tenant, item)) for item in items] == [True, True, False, False, False]
    monkeypatch.setattr(analysis_tasks, "retag_window", real_window)
    again = run_tagging(world.a, theme)
    assert again.state == JobState.DONE
    assert [bool(tags(world.a.tenant, item)) for item in items] == [True, True, True, False, True]


def _another_job_can_lock(org, theme_id):
    """Whether another transaction can take the theme's lock now (waiting 0.1 s at most)."""
    return another_transaction_can_write(org.tenant, update(Theme).where(Theme.id == theme_id)
                                         .values(position=Theme.position))


def test_each_window_holds_the_themes_lock_while_it_reads_and_writes(world, items, small_windows, monkeypatch):
    # Two jobs of one theme must not interleave inside a window (on SQLite a window that read
    # before the other's commit would leave tags of the old keywords behind).
    theme = make_theme(world.a.tenant, "Speed", ["slow"])
    assert _another_job_can_lock(world.a, theme)
    real_window, others = analysis_tasks.retag_window, []

    def observed(*args):
        others.append(_another_job_can_lock(world.a, theme))
        return real_window(*args)

    monkeypatch.setattr(analysis_tasks, "retag_window", observed)
    assert run_tagging(world.a, theme).state == JobState.DONE
    assert len(others) == 3 and not any(others)
