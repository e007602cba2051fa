"""Writing emails into the outbox, inside the caller's transaction."""


from flask import current_app, render_template

from app.extensions import db
from app.mail.message import build_message
from app.mail.models import OutboxMessage


def enqueue_email(kind, to_address, subject, template, tenant_id=None, **context):
    """Render `mail/<template>.txt` and `.html` and add the message to the outbox.

    Nothing is sent here and nothing is committed: the message becomes durable with
    the caller's commit, so an email exists exactly when the change that caused it
    does. Raises ValueError for an address or subject that would inject headers."""
    context.setdefault("link", absolute_url)
    text_body = render_template(f"mail/{template}.txt", **context)
    html_body = render_template(f"mail/{template}.html", **context)
    message = OutboxMessage(
        tenant_id=tenant_id,
        kind=kind,
        to_address=to_address,
        subject=subject,
        text_body=text_body,
        html_body=html_body,
    )
    build_message(message, current_app.config["MAIL_FROM"])  # validate headers now, not at send time
    db.session.add(message)
    return message


def absolute_url(endpoint, **values):
    """A link for an email: BASE_URL plus the route's path. Works outside requests."""
    adapter = current_app.url_map.bind("localhost")
    return current_app.config["BASE_URL"] + adapter.build(endpoint, values)
