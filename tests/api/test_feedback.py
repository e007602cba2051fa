"""POST /api/v1/feedback and GET /api/v1/feedback/<id>: creation, validation, errors."""

import json

import pytest

from app.feedback.models import Channel, Source
from tests.api_support import bearer, items_of, make_item, make_token

URL = "/api/v1/feedback"


def _post(client, token, body, **headers):
    return client.post(URL, json=body, headers={**bearer(token), **headers})


def test_post_creates_an_item_with_channel_api_by_default(client, orgs, token):
    partner = orgs.a.partners[0]
    response = _post(
        client,
        token,
        {
            "source": "partner",
            "partner_id": partner.id,
            "nps": 9,
            "text": "The new deal registration flow is great.",
        },
    )
    assert response.status_code == 201
    body = response.json
    [item] = items_of(orgs.a.tenant)
    assert body["id"] == item.id and response.headers["Location"] == f"{URL}/{item.id}"
    assert (item.source, item.channel, item.partner_id, item.nps) == (
        Source.PARTNER,
        Channel.API,
        partner.id,
        9,
    )
    assert body["channel"] == "api" and body["analysis"] == "pending"  # labels follow in a job
    fetched = client.get(response.headers["Location"], headers=bearer(token)).json
    assert fetched["analysis"] == "done" and fetched["sentiment"]["label"] == "positive"


def test_post_accepts_every_documented_field(client, orgs, token):
    body = {
        "source": "customer",
        "channel": "email",
        "partner_id": orgs.a.partners[1].id,
        "nps": 3,
        "csat": 2,
        "rating": 1,
        "text": "Slow support",
        "language": "de-CH",
        "given_at": "2024-03-01T10:15:30+02:00",
        "external_id": "ticket-42",
        "submitter_name": "Ana Díaz",
        "submitter_email": "ana@example.com",
    }
    response = _post(client, token, body)
    assert response.status_code == 201, response.json
    shown = response.json
    assert shown["given_at"] == "2024-03-01T08:15:30Z"
    for name in (
        "source",
        "channel",
        "partner_id",
        "nps",
        "csat",
        "rating",
        "text",
        "language",
        "external_id",
        "submitter_name",
        "submitter_email",
    ):
        assert shown[name] == body[name]


def test_hostile_text_round_trips_exactly(client, orgs, token):
    text = (
        "<script>alert('x')</script> \"quotes\" \\ back\\slash ' OR 1=1; -- \u202e RTL \u200b zero-width "
        "emoji 🧨👩‍👩‍👧 {{7*7}} ${jndi:ldap://x} \r\n\t tabs & newlines \x01\x7f \U0010ffff 日本語"
    )
    created = _post(client, token, {"source": "customer", "text": text})
    assert created.status_code == 201
    fetched = client.get(f"{URL}/{created.json['id']}", headers=bearer(token))
    assert fetched.json["text"] == text
    assert items_of(orgs.a.tenant)[0].text == text


def test_get_returns_one_item(client, orgs, token):
    item_id = make_item(orgs.a.tenant, text="Hello", partner_id=orgs.a.partners[0].id)
    response = client.get(f"{URL}/{item_id}", headers=bearer(token))
    assert response.status_code == 200
    assert response.json["id"] == item_id and response.json["text"] == "Hello"


def test_get_unknown_id_is_404_json(client, orgs, token):
    response = client.get(f"{URL}/999999", headers=bearer(token))
    assert response.status_code == 404
    assert response.json == {"error": "Not found", "message": "No such resource.", "status": 404}


def test_anonymous_items_are_neither_returned_nor_listed(client, orgs, token):
    item_id = make_item(
        orgs.a.tenant, submitter_name="Secret Person", submitter_email="s@example.test", anonymous=True
    )
    assert client.get(f"{URL}/{item_id}", headers=bearer(token)).status_code == 404
    assert client.get(URL, headers=bearer(token)).json["data"] == []


INVALID_FIELDS = [
    ("nps", 11),
    ("nps", -1),
    ("csat", 0),
    ("csat", 6),
    ("rating", 6),
    ("nps", 7.5),
    ("nps", True),
    ("nps", "9"),
    ("given_at", "yesterday"),
    ("given_at", "2024-13-01T00:00:00Z"),
    ("given_at", "2999-01-01T00:00:00Z"),
    ("given_at", "0001-01-01T00:00:00+01:00"),
    ("given_at", 20240101),
    ("source", "martian"),
    ("channel", "pigeon"),
    ("partner_id", "1"),
    ("language", "english please"),
    ("submitter_email", "not-an-email"),
    ("submitter_name", "line\nbreak"),
    ("external_id", "x" * 201),
    ("text", "nul \x00 byte"),
    ("text", "lone \ud800 surrogate"),
    ("text", ["list"]),
]


