"""The audit log: admins read and export who changed what (nobody edits it)."""

from flask import Blueprint

from app.core.permissions import admin_guard

bp = Blueprint("audit", __name__, url_prefix="/audit", template_folder="templates")
bp.before_request(admin_guard)

from app.audit import routes  # noqa: E402,F401
