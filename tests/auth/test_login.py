"""Log-in, log-out, "remember me", safe `next=` redirects and the log-in rate limit."""

import pytest

from app.auth.services import accounts
from app.extensions import db
from tests.factories import PASSWORD, make_tenant, make_user

REMEMBER_COOKIE = "remember_token"


@pytest.fixture
def admin(app):
    user = make_user("ada@vendor.test", "Ada Admin")
    make_tenant("Vendor", "vendor", user)
    return user


def log_in(client, email, password=PASSWORD, **fields):
    return client.post("/login", data={"email": email, "password": password, **fields})


def is_logged_in(client):
    """A logged-in person reaches the team page; anyone else is sent to log in."""
    return client.get("/team/").status_code == 200


def test_login_page_shows_email_password_and_remember(client):
    page = client.get("/login").get_data(as_text=True)
    for field in ("email", "password", "remember"):
        assert f'name="{field}"' in page


def test_login_with_right_password_logs_in(client, admin):
    response = log_in(client, admin.email)
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert is_logged_in(client)


def test_login_email_is_case_insensitive(client, admin):
    log_in(client, "  ADA@Vendor.test ")
    assert is_logged_in(client)


def test_login_records_last_login_time(client, admin):
    log_in(client, admin.email)
    db.session.expire_all()
    assert accounts.find_user_by_email(admin.email).last_login_at is not None


def test_login_with_wrong_password_is_refused(client, admin):
    response = log_in(client, admin.email, "wrong password 1")
    assert response.status_code == 422
    assert "Wrong email or password." in response.get_data(as_text=True)
    assert not is_logged_in(client)


def test_wrong_password_and_unknown_email_get_the_same_answer(client, admin):
    wrong_password = log_in(client, admin.email, "wrong password 1")
    unknown_email = log_in(client, "nobody@vendor.test", "wrong password 1")
    assert wrong_password.status_code == unknown_email.status_code == 422
    # The pages differ only in the echoed email address.
    assert wrong_password.get_data(as_text=True).replace(admin.email, "EMAIL") == (
        unknown_email.get_data(as_text=True).replace("nobody@vendor.test", "EMAIL")
    )


def test_unknown_email_still_costs_a_password_hash_check(client, admin, monkeypatch):
    checked = []
    real_check = accounts.check_password_hash

    def spy(password_hash, password):
        checked.append(password_hash.split("$")[0])
        return real_check(password_hash, password)

    monkeypatch.setattr(accounts, "check_password_hash", spy)
    log_in(client, admin.email, "wrong password 1")
    log_in(client, "nobody@vendor.test", "wrong password 1")
    # Both paths verify one hash made with the same method, so they take similar time.
    assert len(checked) == 2 and checked[0] == checked[1]


@pytest.mark.parametrize("field", ["email", "password"])
def test_login_with_missing_field_shows_field_error(client, admin, field):
    data = {"email": admin.email, "password": PASSWORD, field: ""}
    response = client.post("/login", data=data)
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_remember_cookie_is_set_when_asked(client, admin):
    log_in(client, admin.email, remember="y")
    assert client.get_cookie(REMEMBER_COOKIE) is not None


def test_remember_cookie_is_not_set_unless_asked(client, admin):
    log_in(client, admin.email)
    assert client.get_cookie(REMEMBER_COOKIE) is None


def test_remember_cookie_logs_in_again_after_the_browser_session_ends(client, admin):
    log_in(client, admin.email, remember="y")
    client.delete_cookie("session")
    assert is_logged_in(client)


def test_without_remember_closing_the_browser_logs_out(client, admin):
    log_in(client, admin.email)
    client.delete_cookie("session")
    assert not is_logged_in(client)


def test_logout_ends_the_session(client, admin):
    log_in(client, admin.email)
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not is_logged_in(client)


def test_logout_clears_the_session_data(client, admin):
    log_in(client, admin.email)
    client.get("/")
    client.post("/logout")
    with client.session_transaction() as session:
        assert "_user_id" not in session and "membership_id" not in session


def test_logout_clears_the_remember_cookie(client, admin):
    log_in(client, admin.email, remember="y")
    client.post("/logout")
    assert client.get_cookie(REMEMBER_COOKIE) is None
    assert not is_logged_in(client)


def test_logout_by_get_is_not_allowed(client, admin):
    log_in(client, admin.email)
    assert client.get("/logout").status_code == 405
    assert is_logged_in(client)


def test_login_follows_a_local_next_path(client, admin):
    response = client.post("/login?next=/team/%3Fx%3D1", data={"email": admin.email, "password": PASSWORD})
    assert response.headers["Location"] == "/team/?x=1"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "///evil.com",
        "https://evil.com",
        "http:/evil.com",
        "/\\evil.com",
        "\\\\evil.com",
        "javascript:alert(1)",
        "/\t/evil.com",
        "evil.com",
    ],
)
def test_login_ignores_a_next_that_leaves_the_site(client, admin, target):
    response = client.post(
        "/login", query_string={"next": target}, data={"email": admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_logged_in_visit_to_login_ignores_an_unsafe_next(client, admin):
    log_in(client, admin.email)
    response = client.get("/login", query_string={"next": "//evil.com"})
    assert response.headers["Location"] == "/"


def test_login_required_page_sends_to_login_with_next(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=%2Faccount%2Fpassword"


def test_login_rate_limit_answers_429_with_an_html_page(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "3 per minute")
    for _ in range(3):
        assert log_in(client, admin.email, "wrong password 1").status_code == 422
    response = log_in(client, admin.email)
    assert response.status_code == 429
    assert response.mimetype == "text/html"
    assert "Too many requests" in response.get_data(as_text=True)


def test_rate_limited_login_does_not_log_in(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "1 per minute")
    log_in(client, admin.email, "wrong password 1")
    log_in(client, admin.email)
    assert not is_logged_in(client)


def test_login_rate_limit_counts_posts_only(app, client, admin, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", "2 per minute")
    for _ in range(5):
        assert client.get("/login").status_code == 200
    assert log_in(client, admin.email).status_code == 302
