"""Admin pages for webhook endpoints: add (secret shown once), inspect deliveries, remove."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.integrations.models import WebhookEndpoint
from app.tenancy import scoped_to
from tests.api_support import PUBLIC_TEST_ADDRESS, build_api_world, fake_dns, make_endpoint, make_item


@pytest.fixture
def orgs(app):
    return build_api_world()


def _endpoints(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)).all()


def test_admin_adds_an_endpoint_and_sees_its_secret_once(orgs, login, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    client = login(orgs.a.admin)
    response = client.post(
        "/admin/integrations/webhooks",
        data={"webhook-url": "https://hooks.example.com/in", "webhook-description": "CRM"},
    )
    page = response.get_data(as_text=True)
    [endpoint] = _endpoints(orgs.a.tenant)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert re.search(r'value="(whsec_[A-Za-z0-9_-]+)"', page).group(1) == endpoint.secret
    assert endpoint.event_list == ["feedback.created"] and endpoint.description == "CRM"
    index = client.get("/admin/integrations/").get_data(as_text=True)
    assert "https://hooks.example.com/in" in index and endpoint.secret not in index


def test_endpoint_page_lists_its_deliveries(orgs, login, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    endpoint_id, secret = make_endpoint(orgs.a.tenant, "https://hooks.example.com/in")
    make_item(orgs.a.tenant)
    page = login(orgs.a.admin).get(f"/admin/integrations/webhooks/{endpoint_id}").get_data(as_text=True)
    assert "<h1 class=\"h3 mb-0\">Webhook endpoint</h1>" in page and "https://hooks.example.com/in" in page
    assert "feedback.created" in page and "Pending" in page and secret not in page


def test_admin_removes_an_endpoint(orgs, login, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    endpoint_id, _ = make_endpoint(orgs.a.tenant, "https://hooks.example.com/in")
    response = login(orgs.a.admin).post(f"/admin/integrations/webhooks/{endpoint_id}/delete")
    assert response.status_code == 302 and _endpoints(orgs.a.tenant) == []


def test_another_tenants_endpoint_is_404(orgs, login, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    endpoint_id, _ = make_endpoint(orgs.b.tenant, "https://hooks.example.com/b")
    client = login(orgs.a.admin)
    assert client.get(f"/admin/integrations/webhooks/{endpoint_id}").status_code == 404
    assert client.post(f"/admin/integrations/webhooks/{endpoint_id}/delete").status_code == 404
    assert len(_endpoints(orgs.b.tenant)) == 1


def test_manager_cannot_add_endpoints(world, login, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    response = login(world.a.manager).post(
        "/admin/integrations/webhooks", data={"webhook-url": "https://hooks.example.com/in"}
    )
    assert response.status_code == 403 and _endpoints(world.a.tenant) == []
