"""Sign-up does not say which emails have an account: a new address and a taken one get the
same answer, and the holder of the taken one gets an email instead."""

import pytest
from sqlalchemy import func, select

from app.auth.models import EmailVerification, User
from app.auth.services import accounts
from app.extensions import db
from app.mail.models import OutboxMessage
from app.mail.sender import deliver_all_due
from app.tenancy import unscoped
from app.tenants.models import Tenant
from tests.auth.test_signup import signup_data
from tests.factories import PASSWORD, make_tenant, make_user
from tests.smtp import text_part

TAKEN, NEW = "peter@example.com", "hank@example.com"


@pytest.fixture
def holder(app):
    user = make_user(TAKEN, "Peter Gibbons")
    make_tenant("Initech", "initech", user)
    return user


def answer(app, email, follow_redirects=False):
    """What a fresh browser sees after signing up with `email`: (status, headers, page)."""
    client = app.test_client()
    client.get("/signup")
    response = client.post("/signup", data=signup_data(email=email), follow_redirects=follow_redirects)
    headers = sorted((name, value) for name, value in response.headers.items() if name != "Date")
    return response.status_code, headers, response.get_data(as_text=True)


def outbox():
    db.session.expire_all()
    return db.session.scalars(unscoped(select(OutboxMessage).order_by(OutboxMessage.id))).all()


def test_signup_with_a_taken_email_answers_exactly_like_a_new_signup(app, holder):
    taken, new = answer(app, TAKEN), answer(app, NEW)
    assert taken == new
    assert taken[0] == 302 and ("Location", "/signup/check-your-email") in taken[1]
    assert not any(name == "Set-Cookie" for name, _ in taken[1])


def test_the_page_after_sign_up_is_the_same_for_a_taken_and_a_new_email(app, holder):
    taken, new = answer(app, TAKEN, follow_redirects=True), answer(app, NEW, follow_redirects=True)
    assert taken == new
    assert taken[0] == 200 and "Check your email" in taken[2]


def test_the_account_holder_gets_an_email_instead(app, holder, smtp):
    answer(app, TAKEN)
    deliver_all_due()
    [message] = smtp.wait_for(1)
    body = text_part(message)
    assert (message["To"], message["Subject"]) == (TAKEN, "Someone tried to sign up with your email address")
    assert "http://localhost/login" in body and "http://localhost/reset" in body
    assert "/verify/" not in body


def test_a_taken_email_changes_nothing_but_the_email_it_sends(app, holder):
    password_hash = holder.password_hash
    answer(app, TAKEN)
    assert [(m.kind, m.to_address, m.tenant_id) for m in outbox()] == [("signup_attempt", TAKEN, None)]
    assert db.session.scalar(select(func.count()).select_from(User)) == 1
    assert accounts.find_user_by_email(TAKEN).password_hash == password_hash
    assert db.session.scalars(select(Tenant.slug)).all() == ["initech"]
    assert db.session.scalars(select(EmailVerification)).all() == []


def test_both_paths_hash_one_password_and_queue_one_email(app, holder, monkeypatch):
    """So the two answers take about the same time: the password hash is most of it."""
    hashed = []
    real_hash = accounts.generate_password_hash
    monkeypatch.setattr(accounts, "generate_password_hash",
                        lambda password, method: hashed.append(method) or real_hash(password, method=method))
    answer(app, TAKEN)
    answer(app, NEW)
    assert len(hashed) == 2 and hashed[0] == hashed[1]
    assert [m.to_address for m in outbox()] == [TAKEN, NEW]


def test_a_taken_email_leaves_the_portal_address_as_free_as_a_new_one_does(app, holder):
    answer(app, TAKEN)
    answer(app, NEW)
    # Neither sign-up holds "globex" before its link is used: a third one may ask for it.
    client = app.test_client()
    assert client.post("/signup", data=signup_data(email="third@example.com")).status_code == 302


def test_an_unconfirmed_account_signing_up_again_gets_the_same_answer(app):
    first = answer(app, NEW)
    again = answer(app, NEW)
    assert first == again
    assert [m.kind for m in outbox()] == ["email_verification", "signup_attempt"]


def test_the_existing_password_does_not_change_the_answer(app, holder):
    client = app.test_client()
    client.get("/signup")
    response = client.post("/signup", data=signup_data(email=TAKEN, password=PASSWORD))
    assert response.headers["Location"] == "/signup/check-your-email"
    assert db.session.scalars(select(Tenant.slug)).all() == ["initech"]
