"""Sign-up proves the address: the account is created unverified, cannot act, and an
emailed single-use, expiring link (stored hashed) verifies it and signs in. An accepted
invitation or a password reset proves the address too."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, text, update

from app.auth.models import EmailVerification, User, UserSession
from app.auth.services import accounts, signup
from app.core.errors import TokenError
from app.core.models import utcnow
from app.core.tokens import hash_token
from app.extensions import db
from app.mail.sender import deliver_all_due
from app.tenancy import scoped_to
from app.tenants.models import Role, Tenant
from app.tenants.services.invitations import invite_staff
from tests.auth.test_signup import signup_data
from tests.factories import membership_of
from tests.invitation_helpers import emailed_invitation_path
from tests.migrations.test_migrations import app_at_revision, fresh_database_url  # noqa: F401  (a fixture)
from tests.smtp import html_part, text_part

EMAIL, PASSWORD = "hank@example.com", "volcano lair 42"
CONFIRM_LINK = re.compile(r"http://localhost(/verify/[A-Za-z0-9_-]+)")
RESET_LINK = re.compile(r"http://localhost(/reset/[A-Za-z0-9_-]+)")


def emailed_path(smtp, pattern=CONFIRM_LINK, address=EMAIL):
    """Deliver the outbox over the real SMTP server; the path of the newest link to `address`."""
    deliver_all_due()
    messages = smtp.to(address)
    assert messages, f"no email reached {address}"
    return pattern.search(text_part(messages[-1])).group(1)


def the_user(email=EMAIL):
    db.session.expire_all()
    return accounts.find_user_by_email(email)


def log_in(client, email=EMAIL, password=PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def is_signed_in(client):
    return client.get("/account").status_code == 200


@pytest.fixture
def signed_up(client, smtp):
    """A sign-up whose email reached the SMTP server; returns the link's path."""
    assert client.post("/signup", data=signup_data()).status_code == 302
    return emailed_path(smtp)


