"""Changing one's password: it ends every other session, this one stays."""

import pytest

from app.tenants.models import Role
from tests.factories import PASSWORD, add_member, make_tenant, make_user, membership_of

NEW_PASSWORD = "a brand new secret 7"


@pytest.fixture
def user(app):
    person = make_user("ada@example.com", "Ada Lovelace")
    make_tenant("Vendor", "vendor", person)
    return person


def change(client, current=PASSWORD, password=NEW_PASSWORD, confirm=None):
    data = {"current_password": current, "password": password, "confirm": confirm or password}
    return client.post("/account/password", data=data)


def can_log_in(app, email, password):
    return app.test_client().post("/login", data={"email": email, "password": password}).status_code == 302


def is_logged_in(client):
    return client.get("/team/").status_code == 200


def test_change_password_page_shows_the_form(user, login):
    page = login(user).get("/account/password").get_data(as_text=True)
    for field in ("current_password", "password", "confirm"):
        assert f'name="{field}"' in page


def test_change_password_sets_the_new_password(app, user, login):
    response = change(login(user))
    assert response.status_code == 302
    assert can_log_in(app, user.email, NEW_PASSWORD)
    assert not can_log_in(app, user.email, PASSWORD)


def test_change_password_keeps_this_session(user, login):
    client = login(user)
    change(client)
    assert is_logged_in(client)


def test_change_password_ends_other_sessions(user, login):
    client, other_device = login(user), login(user)
    change(client)
    response = other_device.get("/team/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_change_password_ends_remembered_logins_elsewhere(app, user, login):
    other_device = app.test_client()
    other_device.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    other_device.delete_cookie("session")
    change(login(user))
    assert not is_logged_in(other_device)


def test_change_password_keeps_this_devices_remember_cookie_working(app, user):
    client = app.test_client()
    client.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    change(client)
    client.delete_cookie("session")
    assert is_logged_in(client)


def test_change_password_keeps_the_chosen_organisation(user, login):
    other = make_tenant("Other vendor", "other-vendor")
    membership = add_member(other, user, Role.MANAGER)
    client = login(user, membership=membership)
    change(client)
    assert "Other vendor" in client.get("/").get_data(as_text=True)


def test_change_password_retires_outstanding_reset_links(app, client, smtp, user, login):
    from app.mail.sender import deliver_all_due
    from tests.smtp import text_part

    client.post("/reset", data={"email": user.email})
    deliver_all_due()
    link = text_part(smtp.wait_for(1)[0]).split("http://localhost", 1)[1].split()[0]
    change(login(user))
    assert client.get(link).status_code == 404


def test_wrong_current_password_is_a_field_error(app, user, login):
    response = change(login(user), current="not my password")
    assert response.status_code == 422
    assert "That is not your current password." in response.get_data(as_text=True)
    assert can_log_in(app, user.email, PASSWORD)


def test_mismatched_confirmation_is_a_field_error(app, user, login):
    response = change(login(user), confirm="something else 12")
    assert response.status_code == 422
    assert "The passwords differ." in response.get_data(as_text=True)
    assert can_log_in(app, user.email, PASSWORD)


def test_weak_new_password_is_a_field_error(app, user, login):
    response = change(login(user), password="aaaaaaaaaaaa")
    assert response.status_code == 422
    assert "Use a less repetitive password." in response.get_data(as_text=True)
    assert can_log_in(app, user.email, PASSWORD)


def test_change_password_needs_a_login(client):
    response = change(client)
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_change_password_is_open_to_partner_users(world, login):
    partner_admin = world.a.partner_admins[0]
    client = login(partner_admin, membership=membership_of(partner_admin, world.a.tenant))
    assert change(client).status_code == 302
