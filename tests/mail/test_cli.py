"""`flask outbox run --once` and `flask outbox status`."""

from sqlalchemy import select

from app.extensions import db
from app.mail.models import OutboxMessage, OutboxStatus
from app.tenancy import all_tenants


@all_tenants()
def queue(count, status=OutboxStatus.PENDING):
    db.session.add_all(
        OutboxMessage(
            kind="test",
            to_address=f"person{n}@example.test",
            subject=f"Message {n}",
            text_body="Plain",
            html_body="<p>HTML</p>",
            status=status,
        )
        for n in range(count)
    )
    db.session.commit()


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["outbox", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_run_once_delivers_due_mail_over_smtp(app, smtp):
    queue(3)

    output = run(app, "run", "--once")

    assert "Delivered 3 message(s)." in output
    assert sorted(m["To"] for m in smtp.wait_for(3)) == [f"person{n}@example.test" for n in range(3)]
    db.session.expire_all()
    with all_tenants():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {OutboxStatus.SENT}


def test_run_once_without_smtp_captures_and_says_so(app, monkeypatch):
    monkeypatch.setitem(app.config, "SMTP_HOST", None)
    queue(2)

    output = run(app, "run", "--once")

    assert "SMTP_HOST is not set" in output
    assert "Delivered 2 message(s)." in output
    with all_tenants():
        assert set(db.session.scalars(select(OutboxMessage.status))) == {OutboxStatus.CAPTURED}


def test_status_counts_messages_by_status(app):
    queue(2)
    queue(1, status=OutboxStatus.FAILED)

    lines = run(app, "status").splitlines()

    assert lines == ["failed     1", "pending    2"]


def test_status_of_an_empty_outbox(app):
    assert run(app, "status").strip() == "The outbox is empty."
