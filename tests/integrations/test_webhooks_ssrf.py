"""SSRF protection: webhook URLs on internal addresses are refused when saved and when sent."""

import ipaddress
import json

import pytest
from sqlalchemy import func, select

from app.core.errors import ServiceError
from app.extensions import db
from app.integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.integrations.services import webhooks
from app.integrations.services.webhook_transport import UnsafeUrl, check_url, is_forbidden_address
from app.tenancy import scoped_to
from tests.api_support import (
    PUBLIC_TEST_ADDRESS,
    Receiver,
    build_api_world,
    fake_dns,
    make_endpoint,
    make_item,
)

FORBIDDEN_ADDRESSES = [
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "192.168.1.1",
    "169.254.169.254",
    "169.254.1.1",
    "100.64.0.1",
    "100.100.100.200",
    "0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "240.0.0.1",
    "255.255.255.255",
    "192.0.2.1",
    "198.18.0.1",
    "::1",
    "::",
    "fe80::1",
    "fc00::1",
    "fd00:ec2::254",
    "ff02::1",
    "::ffff:127.0.0.1",
    "::ffff:10.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "2002:7f00:1::1",
    "2001:db8::1",
]
REFUSED_URLS = [
    "http://127.0.0.1/hook",
    "http://127.0.0.1:8080/hook",
    "http://10.0.0.8/",
    "http://10.255.255.255:443/x",
    "http://169.254.169.254/latest/meta-data/",
    "http://[::1]/hook",
    "http://[::1]:8000/",
    "http://localhost/hook",
    "http://LOCALHOST/hook",
    "http://0.0.0.0/",
    "http://[::ffff:127.0.0.1]/",
    "http://2130706433/",
    "http://0x7f.1/",
    "http://127.1/",
    "http://192.168.0.10/",
    "http://172.31.0.1/",
    "http://[fd00:ec2::254]/",
    "http://100.100.100.200/",
    "https://224.0.0.1/",
]
MALFORMED_URLS = [
    "ftp://files.example.com/",
    "file:///etc/passwd",
    "gopher://example.com/",
    "javascript:alert(1)",
    "//example.com/",
    "https://",
    "http://user:secret@hooks.example.com/",
    "http://hooks.example.com:99999/",
    "http://hooks example.com/",
    "http://hooks.example.com/\r\nX-Injected: 1",
    "",
]


@pytest.fixture
def orgs(app):
    return build_api_world()


def _endpoint_count(tenant):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count()).select_from(WebhookEndpoint))


def _create(tenant, url):
    with scoped_to(tenant.id):
        try:
            webhooks.create_endpoint(url)
            db.session.commit()
        except ServiceError:
            db.session.rollback()
            raise


def test_internal_addresses_are_forbidden():
    allowed = [
        address for address in FORBIDDEN_ADDRESSES if not is_forbidden_address(ipaddress.ip_address(address))
    ]
    assert allowed == []


def test_public_addresses_are_allowed():
    for address in (PUBLIC_TEST_ADDRESS, "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"):
        assert not is_forbidden_address(ipaddress.ip_address(address)), address


def _accepted(urls):
    accepted = []
    for url in urls:
        try:
            check_url(url)
        except UnsafeUrl:
            continue
        accepted.append(url)
    return accepted


def test_internal_urls_are_refused():
    assert _accepted(REFUSED_URLS) == []


