"""The API contract has one source: the pydantic models build openapi.json, validate
requests and shape responses and webhook payloads, with the feedback constants inside."""

import json

import pytest
from pydantic import ValidationError

from app.api.errors import Error
from app.api.openapi import SCHEMAS, _Schemas
from app.api.requests import MAX_LIMIT, FeedbackInput
from app.api.resources import Feedback, FeedbackList, Partner, PartnerList, WebhookEvent
from app.api.validation import field_problems
from app.extensions import db
from app.feedback.constants import (
    ANY_SCORE_RANGE,
    LANGUAGE_PATTERN,
    MAX_EXTERNAL_ID_LENGTH,
    MAX_LANGUAGE_LENGTH,
    NPS_RANGE,
    SCORE_RANGES,
)
from app.integrations.models import WebhookDelivery
from app.integrations.services import webhooks
from app.tenancy import scoped_to
from tests.api_support import PUBLIC_TEST_ADDRESS, bearer, fake_dns, items_of

URL = "/api/v1/feedback"


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json


def _score_schema(document, schema_name, field):
    [bounded] = [
        b
        for b in document["components"]["schemas"][schema_name]["properties"][field]["anyOf"]
        if b != {"type": "null"}
    ]
    return bounded["minimum"], bounded["maximum"]


def _parameter(document, path, name):
    [parameter] = [p for p in document["paths"][path]["get"]["parameters"] if p["name"] == name]
    return parameter["schema"]


def test_nps_maximum_in_the_document_is_the_constant(document):
    assert _score_schema(document, "FeedbackInput", "nps")[1] == NPS_RANGE[1]


@pytest.mark.parametrize("field", sorted(SCORE_RANGES))
def test_score_ranges_of_input_and_output_are_the_feedback_constants(document, field):
    assert _score_schema(document, "FeedbackInput", field) == SCORE_RANGES[field]
    assert _score_schema(document, "Feedback", field) == SCORE_RANGES[field]


def test_score_filters_span_every_score(document):
    for name in ("min_score", "max_score"):
        schema = _parameter(document, "/feedback", name)
        assert (schema["minimum"], schema["maximum"]) == ANY_SCORE_RANGE


def test_language_and_lengths_in_the_document_are_the_constants(document):
    properties = document["components"]["schemas"]["FeedbackInput"]["properties"]
    [language] = [b for b in properties["language"]["anyOf"] if b != {"type": "null"}]
    [external_id] = [b for b in properties["external_id"]["anyOf"] if b != {"type": "null"}]
    assert (language["pattern"], language["maxLength"]) == (LANGUAGE_PATTERN, MAX_LANGUAGE_LENGTH)
    assert external_id["maxLength"] == MAX_EXTERNAL_ID_LENGTH
    assert _parameter(document, "/partners", "limit")["maximum"] == MAX_LIMIT


@pytest.mark.parametrize(
    ("model", "mode"),
    [
        (FeedbackInput, "validation"),
        (Feedback, "serialization"),
        (Partner, "serialization"),
        (FeedbackList, "serialization"),
        (PartnerList, "serialization"),
        (Error, "serialization"),
        (WebhookEvent, "serialization"),
    ],
)
def test_document_schema_is_the_models_own_json_schema(document, model, mode):
    # Any change to a model's fields is therefore a change to openapi.json.
    expected = model.model_json_schema(mode=mode, ref_template=SCHEMAS + "{model}", schema_generator=_Schemas)
    expected.pop("$defs", None)
    assert document["components"]["schemas"][model.__name__] == expected


REJECTED_BODIES = [
    {"source": "customer", "nps": NPS_RANGE[1] + 1},
    {"source": "customer", "nps": NPS_RANGE[0] - 1},
    {"source": "customer", "csat": SCORE_RANGES["csat"][1] + 1},
    {"source": "customer", "rating": "4"},
    {"source": "customer", "language": "not a tag"},
    {"source": "customer", "language": "x" * (MAX_LANGUAGE_LENGTH + 1)},
    {"source": "customer", "external_id": "x" * (MAX_EXTERNAL_ID_LENGTH + 1)},
    {"source": "customer", "submitter_email": "nobody"},
    {"source": "robot"},
    {"text": "no source"},
    {"source": "customer", "tenant_id": 1},
]