def test_signup_through_the_emailed_link_end_to_end(client, smtp):
    response = client.post("/signup", data=signup_data(), follow_redirects=True)
    assert response.status_code == 200 and "Check your email" in response.get_data(as_text=True)
    deliver_all_due()
    [message] = smtp.wait_for(1)
    assert (message["To"], message["Subject"]) == (EMAIL, "Confirm your email address for Partnerloop")
    path = CONFIRM_LINK.search(text_part(message)).group(1)
    assert f"http://localhost{path}" in html_part(message) and "Globex" in text_part(message)
    assert "Confirm hank@example.com" in client.get(path).get_data(as_text=True)
    response = client.post(path, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Globex&#39;s portal is ready" in page
    assert the_user().is_verified and is_signed_in(client)


def test_a_new_account_is_unverified_and_cannot_act(client, signed_up):
    assert not the_user().is_verified
    assert not is_signed_in(client)  # sign-up signs nobody in
    response = log_in(client)
    assert response.status_code == 302 and response.headers["Location"] == "/verify"
    page = client.get("/verify").get_data(as_text=True)
    assert "Confirm your email address" in page and "Send a new link" in page
    assert not is_signed_in(client)
    assert client.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    assert the_user() is not None
    assert db.session.scalars(select(UserSession)).all() == []
    assert db.session.scalars(select(Tenant)).all() == []


def test_unverified_account_has_a_new_link_sent_and_the_old_one_dies(client, smtp, signed_up):
    log_in(client)
    response = client.post("/verify/resend", follow_redirects=True)
    assert "A new link is on its way" in response.get_data(as_text=True)
    new_path = emailed_path(smtp)
    assert new_path != signed_up
    assert client.get(signed_up).status_code == 404
    assert client.post(new_path).status_code == 302
    assert the_user().is_verified and is_signed_in(client)
    assert "Globex" in client.get("/").get_data(as_text=True)  # the organisation asked for, from the first link


def test_resending_needs_the_password_given_in_this_browser(app, signed_up):
    stranger = app.test_client()
    assert stranger.post("/verify/resend").headers["Location"] == "/login"
    assert stranger.get("/verify").headers["Location"] == "/login"
    assert db.session.scalars(select(EmailVerification)).all()[-1].used_at is None


def test_a_wrong_password_for_an_unverified_account_is_a_plain_refusal(client, signed_up):
    response = log_in(client, password="not the password 1")
    assert response.status_code == 422 and "Wrong email or password." in response.get_data(as_text=True)


def test_opening_the_link_does_not_use_it_up(client, signed_up):
    for _ in range(2):
        assert client.get(signed_up).status_code == 200
    assert not the_user().is_verified
    assert client.post(signed_up).status_code == 302


def test_the_link_works_once(app, client, signed_up):
    assert client.post(signed_up).status_code == 302
    again = app.test_client().post(signed_up)
    assert again.status_code == 404 and "already been used" in again.get_data(as_text=True)


def test_the_link_expires(client, signed_up):
    db.session.execute(update(EmailVerification).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    response = client.post(signed_up)
    assert response.status_code == 404 and "expired" in response.get_data(as_text=True)
    assert not the_user().is_verified and not is_signed_in(client)


def test_the_link_expires_after_the_configured_hours(app, signed_up):
    [verification] = db.session.scalars(select(EmailVerification)).all()
    ttl = timedelta(hours=app.config["EMAIL_VERIFICATION_TTL_HOURS"])
    assert abs(verification.expires_at - (verification.created_at + ttl)) < timedelta(minutes=1)


def test_the_link_is_stored_only_as_a_hash(signed_up):
    raw = signed_up.rsplit("/", 1)[1]
    [verification] = db.session.scalars(select(EmailVerification)).all()
    assert verification.token_hash == hash_token(raw) and raw not in verification.token_hash
    assert len(raw) >= 43  # 256 bits


def test_an_unknown_link_is_a_404(client, signed_up):
    assert client.get("/verify/not-a-real-token").status_code == 404
    assert client.post("/verify/not-a-real-token").status_code == 404
    assert not the_user().is_verified


def test_a_link_used_by_a_concurrent_request_is_refused(signed_up, monkeypatch):
    raw = signed_up.rsplit("/", 1)[1]
    looked_up = signup.find_verification(raw)
    # The other request claims the link after our look-up found it unused.
    db.session.execute(EmailVerification.__table__.update().values(used_at=utcnow()))
    monkeypatch.setattr(signup, "find_verification", lambda raw: looked_up)
    with pytest.raises(TokenError):
        signup.verify_email(raw)


def test_link_guessing_is_rate_limited(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "TOKEN_RATE_LIMIT", "3 per minute")
    statuses = [client.get(f"/verify/guess-{number}").status_code for number in range(4)]
    assert statuses == [404, 404, 404, 429]


def test_the_link_signs_out_whoever_this_browser_was_signed_in_as(app, client, smtp, signed_up, login):
    from tests.factories import make_tenant, make_user

    other = make_user("other@example.com")
    make_tenant("Other", "other", other)
    browser = login(other)
    assert browser.post(signed_up).status_code == 302
    db.session.expire_all()
    assert [row.user_id for row in db.session.scalars(select(UserSession))] == [the_user().id]


# --- other ways an address is proven ------------------------------------------------------------


def test_accepting_an_invitation_to_the_address_verifies_the_account(world, client, smtp, signed_up):
    # Signed up, never confirmed; then invited: the invitation link proves the address.
    with scoped_to(world.a.tenant.id):
        invite_staff(world.a.tenant, membership_of(world.a.admin, world.a.tenant), EMAIL, Role.MANAGER)
        db.session.commit()
    path = emailed_invitation_path(smtp, EMAIL)
    response = client.post(path, data={"password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert the_user().is_verified and is_signed_in(client)
    assert "Vendor A" in client.get("/").get_data(as_text=True)


def test_a_password_reset_verifies_the_account(client, smtp, signed_up):
    client.post("/reset", data={"email": EMAIL})
    path = emailed_path(smtp, RESET_LINK)
    new_password = "a brand new secret 7"
    assert client.post(path, data={"password": new_password, "confirm": new_password}).status_code == 302
    assert the_user().is_verified and is_signed_in(client)


def test_invited_new_accounts_and_operator_made_accounts_are_verified(world, app, smtp):
    path = emailed_invitation_path(smtp, "newstaff@a.test")
    app.test_client().post(path, data={"name": "Nina New", "password": PASSWORD, "confirm": PASSWORD})
    result = app.test_cli_runner().invoke(args=["tenant", "create", "--name", "Cli Co", "--admin-email",
                                                "cli@example.com", "--password", PASSWORD])
    assert result.exit_code == 0, result.output
    assert the_user("newstaff@a.test").is_verified and the_user("cli@example.com").is_verified


def test_existing_accounts_count_as_verified_after_the_migration(fresh_database_url):  # noqa: F811
    created = utcnow().replace(microsecond=0) - timedelta(days=100)
    with app_at_revision(fresh_database_url, "32e442bf3112"):
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO users (email, name, password_hash, created_at) "
                                    "VALUES ('old@example.com', 'Old', 'x', :created)"), {"created": created})
        from flask_migrate import upgrade

        upgrade()
        assert db.session.scalars(select(User.email_verified_at)).all() == [created]
