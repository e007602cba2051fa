"""Email: a durable outbox written in the caller's transaction, and an SMTP sender."""

from app.mail.outbox import enqueue_email  # noqa: F401