@pytest.mark.parametrize("body", REJECTED_BODIES)
def test_api_rejects_what_the_model_rejects_naming_the_same_fields(client, orgs, token, body):
    with pytest.raises(ValidationError) as rejected:
        FeedbackInput.model_validate(body)
    response = client.post(URL, json=body, headers=bearer(token))
    assert response.status_code == 422
    assert response.json["fields"] == field_problems(rejected.value, FeedbackInput)
    assert items_of(orgs.a.tenant) == []


def test_api_accepts_the_extremes_the_model_accepts(client, orgs, token):
    body = {"source": "customer", "nps": NPS_RANGE[1], "csat": SCORE_RANGES["csat"][0], "language": "pt-BR"}
    FeedbackInput.model_validate(body)
    response = client.post(URL, json=body, headers=bearer(token))
    assert response.status_code == 201, response.json
    assert (response.json["nps"], response.json["csat"]) == (NPS_RANGE[1], SCORE_RANGES["csat"][0])


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"source": "customer", "nps": 11}, {"nps": "Must be a whole number from 0 to 10."}),
        ({"source": "customer", "nps": "9"}, {"nps": "Must be a whole number."}),
        ({"source": "martian"}, {"source": "Must be one of: partner, customer, internal."}),
        (
            {"source": "customer", "language": "english please"},
            {"language": "Must be a language tag such as en or pt-BR."},
        ),
        (
            {"source": "customer", "external_id": "x" * 201},
            {"external_id": "Must be at most 200 characters."},
        ),
        (
            {"source": "customer", "submitter_name": "a\nb"},
            {"submitter_name": "Must be one line, without line breaks or control characters."},
        ),
        (
            {"source": "customer", "given_at": "soon"},
            {"given_at": "Must be an ISO 8601 date or date-time, e.g. 2024-05-01T09:30:00Z."},
        ),
    ],
)
def test_validation_errors_name_the_field_with_a_readable_message(client, orgs, token, body, fields):
    response = client.post(URL, json=body, headers=bearer(token))
    assert response.status_code == 422 and response.json["fields"] == fields


def test_score_filter_beyond_every_score_is_422(client, orgs, token):
    response = client.get(URL, query_string={"max_score": ANY_SCORE_RANGE[1] + 1}, headers=bearer(token))
    assert response.status_code == 422
    assert response.json["fields"] == {
        "max_score": f"Must be a whole number from {ANY_SCORE_RANGE[0]} to {ANY_SCORE_RANGE[1]}."
    }


def test_error_bodies_are_error_models(client, orgs, token):
    for response in (
        client.get(f"{URL}/999999", headers=bearer(token)),
        client.post(URL, json={"source": "x"}, headers=bearer(token)),
        client.get(URL),
    ):
        Error.model_validate(response.json)


def test_webhook_payload_carries_the_api_representation_of_the_item(client, orgs, token, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    with scoped_to(orgs.a.tenant.id):
        webhooks.create_endpoint("https://hooks.example.com/in")
        db.session.commit()
    created = client.post(URL, json={"source": "customer", "text": "Hello", "nps": 9}, headers=bearer(token))
    with scoped_to(orgs.a.tenant.id):
        [delivery] = db.session.scalars(db.select(WebhookDelivery)).all()
    event = json.loads(delivery.payload)
    WebhookEvent.model_validate(event)
    fetched = client.get(created.headers["Location"], headers=bearer(token)).json
    # Sent once the analysis ran (after the 201, which said "pending"): the item as GET shows it.
    assert event["data"] == fetched and fetched["analysis"] == "done"
    assert {**created.json, "analysis": "done", "sentiment": fetched["sentiment"],
            "loop_response": fetched["loop_response"]} == fetched
