"""Password reset by emailed link: single-use, expiring, stored hashed."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from app.auth.models import PasswordResetToken
from app.auth.services import accounts
from app.core.errors import TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.mail.sender import deliver_all_due
from tests.factories import PASSWORD, make_tenant, make_user
from tests.smtp import html_part, text_part

NEW_PASSWORD = "a brand new secret 7"
RESET_LINK = re.compile(r"http://localhost(/reset/[A-Za-z0-9_-]+)")


@pytest.fixture
def user(app):
    person = make_user("ada@example.com", "Ada Lovelace")
    make_tenant("Vendor", "vendor", person)
    return person


def request_reset(client, smtp, email):
    """Ask for a reset link and deliver it; returns the link's path."""
    client.post("/reset", data={"email": email})
    deliver_all_due()
    message = smtp.wait_for(1)[-1]
    return RESET_LINK.search(text_part(message)).group(1)


def choose_password(client, path, password=NEW_PASSWORD, confirm=None):
    return client.post(path, data={"password": password, "confirm": confirm or password})


def can_log_in(app, email, password):
    return app.test_client().post("/login", data={"email": email, "password": password}).status_code == 302


def stored_tokens():
    db.session.expire_all()
    return db.session.scalars(select(PasswordResetToken)).all()


def test_reset_request_emails_a_link_to_the_account(client, smtp, user):
    request_reset(client, smtp, user.email)
    message = smtp.to(user.email)[0]
    assert message["Subject"] == "Reset your Partnerloop password"
    assert "Hello Ada Lovelace" in text_part(message)


