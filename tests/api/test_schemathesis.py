"""Property-based tests of the API against its own OpenAPI document (schemathesis).

Every documented operation gets generated requests, valid and invalid, sent in-process
through the WSGI app with a real token of the `world` fixture's first tenant; no
response may be a 5xx, and every response must be one the document describes (status
code and body schema). Bounded and derandomized, so a run is the same every time."""

import base64
import json

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from app.api.openapi import openapi_document
from tests.api_support import bearer, make_token

pytestmark = pytest.mark.slow  # generated requests against every operation

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# The document the app serves (tests/api/test_openapi.py checks it is), built without an
# app so pytest can parametrize one test per operation at collection time.
schema = schemathesis.openapi.from_dict(openapi_document("http://localhost"))


@pytest.fixture
def token(app, world):
    """A read+write token of the first tenant. The per-token rate limit is raised for
    this test only (tests/security/test_rate_limits.py covers the limit itself), so
    the generated requests reach the views instead of stopping at 429."""
    previous = app.config["API_RATE_LIMIT"]
    app.config["API_RATE_LIMIT"] = "100000 per minute"
    yield make_token(world.a.tenant)
    app.config["API_RATE_LIMIT"] = previous


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_openapi_document(case, app, token):
    case.call_and_validate(app=app, headers=bearer(token), checks=CHECKS)


# What the run above found (500s before the fix): ids beyond the 32-bit id columns,
# in the path, the body and inside a cursor. Kept as plain examples.
HUGE = 2**40


def _cursor(*values):
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def test_feedback_id_beyond_the_id_range_is_not_found(client, token):
    response = client.get(f"/api/v1/feedback/{HUGE}", headers=bearer(token))
    assert response.status_code == 404
    assert response.json["error"] == "Not found"


@pytest.mark.parametrize("field", ["partner_id", "program_element_id", "category_id"])
def test_ids_beyond_the_id_range_in_a_new_item_are_a_field_error(client, token, field):
    body = json.dumps({"source": "customer", field: HUGE})
    response = client.post("/api/v1/feedback", data=body, content_type="application/json", headers=bearer(token))
    assert response.status_code == 422
    assert response.json["fields"] == {field: "Must be an id from 1 to 2147483647."}


@pytest.mark.parametrize(
    "url",
    [f"/api/v1/feedback?cursor={_cursor('2024-01-01', HUGE)}", f"/api/v1/partners?cursor={_cursor(HUGE)}"],
)
def test_cursor_with_an_id_beyond_the_id_range_is_invalid(client, token, url):
    response = client.get(url, headers=bearer(token))
    assert response.status_code == 422
    assert response.json["fields"] == {"cursor": "Not a cursor this API returned."}
