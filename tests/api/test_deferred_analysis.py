"""POST /api/v1/feedback stores the item and answers; its analysis, themes, the
feedback.created webhook and the rules follow in a job (issue #18, item 4). Tests run jobs
eagerly at commit; `parked_jobs` holds them back, as a busy worker would, to look in between."""

import json

import pytest
from sqlalchemy import delete, select

from app.extensions import db
from app.feedback.models import FeedbackItem
from app.followups.models import AssignTo
from app.integrations.models import WebhookDelivery
from app.jobs.models import Job
from app.jobs.services.runner import run_job
from app.tenancy import scoped_to
from tests.api_support import PUBLIC_TEST_ADDRESS, bearer, fake_dns, items_of, make_endpoint
from tests.followups.helpers import follow_ups_of, make_rule
from tests.jobs.helpers import jobs_of, run_all_jobs

URL = "/api/v1/feedback"
COMPLAINT = {"source": "customer", "nps": 9, "text": "The payout arrived months late and support ignored us."}


def _post(client, token, body=COMPLAINT, **headers):
    return client.post(URL, json=body, headers={**bearer(token), **headers})


def _deliveries(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


@pytest.fixture
def hook(orgs, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.a.tenant, "https://hooks.example.com/in")


def test_the_answer_says_pending_until_the_job_has_run(client, orgs, token, parked_jobs):
    created = _post(client, token)
    assert created.status_code == 201
    pending = {"analysis": "pending", "sentiment": {"score": None, "label": None}, "loop_response": None}
    assert {name: created.json[name] for name in pending} == pending
    fetched = client.get(created.headers["Location"], headers=bearer(token)).json
    assert fetched == created.json
    [job] = jobs_of(orgs.a.tenant)
    assert (job.kind, job.payload) == ("feedback.analyse", {"item_id": created.json["id"]})

    run_job(orgs.a.tenant.id, job.id)  # the worker
    done = client.get(created.headers["Location"], headers=bearer(token)).json
    assert done["analysis"] == "done" and done["sentiment"]["label"] == "negative"
    assert done["loop_response"] == "action_needed"  # a promoter's complaint needs action
    assert jobs_of(orgs.a.tenant) == []  # a passing job: its row goes once done


def test_lists_show_the_pending_state_too(client, orgs, token, parked_jobs):
    _post(client, token)
    [listed] = client.get(URL, headers=bearer(token)).json["data"]
    assert listed["analysis"] == "pending"
    run_all_jobs(orgs.a.tenant)
    [listed] = client.get(URL, headers=bearer(token)).json["data"]
    assert listed["analysis"] == "done" and listed["sentiment"]["label"] == "negative"


def test_an_item_without_text_is_analysed_at_once_and_makes_no_job(client, orgs, token, parked_jobs):
    created = _post(client, token, {"source": "customer", "nps": 2})
    assert created.json["analysis"] == "done" and created.json["loop_response"] == "action_needed"
    assert jobs_of(orgs.a.tenant) == []


def test_the_openapi_document_describes_the_analysis_field(client):
    schema = client.get(f"{URL.rsplit('/', 1)[0]}/openapi.json").json["components"]["schemas"]
    feedback = schema["Feedback"]
    assert "analysis" in feedback["required"]
    field = feedback["properties"]["analysis"]
    target = schema[field["$ref"].rsplit("/", 1)[1]] if "$ref" in field else field
    assert target["enum"] == ["pending", "done"]
    assert "background" in field["description"] and "webhook" in field["description"]


def test_the_webhook_is_sent_once_the_item_is_analysed_with_its_labels(client, orgs, token, hook, parked_jobs):
    item_id = _post(client, token).json["id"]
    assert _deliveries(orgs.a.tenant) == []  # nothing to announce before the labels exist
    [job] = jobs_of(orgs.a.tenant)
    run_job(orgs.a.tenant.id, job.id)
    [delivery] = _deliveries(orgs.a.tenant)
    data = json.loads(delivery.payload)["data"]
    assert data["id"] == item_id and data["analysis"] == "done" and data["sentiment"]["label"] == "negative"

    with scoped_to(orgs.a.tenant.id):  # the same work delivered twice, as after a worker died
        again = Job(kind="feedback.analyse", title="again", payload={"item_id": item_id})
        db.session.add(again)
        db.session.commit()
        again_id = again.id
    run_job(orgs.a.tenant.id, again_id)
    assert len(_deliveries(orgs.a.tenant)) == 1


def test_eager_jobs_send_one_webhook_per_post(client, orgs, token, hook):
    _post(client, token)
    _post(client, token, {**COMPLAINT, "text": "Another one, also late."})
    deliveries = _deliveries(orgs.a.tenant)
    assert [json.loads(d.payload)["data"]["analysis"] for d in deliveries] == ["done", "done"]


def test_a_rule_on_negative_sentiment_acts_after_the_job(client, orgs, token, parked_jobs):
    make_rule(orgs.a, name="Unhappy", negative_sentiment=True, assign_to=AssignTo.USER, owner_id=orgs.a.admin.id)
    item_id = _post(client, token).json["id"]
    assert follow_ups_of(orgs.a) == []  # the label the rule needs does not exist yet
    run_all_jobs(orgs.a.tenant)
    [follow_up] = follow_ups_of(orgs.a)
    assert (follow_up.feedback_item_id, follow_up.owner_id) == (item_id, orgs.a.admin.id)


def test_a_replayed_post_gets_the_same_answer_and_makes_no_second_job(client, orgs, token, parked_jobs):
    first = _post(client, token, **{"Idempotency-Key": "k-1"})
    replay = _post(client, token, **{"Idempotency-Key": "k-1"})
    assert replay.get_data() == first.get_data() and replay.headers["Idempotent-Replayed"] == "true"
    assert len(jobs_of(orgs.a.tenant)) == 1
    run_all_jobs(orgs.a.tenant)
    late = _post(client, token, **{"Idempotency-Key": "k-1"})
    assert late.get_data() == first.get_data()  # the original answer, "pending" included
    assert jobs_of(orgs.a.tenant) == [] and len(items_of(orgs.a.tenant)) == 1


@pytest.mark.parametrize("body", [
    {**COMPLAINT, "nps": 11},  # refused by the contract
    {**COMPLAINT, "partner_id": 999_999},  # refused by the service
    {**COMPLAINT, "given_at": "2999-01-01T00:00:00Z"},
])
def test_a_rejected_payload_writes_nothing_and_submits_no_job(client, orgs, token, parked_jobs, body):
    assert _post(client, token, body).status_code == 422
    assert items_of(orgs.a.tenant) == [] and jobs_of(orgs.a.tenant) == []


def test_a_conflicting_repeat_submits_no_job(client, orgs, token, parked_jobs):
    _post(client, token, {**COMPLAINT, "external_id": "crm-7"})
    assert _post(client, token, {**COMPLAINT, "external_id": "crm-7", "nps": 1}).status_code == 409
    assert len(jobs_of(orgs.a.tenant)) == 1 and len(items_of(orgs.a.tenant)) == 1


def test_a_job_for_an_item_deleted_meanwhile_ends_cleanly(client, orgs, token, hook, parked_jobs):
    item_id = _post(client, token).json["id"]
    with scoped_to(orgs.a.tenant.id):
        db.session.execute(delete(FeedbackItem).where(FeedbackItem.id == item_id))
        db.session.commit()
    [job] = jobs_of(orgs.a.tenant)
    run_job(orgs.a.tenant.id, job.id)
    assert jobs_of(orgs.a.tenant) == []  # done (and gone), not failed or waiting for a retry
    assert _deliveries(orgs.a.tenant) == []
