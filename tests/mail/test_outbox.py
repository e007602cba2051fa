"""enqueue_email: the outbox row lives and dies with the caller's transaction, and
nothing that could inject headers gets in."""

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.mail import enqueue_email
from app.mail.models import OutboxMessage, OutboxStatus
from app.tenancy import all_tenants, scoped_to
from app.tenants.models import Tenant
from tests.factories import make_tenant


def queue_reset_email(to_address="ann@example.test", subject="Reset your Partnerloop password", **kwargs):
    return enqueue_email(
        "password_reset",
        to_address,
        subject,
        "password_reset",
        user=SimpleNamespace(name="Ann"),
        token="raw-token",
        ttl_hours=2,
        **kwargs,
    )


def outbox_count():
    with all_tenants():  # account mail belongs to no tenant
        return db.session.scalar(select(func.count()).select_from(OutboxMessage))


def stored_messages():
    with all_tenants():
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_committed_email_is_pending_in_the_outbox_with_both_bodies():
    queue_reset_email()
    db.session.commit()

    [message] = stored_messages()
    assert message.status == OutboxStatus.PENDING
    assert message.to_address == "ann@example.test"
    assert "http://localhost/reset/raw-token" in message.text_body
    assert 'href="http://localhost/reset/raw-token"' in message.html_body


def test_rolled_back_change_leaves_no_email(app):
    tenant = Tenant(name="Rolled back", slug="rolled-back")
    db.session.add(tenant)
    queue_reset_email()
    db.session.flush()
    db.session.rollback()

    assert outbox_count() == 0
    assert db.session.scalar(select(func.count()).select_from(Tenant)) == 0


def test_email_takes_the_active_tenant_by_default():
    tenant = make_tenant()
    with scoped_to(tenant.id):
        message = queue_reset_email()
    assert message.tenant_id == tenant.id


def test_email_outside_a_tenant_belongs_to_no_tenant():
    assert queue_reset_email() is None  # written at once, as a cross-tenant statement
    assert [message.tenant_id for message in stored_messages()] == [None]


@pytest.mark.parametrize(
    "subject",
    [
        "Hello\r\nBcc: victim@example.test",
        "Hello\nBcc: victim@example.test",
        "Hello\rBcc: victim@example.test",
        "Hello\r\n",  # EmailMessage itself accepts a trailing CRLF (it ends the headers)
        "Hello\u2028Bcc: victim@example.test",
    ],
)
def test_subject_with_a_line_break_is_put_on_one_line(subject):
    # Subjects quote names and titles: flattened, so the email still goes and injects nothing.
    queue_reset_email(subject=subject)
    db.session.commit()
    [message] = stored_messages()
    assert message.subject in ("Hello Bcc: victim@example.test", "Hello")


@pytest.mark.parametrize(
    "address",
    [
        "ann@example.test\r\nBcc: victim@example.test",
        "ann@example.test\nBcc: victim@example.test",
        "ann@example.test\r\n",
    ],
)
def test_address_with_a_line_break_is_refused(address):
    with pytest.raises(ValueError, match="To must not contain line breaks"):
        queue_reset_email(to_address=address)
    db.session.commit()
    assert outbox_count() == 0


@pytest.mark.parametrize(
    "address", ["ann@example.test, victim@example.test", "ann@example.test;victim@example.test", "nobody", ""]
)
def test_address_that_is_not_exactly_one_mailbox_is_refused(address):
    with pytest.raises(ValueError, match="To must be one email address"):
        queue_reset_email(to_address=address)


@pytest.mark.parametrize(
    "address", ["ann@example.test", "Ann Example <ann@example.test>", "jörg@example.test"]
)
def test_ordinary_addresses_are_accepted(address):
    queue_reset_email(to_address=address)
    assert [message.to_address for message in stored_messages()] == [address]
