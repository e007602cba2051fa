"""The SMTP sender against a real (aiosmtpd) server: delivery, retries with backoff,
giving up, capture without SMTP, the in-process thread and concurrent senders."""

import threading
from collections import Counter
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from app.core.models import utcnow
from app.extensions import db
from app.mail import enqueue_email
from app.mail.models import OutboxMessage, OutboxStatus
from app.mail.sender import deliver_all_due, deliver_due_messages, retry_delay, start_in_process_sender
from app.mail.smtp import SmtpConnection
from app.tenancy import all_tenants
from tests.smtp import html_part, text_part


def queue_reset_email(to_address="ann@example.test", subject="Reset your Partnerloop password"):
    enqueue_email(
        "password_reset",
        to_address,
        subject,
        "password_reset",
        user=SimpleNamespace(name="Ann"),
        token="raw-token",
        ttl_hours=2,
    )
    db.session.commit()
    with all_tenants():  # account mail belongs to no tenant
        return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first()


@all_tenants()
def queue_many(count):
    messages = [
        OutboxMessage(
            kind="test",
            to_address=f"person{n}@example.test",
            subject=f"Message {n}",
            text_body=f"Plain {n}",
            html_body=f"<p>HTML {n}</p>",
        )
        for n in range(count)
    ]
    db.session.add_all(messages)
    db.session.commit()
    return messages


@all_tenants()
def reloaded(message):
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


def test_message_is_delivered_with_both_parts_and_headers(app, smtp):
    message = queue_reset_email()

    assert deliver_due_messages() == 1

    [received] = smtp.wait_for(1)
    assert received["To"] == "ann@example.test"
    assert received["From"] == app.config["MAIL_FROM"]
    assert received["Subject"] == "Reset your Partnerloop password"
    assert received["Date"] is not None
    assert received["Message-ID"].startswith(f"<outbox.{message.id}.")
    assert received.get_content_type() == "multipart/alternative"
    assert "http://localhost/reset/raw-token" in text_part(received)
    assert 'href="http://localhost/reset/raw-token"' in html_part(received)


def test_non_ascii_mail_arrives_intact_and_seven_bit_clean(smtp):
    enqueue_email(
        "password_reset",
        "Jörg Müller <jorg@example.test>",
        "Passwort zurücksetzen",
        "password_reset",
        user=SimpleNamespace(name="Jörg Müller"),
        token="raw-token",
        ttl_hours=2,
    )
    db.session.commit()
    deliver_due_messages()

    [received] = smtp.wait_for(1)
    assert received["Subject"] == "Passwort zurücksetzen"
    assert received["To"].addresses[0].display_name == "Jörg Müller"
    assert "Hello Jörg Müller" in text_part(received)
    assert all(
        part["Content-Transfer-Encoding"] in ("7bit", "quoted-printable", "base64")
        for part in received.iter_parts()
    )


def test_delivered_message_is_marked_sent(smtp):
    message = queue_reset_email()
    deliver_due_messages()

    message = reloaded(message)
    assert (message.status, message.attempts, message.last_error) == (OutboxStatus.SENT, 1, None)
    assert message.sent_at is not None


@pytest.fixture
def connection_of_each_message(smtp, monkeypatch):
    """The client address (one per SMTP connection) each message arrived over."""
    peers = []
    handler = smtp.controller.handler
    original = handler.handle_DATA

    async def recording_handle_data(server, session, envelope):
        peers.append(session.peer)
        return await original(server, session, envelope)

    monkeypatch.setattr(handler, "handle_DATA", recording_handle_data)
    return peers


def test_a_batch_travels_over_one_connection_per_configured_session(
    app, connection_of_each_message, monkeypatch
):
    monkeypatch.setitem(app.config, "OUTBOX_SMTP_CONNECTIONS", 1)
    queue_many(5)

    assert deliver_due_messages() == 5
    assert len(connection_of_each_message) == 5 and len(set(connection_of_each_message)) == 1


