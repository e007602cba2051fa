"""Idempotency-Key on POST /api/v1/feedback: replays, mismatches and races."""

import threading

from sqlalchemy import func, select

from app.api import routes
from app.api.models import IdempotencyKey
from app.extensions import db
from app.jobs.models import Job
from app.tenancy import scoped_to
from tests.api_support import bearer, items_of, make_token

URL = "/api/v1/feedback"


def _post(client, token, body, key="key-1"):
    headers = {**bearer(token), **({"Idempotency-Key": key} if key is not None else {})}
    return client.post(URL, json=body, headers=headers)


def _stored_keys(tenant):
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count()).select_from(IdempotencyKey))


def _jobs(tenant):
    """Analysis jobs asked for (with `parked_jobs`, which keeps them waiting to be counted)."""
    with scoped_to(tenant.id):
        return db.session.scalar(select(func.count()).select_from(Job))


def test_same_key_and_body_replays_the_original_response(client, orgs, token):
    body = {"source": "customer", "text": "Once only"}
    first, second = _post(client, token, body), _post(client, token, body)
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_data() == first.get_data()
    assert second.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert second.headers["Location"] == first.headers["Location"]
    assert len(items_of(orgs.a.tenant)) == 1


def test_same_body_in_another_key_order_is_the_same_request(client, orgs, token):
    first = _post(client, token, {"source": "customer", "text": "Order", "nps": 5})
    second = client.post(
        URL,
        data='{ "nps": 5, "text": "Order",  "source": "customer" }',
        content_type="application/json",
        headers={**bearer(token), "Idempotency-Key": "key-1"},
    )
    assert second.status_code == 201 and second.json == first.json
    assert len(items_of(orgs.a.tenant)) == 1


def test_same_key_with_a_different_body_is_422(client, orgs, token):
    _post(client, token, {"source": "customer", "text": "First"})
    response = _post(client, token, {"source": "customer", "text": "Second"})
    assert response.status_code == 422 and "Idempotency-Key" in response.json["fields"]
    assert [item.text for item in items_of(orgs.a.tenant)] == ["First"]


def test_without_a_key_each_post_creates_an_item(client, orgs, token):
    body = {"source": "customer", "text": "No key"}
    _post(client, token, body, key=None)
    _post(client, token, body, key=None)
    assert len(items_of(orgs.a.tenant)) == 2 and _stored_keys(orgs.a.tenant) == 0


def test_different_keys_create_different_items(client, orgs, token):
    body = {"source": "customer", "text": "Two keys"}
    _post(client, token, body, key="a")
    _post(client, token, body, key="b")
    assert len(items_of(orgs.a.tenant)) == 2


def test_keys_belong_to_one_tenant(client, orgs, token):
    body = {"source": "customer", "text": "Shared key name"}
    a = _post(client, token, body)
    b = _post(client, make_token(orgs.b.tenant), body)
    assert (a.status_code, b.status_code) == (201, 201) and a.json["id"] != b.json["id"]
    assert len(items_of(orgs.a.tenant)) == 1 and len(items_of(orgs.b.tenant)) == 1


def test_failed_requests_are_not_remembered(client, orgs, token):
    invalid = _post(client, token, {"source": "customer", "nps": 99})
    fixed = _post(client, token, {"source": "customer", "nps": 9})
    assert (invalid.status_code, fixed.status_code) == (422, 201)


def test_replay_of_a_repeat_keeps_its_200(client, orgs, token):
    body = {"source": "customer", "text": "Known", "external_id": "x-1", "given_at": "2024-01-01T00:00:00Z"}
    _post(client, token, body, key=None)
    first, second = _post(client, token, body), _post(client, token, body)
    assert (first.status_code, second.status_code) == (200, 200) and second.json == first.json


def test_malformed_key_is_400(client, orgs, token):
    for key in ("", "has space", "é", "x" * 256):
        assert _post(client, token, {"source": "customer"}, key=key).status_code == 400, key
    assert items_of(orgs.a.tenant) == []


def test_request_that_looked_before_the_winner_committed_replays_it(client, orgs, token, monkeypatch, parked_jobs):
    body = {"source": "customer", "text": "Raced"}
    winner = _post(client, token, body)
    real_lookup, lookups = routes.stored_response, []

    def lookup_that_misses_once(key, request_fingerprint):
        lookups.append(key)
        return None if len(lookups) == 1 else real_lookup(key, request_fingerprint)

    monkeypatch.setattr(routes, "stored_response", lookup_that_misses_once)
    loser = _post(client, token, body)
    assert loser.status_code == 201 and loser.json == winner.json and len(lookups) == 2
    assert len(items_of(orgs.a.tenant)) == 1 and _stored_keys(orgs.a.tenant) == 1
    assert _jobs(orgs.a.tenant) == 1  # the loser's analysis job rolled back with its item


def _post_concurrently(app, token, body, key, count=4):
    barrier, responses = threading.Barrier(count), []

    def worker():
        with app.app_context():
            client = app.test_client()
            barrier.wait()
            response = _post(client, token, body, key=key)
            responses.append((response.status_code, response.get_data()))

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return responses


def test_concurrent_posts_with_one_key_create_one_item(app, orgs, token, parked_jobs):
    responses = _post_concurrently(app, token, {"source": "customer", "text": "Concurrent"}, key="race")
    assert len(responses) == 4 and len(set(responses)) == 1 and responses[0][0] == 201
    assert len(items_of(orgs.a.tenant)) == 1 and _jobs(orgs.a.tenant) == 1


def test_concurrent_posts_with_one_external_id_create_one_item(app, orgs, token):
    body = {"source": "customer", "text": "Concurrent", "external_id": "ext-race", "given_at": "2024-01-01"}
    responses = _post_concurrently(app, token, body, key=None)
    assert sorted(status for status, _ in responses) == [200, 200, 200, 201]
    assert len(items_of(orgs.a.tenant)) == 1


def _age_keys(tenant, hours):
    from datetime import timedelta

    from sqlalchemy import update

    from app.core.models import utcnow

    with scoped_to(tenant.id):
        db.session.execute(update(IdempotencyKey).values(created_at=utcnow() - timedelta(hours=hours)))
        db.session.commit()


def test_a_key_older_than_a_day_counts_as_unused(client, orgs, token):
    body = {"source": "customer", "text": "Old key"}
    assert _post(client, token, body).status_code == 201
    _age_keys(orgs.a.tenant, 25)
    again = _post(client, token, {"source": "customer", "text": "New request, old key"})
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert len(items_of(orgs.a.tenant)) == 2
    assert _stored_keys(orgs.a.tenant) == 1  # the expired record was replaced


def test_purge_command_deletes_only_expired_keys_of_every_tenant(app, client, orgs, token):
    token_b = make_token(orgs.b.tenant)
    _post(client, token, {"source": "customer", "text": "A old"}, key="a-old")
    _post(client, token_b, {"source": "customer", "text": "B old"}, key="b-old")
    _age_keys(orgs.a.tenant, 30)
    _age_keys(orgs.b.tenant, 30)
    _post(client, token, {"source": "customer", "text": "A fresh"}, key="a-fresh")
    result = app.test_cli_runner().invoke(args=["apitoken", "purge-keys"])
    assert result.exit_code == 0 and "Deleted 2 expired" in result.output
    assert (_stored_keys(orgs.a.tenant), _stored_keys(orgs.b.tenant)) == (1, 0)