def test_malformed_or_non_http_urls_are_refused(monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    assert _accepted(MALFORMED_URLS) == []
    assert _accepted(["https://hooks.example.com/in"]) == ["https://hooks.example.com/in"]


def test_saving_an_internal_url_is_refused_and_saves_nothing(orgs):
    for url in (
        "http://127.0.0.1/hook",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.0.0.8/",
        "http://localhost/hook",
    ):
        with pytest.raises(ServiceError) as refused:
            _create(orgs.a.tenant, url)
        assert refused.value.field == "url"
    assert _endpoint_count(orgs.a.tenant) == 0


def test_hostname_resolving_to_a_private_address_is_refused(orgs, monkeypatch):
    fake_dns(monkeypatch, {"intranet.example.com": ["10.1.2.3"]})
    with pytest.raises(ServiceError, match="internal"):
        _create(orgs.a.tenant, "https://intranet.example.com/hook")


def test_hostname_resolving_to_loopback_is_refused(orgs, monkeypatch):
    fake_dns(monkeypatch, {"loopback.example.com": ["127.0.0.1"]})
    with pytest.raises(ServiceError, match="internal"):
        _create(orgs.a.tenant, "https://loopback.example.com/hook")


def test_hostname_with_one_private_address_among_public_ones_is_refused(orgs, monkeypatch):
    fake_dns(monkeypatch, {"mixed.example.com": [PUBLIC_TEST_ADDRESS, "::1"]})
    with pytest.raises(ServiceError):
        _create(orgs.a.tenant, "https://mixed.example.com/hook")


def test_unresolvable_hostname_is_refused(orgs, monkeypatch):
    fake_dns(monkeypatch, {"nowhere.example.com": None})
    with pytest.raises(ServiceError, match="could not be resolved"):
        _create(orgs.a.tenant, "https://nowhere.example.com/hook")


def test_public_hostname_is_accepted(orgs, monkeypatch):
    fake_dns(monkeypatch, {"hooks.example.com": [PUBLIC_TEST_ADDRESS]})
    _create(orgs.a.tenant, "https://hooks.example.com/partnerloop")
    assert _endpoint_count(orgs.a.tenant) == 1


def test_loopback_is_allowed_only_with_the_test_flag(app, orgs):
    with pytest.raises(ServiceError):
        _create(orgs.a.tenant, "http://127.0.0.1:9/hook")
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
    try:
        _create(orgs.a.tenant, "http://127.0.0.1:9/hook")
    finally:
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
    assert _endpoint_count(orgs.a.tenant) == 1


def _only_delivery(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(WebhookDelivery)).one()


def test_name_that_resolves_privately_at_send_time_is_not_contacted(orgs, monkeypatch):
    # DNS rebinding: public when saved, loopback when sent.
    with Receiver() as receiver:
        fake_dns(monkeypatch, {"rebind.example.com": [PUBLIC_TEST_ADDRESS]})
        make_endpoint(orgs.a.tenant, receiver.url(host="rebind.example.com"))
        make_item(orgs.a.tenant)
        fake_dns(monkeypatch, {"rebind.example.com": ["127.0.0.1"]})
        webhooks.deliver_due_webhooks()
        db.session.expire_all()
        assert receiver.requests == []
    delivery = _only_delivery(orgs.a.tenant)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_error.startswith("Refused")


def test_stored_internal_url_is_refused_at_send_time(app, orgs):
    # An endpoint saved while the flag was on (or before a rule change) is still checked when sent.
    with Receiver() as receiver:
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
        make_endpoint(orgs.a.tenant, receiver.url())
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
        make_item(orgs.a.tenant)
        webhooks.deliver_due_webhooks()
        db.session.expire_all()
        assert receiver.requests == []
    assert _only_delivery(orgs.a.tenant).last_error.startswith("Refused")


def test_connection_goes_to_the_checked_address_with_the_original_host(app, orgs, monkeypatch):
    # The sender connects to the address it checked, not to a second DNS answer.
    with Receiver() as receiver:
        app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
        try:
            fake_dns(monkeypatch, {"pinned.example.com": ["127.0.0.1"]})
            make_endpoint(orgs.a.tenant, receiver.url(host="pinned.example.com"))
            make_item(orgs.a.tenant, text="pinned")
            webhooks.deliver_due_webhooks()
        finally:
            app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False
        [request] = receiver.requests
    assert request["headers"]["Host"] == f"pinned.example.com:{receiver.port}"
    assert json.loads(request["body"])["data"]["text"] == "pinned"


def test_admin_form_shows_the_refusal(orgs, login):
    client = login(orgs.a.admin)
    response = client.post(
        "/admin/integrations/webhooks", data={"webhook-url": "http://169.254.169.254/latest"}
    )
    assert response.status_code == 422
    assert "private, loopback or otherwise internal" in response.get_data(as_text=True)
    assert _endpoint_count(orgs.a.tenant) == 0
