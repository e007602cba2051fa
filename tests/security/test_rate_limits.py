"""Log-in, password reset, invitation, survey and loop pages answer 429 once their
per-address limit is used up, and a forged X-Forwarded-For entry does not reset it."""

import pytest

from app import create_app
from app.extensions import db, limiter
from tests.factories import PASSWORD

LIMIT = 3
TOKEN_PAGES = [
    "/invitations/guessed-token",
    "/reset/guessed-token",
    "/s/guessed-token",
    "/loop/guessed-token",
]


@pytest.fixture
def low_limits(app):
    previous = app.config["LOGIN_RATE_LIMIT"], app.config["TOKEN_RATE_LIMIT"]
    app.config.update(LOGIN_RATE_LIMIT=f"{LIMIT} per minute", TOKEN_RATE_LIMIT=f"{LIMIT} per minute")
    limiter.reset()
    yield
    app.config.update(LOGIN_RATE_LIMIT=previous[0], TOKEN_RATE_LIMIT=previous[1])
    limiter.reset()


def _wrong_login(client, **kwargs):
    return client.post(
        "/login", data={"email": "someone@example.com", "password": "wrong password"}, **kwargs
    )


def _assert_429_page(response):
    assert response.status_code == 429
    assert response.mimetype == "text/html" and "Too many requests" in response.get_data(as_text=True)


def test_login_answers_429_after_the_limit(client, low_limits):
    assert [_wrong_login(client).status_code for _ in range(LIMIT)] == [422] * LIMIT
    _assert_429_page(_wrong_login(client))


def test_login_limit_also_stops_the_right_password(client, world, low_limits):
    for _ in range(LIMIT):
        _wrong_login(client)
    response = client.post("/login", data={"email": world.a.admin.email, "password": PASSWORD})
    _assert_429_page(response)


def test_password_reset_request_answers_429_after_the_limit(client, low_limits):
    for _ in range(LIMIT):
        assert client.post("/reset", data={"email": "someone@example.com"}).status_code == 302
    _assert_429_page(client.post("/reset", data={"email": "someone@example.com"}))


@pytest.mark.parametrize("path", TOKEN_PAGES)
def test_token_pages_answer_429_after_the_limit(client, low_limits, path):
    assert all(client.get(path).status_code == 404 for _ in range(LIMIT))
    _assert_429_page(client.get(path))


@pytest.mark.parametrize("path", TOKEN_PAGES)
def test_guessing_other_tokens_shares_one_budget(client, low_limits, path):
    for number in range(LIMIT):
        client.get(f"{path}-{number}")
    _assert_429_page(client.get(f"{path}-another"))


@pytest.fixture
def low_account_limit(app, monkeypatch):
    """Only the per-account limit is low: each request below comes from another address."""
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_RATE_LIMIT", f"{LIMIT} per minute")
    limiter.reset()
    yield
    limiter.reset()


def _from_address(number):
    return {"environ_base": {"REMOTE_ADDR": f"198.51.100.{number}"}}


def test_login_is_limited_per_account_whatever_address_the_guesses_come_from(client, world, low_account_limit):
    email = world.a.admin.email
    for number in range(LIMIT):
        response = client.post("/login", data={"email": email, "password": "wrong"}, **_from_address(number))
        assert response.status_code == 422
    # The same account, written differently, from yet another address: still the same budget.
    guess = {"email": f"  {email.upper()} ", "password": PASSWORD}
    _assert_429_page(client.post("/login", data=guess, **_from_address(99)))
    # Other accounts are not affected.
    other = {"email": world.a.manager.email, "password": PASSWORD}
    assert client.post("/login", data=other, **_from_address(100)).status_code == 302


def test_successful_logins_do_not_use_up_the_account_budget(app, world, low_account_limit):
    for number in range(LIMIT + 2):
        client = app.test_client()
        response = client.post("/login", data={"email": world.a.admin.email, "password": PASSWORD},
                               **_from_address(number))
        assert response.status_code == 302


def test_password_reset_requests_are_limited_per_account(client, world, low_account_limit):
    for number in range(LIMIT):
        client.post("/reset", data={"email": world.a.admin.email}, **_from_address(number))
    _assert_429_page(client.post("/reset", data={"email": world.a.admin.email}, **_from_address(99)))


@pytest.fixture
def proxied_app(app, monkeypatch):
    """A second app behind one trusted proxy (PROXY_FIX_HOPS=1), on the same database."""
    monkeypatch.setenv("PROXY_FIX_HOPS", "1")
    proxied = create_app(_config_like(app.config["SQLALCHEMY_DATABASE_URI"]))
    proxied.config.update(LOGIN_RATE_LIMIT=f"{LIMIT} per minute")
    limiter.reset()
    yield proxied
    limiter.reset()
    with proxied.app_context():
        db.engine.dispose()


def _config_like(database_url):
    from config import TestConfig

    class ProxiedConfig(TestConfig):
        def __init__(self):
            super().__init__()
            self.SQLALCHEMY_DATABASE_URI = database_url

    return ProxiedConfig


def _login_via_proxy(client, forwarded_for):
    return _wrong_login(client, headers={"X-Forwarded-For": forwarded_for})


def test_forged_forwarded_for_entries_do_not_dodge_the_limit(proxied_app):
    assert proxied_app.config["PROXY_FIX_HOPS"] == 1
    client = proxied_app.test_client()
    # The client forges the first entry; the trusted proxy appends the real address.
    statuses = [_login_via_proxy(client, f"10.0.0.{n}, 203.0.113.7").status_code for n in range(LIMIT + 1)]
    assert statuses == [422] * LIMIT + [429]


def test_each_real_client_address_behind_the_proxy_has_its_own_budget(proxied_app):
    client = proxied_app.test_client()
    for _ in range(LIMIT + 1):
        _login_via_proxy(client, "203.0.113.7")
    assert _login_via_proxy(client, "203.0.113.8").status_code == 422