def test_reset_email_html_part_has_the_same_link(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    assert f"http://localhost{path}" in html_part(smtp.messages[0])


def test_reset_request_answers_with_a_neutral_message(client, smtp, user):
    page = client.post("/reset", data={"email": user.email}, follow_redirects=True).get_data(as_text=True)
    assert "If an account exists for that address, a reset link is on its way." in page


def test_reset_request_for_unknown_email_sends_nothing(client, smtp, user):
    client.post("/reset", data={"email": "nobody@example.com"})
    assert deliver_all_due() == 0
    assert smtp.messages == [] and stored_tokens() == []


def test_reset_request_answer_does_not_reveal_whether_the_email_exists(app, smtp, user):
    known = app.test_client().post("/reset", data={"email": user.email}, follow_redirects=True)
    unknown = app.test_client().post("/reset", data={"email": "nobody@example.com"}, follow_redirects=True)
    assert known.status_code == unknown.status_code == 200
    assert known.request.path == unknown.request.path == "/login"
    assert known.get_data(as_text=True) == unknown.get_data(as_text=True)


def test_reset_request_with_invalid_email_is_a_field_error(client):
    response = client.post("/reset", data={"email": "not an email"})
    assert response.status_code == 422
    assert "Invalid email address." in response.get_data(as_text=True)


def test_reset_token_is_stored_only_as_a_hash(client, smtp, user):
    raw = request_reset(client, smtp, user.email).rsplit("/", 1)[1]
    [token] = stored_tokens()
    assert token.token_hash == hash_token(raw) and raw not in token.token_hash


def test_reset_link_shows_the_new_password_form(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    page = client.get(path).get_data(as_text=True)
    assert 'name="password"' in page and 'name="confirm"' in page


def test_reset_link_sets_the_new_password(app, client, smtp, user):
    path = request_reset(client, smtp, user.email)
    response = choose_password(client, path)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert can_log_in(app, user.email, NEW_PASSWORD)
    assert not can_log_in(app, user.email, PASSWORD)


def test_reset_logs_the_person_in(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    choose_password(client, path)
    assert client.get("/team/").status_code == 200


def test_reset_link_works_only_once(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    choose_password(client, path)
    response = client.get(path)
    assert response.status_code == 404
    assert "This password reset link has already been used." in response.get_data(as_text=True)


def test_used_reset_link_cannot_set_a_password_again(app, client, smtp, user):
    path = request_reset(client, smtp, user.email)
    choose_password(client, path)
    response = choose_password(app.test_client(), path, "another new secret 9")
    assert response.status_code == 404
    assert can_log_in(app, user.email, NEW_PASSWORD)


def test_expired_reset_link_shows_a_clear_404_page(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    [token] = stored_tokens()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(path)
    assert response.status_code == 404
    assert "This password reset link has expired." in response.get_data(as_text=True)


def test_expired_reset_link_does_not_change_the_password(app, client, smtp, user):
    path = request_reset(client, smtp, user.email)
    [token] = stored_tokens()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert choose_password(client, path).status_code == 404
    assert can_log_in(app, user.email, PASSWORD)


def test_reset_link_expires_after_the_configured_hours(app, client, smtp, user):
    request_reset(client, smtp, user.email)
    [token] = stored_tokens()
    lifetime = token.expires_at - token.created_at
    assert abs(lifetime - timedelta(hours=app.config["PASSWORD_RESET_TTL_HOURS"])) < timedelta(minutes=1)


@pytest.mark.parametrize("token", ["not-a-real-token", "x" * 300])
def test_unknown_reset_token_shows_a_clear_404_page(client, token):
    response = client.get(f"/reset/{token}")
    assert response.status_code == 404
    assert "This password reset link is not valid." in response.get_data(as_text=True)


def test_unknown_reset_token_cannot_be_posted_to(client):
    response = choose_password(client, "/reset/not-a-real-token")
    assert response.status_code == 404


def test_mismatched_confirmation_is_a_field_error(app, client, smtp, user):
    path = request_reset(client, smtp, user.email)
    response = choose_password(client, path, NEW_PASSWORD, "something else 12")
    assert response.status_code == 422
    assert "The passwords differ." in response.get_data(as_text=True)
    assert can_log_in(app, user.email, PASSWORD)


def test_weak_new_password_is_a_field_error_and_keeps_the_link_usable(client, smtp, user):
    path = request_reset(client, smtp, user.email)
    response = choose_password(client, path, "short")
    assert response.status_code == 422
    assert "Use at least 10 characters." in response.get_data(as_text=True)
    assert choose_password(client, path).status_code == 302


def test_reset_ends_sessions_on_other_devices(client, smtp, user, login):
    other_device = login(user)
    path = request_reset(client, smtp, user.email)
    choose_password(client, path)
    response = other_device.get("/team/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_reset_ends_remembered_logins_on_other_devices(app, client, smtp, user):
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    other_device.delete_cookie("session")
    path = request_reset(client, smtp, user.email)
    choose_password(client, path)
    assert other_device.get("/team/").status_code == 302


def test_reset_retires_older_links(app, client, smtp, user):
    first = request_reset(client, smtp, user.email)
    second = request_reset(client, smtp, user.email)
    choose_password(client, second)
    assert client.get(first).status_code == 404


def test_reset_refuses_a_link_used_by_a_concurrent_request(client, smtp, user, monkeypatch):
    raw = request_reset(client, smtp, user.email).rsplit("/", 1)[1]
    looked_up = accounts.find_reset_token(raw)
    # The other request claims the link after our look-up found it unused.
    db.session.execute(PasswordResetToken.__table__.update().values(used_at=utcnow()))
    monkeypatch.setattr(accounts, "find_reset_token", lambda raw: looked_up)
    with pytest.raises(TokenError):
        accounts.reset_password(raw, NEW_PASSWORD)


def test_reset_requests_are_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per minute")
    for _ in range(2):
        client.post("/reset", data={"email": "nobody@example.com"})
    response = client.post("/reset", data={"email": "nobody@example.com"})
    assert response.status_code == 429 and "Too many requests" in response.get_data(as_text=True)


def test_reset_link_guessing_is_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TOKEN_RATE_LIMIT", "3 per minute")
    statuses = [client.get(f"/reset/guess-{number}").status_code for number in range(4)]
    assert statuses == [404, 404, 404, 429]
