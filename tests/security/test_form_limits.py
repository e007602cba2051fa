"""Form bodies are capped before anything reads them: at most MAX_FORM_PARTS fields,
urlencoded (app.core.security.LimitedRequest) or multipart (werkzeug), so a body of a million
fields is a quick 413 page instead of seconds of parsing before CSRF or rate limits."""

import time

import pytest

from tests.api_support import bearer, make_token


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def _post_fields(client, count, path="/login"):
    body = b"&".join([b"f="] * count)
    return client.post(path, data=body, content_type="application/x-www-form-urlencoded")


def test_a_million_field_form_body_is_refused_quickly_before_csrf(client, csrf_on):
    _post_fields(client, 10)  # templates and the error page loaded, so only the refusal is timed
    started = time.process_time()
    response = _post_fields(client, 1_000_000)  # 3 MB: under the 5 MB body limit
    assert time.process_time() - started < 0.5  # it was 2 s
    assert response.status_code == 413
    assert response.mimetype == "text/html" and "Too large" in response.get_data(as_text=True)


def test_a_form_with_as_many_fields_as_allowed_is_read(app, client):
    response = _post_fields(client, app.config["MAX_FORM_PARTS"])
    assert response.status_code == 422  # parsed, then refused as a log-in without email


def test_one_field_more_than_allowed_is_refused(app, client):
    assert _post_fields(client, app.config["MAX_FORM_PARTS"] + 1).status_code == 413


def test_a_multipart_body_with_too_many_parts_is_refused(app, client, csrf_on):
    boundary = "pl-boundary"
    part = f'--{boundary}\r\nContent-Disposition: form-data; name="f"\r\n\r\n\r\n'.encode()
    body = part * (app.config["MAX_FORM_PARTS"] + 1) + f"--{boundary}--\r\n".encode()
    response = client.post("/login", data=body, content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413


def test_the_api_json_body_is_not_a_form_and_keeps_its_own_limit(app, client, world):
    body = '{"source": "customer", "text": "' + "&" * 100_000 + '"}'
    response = client.post("/api/v1/feedback", data=body, content_type="application/json",
                           headers=bearer(make_token(world.a.tenant)))
    assert response.status_code == 201
