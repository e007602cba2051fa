"""Webhook events: queued with the item, signed, delivered to a real local receiver, retried."""

import json
import time
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.feedback.models import Channel, Source
from app.feedback.services import FeedbackInput, record_feedback
from app.integrations.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.integrations.services import webhooks
from app.tenancy import scoped_to
from tests.api_support import (
    PUBLIC_TEST_ADDRESS,
    Receiver,
    bearer,
    build_api_world,
    fake_dns,
    make_endpoint,
    make_item,
    make_token,
)

T0 = datetime(2030, 1, 1, 12)  # a fixed "now" for the sender, after every queued delivery


@pytest.fixture
def orgs(app):
    return build_api_world()


@pytest.fixture
def receiver():
    with Receiver() as running:
        yield running


@pytest.fixture
def private_targets(app):
    # Only here: the receiver listens on 127.0.0.1, which is refused by default.
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = True
    yield
    app.config["WEBHOOK_ALLOW_PRIVATE_TARGETS"] = False


def _deliveries(tenant):
    with scoped_to(tenant.id):
        return db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)).all()


def _deliver(now=T0):
    claimed, delivered = webhooks.deliver_due_webhooks(now=now)
    db.session.expire_all()
    return claimed, delivered


def test_recording_feedback_queues_one_delivery_per_endpoint(orgs, monkeypatch):
    fake_dns(
        monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS], "two.example.com": [PUBLIC_TEST_ADDRESS]}
    )
    make_endpoint(orgs.a.tenant, "https://one.example.com/hook")
    make_endpoint(orgs.a.tenant, "https://two.example.com/hook")
    item_id = make_item(orgs.a.tenant, text="Queued")
    deliveries = _deliveries(orgs.a.tenant)
    assert len(deliveries) == 2 and {d.status for d in deliveries} == {DeliveryStatus.PENDING}
    assert deliveries[0].event_id == deliveries[1].event_id  # one event, two endpoints
    assert json.loads(deliveries[0].payload)["data"]["id"] == item_id


def test_feedback_rolled_back_queues_nothing(orgs, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.a.tenant, "https://one.example.com/hook")
    with scoped_to(orgs.a.tenant.id):
        record_feedback(FeedbackInput(source=Source.CUSTOMER, channel=Channel.EMAIL, text="Never committed"))
        db.session.rollback()
    assert _deliveries(orgs.a.tenant) == []


def test_repeated_item_queues_no_second_event(orgs, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.a.tenant, "https://one.example.com/hook")
    make_item(orgs.a.tenant, text="Same", external_id="x-1")
    make_item(orgs.a.tenant, text="Same", external_id="x-1")
    assert len(_deliveries(orgs.a.tenant)) == 1


