"""Admin pages for API tokens: create (shown once), use, revoke; only the tenant's admins."""

import re

import pytest
from sqlalchemy import select

from app.core.tokens import hash_token
from app.extensions import db
from app.integrations.models import ApiToken
from app.tenancy import scoped_to
from tests.api_support import bearer, build_api_world, make_token

INDEX = "/admin/integrations/"


@pytest.fixture
def orgs(app):
    return build_api_world()


def _tokens(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(ApiToken).order_by(ApiToken.id)).all()


def _create(client, name="Zendesk sync", read=True, write=True):
    data = {
        "token-name": name,
        **({"token-read": "y"} if read else {}),
        **({"token-write": "y"} if write else {}),
    }
    return client.post("/admin/integrations/tokens", data=data)


def _raw_token(page):
    return re.search(r'value="(plk_[A-Za-z0-9_-]+)"', page).group(1)


def test_admin_creates_a_token_shown_once(orgs, login):
    client = login(orgs.a.admin)
    response = _create(client)
    page = response.get_data(as_text=True)
    raw = _raw_token(page)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    [token] = _tokens(orgs.a.tenant)
    assert (
        token.token_hash == hash_token(raw) and token.scopes == "read,write" and token.name == "Zendesk sync"
    )
    assert token.created_by_id == orgs.a.admin.id
    index = client.get(INDEX).get_data(as_text=True)
    assert raw not in index and f"plk_…{raw[-4:]}" in index and "Zendesk sync" in index


def test_token_from_the_page_works_with_its_scopes(client, orgs, login):
    raw = _raw_token(_create(login(orgs.a.admin), read=True, write=False).get_data(as_text=True))
    assert client.get("/api/v1/partners", headers=bearer(raw)).status_code == 200
    assert (
        client.post("/api/v1/feedback", json={"source": "customer"}, headers=bearer(raw)).status_code == 403
    )


def test_token_needs_a_name_and_a_scope(orgs, login):
    client = login(orgs.a.admin)
    assert _create(client, name="").status_code == 422
    response = _create(client, read=False, write=False)
    assert response.status_code == 422 and "Choose at least one scope." in response.get_data(as_text=True)
    assert _tokens(orgs.a.tenant) == []


def test_admin_revokes_a_token(client, orgs, login):
    raw = make_token(orgs.a.tenant)
    [token] = _tokens(orgs.a.tenant)
    response = login(orgs.a.admin).post(f"/admin/integrations/tokens/{token.id}/revoke")
    assert response.status_code == 302
    assert _tokens(orgs.a.tenant)[0].revoked_at is not None
    assert client.get("/api/v1/feedback", headers=bearer(raw)).status_code == 401


def test_another_tenants_token_cannot_be_revoked(client, orgs, login):
    raw = make_token(orgs.b.tenant)
    [token] = _tokens(orgs.b.tenant)
    response = login(orgs.a.admin).post(f"/admin/integrations/tokens/{token.id}/revoke")
    assert response.status_code == 404
    assert _tokens(orgs.b.tenant)[0].revoked_at is None
    assert client.get("/api/v1/feedback", headers=bearer(raw)).status_code == 200


def test_admin_sees_only_their_tenants_tokens(orgs, login):
    make_token(orgs.b.tenant, name="B's secret integration")
    page = login(orgs.a.admin).get(INDEX).get_data(as_text=True)
    assert "B&#39;s secret integration" not in page and "B's secret integration" not in page


def test_manager_is_forbidden(world, login):
    client = login(world.a.manager)
    assert client.get(INDEX).status_code == 403
    assert _create(client).status_code == 403
    assert _tokens(world.a.tenant) == []


@pytest.mark.parametrize("role", ["partner_admins", "partner_members"])
def test_partner_users_do_not_see_the_page(world, login, role):
    client = login(getattr(world.a, role)[0])
    assert client.get(INDEX).status_code == 404
    assert _create(client).status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client, orgs):
    response = client.get(INDEX)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
