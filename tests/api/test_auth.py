"""API authentication: bearer tokens, scopes, tenant isolation, rate limits, the CLI."""

import pytest
from sqlalchemy import select

from app.core.tokens import hash_token
from app.extensions import db
from app.integrations.models import ApiToken
from app.integrations.services.api_tokens import revoke_api_token
from app.tenancy import scoped_to
from tests.api_support import bearer, items_of, make_item, make_token

FEEDBACK = "/api/v1/feedback"
ENDPOINTS = [("get", FEEDBACK), ("post", FEEDBACK), ("get", f"{FEEDBACK}/1"), ("get", "/api/v1/partners")]


def _token_row(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(ApiToken)).one()


def test_request_without_token_is_401_with_bearer_challenge(client, orgs):
    for method, url in ENDPOINTS:
        response = getattr(client, method)(url, json={})
        assert response.status_code == 401, url
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="partnerloop-api"'
        assert response.json["status"] == 401 and response.json["error"] == "Unauthorized"


def test_invalid_credentials_are_401(client, orgs):
    make_token(orgs.a.tenant)
    for header in (
        "Bearer plk_not-a-real-token",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "plk_missing-scheme",
        "Bearer " + "x" * 5000,
    ):
        response = client.get(FEEDBACK, headers={"Authorization": header})
        assert response.status_code == 401 and "WWW-Authenticate" in response.headers, header


def test_revoked_token_is_401(client, orgs):
    raw = make_token(orgs.a.tenant)
    with scoped_to(orgs.a.tenant.id):
        revoke_api_token(_token_row(orgs.a.tenant))
        db.session.commit()
    response = client.get(FEEDBACK, headers=bearer(raw))
    assert response.status_code == 401 and 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_scheme_name_is_case_insensitive(client, orgs):
    raw = make_token(orgs.a.tenant)
    assert client.get(FEEDBACK, headers={"Authorization": f"bearer {raw}"}).status_code == 200


def test_a_logged_in_session_is_not_enough(client, orgs, login):
    session_client = login(orgs.a.admin)
    response = session_client.get(FEEDBACK)
    assert response.status_code == 401


def test_api_posts_need_no_csrf_token(app, client, orgs):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = client.post(
            FEEDBACK, json={"source": "customer", "text": "x"}, headers=bearer(make_token(orgs.a.tenant))
        )
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 201


def test_token_is_stored_only_as_its_sha256(orgs):
    raw = make_token(orgs.a.tenant)
    row = _token_row(orgs.a.tenant)
    assert row.token_hash == hash_token(raw) and raw not in (row.token_hash, row.hint, row.name)
    assert raw.startswith("plk_") and len(raw) >= 4 + 43  # 256 random bits, base64url


def test_tokens_are_unique(orgs):
    assert make_token(orgs.a.tenant) != make_token(orgs.a.tenant)


def test_use_is_recorded(client, orgs):
    raw = make_token(orgs.a.tenant)
    client.get(FEEDBACK, headers=bearer(raw))
    assert _token_row(orgs.a.tenant).last_used_at is not None


def test_read_only_token_cannot_post(client, orgs):
    raw = make_token(orgs.a.tenant, scopes=["read"])
    response = client.post(FEEDBACK, json={"source": "customer", "text": "x"}, headers=bearer(raw))
    assert response.status_code == 403 and response.json["error"] == "Forbidden"
    assert items_of(orgs.a.tenant) == []


def test_write_only_token_cannot_read(client, orgs):
    raw = make_token(orgs.a.tenant, scopes=["write"])
    for url in (url for method, url in ENDPOINTS if method == "get"):
        assert client.get(url, headers=bearer(raw)).status_code == 403, url


def test_read_only_token_can_read(client, orgs):
    raw = make_token(orgs.a.tenant, scopes=["read"])
    assert client.get(FEEDBACK, headers=bearer(raw)).status_code == 200


def test_another_tenants_token_gets_404_for_this_tenants_item(client, orgs):
    item_id = make_item(orgs.a.tenant, text="A's secret")
    response = client.get(f"{FEEDBACK}/{item_id}", headers=bearer(make_token(orgs.b.tenant)))
    assert response.status_code == 404
    assert "secret" not in response.get_data(as_text=True)


def test_another_tenants_token_never_lists_this_tenants_data(client, orgs):
    make_item(orgs.a.tenant, text="A's secret", partner_id=orgs.a.partners[0].id)
    make_item(orgs.b.tenant, text="B's own")
    raw = make_token(orgs.b.tenant)
    feedback = client.get(FEEDBACK, headers=bearer(raw)).json["data"]
    partners = client.get("/api/v1/partners", headers=bearer(raw)).json["data"]
    filtered = client.get(f"{FEEDBACK}?partner_id={orgs.a.partners[0].id}", headers=bearer(raw)).json["data"]
    assert [item["text"] for item in feedback] == ["B's own"] and filtered == []
    assert {partner["id"] for partner in partners} == {partner.id for partner in orgs.b.partners}


def test_posted_items_land_in_the_tokens_tenant(client, orgs):
    client.post(
        FEEDBACK, json={"source": "customer", "text": "for B"}, headers=bearer(make_token(orgs.b.tenant))
    )
    assert items_of(orgs.a.tenant) == [] and [i.text for i in items_of(orgs.b.tenant)] == ["for B"]


def test_rate_limit_is_429_per_token(app, client, orgs):
    first, second = make_token(orgs.a.tenant), make_token(orgs.a.tenant)
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [client.get(FEEDBACK, headers=bearer(first)).status_code for _ in range(4)]
        other = client.get(FEEDBACK, headers=bearer(second))
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute"
    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200


def test_rate_limit_response_is_json(app, client, orgs):
    raw = make_token(orgs.a.tenant)
    app.config["API_RATE_LIMIT"] = "1 per minute"
    try:
        client.get(FEEDBACK, headers=bearer(raw))
        response = client.get(FEEDBACK, headers=bearer(raw))
    finally:
        app.config["API_RATE_LIMIT"] = "120 per minute"
    assert response.status_code == 429
    assert response.json["error"] == "Too many requests" and response.json["status"] == 429


def test_cli_creates_a_working_token(app, client, orgs):
    result = app.test_cli_runner().invoke(
        args=["apitoken", "create", "--tenant", orgs.a.tenant.slug, "--scopes", "read,write", "--name", "ETL"]
    )
    assert result.exit_code == 0, result.output
    raw = result.output.strip()
    assert client.get(FEEDBACK, headers=bearer(raw)).status_code == 200
    assert _token_row(orgs.a.tenant).name == "ETL" and _token_row(orgs.a.tenant).scopes == "read,write"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tenant", "no-such-tenant"], "No tenant"),
        (["--tenant", "api-vendor-a", "--scopes", "admin"], "Unknown scope"),
    ],
)
def test_cli_refuses_unknown_tenant_or_scope(app, orgs, args, message):
    result = app.test_cli_runner().invoke(args=["apitoken", "create", *args])
    assert result.exit_code != 0 and message in result.output
