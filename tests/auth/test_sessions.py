"""Server-side sessions: log-out ends the session for every copy of its cookies, "sign out
everywhere" ends all of a person's sessions, and no session outlives 30 days."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from app.auth.models import UserSession
from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from tests.factories import PASSWORD, make_tenant, make_user
from tests.runtime.test_speed_statements import counted_statements

SESSION_COOKIE = "session"
REMEMBER_COOKIE = "remember_token"
THIRTY_DAYS = timedelta(days=30)


@pytest.fixture
def person(app):
    user = make_user("ada@vendor.test", "Ada Admin")
    make_tenant("Vendor", "vendor", user)
    return user


@pytest.fixture
def colleague(app, person):
    from app.tenancy import all_tenants
    from app.tenants.models import Role
    from tests.factories import add_member

    user = make_user("bob@vendor.test", "Bob Manager")
    with all_tenants():
        tenant = person.memberships[0].tenant
    add_member(tenant, user, Role.MANAGER)
    return user


def log_in(app, user, remember=False):
    client = app.test_client()
    data = {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    assert client.post("/login", data=data).status_code == 302
    return client


def is_signed_in(client):
    return client.get("/team/").status_code == 200


def copy_cookies(app, source, names=(SESSION_COOKIE, REMEMBER_COOKIE)):
    """A second browser holding copies of `source`'s cookies (as a thief would)."""
    thief = app.test_client()
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def session_rows(user=None):
    db.session.expire_all()
    statement = select(UserSession)
    if user is not None:
        statement = statement.where(UserSession.user_id == user.id)
    return db.session.scalars(statement).all()


# --- log-out -------------------------------------------------------------------------------


def test_logging_out_signs_out_a_copy_of_the_session_and_remember_cookies(app, person):
    browser = log_in(app, person, remember=True)
    thief = copy_cookies(app, browser)
    assert is_signed_in(thief)
    browser.post("/logout")
    assert not is_signed_in(thief)
    assert not is_signed_in(copy_cookies(app, thief, names=(REMEMBER_COOKIE,)))


def test_a_copied_remember_cookie_alone_stops_working_after_log_out(app, person):
    browser = log_in(app, person, remember=True)
    thief = copy_cookies(app, browser, names=(REMEMBER_COOKIE,))
    assert is_signed_in(thief)
    browser.post("/logout")
    thief.delete_cookie(SESSION_COOKIE)
    assert not is_signed_in(thief)


def test_logging_out_leaves_the_persons_other_sessions_signed_in(app, person):
    laptop, phone = log_in(app, person), log_in(app, person, remember=True)
    laptop.post("/logout")
    assert not is_signed_in(laptop)
    assert is_signed_in(phone)
    assert len(session_rows(person)) == 1


def test_every_sign_in_gets_its_own_session_stored_only_as_a_hash(app, person):
    browser = log_in(app, person)
    with browser.session_transaction() as cookie_session:
        token = cookie_session["_user_id"]
    [row] = session_rows(person)
    assert row.token_hash == hash_token(token) and token not in row.token_hash
    assert str(person.id) != token and len(token) >= 43  # 256 random bits, not the user id
    assert log_in(app, person) and len(session_rows(person)) == 2


def test_a_deleted_session_row_signs_the_browser_out_at_once(app, person):
    browser = log_in(app, person, remember=True)
    db.session.execute(UserSession.__table__.delete())
    db.session.commit()
    assert not is_signed_in(browser)


# --- sign out everywhere -------------------------------------------------------------------


def test_sign_out_everywhere_ends_every_session_of_the_person_only(app, person, colleague):
    laptop, phone = log_in(app, person), log_in(app, person, remember=True)
    thief = copy_cookies(app, phone)
    other_person = log_in(app, colleague)
    response = laptop.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert not any(is_signed_in(client) for client in (laptop, phone, thief))
    assert session_rows(person) == []
    assert is_signed_in(other_person)


def test_account_page_lists_the_sessions_and_offers_sign_out_everywhere(app, person):
    log_in(app, person)
    browser = log_in(app, person)
    page = browser.get("/account").get_data(as_text=True)
    assert page.count("Signed in ") == 2 and "This browser" in page
    assert 'action="/account/sign-out-everywhere"' in page and "Sign out everywhere" in page


def test_sign_out_everywhere_needs_the_csrf_token(app, person, monkeypatch):
    browser = log_in(app, person)
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert browser.post("/account/sign-out-everywhere").status_code == 400
    assert browser.get("/account/sign-out-everywhere").status_code == 405
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", False)
    assert is_signed_in(browser) and len(session_rows(person)) == 1


def test_sign_out_everywhere_needs_a_login(client):
    response = client.post("/account/sign-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


# --- 30 days at most -----------------------------------------------------------------------


def test_remember_me_cookie_lives_at_most_30_days(app, person):
    assert app.config["REMEMBER_COOKIE_DURATION"] <= THIRTY_DAYS
    browser = log_in(app, person, remember=True)
    expires = browser.get_cookie(REMEMBER_COOKIE).expires
    assert expires is not None
    assert utcnow() + THIRTY_DAYS - timedelta(minutes=1) <= expires.replace(tzinfo=None) <= utcnow() + THIRTY_DAYS


def test_a_session_older_than_30_days_is_refused_whatever_its_cookies_say(app, person):
    browser = log_in(app, person, remember=True)
    thief = copy_cookies(app, browser, names=(REMEMBER_COOKIE,))
    db.session.execute(update(UserSession).values(created_at=utcnow() - THIRTY_DAYS - timedelta(minutes=1)))
    db.session.commit()
    assert not is_signed_in(browser)
    assert not is_signed_in(thief)


def test_a_session_younger_than_30_days_still_works(app, person):
    browser = log_in(app, person, remember=True)
    db.session.execute(update(UserSession).values(created_at=utcnow() - THIRTY_DAYS + timedelta(minutes=5)))
    db.session.commit()
    assert is_signed_in(browser)


def test_signing_in_removes_the_persons_expired_sessions(app, person):
    log_in(app, person)
    db.session.execute(update(UserSession).values(created_at=utcnow() - THIRTY_DAYS - timedelta(days=1)))
    db.session.commit()
    log_in(app, person)
    assert db.session.scalar(select(func.count()).select_from(UserSession)) == 1


# --- what it costs a page ------------------------------------------------------------------


def test_a_signed_in_page_finds_session_and_user_in_one_query(app, person):
    """The session look-up replaces the look-up of the user by id (measured on /team/ and
    /partners/: 5 statements on SQLite before and after), so it costs no extra query."""
    browser = log_in(app, person)
    with counted_statements() as statements:
        assert browser.get("/team/").status_code == 200
    session_reads = [s for s in statements if "user_sessions" in s]
    assert len(session_reads) == 1, "\n".join(session_reads)
    assert session_reads[0].startswith("SELECT users.id") and "JOIN user_sessions" in session_reads[0]
    assert not [s for s in statements if "FROM users WHERE users.id = " in s]


def test_last_seen_is_written_at_most_every_few_minutes(app, person):
    browser = log_in(app, person)
    db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=10)))
    db.session.commit()
    with counted_statements() as first:
        browser.get("/team/")
    with counted_statements() as second:
        browser.get("/team/")
    assert sum(s.startswith("UPDATE user_sessions") for s in first) == 1
    assert not any(s.startswith("UPDATE") for s in second)
    [row] = session_rows(person)
    assert row.last_seen_at > utcnow() - timedelta(minutes=1)
