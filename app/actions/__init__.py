"""Actions ("did it work?"): staff record program changes and compare the feedback
of their scope before and after."""

from flask import Blueprint

from app.core.permissions import staff_guard

bp = Blueprint("actions", __name__, url_prefix="/actions", template_folder="templates")
bp.before_request(staff_guard)

from app.actions import routes  # noqa: E402,F401
