"""The development mailbox (/admin/mail/): captured mail of the admin's own tenant
only, nothing for anyone else, and nothing at all once SMTP is configured."""

import pytest
from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.sender import deliver_all_due
from app.tenancy import all_tenants


@pytest.fixture
def captured(app, world, monkeypatch):
    """The world's invitation emails, captured because no SMTP server is configured."""
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    deliver_all_due()
    return world


@all_tenants()
def message_to(address):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)).one()


def test_captured_mail_is_marked_captured(captured):
    assert message_to("newstaff@a.test").status == OutboxStatus.CAPTURED


def test_admin_sees_their_tenants_captured_mail(captured, login):
    page = login(captured.a.admin).get("/admin/mail/").get_data(as_text=True)
    assert "newstaff@a.test" in page and "newp1@a.test" in page


def test_admin_does_not_see_another_tenants_mail(captured, login):
    page = login(captured.a.admin).get("/admin/mail/").get_data(as_text=True)
    assert "@b.test" not in page


def test_admin_can_read_their_tenants_message(captured, login):
    message = message_to("newstaff@a.test")
    response = login(captured.a.admin).get(f"/admin/mail/{message.id}")
    assert response.status_code == 200
    assert message.subject in response.get_data(as_text=True)


@pytest.mark.parametrize("view", ["", "/html"])
def test_another_tenants_message_is_not_found(captured, login, view):
    message = message_to("newstaff@b.test")
    assert login(captured.a.admin).get(f"/admin/mail/{message.id}{view}").status_code == 404


def test_html_view_is_sandboxed(captured, login):
    message = message_to("newstaff@a.test")
    response = login(captured.a.admin).get(f"/admin/mail/{message.id}/html")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"].startswith("sandbox;")
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert "Accept the invitation" in response.get_data(as_text=True)


@pytest.mark.parametrize("person", ["partner_admin", "partner_member"])
def test_mailbox_is_not_found_for_partner_users(captured, login, person):
    user = {"partner_admin": captured.a.partner_admins[0], "partner_member": captured.a.partner_members[0]}[person]
    client = login(user)
    message = message_to("newstaff@a.test")
    assert client.get("/admin/mail/").status_code == 404
    assert client.get(f"/admin/mail/{message.id}").status_code == 404


def test_mailbox_is_forbidden_to_managers(captured, login):
    client = login(captured.a.manager)
    message = message_to("newstaff@a.test")
    assert client.get("/admin/mail/").status_code == 403
    assert client.get(f"/admin/mail/{message.id}").status_code == 403


def test_mailbox_is_not_found_when_smtp_is_configured(captured, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", "smtp.example.test")
    assert login(captured.a.admin).get("/admin/mail/").status_code == 404


def test_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get("/admin/mail/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