def test_batches_of_one_round_share_the_pools_connections(app, connection_of_each_message, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_SMTP_CONNECTIONS", 2)
    monkeypatch.setitem(app.config, "OUTBOX_BATCH_SIZE", 5)
    queue_many(20)

    assert deliver_all_due() == 20
    assert len(connection_of_each_message) == 20 and len(set(connection_of_each_message)) <= 2


def test_message_stays_pending_with_the_error_while_the_server_is_down(smtp):
    message = queue_reset_email()
    now = utcnow()
    smtp.stop()
    try:
        assert deliver_due_messages(now=now) == 0
    finally:
        smtp.start()

    message = reloaded(message)
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert "Connection refused" in message.last_error
    assert message.next_attempt_at == now + retry_delay(1)


def test_message_is_delivered_exactly_once_after_the_server_returns(smtp):
    message = queue_reset_email()
    now = utcnow()
    smtp.stop()
    try:
        deliver_due_messages(now=now)
    finally:
        smtp.start()

    assert deliver_due_messages(now=now) == 0  # still backing off
    assert deliver_due_messages(now=now + retry_delay(1)) == 1
    assert deliver_due_messages(now=now + timedelta(hours=2)) == 0
    assert len(smtp.messages) == 1
    assert reloaded(message).attempts == 2


def test_a_refused_recipient_fails_only_its_own_message(smtp, monkeypatch):
    async def refuse_person1(server, session, envelope, address, rcpt_options):
        if address.startswith("person1@"):
            return "550 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    monkeypatch.setattr(smtp.controller.handler, "handle_RCPT", refuse_person1, raising=False)
    messages = queue_many(3)

    assert deliver_due_messages() == 2
    refused = reloaded(messages[1])
    assert (refused.status, refused.attempts) == (OutboxStatus.PENDING, 1)
    assert "SMTPRecipientsRefused" in refused.last_error and "550" in refused.last_error
    assert sorted(m["To"] for m in smtp.messages) == ["person0@example.test", "person2@example.test"]


def test_an_unexpected_error_stays_with_its_message_and_the_rest_is_sent_once(smtp, monkeypatch):
    real_send = SmtpConnection.send

    def send_or_break(connection, email_message):
        if email_message["To"] == "person1@example.test":
            raise RuntimeError("unexpected")
        real_send(connection, email_message)

    monkeypatch.setattr(SmtpConnection, "send", send_or_break)
    messages = queue_many(3)

    assert deliver_due_messages() == 2
    assert deliver_due_messages() == 0
    assert len(smtp.messages) == 2
    broken = reloaded(messages[1])
    assert (broken.status, broken.last_error) == (OutboxStatus.PENDING, "RuntimeError: unexpected")


def test_retry_delay_doubles_up_to_an_hour():
    delays = [retry_delay(attempt) for attempt in (1, 2, 3, 4, 20)]
    assert delays == [
        timedelta(seconds=30),
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(hours=1),
    ]


def test_sender_gives_up_after_the_maximum_number_of_attempts(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_MAX_ATTEMPTS", 3)
    message = queue_reset_email()
    now = utcnow()
    smtp.stop()
    try:
        for _ in range(4):
            now += timedelta(hours=1)
            deliver_due_messages(now=now)
    finally:
        smtp.start()

    assert deliver_due_messages(now=now + timedelta(days=1)) == 0
    message = reloaded(message)
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 3)
    assert smtp.messages == []


def test_a_down_server_costs_the_whole_batch_one_attempt_each(smtp):
    messages = queue_many(3)
    smtp.stop()
    try:
        deliver_due_messages()
    finally:
        smtp.start()
    assert [reloaded(m).attempts for m in messages] == [1, 1, 1]


def test_row_with_an_injected_header_is_sent_with_a_one_line_subject(smtp):
    # Written past enqueue_email (which flattens subjects), e.g. before it did.
    message = OutboxMessage(
        kind="test",
        to_address="ann@example.test",
        subject="Hi\r\nBcc: victim@example.test",
        text_body="x",
        html_body="<p>x</p>",
    )
    with all_tenants():
        db.session.add(message)
        db.session.commit()

    assert deliver_due_messages() == 1
    [sent] = smtp.messages
    assert sent["Subject"] == "Hi Bcc: victim@example.test" and sent["Bcc"] is None
    assert reloaded(message).status == OutboxStatus.SENT


def test_row_with_a_line_break_in_its_address_fails_without_reaching_the_server(smtp):
    # Written past enqueue_email (which refuses it), e.g. by a hand-made migration.
    message = OutboxMessage(
        kind="test",
        to_address="ann@example.test\r\nBcc: victim@example.test",
        subject="Hi",
        text_body="x",
        html_body="<p>x</p>",
    )
    with all_tenants():
        db.session.add(message)
        db.session.commit()
    queue_reset_email(to_address="bob@example.test")

    assert deliver_due_messages() == 1
    assert [m["To"] for m in smtp.messages] == ["bob@example.test"]
    message = reloaded(message)
    assert message.status == OutboxStatus.FAILED
    assert "line breaks" in message.last_error


def test_without_smtp_messages_are_captured_not_sent(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    message = queue_reset_email()

    assert deliver_due_messages() == 1
    assert reloaded(message).status == OutboxStatus.CAPTURED
    assert smtp.messages == []


def test_deliver_all_due_empties_the_outbox_in_batches(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOX_BATCH_SIZE", 4)
    queue_many(10)

    assert deliver_all_due() == 10
    assert len(smtp.messages) == 10


def test_in_process_sender_thread_delivers_queued_mail(app, smtp):
    queue_reset_email()
    stop = threading.Event()
    thread = start_in_process_sender(app, interval=0.05, stop_event=stop)
    try:
        [received] = smtp.wait_for(1, timeout=5)
    finally:
        stop.set()
        thread.join(timeout=5)
    assert received["To"] == "ann@example.test"
    assert not thread.is_alive()


def test_reloader_watcher_process_starts_no_sender(app, monkeypatch):
    # `flask run --debug` builds the app twice; only the serving child may send.
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.delenv("WERKZEUG_RUN_MAIN", raising=False)
    assert start_in_process_sender(app) is None


def _sender(app, barrier, errors):
    try:
        with app.app_context():
            barrier.wait()
            while deliver_due_messages(limit=5):
                pass
            db.session.remove()
    except Exception as error:  # surfaced by the test below
        errors.append(error)


@pytest.mark.postgres(reason="SQLite has no row locks (FOR UPDATE SKIP LOCKED), so it supports one sender at a time")
def test_concurrent_senders_deliver_each_message_exactly_once(app, smtp):
    queue_many(200)
    barrier, errors = threading.Barrier(4), []
    threads = [threading.Thread(target=_sender, args=(app, barrier, errors)) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    counts = Counter(message["Message-ID"] for message in smtp.wait_for(200))
    assert len(counts) == 200 and set(counts.values()) == {1}
    with all_tenants():
        statuses = db.session.scalars(select(OutboxMessage.status)).all()
    assert statuses == [OutboxStatus.SENT] * 200