def test_events_go_only_to_the_items_tenant(orgs, monkeypatch):
    fake_dns(monkeypatch, {"b.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.b.tenant, "https://b.example.com/hook")
    make_item(orgs.a.tenant, text="A's item")
    assert _deliveries(orgs.a.tenant) == [] and _deliveries(orgs.b.tenant) == []


def test_feedback_posted_by_a_partner_user_in_the_portal_is_announced(world, login, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(world.a.tenant, "https://one.example.com/hook")
    response = login(world.a.partner_members[0]).post(
        "/feedback/new", data={"text": "Partner portal feedback: the onboarding was great, thank you"}
    )
    assert response.status_code == 302
    [delivery] = _deliveries(world.a.tenant)  # sent by the analysis job, with the item's labels
    data = json.loads(delivery.payload)["data"]
    assert data["partner_id"] == world.a.partners[0].id
    assert (data["analysis"], data["sentiment"]["label"]) == ("done", "positive")


def test_event_data_is_the_api_representation(client, orgs, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.a.tenant, "https://one.example.com/hook")
    item_id = make_item(orgs.a.tenant, text="<b>hostile</b> \u202e 🧨", nps=4)
    event = json.loads(_deliveries(orgs.a.tenant)[0].payload)
    api_view = client.get(f"/api/v1/feedback/{item_id}", headers=bearer(make_token(orgs.a.tenant))).json
    assert event["type"] == "feedback.created" and event["id"].startswith("evt_")
    assert event["data"] == api_view


def test_delivery_is_signed_with_the_endpoint_secret(orgs, receiver, private_targets):
    _, secret = make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant, text="Signed")
    assert _deliver() == (1, 1)
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert body == _deliveries(orgs.a.tenant)[0].payload.encode()
    timestamp = headers["X-Partnerloop-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    assert headers["X-Partnerloop-Signature"] == webhooks.sign(secret, body, int(timestamp))
    assert webhooks.verify_signature(secret, body, timestamp, headers["X-Partnerloop-Signature"])
    assert headers["X-Partnerloop-Event"] == "feedback.created"
    assert headers["X-Partnerloop-Event-Id"] == json.loads(body)["id"]
    assert headers["Content-Type"] == "application/json"


def test_signature_check_fails_for_a_tampered_body_or_another_secret():
    body, now = b'{"id":"evt_1"}', 1_790_000_000
    signature = webhooks.sign("whsec_right", body, now)
    assert signature.startswith("sha256=") and len(signature) == 7 + 64
    assert webhooks.verify_signature("whsec_right", body, str(now), signature, now=now)
    assert not webhooks.verify_signature("whsec_right", body + b" ", str(now), signature, now=now)
    assert not webhooks.verify_signature("whsec_wrong", body, str(now), signature, now=now)
    assert not webhooks.verify_signature("whsec_right", body, str(now), "", now=now)
    assert not webhooks.verify_signature("whsec_right", body, str(now), signature.replace("sha256=", "sha1="),
                                         now=now)


def test_signature_covers_the_timestamp_so_old_requests_cannot_be_replayed():
    body, sent = b'{"id":"evt_1"}', 1_790_000_000
    signature = webhooks.sign("whsec_right", body, sent)
    # the same body and signature with a fresh timestamp header: the signature no longer matches
    assert not webhooks.verify_signature("whsec_right", body, str(sent + 600), signature, now=sent + 600)
    # the original pair replayed ten minutes later: too old
    assert not webhooks.verify_signature("whsec_right", body, str(sent), signature, now=sent + 600)
    assert webhooks.verify_signature("whsec_right", body, str(sent), signature, now=sent + 299)
    assert not webhooks.verify_signature("whsec_right", body, "not-a-number", signature, now=sent)


def test_each_endpoint_has_its_own_secret(orgs, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    first = make_endpoint(orgs.a.tenant, "https://one.example.com/a")[1]
    second = make_endpoint(orgs.a.tenant, "https://one.example.com/b")[1]
    assert first != second and first.startswith("whsec_") and len(first) >= 6 + 43


def test_delivered_event_is_not_sent_again(orgs, receiver, private_targets):
    make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant)
    _deliver()
    assert _deliver() == (0, 0) and len(receiver.requests) == 1
    [delivery] = _deliveries(orgs.a.tenant)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        204,
    )


def test_failed_delivery_is_retried_with_exponential_backoff(orgs, receiver, private_targets):
    make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant)
    receiver.statuses = [500, 503]
    _deliver(T0)
    [delivery] = _deliveries(orgs.a.tenant)
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert delivery.next_attempt_at == T0 + timedelta(minutes=1) and "HTTP 500" in delivery.last_error
    assert _deliver(T0 + timedelta(seconds=59)) == (0, 0)  # not due yet
    _deliver(T0 + timedelta(minutes=1))
    [delivery] = _deliveries(orgs.a.tenant)
    assert delivery.attempts == 2 and delivery.next_attempt_at == T0 + timedelta(minutes=1 + 2)
    _deliver(T0 + timedelta(minutes=3))
    [delivery] = _deliveries(orgs.a.tenant)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.DELIVERED, 3, None)
    assert len(receiver.requests) == 3 and len({r["body"] for r in receiver.requests}) == 1


def test_backoff_doubles_up_to_six_hours():
    delays = [webhooks.retry_delay(attempts) for attempts in range(1, 12)]
    assert delays[:4] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert delays[-1] == timedelta(hours=6) and delays == sorted(delays)