def test_invalid_field_is_422_naming_the_field(client, orgs, token):
    wrong = []
    for field, value in INVALID_FIELDS:
        response = _post(client, token, {"source": "customer", "text": "ok", field: value})
        if response.status_code != 422 or field not in response.json.get("fields", {}):
            wrong.append((field, value, response.status_code))
    assert wrong == []
    assert items_of(orgs.a.tenant) == []


def test_missing_source_is_422(client, orgs, token):
    response = _post(client, token, {"text": "no source"})
    assert response.status_code == 422 and response.json["fields"] == {"source": "Required."}


@pytest.mark.parametrize("field", ["partner_id", "program_element_id", "category_id"])
def test_another_tenants_object_id_is_422_unknown(client, orgs, token, field):
    foreign = {"partner_id": orgs.b.partners[0].id}
    if field != "partner_id":
        other = make_token(orgs.b.tenant)
        foreign_item = client.get(f"{URL}/{make_item(orgs.b.tenant)}", headers=bearer(other)).json
        foreign = {field: foreign_item[field] or 10**6}
    response = _post(client, token, {"source": "customer", "text": "x", **foreign})
    assert response.status_code == 422 and field in response.json["fields"]
    assert items_of(orgs.a.tenant) == []


def test_mass_assignment_of_unknown_fields_is_refused(client, orgs, token):
    for field in ("tenant_id", "author_id", "status", "id", "dedupe_key", "anonymous"):
        response = _post(client, token, {"source": "customer", "text": "x", field: orgs.b.tenant.id})
        assert response.status_code == 422, field
        assert response.json["fields"] == {field: "Unknown field."}
    assert items_of(orgs.a.tenant) == [] and items_of(orgs.b.tenant) == []


def test_malformed_json_is_400(client, orgs, token):
    response = client.post(
        URL, data='{"source": "customer",', content_type="application/json", headers=bearer(token)
    )
    assert response.status_code == 400
    assert response.json["error"] == "Bad request" and response.json["status"] == 400


def test_json_that_is_not_an_object_is_400(client, orgs, token):
    for body in ("[]", '"text"', "42", "null"):
        response = client.post(URL, data=body, content_type="application/json", headers=bearer(token))
        assert response.status_code == 400, body


def test_body_that_is_not_json_is_415(client, orgs, token):
    response = client.post(URL, data={"source": "customer"}, headers=bearer(token))
    assert response.status_code == 415 and response.json["status"] == 415


def test_body_over_the_limit_is_413(app, client, orgs, token):
    app.config["API_MAX_BODY_BYTES"] = 1000
    try:
        response = client.post(
            URL,
            data=json.dumps({"source": "customer", "text": "x" * 2000}),
            content_type="application/json",
            headers=bearer(token),
        )
    finally:
        app.config["API_MAX_BODY_BYTES"] = 2 * 1024 * 1024
    assert response.status_code == 413 and response.json["status"] == 413
    assert items_of(orgs.a.tenant) == []


def test_the_largest_allowed_text_fits_the_body_limit(client, orgs, token):
    text = "🧨" * 100_000  # each one is a 12-byte escape in ASCII JSON
    response = client.post(
        URL,
        data=json.dumps({"source": "customer", "text": text}),
        content_type="application/json",
        headers=bearer(token),
    )
    assert response.status_code == 201


def test_repeat_with_same_external_id_and_values_returns_the_stored_item(client, orgs, token):
    body = {"source": "customer", "text": "Same", "external_id": "crm-1", "given_at": "2024-01-02T03:04:05Z"}
    first, second = _post(client, token, body), _post(client, token, body)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json["analysis"] == "pending" and second.json["analysis"] == "done"  # the item as it is now
    fetched = client.get(first.headers["Location"], headers=bearer(token)).json
    assert second.json == fetched and second.json["id"] == first.json["id"] and len(items_of(orgs.a.tenant)) == 1


def test_same_external_id_with_different_values_is_409(client, orgs, token):
    _post(client, token, {"source": "customer", "text": "Original", "external_id": "crm-1"})
    response = _post(client, token, {"source": "customer", "text": "Changed", "external_id": "crm-1"})
    assert response.status_code == 409 and response.json["error"] == "Conflict"
    assert [item.text for item in items_of(orgs.a.tenant)] == ["Original"]


def test_same_external_id_in_another_tenant_is_a_different_item(client, orgs, token):
    _post(client, token, {"source": "customer", "text": "A", "external_id": "crm-1"})
    response = _post(
        client, make_token(orgs.b.tenant), {"source": "customer", "text": "B", "external_id": "crm-1"}
    )
    assert response.status_code == 201
    assert [i.text for i in items_of(orgs.a.tenant)] == ["A"] and [
        i.text for i in items_of(orgs.b.tenant)
    ] == ["B"]


def test_api_responses_are_not_cached(client, orgs, token):
    response = client.get(f"{URL}/{make_item(orgs.a.tenant)}", headers=bearer(token))
    assert response.headers["Cache-Control"] == "no-store"
