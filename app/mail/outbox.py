"""Writing emails into the outbox, inside the caller's transaction."""

from flask import current_app, render_template
from sqlalchemy import insert

from app.extensions import db
from app.mail.message import check_headers, subject_line
from app.mail.models import OutboxMessage
from app.tenancy.scope import active_scope, unscoped


def enqueue_email(kind, to_address, subject, template, tenant_id=None, **context):
    """Render `mail/<template>.txt` and `.html` and add the message to the outbox.

    Nothing is sent here and nothing is committed: the message becomes durable with
    the caller's commit, so an email exists exactly when the change that caused it
    does. `tenant_id` defaults to the active tenant scope (the mailbox page shows a
    tenant's messages). Returns the message, or None for account mail (no tenant at
    all, written at once). Raises ValueError, before rendering anything, for an address
    that could inject headers or names several recipients; a subject with line breaks
    (it quotes names and titles) is put on one line instead."""
    check_headers(to_address, kind)
    context.setdefault("link", absolute_url)
    values = dict(
        tenant_id=tenant_id if tenant_id is not None else _active_tenant_id(),
        kind=kind,
        to_address=to_address,
        subject=subject_line(subject),
        text_body=render_template(f"mail/{template}.txt", **context),
        html_body=render_template(f"mail/{template}.html", **context),
    )
    if values["tenant_id"] is None:
        return _insert_account_mail(values)
    message = OutboxMessage(**values)
    db.session.add(message)
    return message


def _insert_account_mail(values):
    """Account mail (password reset, sign-up) belongs to no tenant. Row-level security
    shows and admits such rows to cross-tenant statements only (the sender), so its
    INSERT is one, declared with unscoped(); returns None (no object in the session)."""
    db.session.execute(unscoped(insert(OutboxMessage)), values)  # the columns' defaults apply


def _active_tenant_id():
    scope = active_scope()
    return scope.tenant_id if scope is not None else None


def absolute_url(endpoint, **values):
    """A link for an email: BASE_URL plus the route's path. Works outside requests."""
    adapter = current_app.url_map.bind("localhost")
    return current_app.config["BASE_URL"] + adapter.build(endpoint, values)
