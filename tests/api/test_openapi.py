"""The OpenAPI document: valid, complete, and true of real responses (successes and errors)."""

import json
import re

import pytest
from jsonschema.exceptions import ValidationError
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from openapi_spec_validator import validate as validate_spec

from app.extensions import db
from app.integrations.models import WebhookDelivery
from app.integrations.services import webhooks
from app.tenancy import scoped_to
from tests.api_support import PUBLIC_TEST_ADDRESS, bearer, fake_dns, make_item, make_token

PREFIX = "/api/v1"


@pytest.fixture
def document(client):
    return client.get(f"{PREFIX}/openapi.json").json


def _schema_validator(document, pointer):
    # The document is the root resource, so "#/components/..." references resolve.
    return OAS31Validator({**document, "$ref": pointer}, format_checker=oas31_format_checker)


def _escape(path):
    return path.replace("~", "~0").replace("/", "~1")


def _documented_response(document, template, method, status):
    responses = document["paths"][template][method]["responses"]
    assert str(status) in responses, f"{method.upper()} {template} does not document {status}"
    response = responses[str(status)]
    if "$ref" in response:
        return document["components"]["responses"][response["$ref"].rsplit("/", 1)[1]]
    return response


def assert_documented(document, template, method, response):
    """`response` (a real one) has a status, body and headers the document promises."""
    described = _documented_response(document, template, method, response.status_code)
    pointer = next(iter(described["content"].values()))["schema"]
    if "$ref" in pointer:
        pointer = pointer["$ref"]
    else:
        pointer = (
            f"#/paths/{_escape(template)}/{method}/responses/{response.status_code}/content/"
            f"{_escape('application/json')}/schema"
        )
    _schema_validator(document, pointer).validate(response.json)
    for header in described.get("headers", {}):
        assert header in response.headers, f"{header} missing from a {response.status_code}"


# Each scenario: (method, documented path, expected status, function(client, orgs) -> response).
def _token(orgs, scopes=("read", "write")):
    return bearer(make_token(orgs.a.tenant, scopes))


def _post(
    client, orgs, body=None, data=None, content_type="application/json", scopes=("read", "write"), **extra
):
    headers = {**_token(orgs, scopes), **extra}
    if data is None:
        data = json.dumps(body if body is not None else {"source": "customer", "text": "Hello"})
    return client.post(f"{PREFIX}/feedback", data=data, content_type=content_type, headers=headers)


def _post_twice(client, orgs, second_text):
    _post(client, orgs, {"source": "customer", "text": "One", "external_id": "e", "given_at": "2024-01-01"})
    return _post(
        client,
        orgs,
        {"source": "customer", "text": second_text, "external_id": "e", "given_at": "2024-01-01"},
    )


def _rate_limited(client, orgs, method, url):
    client.application.config["API_RATE_LIMIT"] = "1 per minute"
    try:
        headers = _token(orgs)
        for _ in range(2):
            response = getattr(client, method)(url, headers=headers, json={"source": "customer"})
    finally:
        client.application.config["API_RATE_LIMIT"] = "120 per minute"
    return response


def _item_url(orgs):
    return f"{PREFIX}/feedback/{make_item(orgs.a.tenant, partner_id=orgs.a.partners[0].id, nps=7)}"


SCENARIOS = {
    "create": ("post", "/feedback", 201, lambda c, o: _post(c, o)),
    "create repeat": ("post", "/feedback", 200, lambda c, o: _post_twice(c, o, "One")),
    "create malformed": ("post", "/feedback", 400, lambda c, o: _post(c, o, data="{")),
    "create no token": ("post", "/feedback", 401, lambda c, o: c.post(f"{PREFIX}/feedback", json={})),
    "create read-only": ("post", "/feedback", 403, lambda c, o: _post(c, o, scopes=("read",))),
    "create conflict": ("post", "/feedback", 409, lambda c, o: _post_twice(c, o, "Two")),
    "create too large": (
        "post",
        "/feedback",
        413,
        lambda c, o: _post(c, o, data="[" + "0," * 2_000_000 + "0]"),
    ),
    "create not json": (
        "post",
        "/feedback",
        415,
        lambda c, o: _post(c, o, data="source=x", content_type="text/plain"),
    ),
    "create invalid": ("post", "/feedback", 422, lambda c, o: _post(c, o, {"source": "x", "tenant_id": 2})),
    "create limited": (
        "post",
        "/feedback",
        429,
        lambda c, o: _rate_limited(c, o, "post", f"{PREFIX}/feedback"),
    ),
    "list": (
        "get",
        "/feedback",
        200,
        lambda c, o: (_item_url(o), c.get(f"{PREFIX}/feedback?limit=1", headers=_token(o)))[1],
    ),
    "list no token": ("get", "/feedback", 401, lambda c, o: c.get(f"{PREFIX}/feedback")),
    "list write-only": (
        "get",
        "/feedback",
        403,
        lambda c, o: c.get(f"{PREFIX}/feedback", headers=_token(o, ("write",))),
    ),
    "list invalid": (
        "get",
        "/feedback",
        422,
        lambda c, o: c.get(f"{PREFIX}/feedback?limit=999", headers=_token(o)),
    ),
    "list limited": ("get", "/feedback", 429, lambda c, o: _rate_limited(c, o, "get", f"{PREFIX}/feedback")),
    "item": ("get", "/feedback/{feedback_id}", 200, lambda c, o: c.get(_item_url(o), headers=_token(o))),
    "item no token": ("get", "/feedback/{feedback_id}", 401, lambda c, o: c.get(_item_url(o))),
    "item write-only": (
        "get",
        "/feedback/{feedback_id}",
        403,
        lambda c, o: c.get(_item_url(o), headers=_token(o, ("write",))),
    ),
    "item missing": (
        "get",
        "/feedback/{feedback_id}",
        404,
        lambda c, o: c.get(f"{PREFIX}/feedback/424242", headers=_token(o)),
    ),
    "item limited": (
        "get",
        "/feedback/{feedback_id}",
        429,
        lambda c, o: _rate_limited(c, o, "get", _item_url(o)),
    ),
    "partners": (
        "get",
        "/partners",
        200,
        lambda c, o: c.get(f"{PREFIX}/partners?limit=1", headers=_token(o)),
    ),
    "partners no token": ("get", "/partners", 401, lambda c, o: c.get(f"{PREFIX}/partners")),
    "partners write-only": (
        "get",
        "/partners",
        403,
        lambda c, o: c.get(f"{PREFIX}/partners", headers=_token(o, ("write",))),
    ),
    "partners invalid": (
        "get",
        "/partners",
        422,
        lambda c, o: c.get(f"{PREFIX}/partners?cursor=x", headers=_token(o)),
    ),
    "partners limited": (
        "get",
        "/partners",
        429,
        lambda c, o: _rate_limited(c, o, "get", f"{PREFIX}/partners"),
    ),
    "document": ("get", "/openapi.json", 200, lambda c, o: c.get(f"{PREFIX}/openapi.json")),
}