def test_delivery_gives_up_after_the_maximum_attempts(app, orgs, receiver, private_targets):
    app.config["WEBHOOK_MAX_ATTEMPTS"] = 2
    try:
        make_endpoint(orgs.a.tenant, receiver.url())
        make_item(orgs.a.tenant)
        receiver.statuses = [500, 500, 500]
        _deliver(T0)
        _deliver(T0 + timedelta(hours=1))
        assert _deliver(T0 + timedelta(days=1)) == (0, 0)
    finally:
        app.config["WEBHOOK_MAX_ATTEMPTS"] = 10
    [delivery] = _deliveries(orgs.a.tenant)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)


def test_redirects_are_not_followed(orgs, receiver, private_targets):
    make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant)
    receiver.statuses = [302]
    _deliver()
    [delivery] = _deliveries(orgs.a.tenant)
    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code == 302
    assert [r["path"] for r in receiver.requests] == ["/hook"]


def test_unreachable_endpoint_is_a_retried_failure(orgs, private_targets):
    with Receiver() as closed:
        url = closed.url()
    make_endpoint(orgs.a.tenant, url)
    make_item(orgs.a.tenant)
    _deliver()
    [delivery] = _deliveries(orgs.a.tenant)
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "Connection refused" in delivery.last_error or "URLError" in delivery.last_error


def test_slow_endpoint_times_out(app, orgs, receiver, private_targets):
    app.config["WEBHOOK_TIMEOUT"] = 0.3
    receiver.delay = 1.0
    try:
        make_endpoint(orgs.a.tenant, receiver.url())
        make_item(orgs.a.tenant)
        started = time.monotonic()
        _deliver()
        elapsed = time.monotonic() - started
    finally:
        app.config["WEBHOOK_TIMEOUT"] = 5.0
    [delivery] = _deliveries(orgs.a.tenant)
    assert delivery.status == DeliveryStatus.PENDING and "timed out" in delivery.last_error.lower()
    assert elapsed < 1.0


def test_sender_serves_every_tenant_with_its_own_secret(orgs, receiver, private_targets):
    _, secret_a = make_endpoint(orgs.a.tenant, receiver.url("/a"))
    _, secret_b = make_endpoint(orgs.b.tenant, receiver.url("/b"))
    make_item(orgs.a.tenant, text="for A")
    make_item(orgs.b.tenant, text="for B")
    assert _deliver() == (2, 2)
    by_path = {r["path"]: r for r in receiver.requests}
    assert json.loads(by_path["/a"]["body"])["data"]["text"] == "for A"
    for path, secret in (("/a", secret_a), ("/b", secret_b)):
        headers = by_path[path]["headers"]
        assert webhooks.verify_signature(secret, by_path[path]["body"], headers["X-Partnerloop-Timestamp"],
                                         headers["X-Partnerloop-Signature"])


def test_removed_endpoint_gets_no_pending_events(orgs, receiver, private_targets):
    endpoint_id, _ = make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant)
    with scoped_to(orgs.a.tenant.id):
        webhooks.delete_endpoint(db.session.get(WebhookEndpoint, endpoint_id))
        db.session.commit()
    assert _deliver() == (0, 0) and receiver.requests == [] and _deliveries(orgs.a.tenant) == []


def test_cli_run_once_delivers_what_is_due(app, orgs, receiver, private_targets):
    make_endpoint(orgs.a.tenant, receiver.url())
    make_item(orgs.a.tenant)
    result = app.test_cli_runner().invoke(args=["webhooks", "run", "--once"])
    assert result.exit_code == 0, result.output
    assert len(receiver.requests) == 1
    assert _deliveries(orgs.a.tenant)[0].status == DeliveryStatus.DELIVERED


def test_cli_status_counts_deliveries(app, orgs, monkeypatch):
    fake_dns(monkeypatch, {"one.example.com": [PUBLIC_TEST_ADDRESS]})
    make_endpoint(orgs.a.tenant, "https://one.example.com/hook")
    make_item(orgs.a.tenant)
    result = app.test_cli_runner().invoke(args=["webhooks", "status"])
    assert result.exit_code == 0 and "pending" in result.output and "1" in result.output
