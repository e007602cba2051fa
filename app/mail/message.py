"""Turning an outbox row into a standard-library EmailMessage."""

from email.message import EmailMessage
from email.utils import make_msgid


def build_message(outbox_message, mail_from):
    """A multipart/alternative message (plain text + HTML).

    EmailMessage's default policy refuses CR/LF in header values, so header injection
    through a name or subject raises ValueError instead of reaching the SMTP server."""
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = outbox_message.to_address
    message["Subject"] = outbox_message.subject
    domain = mail_from.rsplit("@", 1)[-1].strip(">") or "partnerloop.local"
    message["Message-ID"] = make_msgid(
        idstring=f"outbox-{outbox_message.id or 'new'}", domain=domain
    )
    message["X-Partnerloop-Kind"] = outbox_message.kind
    message.set_content(outbox_message.text_body)
    message.add_alternative(outbox_message.html_body, subtype="html")
    return message