def test_document_is_valid_openapi_3_1(document):
    validate_spec(document)
    assert document["openapi"].startswith("3.1")


def test_document_needs_no_token(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200 and response.json["info"]["title"] == "Partnerloop API"


def _flask_path(template):
    return re.sub(r"\{(\w+)\}", r"<int:\1>", template)


def test_every_api_route_is_documented_and_nothing_more(app, document):
    routes = {
        (rule.rule.removeprefix(PREFIX), method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith(PREFIX + "/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(_flask_path(path), method) for path, item in document["paths"].items() for method in item}
    assert routes == documented


def test_scenarios_cover_every_documented_status(document):
    documented = {
        (method, path, int(status))
        for path, item in document["paths"].items()
        for method, operation in item.items()
        for status in operation["responses"]
    }
    exercised = {(method, path, status) for method, path, status, _ in SCENARIOS.values()}
    assert exercised == documented


def _mismatch(document, client, orgs, name):
    method, template, status, make_request = SCENARIOS[name]
    response = make_request(client, orgs)
    if response.status_code != status:
        return f"{name}: got {response.status_code}: {response.get_data(as_text=True)[:200]}"
    try:
        assert_documented(document, template, method, response)
    except (AssertionError, ValidationError) as error:
        return f"{name}: {str(error)[:300]}"
    return None


@pytest.mark.parametrize(
    "operation",
    ["post /feedback", "get /feedback", "get /feedback/{feedback_id}", "get /partners", "get /openapi.json"],
)
def test_real_responses_match_the_document(client, orgs, document, operation):
    names = [name for name, (method, path, _, _) in SCENARIOS.items() if f"{method} {path}" == operation]
    mismatches = [problem for name in names if (problem := _mismatch(document, client, orgs, name))]
    assert names and mismatches == []


def test_schema_validation_is_not_vacuous(document):
    feedback = _schema_validator(document, "#/components/schemas/Feedback")
    error = _schema_validator(document, "#/components/schemas/Error")
    assert not feedback.is_valid({"id": 1})
    assert not error.is_valid({"error": "Not found", "message": "x"})
    assert not error.is_valid({"error": "Not found", "message": "x", "status": "404"})


def test_documented_input_schema_agrees_with_the_api(client, orgs, document):
    validator = _schema_validator(document, "#/components/schemas/FeedbackInput")
    good = {
        "source": "partner",
        "partner_id": orgs.a.partners[0].id,
        "nps": 10,
        "given_at": "2024-02-03T04:05:06Z",
    }
    bad = {"source": "partner", "tenant_id": orgs.b.tenant.id}
    assert validator.is_valid(good) and _post(client, orgs, good).status_code == 201
    assert not validator.is_valid(bad) and _post(client, orgs, bad).status_code == 422


def test_webhook_event_matches_the_document(orgs, document, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    with scoped_to(orgs.a.tenant.id):
        webhooks.create_endpoint("https://hooks.example.com/in")
        db.session.commit()
    make_item(orgs.a.tenant, text="Event body", partner_id=orgs.a.partners[0].id)
    with scoped_to(orgs.a.tenant.id):
        [delivery] = db.session.scalars(db.select(WebhookDelivery)).all()
    _schema_validator(document, "#/components/schemas/WebhookEvent").validate(json.loads(delivery.payload))
