"""The development mailbox: captured mail when no SMTP server is configured (admins)."""

from flask import Blueprint, abort, current_app, make_response, render_template
from sqlalchemy import select

from app.core.permissions import Access, default_access
from app.extensions import db
from app.mail.models import OutboxMessage
from app.tenancy.request import current_membership

bp = Blueprint("mailbox", __name__, url_prefix="/admin/mail", template_folder="templates")
default_access(bp, Access.ADMIN)


@bp.before_request
def only_without_smtp():
    """With an SMTP server configured, mail leaves the app and there is no mailbox page."""
    if current_app.config.get("SMTP_HOST"):
        abort(404)


def _tenant_messages():
    # The outbox is not TenantScoped (see its model), so filter on the tenant here.
    return select(OutboxMessage).where(OutboxMessage.tenant_id == current_membership.tenant_id)


@bp.route("/")
def index():
    messages = db.session.scalars(_tenant_messages().order_by(OutboxMessage.id.desc()).limit(200)).all()
    return render_template("mailbox/index.html", messages=messages)


def _message_or_404(message_id):
    message = db.session.scalars(_tenant_messages().where(OutboxMessage.id == message_id)).first()
    if message is None:
        abort(404)
    return message


@bp.route("/<int:message_id>")
def show(message_id):
    return render_template("mailbox/show.html", message=_message_or_404(message_id))


@bp.route("/<int:message_id>/html")
def html(message_id):
    response = make_response(_message_or_404(message_id).html_body)
    # Shown inside a sandboxed frame: no scripts, no forms, no navigation of the portal.
    response.headers["Content-Security-Policy"] = (
        "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    )
    response.headers["X-Frame-Options"] = "SAMEORIGIN"
    return response
