"""Feedback given or recorded in the portal is stored at once; its analysis, themes, webhook
and rules follow in a job (issue #18, item 4). Until the job has run, pages say "Analysing…"
where a label would be. Tests run jobs eagerly; `parked_jobs` holds them back."""

import re

from sqlalchemy import select

from app.extensions import db
from app.feedback.models import FeedbackItem, SentimentLabel
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.analysis.theme_helpers import make_theme
from tests.followups.helpers import follow_ups_of, make_rule
from tests.jobs.helpers import jobs_of, run_all_jobs

COMPLAINT = "Deal registration approvals take two weeks, which is terrible and frustrating."
ANALYSING = "Analysing…"
LOOP = '<dt class="col-5">Loop</dt>'


def _items(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)).all()


def _sentiment_badges(page):
    return re.findall(r'<span class="visually-hidden">Sentiment: </span>([^<]+)</span>', page)


def test_partner_feedback_is_analysing_until_the_job_has_run(world, login, parked_jobs):
    client = login(world.a.partner_members[0])
    response = client.post("/feedback/new", data={"text": COMPLAINT, "nps": "9"})
    assert response.status_code == 302
    [item] = _items(world.a.tenant)
    assert item.analysis_pending and item.sentiment_label is None
    [job] = jobs_of(world.a.tenant)
    assert (job.kind, job.payload) == ("feedback.analyse", {"item_id": item.id})
    assert _sentiment_badges(client.get("/feedback/").get_data(as_text=True)) == [ANALYSING]
    assert _sentiment_badges(client.get(response.headers["Location"]).get_data(as_text=True)) == [ANALYSING]

    run_job(world.a.tenant.id, job.id)
    [item] = _items(world.a.tenant)
    assert not item.analysis_pending and item.sentiment_label == SentimentLabel.NEGATIVE
    assert _sentiment_badges(client.get("/feedback/").get_data(as_text=True)) == ["Negative"]


def test_staff_page_of_a_pending_item_says_analysing_instead_of_no_label(world, login, parked_jobs):
    staff = login(world.a.manager)
    response = staff.post("/feedback/new", data={
        "partner_id": world.a.partners[0].id, "source": "internal", "channel": "email",
        "given_at": "2026-01-15", "text": COMPLAINT,
    })
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "Analysing… (refresh in a few seconds)" in page and "None (nothing to read)" not in page
    assert "Why this label" not in page and LOOP not in page  # neither half an answer
    for listing in ("/", f"/partners/{world.a.partners[0].id}"):  # the other lists with labels
        assert ANALYSING in _sentiment_badges(staff.get(listing).get_data(as_text=True)), listing
    run_all_jobs(world.a.tenant)
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert ANALYSING not in page and "Why this label" in page and LOOP + '<dd class="col-7">Action needed' in page


def test_themes_and_rules_act_after_the_job(world, login, parked_jobs):
    make_theme(world.a.tenant, "Deal registration", ["deal registration"])
    make_rule(world.a, name="Unhappy", negative_sentiment=True)
    login(world.a.partner_members[0]).post("/feedback/new", data={"text": COMPLAINT})
    assert follow_ups_of(world.a) == []
    run_all_jobs(world.a.tenant)
    [item] = _items(world.a.tenant)
    [follow_up] = follow_ups_of(world.a)
    assert follow_up.feedback_item_id == item.id
    staff_list = login(world.a.manager).get("/feedback/").get_data(as_text=True)
    assert "Deal registration</span>" in staff_list  # the theme's badge on the item


def test_a_refused_form_stores_nothing_and_submits_no_job(world, login, parked_jobs):
    client = login(world.a.partner_members[0])
    assert client.post("/feedback/new", data={"nps": "11", "text": COMPLAINT}).status_code == 422
    assert _items(world.a.tenant) == [] and jobs_of(world.a.tenant) == []


def test_feedback_without_text_is_labelled_at_once(world, login, parked_jobs):
    login(world.a.partner_members[0]).post("/feedback/new", data={"nps": "2", "text": " "})
    items = _items(world.a.tenant)
    assert all(not item.analysis_pending for item in items) and jobs_of(world.a.tenant) == []
